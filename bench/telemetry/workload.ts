// The fleet workload of Ronghe issue 3: `assets` assets × 10 float channels, one sample per asset
// every 60 s for `hours` hours, in time order per asset. Values are seeded random walks around
// plausible chiller operating points, rounded to each sensor's resolution (0.01 for
// temperatures, pressures and COP; 0.1 for power, flow and speed). Deterministic per seed.

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
  /** Line-protocol bodies per connection, each `batchRows` rows, in time order per asset. */
  bodies: string[][];
  points: number;
}

const round = (v: number, r: number) => {
  const d = r === 0.1 ? 10 : 100;
  return Math.round(v * d) / d;
};

/** Assets are split evenly over connections; each body holds batchRows rows. */
export function buildWorkload(opts: {
  assets: number;
  hours: number;
  connections: number;
  batchRows: number;
  end: number;
  seed?: number;
}): Workload {
  const intervalMs = 60_000;
  const samples = (opts.hours * 3_600_000) / intervalMs;
  const start = opts.end - samples * intervalMs;
  const rand = createRng(opts.seed ?? 42);
  const state = Array.from({ length: opts.assets }, () =>
    channels.map((c) => c.base + (rand() - 0.5) * c.spread),
  );
  const bodies: string[][] = Array.from({ length: opts.connections }, () => []);
  const per = Math.ceil(opts.assets / opts.connections);
  for (let c = 0; c < opts.connections; c++) {
    const first = c * per;
    const last = Math.min(opts.assets, first + per);
    let rows: string[] = [];
    for (let s = 0; s < samples; s++) {
      const t = start + s * intervalMs;
      for (let a = first; a < last; a++) {
        const st = state[a]!;
        let line = `chiller,asset=A${String(a + 1).padStart(4, '0')} `;
        for (let k = 0; k < channels.length; k++) {
          const ch = channels[k]!;
          // Mean-reverting random walk keeps values within the channel's operating band.
          st[k] = st[k]! + (rand() - 0.5) * 2 * ch.step + (ch.base - st[k]!) * 0.01;
          line += `${k ? ',' : ''}${ch.key}=${round(st[k]!, ch.resolution)}`;
        }
        rows.push(`${line} ${t}`);
        if (rows.length === opts.batchRows) {
          bodies[c]!.push(rows.join('\n'));
          rows = [];
        }
      }
    }
    if (rows.length) bodies[c]!.push(rows.join('\n'));
  }
  return {
    assets: opts.assets,
    samples,
    start,
    intervalMs,
    bodies,
    points: opts.assets * samples * 10,
  };
}
