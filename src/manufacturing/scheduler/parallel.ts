// Runs independent searches with different seeds on worker threads and keeps the best (a
// portfolio; the searches do not share solutions). Not part of the pure core's algorithm: it is
// the one module that touches threads.
import { Worker } from 'node:worker_threads';
import { tsWorkerSource } from '../../kernel/index.ts';
import type { Instance } from './model.ts';
import { solve, type SolveOptions, type SolveResult } from './solve.ts';

export interface ParallelOptions extends SolveOptions {
  /** Number of searches; 1 runs in the calling thread (deterministic for a seed). */
  workers?: number;
}

type WorkerMessage =
  | { kind: 'improve'; makespan: number; secondary: number; elapsedMs: number }
  | { kind: 'done'; result: SolveResult };

const better = (a: SolveResult, b: SolveResult, tardinessFirst: boolean): boolean =>
  tardinessFirst
    ? a.secondary < b.secondary || (a.secondary === b.secondary && a.makespan < b.makespan)
    : a.makespan < b.makespan || (a.makespan === b.makespan && a.secondary < b.secondary);

export async function solveParallel(
  instance: Instance,
  options: ParallelOptions = {},
): Promise<SolveResult> {
  const { workers = 1, onImprove, now: _now, ...plain } = options;
  if (workers <= 1) return solve(instance, options);
  const seed = options.seed ?? 1;
  const target = options.target ?? -Infinity;
  let bestSeen = Infinity;
  const code = tsWorkerSource(new URL('./worker.ts', import.meta.url));
  return new Promise<SolveResult>((resolve, reject) => {
    const results: SolveResult[] = [];
    const threads: Worker[] = [];
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      for (const w of threads) void w.terminate();
      if (error) reject(error);
      else {
        const byTardiness = options.objective === 'tardiness';
        resolve(results.reduce((a, b) => (better(b, a, byTardiness) ? b : a)));
      }
    };
    for (let i = 0; i < workers; i++) {
      const w = new Worker(code, {
        eval: true,
        workerData: { instance, options: { ...plain, seed: seed + 7919 * i } },
      });
      threads.push(w);
      w.on('message', (msg: WorkerMessage) => {
        if (msg.kind === 'done') {
          results.push(msg.result);
          // One search reaching the target (a lower bound) ends the others: nothing is better.
          const optimal =
            msg.result.makespan <= target &&
            msg.result.secondary === 0 &&
            options.objective !== 'tardiness';
          if (optimal || results.length === workers) finish();
        } else if (msg.makespan < bestSeen) {
          bestSeen = msg.makespan;
          onImprove?.(msg.makespan, msg.secondary, msg.elapsedMs);
        }
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (exitCode) => {
        if (exitCode !== 0) finish(new Error(`scheduler worker exited with code ${exitCode}`));
      });
    }
  });
}
