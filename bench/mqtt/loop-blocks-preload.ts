// `RONGHE_BENCH_NODE_ARGS="--import=tsx --import=$PWD/bench/mqtt/loop-blocks-preload.ts"
//   PROF_DIR=/tmp/p npm run bench -- mqtt-devices …`, then `node --import tsx
//   bench/mqtt/loop-blocks.ts /tmp/p/main-*.cpuprofile /tmp/p/blocks-*.txt [fromS] [toS]` (issue 21): what held the server's event loop.
// Preloaded into `ronghe start`: a CPU profile of the main thread, written when the process gets
// SIGTERM (before its own handler: a shutdown that overruns is killed, and --cpu-prof would
// then write nothing), and the main thread's own CPU time between two 10 ms timer turns, read
// from /proc/self/task/<pid>/schedstat (ns). On a loaded host the loop's wall-clock gaps are
// mostly waiting for a core; this CPU time is what a quiet machine would see as the block.
import { Session } from 'node:inspector';
import { writeFileSync, readFileSync } from 'node:fs';
const dir = process.env.PROF_DIR ?? '/tmp';
const s = new Session();
s.connect();
s.post('Profiler.enable');
s.post('Profiler.setSamplingInterval', { interval: 1000 });
s.post('Profiler.start');
const t0 = performance.now();
const stat = `/proc/self/task/${process.pid}/schedstat`;
const cpuNs = () => Number(readFileSync(stat, 'latin1').split(' ')[0]);
const blocks: string[] = [];
let lastWall = performance.now();
let lastCpu = cpuNs();
const tick = () => {
  const wall = performance.now();
  const cpu = cpuNs();
  const ms = (cpu - lastCpu) / 1e6;
  if (ms > 20)
    blocks.push(`${(lastWall - t0).toFixed(1)} ${(wall - t0).toFixed(1)} ${ms.toFixed(1)}`);
  lastWall = wall;
  lastCpu = cpu;
  setTimeout(tick, 10).unref();
};
setTimeout(tick, 10).unref();
process.prependOnceListener('SIGTERM', () => {
  s.post('Profiler.stop', (_err, result) => {
    const { profile } = result;
    writeFileSync(`${dir}/main-${process.pid}.cpuprofile`, JSON.stringify(profile));
    writeFileSync(`${dir}/blocks-${process.pid}.txt`, blocks.join('\n'));
  });
});
