import { describe, expect, it } from 'vitest';
import { rollupPoints, exactSums, toColumns, HOUR } from '../engine/rollup.ts';
import { decodeRollup, encodeRollup, encodeRollupV1, type RollupColumns } from './chunk.ts';
import { PREDICTED } from './rollup-predicted.ts';
import { decimalPlaces } from './values.ts';

const T0 = Date.UTC(2026, 11, 6);
const KEYS = ['starts', 'count', 'sum', 'min', 'max', 'first', 'last'] as const;

/** A day of minute readings at 0.01 resolution, a random walk as the telemetry bench sends. */
function day(seed: number, step = 0.05): RollupColumns {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let level = 7;
  const ts = new Float64Array(1440);
  const values = new Float64Array(1440);
  for (let i = 0; i < 1440; i++) {
    level += (rand() - 0.5) * 2 * step + (7 - level) * 0.01;
    ts[i] = T0 + i * 60_000;
    values[i] = Math.round(level * 100) / 100;
  }
  const buckets = rollupPoints({ ts, values }, HOUR);
  exactSums(buckets, decimalPlaces(values));
  return toColumns(buckets);
}

function expectSame(back: RollupColumns, c: RollupColumns): void {
  for (const k of KEYS) {
    // Object.is: -0 and NaN must come back as they went in.
    const same = Array.from(c[k]).every((v, i) => Object.is(back[k][i], v));
    expect(same, k).toBe(true);
    expect(back[k].length).toBe(c[k].length);
  }
}

describe('rollup version 3: columns coded from one another', () => {
  it('codes a day of decimal readings as version 3, exactly, and smaller than version 1', () => {
    let v1 = 0;
    let v3 = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const c = day(seed);
      const data = encodeRollup(c);
      expect(data[0]).toBe(PREDICTED);
      expectSame(decodeRollup(data), c);
      v1 += encodeRollupV1(c).length;
      v3 += data.length;
    }
    // Measured: 20 days of 24 buckets, 3,258 → 2,349 bytes (-28 %).
    expect(v3).toBeLessThan(v1 * 0.9);
  });

  it('still reads version 1 as written before version 3 (bytes from main at 99a5278)', () => {
    const hex =
      '010480f0b38ac96880f4ee060102780002e6010302cc9205ed81051014a1739e00000402ee0a46ce1803028c0b' +
      '0f04fb000402fa0aa6210402800b421c04';
    const back = decodeRollup(Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(Array.from(back.starts)).toEqual([0, 1, 2, 3].map((i) => T0 + i * HOUR));
    expect(Array.from(back.count)).toEqual([60, 60, 59, 1]);
    expect(Array.from(back.sum)).toEqual([421.5, 423.07, 417.91, 7.12]);
    expect(Array.from(back.min)).toEqual([6.95, 6.99, 7.0, 7.12]);
    expect(Array.from(back.max)).toEqual([7.1, 7.13, 7.2, 7.12]);
    expect(Array.from(back.first)).toEqual([7.01, 7.05, 7.11, 7.12]);
    expect(Array.from(back.last)).toEqual([7.04, 7.1, 7.09, 7.12]);
  });

  it('keeps version 1 for columns that are not exact decimals, hold -0 or leave 2^50 scaled', () => {
    const c = day(7);
    // 2·sum scaled to the columns' 3 places is 2e15, past the exact-integer bound kept.
    const large = { ...c, sum: Float64Array.from(c.sum), min: c.min.map((v) => v + 0.001) };
    large.sum[0] = 1e12 + 0.25;
    const noisy = { ...c, sum: c.sum.map((v) => v + 1e-9 * Math.PI) };
    const negZero = { ...c, first: Float64Array.from(c.first), min: Float64Array.from(c.min) };
    negZero.first[3] = -0;
    negZero.min[3] = -0;
    for (const x of [noisy, negZero, large]) {
      const data = encodeRollup(x);
      expect(data[0]).toBe(1);
      expectSame(decodeRollup(data), x);
    }
  });

  it('round-trips one bucket, negative and mixed-place values, odd starts and large sums', () => {
    const one: RollupColumns = {
      starts: Float64Array.from([T0 + 7]),
      count: Float64Array.from([2]),
      sum: Float64Array.from([-7]),
      min: Float64Array.from([-3.5]),
      max: Float64Array.from([-3.5]),
      first: Float64Array.from([-3.5]),
      last: Float64Array.from([-3.5]),
    };
    const mixed: RollupColumns = {
      starts: Float64Array.from([0, 60_000, 180_000]),
      count: Float64Array.from([3, 2, 5]),
      sum: Float64Array.from([1e11 + 0.25, -2.5, 0]),
      min: Float64Array.from([-1.125, -2, -4]),
      max: Float64Array.from([3e11, 1.5, 4]),
      first: Float64Array.from([0.5, 1.5, 0]),
      last: Float64Array.from([-1.125, -2, 4]),
    };
    for (const c of [one, mixed]) {
      const data = encodeRollup(c);
      expect(data[0]).toBe(PREDICTED);
      expectSame(decodeRollup(data), c);
    }
  });

  it('round-trips long columns, where the running sums by writeValues beat Rice codes', () => {
    // A minute rollup of 1,440 two-point buckets that repeat a reading: last − first, min, max
    // and the sum's residual are all 0 (a run in writeValues, 1,439 bits as Rice codes).
    let level = 500;
    const values = Float64Array.from({ length: 1440 }, (_, i) => (level += (i % 7) - 3) / 10);
    const c: RollupColumns = {
      starts: Float64Array.from({ length: 1440 }, (_, i) => T0 + i * 60_000),
      count: new Float64Array(1440).fill(2),
      sum: values.map((v) => (2 * Math.round(v * 10)) / 10),
      min: values,
      max: values,
      first: values,
      last: values,
    };
    const data = encodeRollup(c);
    expect(data[0]).toBe(PREDICTED);
    expectSame(decodeRollup(data), c);
    expect(data.length).toBeLessThan(encodeRollupV1(c).length * 0.6); // measured 575 against 1,073
  });

  it('keeps version 1 where every bucket holds one point (its same-as columns cost nothing)', () => {
    const values = Float64Array.from({ length: 1440 }, (_, i) => 50 + ((i * 7) % 13) / 10);
    const c: RollupColumns = {
      starts: Float64Array.from({ length: 1440 }, (_, i) => T0 + i * 60_000),
      count: new Float64Array(1440).fill(1),
      sum: values,
      min: values,
      max: values,
      first: values,
      last: values,
    };
    const data = encodeRollup(c);
    expect(data[0]).toBe(1);
    expectSame(decodeRollup(data), c);
  });

  it('round-trips a step far from the rest (a Rice quotient of more than 24 zeros)', () => {
    const c = day(11, 0.01);
    // One hour opens 2.00 above the last one closed: its first − previous last is 200 hundredths
    // among steps of a few, so its Rice code's unary part is 24 zeros or more (24, checked).
    for (let i = 12; i < 24; i++) {
      c.first[i] = Math.round((c.first[i]! + 2) * 100) / 100;
      c.last[i] = Math.round((c.last[i]! + 2) * 100) / 100;
      c.min[i] = Math.round((c.min[i]! + 2) * 100) / 100;
      c.max[i] = Math.round((c.max[i]! + 2) * 100) / 100;
      c.sum[i] = Math.round((c.sum[i]! + 2 * c.count[i]!) * 100) / 100;
    }
    const data = encodeRollup(c);
    expect(data[0]).toBe(PREDICTED);
    expectSame(decodeRollup(data), c);
  });

  it('rejects a truncated version-3 rollup', () => {
    const data = encodeRollup(day(3));
    expect(() => decodeRollup(data.subarray(0, data.length - 5))).toThrow();
    expect(() => decodeRollup(data.subarray(0, 3))).toThrow();
  });
});
