import { describe, expect, it } from 'vitest';
import type { Bucket } from '../types.ts';
import { rollupPoints } from './rollup.ts';
import { Tail, type TailOptions } from './tail.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const opts: TailOptions = { spanMs: 2 * HOUR, budget: 1_000_000, maxAgeMs: 86_400_000 };

/** The tail's points of a series in [from, to) as [ts, value] pairs. */
const pts = (t: Tail, sid: number, from = -Infinity, to = Infinity) => {
  const p = t.slice(sid, from, to);
  return Array.from(p.ts, (ts, i) => [ts, p.values[i]!]);
};

const batch = (rows: [number, number, number][]) => ({
  seriesId: Uint32Array.from(rows, (r) => r[0]),
  ts: Float64Array.from(rows, (r) => r[1]),
  values: Float64Array.from(rows, (r) => r[2]),
});

function foldAll(t: Tail, sid: number, from: number, to: number, size: number, origin = 0) {
  const out: Bucket[] = [];
  t.fold(sid, { from, to, size, origin }, 0, (_i, start, count, sum, min, max, first, last) =>
    out.push({ start, count, sum, min, max, first, last }),
  );
  return out;
}

describe('recent tail', () => {
  it('keeps in-order points of a new series from −∞, then trims to the span', () => {
    const t = new Tail(opts);
    const b = NOW - 3 * HOUR;
    t.appendBatch(batch([0, 1, 2].map((i) => [7, b + i * MIN, i + 0.5])), 3);
    expect(t.coveredFrom(7)).toBe(-Infinity);
    expect(pts(t, 7)).toEqual([
      [b, 0.5],
      [b + MIN, 1.5],
      [b + 2 * MIN, 2.5],
    ]);
    expect(t.covers(7, b - 10 * HOUR, NOW)).toBe(true);
    // Two hours and a minute later the first two points fall out of the span.
    t.append(7, b + 2 * HOUR + MIN, 9);
    expect(t.coveredFrom(7)).toBe(b + MIN);
    expect(pts(t, 7)).toEqual([
      [b + MIN, 1.5],
      [b + 2 * MIN, 2.5],
      [b + 2 * HOUR + MIN, 9],
    ]);
    expect(t.points).toBe(3);
    expect(t.covers(7, b + MIN, NOW)).toBe(true);
    expect(t.covers(7, b + MIN - 1, NOW)).toBe(false);
  });

  it('inserts late points in order and lets the last write win on equal times', () => {
    const t = new Tail(opts);
    const b = NOW - HOUR;
    t.appendBatch(
      batch([
        [1, b, 1],
        [1, b + 2 * MIN, 3],
        [1, b + 4 * MIN, 5],
        [1, b + 4 * MIN, 5.5], // duplicate within one batch
        [1, b + MIN, 2], // late
        [1, b + 2 * MIN, 3.25], // late duplicate
        [1, b + 3 * MIN, 4], // late
      ]),
      7,
    );
    expect(pts(t, 1)).toEqual([
      [b, 1],
      [b + MIN, 2],
      [b + 2 * MIN, 3.25],
      [b + 3 * MIN, 4],
      [b + 4 * MIN, 5.5],
    ]);
    expect(t.points).toBe(5);
    expect(pts(t, 1, b + MIN, b + 3 * MIN)).toEqual([
      [b + MIN, 2],
      [b + 2 * MIN, 3.25],
    ]);
  });

  it('ignores points older than its coverage (the store serves those ranges)', () => {
    const t = new Tail(opts);
    const chunk = {
      ts: Float64Array.of(NOW - 30 * MIN, NOW - 20 * MIN),
      values: Float64Array.of(1, 2),
    };
    t.seed(3, chunk);
    expect(t.coveredFrom(3)).toBe(NOW - 30 * MIN);
    t.append(3, NOW - 40 * MIN, 99); // older than coverage: not kept
    t.append(3, NOW - 25 * MIN, 1.5); // late but covered: kept
    expect(pts(t, 3)).toEqual([
      [NOW - 30 * MIN, 1],
      [NOW - 25 * MIN, 1.5],
      [NOW - 20 * MIN, 2],
    ]);
    expect(t.covers(3, NOW - 40 * MIN, NOW)).toBe(false);
    expect(t.covers(3, NOW - 30 * MIN, NOW)).toBe(true);
  });

  it('seeds from a newest chunk longer than the span: coverage starts at the cut', () => {
    const t = new Tail(opts);
    const ts = Float64Array.from({ length: 300 }, (_, i) => NOW - (299 - i) * MIN);
    const values = Float64Array.from(ts, (_, i) => i);
    t.seed(5, { ts, values });
    expect(t.coveredFrom(5)).toBe(NOW - 2 * HOUR);
    const p = t.slice(5, -Infinity, Infinity);
    expect(p.ts.length).toBe(121);
    expect(p.ts[0]).toBe(NOW - 2 * HOUR);
    expect(p.values[120]).toBe(299);
  });

  it('serves nothing when turned off or when the range starts before now − maxAge', () => {
    const t = new Tail(opts);
    t.append(2, NOW - 2 * 86_400_000, 1);
    expect(t.covers(2, NOW - 2 * 86_400_000, NOW)).toBe(false);
    expect(t.covers(2, NOW - HOUR, NOW)).toBe(true);
    t.enabled = false;
    expect(t.covers(2, NOW - HOUR, NOW)).toBe(false);
  });

  it('keeps within the point budget by trimming every series to a share', () => {
    const t = new Tail({ ...opts, budget: 400 });
    // 10 series × 60 points each, one batch a minute: 600 points > 400.
    for (let m = 0; m < 60; m++) {
      t.appendBatch(
        batch(Array.from({ length: 10 }, (_, s) => [s + 1, NOW - (60 - m) * MIN, s * 1000 + m])),
        10,
      );
      expect(t.points).toBeLessThanOrEqual(400);
    }
    for (let s = 1; s <= 10; s++) {
      const p = t.slice(s, -Infinity, Infinity);
      const first = p.ts[0]!;
      // Everything from the first kept point on is there, nothing before it is claimed.
      expect(t.coveredFrom(s)).toBeGreaterThan(first - MIN);
      expect(t.coveredFrom(s)).toBeLessThanOrEqual(first);
      expect(p.ts[p.ts.length - 1]).toBe(NOW - MIN);
      expect(p.values[p.ts.length - 1]).toBe((s - 1) * 1000 + 59);
      expect(p.ts.length).toBe((NOW - first) / MIN);
    }
    // A new point older than the trimmed coverage is not taken back in.
    t.append(1, NOW - 59 * MIN, -1);
    expect(pts(t, 1).some(([, v]) => v === -1)).toBe(false);
  });

  it('drops series too old to be served when it sweeps, and forgets points on retention', () => {
    const t = new Tail(opts);
    t.append(1, NOW - 3 * 86_400_000, 1);
    t.append(2, NOW - MIN, 2);
    t.append(2, NOW, 3);
    t.sweep(NOW);
    expect(pts(t, 1)).toEqual([]);
    expect(t.coveredFrom(1)).toBeGreaterThan(NOW - 3 * 86_400_000);
    expect(pts(t, 2)).toEqual([
      [NOW - MIN, 2],
      [NOW, 3],
    ]);
    t.dropBefore(2, NOW);
    expect(pts(t, 2)).toEqual([[NOW, 3]]);
    expect(t.coveredFrom(2)).toBeGreaterThan(NOW - MIN);
    expect(t.points).toBe(1);
  });

  it('folds the same buckets as rollupPoints over the same points', () => {
    const t = new Tail(opts);
    const ts: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 200; i++) {
      ts.push(NOW - HOUR + i * 17_000 + (i % 3));
      values.push(Math.round(Math.sin(i / 7) * 1000) / 100);
    }
    ts.forEach((x, i) => t.append(9, x, values[i]!));
    const p = { ts: Float64Array.from(ts), values: Float64Array.from(values) };
    for (const [from, to, size, origin] of [
      [NOW - HOUR, NOW, 5 * MIN, 0],
      [NOW - HOUR + 12_345, NOW - 600_000, MIN, 0],
      [NOW - 40 * MIN, NOW, 40 * MIN, NOW - 40 * MIN],
      [NOW - HOUR, NOW, 7_000, 3_000],
    ] as const) {
      const expected = rollupPoints(p, size, from, to, origin);
      expect(expected.length).toBeGreaterThan(0);
      expect(foldAll(t, 9, from, to, size, origin)).toEqual(expected);
    }
    expect(foldAll(t, 9, NOW - HOUR, NOW, HOUR)[0]).toMatchObject({
      count: 200,
      min: Math.min(...values),
      max: Math.max(...values),
      first: values[0],
      last: values[199],
    });
  });
});
