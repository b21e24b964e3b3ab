// Bytes a point of the chunk and rollup codings on the telemetry bench's series (issue 21):
// `npx tsx bench/telemetry/codec-bytes.ts [assets] [hours]` (default 100 assets × 24 h, one
// series-day per chunk and per rollup row). Per channel: the stored chunk coding, the order-0
// entropy of the scaled steps (no memoryless coder of steps goes below it, before its table),
// and deflate / brotli over the steps as zigzag varints (node:zlib, the VictoriaMetrics idea of
// decimal + delta + a general compressor; zstd is not in Node 20's zlib). Then rollup rows of
// version 1 against the current coding.
import { brotliCompressSync, constants, deflateRawSync } from 'node:zlib';
import { ByteWriter } from '../../src/telemetry/codec/bytes.ts';
import { encodeChunk, encodeRollup, encodeRollupV1 } from '../../src/telemetry/codec/chunk.ts';
import { decimalPlaces } from '../../src/telemetry/codec/values.ts';
import { exactSums, HOUR, rollupPoints, toColumns } from '../../src/telemetry/engine/rollup.ts';
import { buildWorkload, channels } from './workload.ts';

const assets = Number(process.argv[2] ?? 100);
const hours = Number(process.argv[3] ?? 24);
const w = buildWorkload({
  assets,
  hours,
  connections: 1,
  batchRows: 5000,
  end: Date.UTC(2026, 0, 2),
});
const ts: number[] = [];
const series = channels.map(() => Array.from({ length: assets }, () => [] as number[]));
for (const body of w.bodies(0)) {
  for (const line of body.split('\n')) {
    const [head, fields, t] = line.split(' ') as [string, string, string];
    const a = Number(head.slice(head.indexOf('=A') + 2)) - 1;
    if (a === 0) ts.push(Number(t));
    fields.split(',').forEach((f, k) => series[k]![a]!.push(Number(f.slice(f.indexOf('=') + 1))));
  }
}

function entropyBytes(ints: number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < ints.length; i++) {
    const d = ints[i]! - ints[i - 1]!;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let bits = 0;
  for (const c of counts.values()) bits -= c * Math.log2(c / (ints.length - 1));
  return bits / 8;
}

const fmt = (bytes: number, points: number) => (bytes / points).toFixed(3);
let all = [0, 0, 0, 0, 0];
let v1 = 0;
let now = 0;
console.log('channel  stored  entropy  deflate  brotli   (bytes a point)');
channels.forEach((ch, k) => {
  const sum = [0, 0, 0, 0];
  for (const values of series[k]!) {
    const ints = values.map((v) => Math.round(v / ch.resolution));
    const steps = new ByteWriter(16);
    for (let i = 1; i < ints.length; i++) steps.svarint(ints[i]! - ints[i - 1]!);
    const raw = steps.finish();
    sum[0]! += encodeChunk(ts, values).length;
    sum[1]! += entropyBytes(ints);
    sum[2]! += deflateRawSync(raw, { level: 9 }).length;
    sum[3]! += brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 16 },
    }).length;
    const p = { ts: Float64Array.from(ts), values: Float64Array.from(values) };
    const buckets = rollupPoints(p, HOUR);
    exactSums(buckets, decimalPlaces(p.values));
    v1 += encodeRollupV1(toColumns(buckets)).length;
    now += encodeRollup(toColumns(buckets)).length;
  }
  const n = assets * ts.length;
  console.log(ch.key.padEnd(8), ...sum.map((b) => fmt(b, n).padStart(7)));
  all = all.map((a, i) => a + (sum[i] ?? n));
});
const points = all[4]!;
console.log('all     ', ...all.slice(0, 4).map((b) => fmt(b, points).padStart(7)));
console.log(`rollups: version 1 ${fmt(v1, points)}, now ${fmt(now, points)} bytes a point`);
