import { describe, expect, it } from 'vitest';
import {
  assetModels,
  demoFleet,
  demoScenario,
  generate,
  type Fleet,
  type Sample,
} from './index.ts';

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 5);
const assets = demoFleet(7);
const fleet: Fleet = { seed: 7, intervalMs: 60_000, assets, faults: demoScenario(assets, start) };

const collect = (f: Fleet, from: number, to: number): Sample[] => [...generate(f, from, to)];

describe('determinism', () => {
  it('gives the same numbers for the same seed, and different ones for another seed', () => {
    const a = collect(fleet, start, start + 6 * 3_600_000);
    const b = collect({ ...fleet, assets: demoFleet(7) }, start, start + 6 * 3_600_000);
    expect(b).toEqual(a);
    const other = collect({ ...fleet, seed: 8 }, start, start + 6 * 3_600_000);
    expect(other.length).toBe(a.length);
    const differing = other.filter((s, i) => JSON.stringify(s) !== JSON.stringify(a[i]));
    expect(differing.length).toBeGreaterThan(a.length * 0.9);
  });

  it('gives identical samples however the range is split, including off-grid split points', () => {
    const from = start + 9 * DAY + 12_345;
    const to = from + 2 * DAY;
    const whole = collect(fleet, from, to);
    const cuts = [
      from,
      from + 1,
      from + 59_999,
      from + 7 * 3_600_000 + 17,
      from + DAY,
      to - 60_000,
      to,
    ];
    const parts = cuts.slice(1).flatMap((c, i) => collect(fleet, cuts[i]!, c));
    expect(parts).toEqual(whole);
    // Out-of-order generation does not change values either (no hidden state between calls).
    const late = collect(fleet, from + DAY, to);
    const early = collect(fleet, from, from + DAY);
    expect([...early, ...late]).toEqual(whole);
  });

  it('places samples on the interval grid in [from, to), ordered by time then fleet order', () => {
    const from = start + 30_000;
    const samples = collect(fleet, from, from + 10 * 60_000);
    expect(samples[0]!.ts).toBe(start + 60_000);
    const order = assets.map((a) => a.serial);
    const misplaced = samples.filter((s, i) => {
      const p = samples[i - 1];
      const ordered = !p || s.ts > p.ts || order.indexOf(s.assetKey) > order.indexOf(p.assetKey);
      return s.ts % 60_000 !== 0 || !ordered;
    });
    expect(misplaced).toEqual([]);
    expect(samples.at(-1)!.ts).toBe(start + 10 * 60_000);
    expect(samples.length).toBe(10 * assets.length);
  });

  it('gives an asset the same data whatever the fleet size, and the same values on a coarser grid', () => {
    const from = start + 3 * DAY;
    const small = demoFleet(7, { chiller: 1, locomotive: 2 });
    const alone = collect({ ...fleet, assets: small, faults: [] }, from, from + 6 * 3_600_000);
    const inFull = collect({ ...fleet, faults: [] }, from, from + 6 * 3_600_000);
    const keys = new Set(small.map((a) => a.serial));
    expect(alone).toEqual(inFull.filter((s) => keys.has(s.assetKey)));
    // Noise is keyed by time, not by sample index: a 5-minute grid reads the 1-minute values.
    const coarse = collect(
      { ...fleet, assets: small, faults: [], intervalMs: 300_000 },
      from,
      from + 6 * 3_600_000,
    );
    expect(coarse).toEqual(alone.filter((s) => s.ts % 300_000 === 0));
  });

  it('keeps the demo fleet stable for a seed and spreads it over the five Jiangsu cities', () => {
    expect(demoFleet(7)).toEqual(assets);
    expect(new Set(assets.map((a) => a.city)).size).toBe(5);
    for (const a of assets) {
      expect(a.lat).toBeGreaterThan(30.7);
      expect(a.lat).toBeLessThan(35.2);
      expect(a.lon).toBeGreaterThan(116.3);
      expect(a.lon).toBeLessThan(121.9);
      expect(a.modelName).toBe(assetModels[a.kind].name);
    }
  });
});

describe('ranges (no faults)', () => {
  // Model ranges are for the model's own 60 s interval (pieces are counted per interval).
  const healthy: Fleet = { ...fleet, faults: [] };
  // A winter and a summer spell of four days.
  const windows = [Date.UTC(2026, 0, 10), Date.UTC(2026, 6, 15)];

  it('keeps every channel within its model’s typical range', () => {
    const out: string[] = [];
    for (const w of windows) {
      for (const s of generate(healthy, w, w + 4 * DAY)) {
        const kind = assets.find((a) => a.serial === s.assetKey)!.kind;
        for (const c of assetModels[kind].channels) {
          const v = s.values[c.key];
          if (v === undefined) continue;
          if (v < c.min || v > c.max)
            out.push(`${s.assetKey} ${c.key}=${v} at ${new Date(s.ts).toISOString()}`);
        }
      }
    }
    expect(out.slice(0, 20)).toEqual([]);
  });

  it('reports every channel of the model, except cycle time while a line is not running', () => {
    const samples = collect(healthy, windows[0]!, windows[0]! + 2 * DAY);
    const wrong = samples.filter((s) => {
      const kind = assets.find((a) => a.serial === s.assetKey)!.kind;
      const keys = assetModels[kind].channels.map((c) => c.key);
      const expected =
        kind === 'garment-line' && s.values.state !== 1
          ? keys.filter((k) => k !== 'cycle_time')
          : keys;
      return Object.keys(s.values).sort().join() !== [...expected].sort().join();
    });
    expect(wrong).toEqual([]);
  });
});
