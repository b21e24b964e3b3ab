// Seeded random flexible job shops for tests and benchmarks, in the style of Brandimarte's (1993)
// generator: uniform operation counts, eligible-machine counts and processing times.
import type { Instance, Job } from './model.ts';
import { Rng } from './rng.ts';

export interface GenerateOptions {
  jobs: number;
  machines: number;
  /** Operations per job, inclusive range. */
  ops: [number, number];
  /** Eligible machines per operation, inclusive range. */
  flexibility: [number, number];
  /** Processing times, inclusive range. */
  times: [number, number];
  seed: number;
}

export function generateInstance(o: GenerateOptions): Instance {
  const rng = new Rng(o.seed);
  const between = ([a, b]: [number, number]): number => a + rng.int(b - a + 1);
  const jobs: Job[] = [];
  for (let j = 0; j < o.jobs; j++) {
    const operations = [];
    const count = between(o.ops);
    for (let k = 0; k < count; k++) {
      const machines = Array.from({ length: o.machines }, (_, i) => i);
      for (let i = machines.length - 1; i > 0; i--) {
        const r = rng.int(i + 1);
        [machines[i], machines[r]] = [machines[r]!, machines[i]!];
      }
      const eligible = machines.slice(0, Math.min(o.machines, between(o.flexibility)));
      operations.push({
        options: eligible.map((machine) => ({ machine, duration: between(o.times) })),
      });
    }
    jobs.push({ operations });
  }
  return { machineCount: o.machines, jobs };
}
