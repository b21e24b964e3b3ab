// Worker-thread entry: runs one independent search (its own seed) and streams improvements to
// the parent. Started by parallel.ts with tsx loaded, since sources are TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import type { Instance } from './model.ts';
import { solve, type SolveOptions } from './solve.ts';

const data = workerData as { instance: Instance; options: Omit<SolveOptions, 'onImprove' | 'now'> };
const port = parentPort!;
const result = solve(data.instance, {
  ...data.options,
  onImprove: (makespan, secondary, elapsedMs) =>
    port.postMessage({ kind: 'improve', makespan, secondary, elapsedMs }),
});
port.postMessage({ kind: 'done', result });
