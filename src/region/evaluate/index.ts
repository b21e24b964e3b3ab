// The integration-index core (issue #22): pure functions from an indicator system and a panel to
// weights, subsystem scores and the coupling coordination degree D, with rankings and trends.
// No I/O: the CLI, the routes and the bench read data and pass it in.
export type * from './types.ts';
export { ahp, ahpWeights, RANDOM_INDEX } from './ahp.ts';
export type { AhpResult } from './ahp.ts';
export { COORDINATION_CLASSES, coordinationClass, couple, lagging } from './coupling.ts';
export type { CoordinationClass, Coupling } from './coupling.ts';
export { entropy, entropyWeights } from './entropy.ts';
export { evaluate } from './evaluate.ts';
export type { EvaluatedRow, Evaluation } from './evaluate.ts';
export { normalise } from './normalise.ts';
export { parsePanelCsv } from './panel-csv.ts';
export { indicatorKeys, parseSystem } from './system.ts';
export { rankAndChange, slope, trends } from './trends.ts';
export type { Ranked, Scored, Trend } from './trends.ts';
