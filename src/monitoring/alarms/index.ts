// monitoring/alarms: the alarm lifecycle (ISA-18.2 states, one open alarm per (asset, rule)
// with a repeat count, acknowledgement, assignment, comments, escalation, shelving and
// maintenance suppression, propagation targets) as a pure reducer.
export * from './types.ts';
export { reduceAlarmBatch, reduceAlarms, targetsOf, type BatchResult } from './reducer.ts';
export type { Reduced } from './reducer.ts';
export { suppressionFor } from './suppression.ts';
