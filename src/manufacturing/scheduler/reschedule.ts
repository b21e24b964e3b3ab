// Rescheduling after a disruption (Vieira, Herrmann & Lin 2003 call this predictive-reactive
// scheduling): operations that started before the disruption time keep machine and start; the
// rest is solved again, starting no earlier than the disruption, for minimum makespan and then
// minimum deviation (sum of |new start − old start|) from the schedule being repaired.
import type { Instance, Job, Schedule } from './model.ts';
import { solve, type SolveOptions, type SolveResult } from './solve.ts';

export type Disruption =
  /** Machine `machine` is down from `at` until `repairedAt` (Infinity: for good). */
  | { kind: 'breakdown'; machine: number; at: number; repairedAt: number }
  /** A new job arrives at `at` and must be fitted in. */
  | { kind: 'rush-order'; at: number; job: Job };

/** The instance to solve after the disruption: pinned operations, the rest free from `at`. */
export function disruptedInstance(instance: Instance, previous: Schedule, d: Disruption): Instance {
  const started = previous.operations.filter((o) => o.start < d.at);
  const rest = previous.operations.filter((o) => o.start >= d.at);
  const downtimes = [...(instance.downtimes ?? [])];
  const jobs = [...instance.jobs];
  switch (d.kind) {
    case 'breakdown':
      downtimes.push({ machine: d.machine, start: d.at, end: d.repairedAt });
      break;
    case 'rush-order':
      jobs.push({ ...d.job, release: Math.max(d.job.release ?? 0, d.at) });
      break;
  }
  return {
    ...instance,
    jobs,
    downtimes,
    frozen: {
      from: d.at,
      operations: started.map(({ job, op, machine, start }) => ({ job, op, machine, start })),
      previous: rest.map(({ job, op, machine, start }) => ({ job, op, machine, start })),
    },
  };
}

export function reschedule(
  instance: Instance,
  previous: Schedule,
  disruption: Disruption,
  options: SolveOptions = {},
): SolveResult & { instance: Instance } {
  const next = disruptedInstance(instance, previous, disruption);
  return { ...solve(next, options), instance: next };
}
