// Public surface of the flexible job-shop scheduler core (pure: no file, network or database
// access; the CLI and the benchmark read instance files and call these functions).
export type {
  Downtime,
  FixedOperation,
  Instance,
  Job,
  Operation,
  OperationOption,
  Schedule,
  ScheduledOperation,
  SetupTimes,
} from './model.ts';
export {
  describeMachine,
  describeOperation,
  operationCount,
  totalTardiness,
  weightedTardiness,
} from './model.ts';
export type { Objective } from './problem.ts';
export { parseFjs } from './parse.ts';
export { validateSchedule } from './validate.ts';
export { solve, type SolveOptions, type SolveResult } from './solve.ts';
export { checkCalendar, segmentsOf } from './calendar.ts';
export { solveParallel, type ParallelOptions } from './parallel.ts';
export { disruptedInstance, reschedule, type Disruption } from './reschedule.ts';
export { generateInstance, type GenerateOptions } from './generate.ts';
