// The fleet workload of Ronghe issue 3: `assets` assets × 10 float channels, one sample per asset
// every 60 s for `hours` hours, in time order per asset. Values are seeded random walks around
// plausible chiller operating points, rounded to each sensor's resolution (0.01 for
// temperatures, pressures and COP; 0.1 for power, flow and speed). Deterministic per seed.
//
// Bodies are generated on the fly, one at a time per connection (issue 21's scale runs: 100,000
// assets × 10 channels × 2 h is 120 M points, about 1.4 GB of line protocol, which does not fit
// in the client beside the server). Each connection has its own random stream (seed + index),
// so the connections can be generated concurrently and a body is the same whether it is
// streamed or held in memory.

import { createRng } from '../../src/kernel/index.ts';

export interface ChannelSpec {
  key: string;
  base: number;
  spread: number;
  step: number;
  resolution: number;
}

// Chiller channels: supply/return water °C, condenser in/out °C, evaporator and condenser
// pressure bar, compressor kW, chilled-water flow m³/h, COP, compressor speed rpm.
export const channels: ChannelSpec[] = [
  { key: 'c0', base: 7, spread: 1.5, step: 0.05, resolution: 0.01 },
  { key: 'c1', base: 12, spread: 2, step: 0.05, resolution: 0.01 },
  { key: 'c2', base: 30, spread: 3, step: 0.08, resolution: 0.01 },
  { key: 'c3', base: 35, spread: 3, step: 0.08, resolution: 0.01 },
  { key: 'c4', base: 3.6, spread: 0.4, step: 0.01, resolution: 0.01 },
  { key: 'c5', base: 9.5, spread: 1, step: 0.02, resolution: 0.01 },
  { key: 'c6', base: 420, spread: 80, step: 2, resolution: 0.1 },
  { key: 'c7', base: 260, spread: 30, step: 1, resolution: 0.1 },
  { key: 'c8', base: 5.2, spread: 0.8, step: 0.02, resolution: 0.01 },
  { key: 'c9', base: 2950, spread: 150, step: 5, resolution: 0.1 },
];

export interface Workload {
  assets: number;
  samples: number;
  start: number;
  intervalMs: number;
  connections: number;
  points: number;
  /** Generate bodies while sending instead of holding them in memory (http.ts). */
  stream?: boolean;
  /**
   * Line-protocol bodies of one connection, each `batchRows` rows, in time order per asset.
   * Every call starts the connection's stream afresh (same bodies each time), so every target
   * is sent the same data.
   */
  bodies(connection: number): Iterable<string>;
}

const round = (v: number, r: number) => {
  const d = r === 0.1 ? 10 : 100;
  return Math.round(v * d) / d;
};

/** The serial (and line-protocol `asset` tag) of asset index `a`: A0001, …, A100000. */
export const serialOf = (a: number) => `A${String(a + 1).padStart(4, '0')}`;

interface Stream {
  first: number;
  last: number;
  samples: number;
  start: number;
  intervalMs: number;
  batchRows: number;
  seed: number;
}

/** One connection's assets [first, last): a sample of each, then the next minute. */
function* connectionBodies(o: Stream): Generator<string> {
  const rand = createRng(o.seed);
  const state = Array.from({ length: o.last - o.first }, () =>
    channels.map((c) => c.base + (rand() - 0.5) * c.spread),
  );
  const tags = Array.from(
    { length: o.last - o.first },
    (_, i) => `chiller,asset=${serialOf(o.first + i)} `,
  );
  let rows: string[] = [];
  for (let s = 0; s < o.samples; s++) {
    const t = o.start + s * o.intervalMs;
    for (let i = 0; i < state.length; i++) {
      const st = state[i]!;
      let line = tags[i]!;
      for (let k = 0; k < channels.length; k++) {
        const ch = channels[k]!;
        // Mean-reverting random walk keeps values within the channel's operating band.
        st[k] = st[k]! + (rand() - 0.5) * 2 * ch.step + (ch.base - st[k]!) * 0.01;
        line += `${k ? ',' : ''}${ch.key}=${round(st[k]!, ch.resolution)}`;
      }
      rows.push(`${line} ${t}`);
      if (rows.length === o.batchRows) {
        yield rows.join('\n');
        rows = [];
      }
    }
  }
  if (rows.length) yield rows.join('\n');
}

/** Assets are split evenly over connections; each body holds batchRows rows. */
export function buildWorkload(opts: {
  assets: number;
  hours: number;
  connections: number;
  batchRows: number;
  end: number;
  seed?: number;
  stream?: boolean;
}): Workload {
  const intervalMs = 60_000;
  const samples = (opts.hours * 3_600_000) / intervalMs;
  const start = opts.end - samples * intervalMs;
  const per = Math.ceil(opts.assets / opts.connections);
  const seed = opts.seed ?? 42;
  return {
    assets: opts.assets,
    samples,
    start,
    intervalMs,
    connections: opts.connections,
    points: opts.assets * samples * channels.length,
    ...(opts.stream !== undefined ? { stream: opts.stream } : {}),
    bodies: (c) => {
      const first = Math.min(opts.assets, c * per);
      const last = Math.min(opts.assets, first + per);
      const stream = { first, last, samples, start, intervalMs, batchRows: opts.batchRows };
      return { [Symbol.iterator]: () => connectionBodies({ ...stream, seed: seed + c }) };
    },
  };
}
