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
// schedstat: ns on a CPU, ns waiting on a run queue, time slices. The rest of a gap's wall time
// the thread slept (a lock, a system call, a GC helper it waited for).
const sched = () => readFileSync(stat, 'latin1').split(' ').map(Number) as [number, number];
const blocks: string[] = [];
let lastWall = performance.now();
let [lastCpu, lastWait] = sched();
const tick = () => {
  const wall = performance.now();
  const [cpu, wait] = sched();
  const ms = (cpu - lastCpu) / 1e6;
  const waitMs = (wait - lastWait) / 1e6;
  // start end cpu [run-queue wait, sleep] in ms; loop-blocks.ts reads the first three.
  if (ms > 20)
    blocks.push(
      `${(lastWall - t0).toFixed(1)} ${(wall - t0).toFixed(1)} ${ms.toFixed(1)} ${waitMs.toFixed(1)} ${(wall - lastWall - ms - waitMs).toFixed(1)}`,
    );
  lastWall = wall;
  lastCpu = cpu;
  lastWait = wait;
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
