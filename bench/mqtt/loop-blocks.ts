// `node --import tsx bench/mqtt/loop-blocks.ts <main-*.cpuprofile> <blocks-*.txt> [fromS] [toS]`: the main
// thread's CPU blocks over 20 ms (loop-blocks-preload.mjs), each attributed to the part of the
// platform that holds most of the profile's samples within it, as a histogram (issue 21).
import { readFileSync } from 'node:fs';
const [pf, bf, fromS, toS] = process.argv.slice(2);
interface Frame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
const p = JSON.parse(readFileSync(pf!, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const cats: [string, RegExp][] = [
  ['gc', /\(garbage collector\)/],
  ['compaction-handoff', /compaction-client|postMessage|share@/i],
  ['tail', /tail-store|tail\.ts/],
  ['last-seen', /last-seen/],
  ['asset-cache-refresh', /asset-cache\.ts:refresh|resolveMany/],
  ['heads-append', /head\.ts/],
  ['rules', /monitoring\/|rules\//],
  ['metrics', /prom-client|metrics/],
  ['sqlite', /sqlite|storage\//i],
  ['ingest', /ingest|telemetry\/|batcher|topics\.ts/],
  ['mqtt-io', /aedes|mqtt-packet|broker\.ts|packet-size|net\.js|stream|writev|bl\//],
];
const memo = new Map<number, string>();
function cat(id: number): string {
  const known = memo.get(id);
  if (known !== undefined) return known;
  const parts: string[] = [];
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const f = byId.get(x)!.callFrame;
    parts.push(`${f.functionName}@${f.url.split('/').slice(-2).join('/')}:${f.functionName}`);
  }
  const s = parts.join(' ');
  let c = 'other';
  for (const [k, re] of cats)
    if (re.test(s)) {
      c = k;
      break;
    }
  if (c === 'other') c = 'other:' + parts[0];
  memo.set(id, c);
  return c;
}
const times: number[] = [];
let t = p.startTime;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i]!;
  times.push((t - p.startTime) / 1000);
}
const blocks = readFileSync(bf!, 'utf8')
  .trim()
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split(' ').map(Number) as [number, number, number]);
const from = (Number(fromS) || 0) * 1000,
  to = (Number(toS) || Infinity) * 1000;
const hist = new Map<string, { n: number; ms: number; max: number }>();
/** Samples of each part within all blocks: a part that never holds most of a block still shows. */
const within = new Map<string, number>();
let withinAll = 0;
const sizes = [0, 0, 0, 0, 0];
let n = 0;
let total = 0;
let lo = 0;
for (const [a, b, ms] of blocks) {
  if (a < from || b > to) continue;
  n++;
  total += ms;
  sizes[ms < 50 ? 0 : ms < 100 ? 1 : ms < 200 ? 2 : ms < 500 ? 3 : 4]! += 1;
  const c = new Map<string, number>();
  while (lo < times.length && times[lo]! < a) lo++;
  for (let i = lo; i < times.length && times[i]! <= b; i++) {
    const id = p.samples[i]!;
    const n0 = byId.get(id)!;
    if (n0.callFrame.functionName === '(idle)') continue;
    const k = cat(id);
    c.set(k, (c.get(k) ?? 0) + 1);
    const part = k.startsWith('other:') ? 'other' : k;
    within.set(part, (within.get(part) ?? 0) + 1);
    withinAll++;
  }
  const main = [...c].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'none';
  const h = hist.get(main) ?? { n: 0, ms: 0, max: 0 };
  h.n++;
  h.ms += ms;
  h.max = Math.max(h.max, ms);
  hist.set(main, h);
}
console.log(
  `main-thread CPU blocks > 20 ms in [${from / 1000}, ${to / 1000}] s: ${n}, ${total.toFixed(0)} ms CPU; 20-50: ${sizes[0]}, 50-100: ${sizes[1]}, 100-200: ${sizes[2]}, 200-500: ${sizes[3]}, >500: ${sizes[4]}`,
);
for (const [k, h] of [...hist].sort((a, b) => b[1].ms - a[1].ms))
  console.log(
    `  ${k.padEnd(34)} n=${String(h.n).padStart(4)} cpu=${h.ms.toFixed(0).padStart(6)} ms max=${h.max.toFixed(0)} ms`,
  );
console.log(
  `  samples within the blocks, by part: ${[...within]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${((100 * v) / Math.max(1, withinAll)).toFixed(1)} %`)
    .join(', ')}`,
);
