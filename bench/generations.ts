// `npm run bench -- generations [--devices 10000] [--channels 11] [--seconds 30] [--batch 200]
//   [--generations 4]`: the engine's in-memory work for MQTT devices at one message a second
// (issue 21), without the network: each device's row (one time, `channels` values) goes into
// the heads in acknowledged batches of `batch` rows, and the recent tail is shown every batch
// as Engine.appendToHeads does (TAIL_SLICE); after `seconds` the generation is finished and the
// next one starts. Reports per generation the longest batch and the whole generation in CPU
// milliseconds of this process (process.cpuUsage, less load-sensitive than wall time; GC
// threads included), the hand-off of the finished generation to the compaction thread
// (Heads.shareSteps: all of it, and its longest step), and the resident set and array-buffer bytes after a full GC.
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TAIL_SLICE } from '../src/telemetry/engine/engine.ts';
import { Heads, type RowBatch } from '../src/telemetry/engine/head.ts';
import { Tail } from '../src/telemetry/engine/tail.ts';

export async function run(argv: string[]) {
  const { values: o } = parseArgs({
    args: argv,
    options: {
      devices: { type: 'string', default: '10000' },
      channels: { type: 'string', default: '11' },
      seconds: { type: 'string', default: '30' },
      batch: { type: 'string', default: '200' },
      generations: { type: 'string', default: '4' },
    },
  });
  const [devices, k, seconds, perBatch, generations] = [
    o.devices,
    o.channels,
    o.seconds,
    o.batch,
    o.generations,
  ].map(Number) as [number, number, number, number, number];
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const shapes = Array.from({ length: devices }, (_, d) =>
    Uint32Array.from({ length: k }, (_, c) => 1 + d * k + c),
  );
  const tail = new Tail();
  let heads = new Heads();
  const t0 = Date.now() - generations * seconds * 1000;
  const cpuMs = (from: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(from);
    return (c.user + c.system) / 1000;
  };
  const out = [];
  for (let g = 0; g < generations; g++) {
    let longest = 0;
    let total = 0;
    for (let s = g * seconds; s < (g + 1) * seconds; s++) {
      for (let d = 0; d < devices; d += perBatch) {
        const n = Math.min(perBatch, devices - d);
        const rows: RowBatch = {
          ids: shapes.slice(d, d + n),
          ts: Float64Array.from(
            { length: n },
            (_, i) => t0 + s * 1000 + ((d + i) * 1000) / devices,
          ),
          start: Uint32Array.from({ length: n + 1 }, (_, i) => i * k),
        };
        const values = Float64Array.from({ length: n * k }, (_, i) => Math.sin(s + i));
        const c = process.cpuUsage();
        heads.appendRows(rows, values);
        tail.follow(heads, TAIL_SLICE);
        const ms = cpuMs(c);
        longest = Math.max(longest, ms);
        total += ms;
      }
    }
    // The hand-off of the finished generation to the compaction thread (compaction-client.ts).
    // It runs in steps (Heads.shareSteps), the event loop turning between slices of them.
    const h = process.cpuUsage();
    const steps = heads.shareSteps();
    let longestStep = 0;
    for (let done = false; !done;) {
      const c = process.cpuUsage();
      done = steps.next().done === true;
      longestStep = Math.max(longestStep, cpuMs(c));
    }
    const handOffCpuMs = cpuMs(h);
    gc();
    const m = process.memoryUsage();
    out.push({
      generation: g,
      longestBatchCpuMs: Math.round(longest * 10) / 10,
      generationCpuMs: Math.round(total), // the batches' calls only
      handOffCpuMs: Math.round(handOffCpuMs * 10) / 10,
      handOffLongestStepCpuMs: Math.round(longestStep * 100) / 100,
      rssMiB: Math.round(m.rss / 2 ** 20),
      arrayBuffersMiB: Math.round(m.arrayBuffers / 2 ** 20),
      tailPoints: tail.points,
    });
    process.stderr.write(`generations: ${JSON.stringify(out.at(-1))}\n`);
    heads = new Heads(heads); // the engine moves on; the tail takes this one in slices
  }
  return {
    devices,
    seriesPerDevice: k,
    pointsPerGeneration: devices * k * seconds,
    batchRows: perBatch,
    generations: out,
  };
}
