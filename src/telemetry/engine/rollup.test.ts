import { describe, expect, it } from 'vitest';
import { decodeRollup } from '../codec/chunk.ts';
import { decimalPlaces } from '../codec/values.ts';
import { HOUR, addSums, exactSums, rollupPoints } from './rollup.ts';
import { appendWindow, rollupsFromRaw } from './window-work.ts';

// A seeded random walk at 0.01 resolution, one point a minute: the shape of a temperature feed.
function walk(n: number, seed = 7, start = 0) {
  let a = seed;
  const rand = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  let m = 700; // hundredths
  for (let i = 0; i < n; i++) {
    m += Math.round((rand() - 0.5) * 10);
    ts[i] = start + i * 60_000;
    values[i] = m / 100;
  }
  return { ts, values };
}

/** The exact decimal sum of 0.01-resolution values: integers added, then divided once. */
const exact = (vs: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < vs.length; i++) m += Math.round(vs[i]! * 100);
  return m / 100;
};

describe('exact decimal rollup sums', () => {
  it('finds the decimal places every value has, or -1', () => {
    expect(decimalPlaces([0.1, 0.25, 3])).toBe(2);
    expect(decimalPlaces([12, -4])).toBe(0);
    expect(decimalPlaces([1.5, Math.PI])).toBe(-1);
    expect(decimalPlaces([1, NaN])).toBe(-1);
    expect(decimalPlaces([])).toBe(0);
  });

  it('rounds float-accumulated sums to the exact decimal sum', () => {
    const p = walk(1440);
    const buckets = rollupPoints(p, HOUR);
    const want = buckets.map((_, h) => exact(p.values.subarray(h * 60, h * 60 + 60)));
    // Adding doubles drifts off the decimal sum in some buckets: that is what is being fixed.
    expect(buckets.some((b, h) => b.sum !== want[h])).toBe(true);
    exactSums(buckets, decimalPlaces(p.values));
    expect(buckets.map((b) => b.sum)).toEqual(want);
  });

  it('leaves sums alone when the values are not short decimals', () => {
    const p = { ts: Float64Array.of(0, 1, 2), values: Float64Array.of(0.1, Math.PI, 2) };
    const buckets = rollupPoints(p, HOUR);
    const before = buckets[0]!.sum;
    exactSums(buckets, decimalPlaces(p.values));
    expect(buckets[0]!.sum).toBe(before);
  });

  it('keeps the sum exact when appended buckets are merged', () => {
    const p = walk(90);
    const a = rollupPoints({ ts: p.ts.subarray(0, 45), values: p.values.subarray(0, 45) }, HOUR);
    const b = rollupPoints({ ts: p.ts.subarray(45), values: p.values.subarray(45) }, HOUR);
    exactSums(a, 2);
    exactSums(b, 2);
    addSums(a[0]!, b[0]!);
    expect(a[0]!.sum).toBe(exact(p.values.subarray(0, 60)));
    expect(a[0]!.count).toBe(60);
  });

  it('stores a day of hourly rollups in a few bytes per bucket', () => {
    const p = walk(1440);
    const rows = rollupsFromRaw(1, 0, p);
    const hourly = rows.find((r) => r.resolution === '1h')!;
    const back = decodeRollup(hourly.data);
    expect(Array.from(back.sum)).toEqual(
      Array.from({ length: 24 }, (_, h) => exact(p.values.subarray(h * 60, h * 60 + 60))),
    );
    // 163 bytes here; float-noise sums would cost Gorilla's ~7 bytes a bucket more (~293).
    expect(hourly.data.length).toBeLessThan(200);
  });

  it('gives the same rollups appending in parts as computing from all points', () => {
    const p = walk(1440);
    const whole = rollupsFromRaw(1, 0, p);
    const half = (from: number, to: number) => ({
      ts: p.ts.slice(from, to),
      values: p.values.slice(from, to),
      n: to - from,
    });
    const first = appendWindow(
      { seriesId: 1, window: 0, added: half(0, 730) },
      new Map(),
      NaN,
      1e6,
    )!;
    const stored = new Map(first.rollups.map((r) => [r.resolution, r]));
    const second = appendWindow(
      { seriesId: 1, window: 0, added: half(730, 1440) },
      stored,
      0,
      1e6,
    )!;
    // Only the hours are stored: days are rebucketed from them.
    expect(second.rollups.map((r) => r.resolution)).toEqual(['1h']);
    expect(decodeRollup(second.rollups[0]!.data)).toEqual(decodeRollup(whole[0]!.data));
  });
});
