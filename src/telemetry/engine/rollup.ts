// Rollups: count, sum, min, max, first, last per fixed bucket. They are recomputed from the
// merged raw points of a whole window each time the window changes, so late, out-of-order and
// overwritten points always give exact buckets (no incremental drift to repair).
import type { Points, RollupColumns } from '../codec/chunk.ts';
import { decimalPlaces } from '../codec/values.ts';
import type { Bucket } from '../types.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * Start of the bucket holding `t`; buckets are `size` long and aligned to `origin`. Floor of a
 * division rather than `%`: on doubles beyond 32 bits V8 compiles `%` to a call to fmod, and
 * this runs for every point. Exact for integer times: the rounded quotient of integers below
 * 2^53 never reaches the next integer.
 */
export const bucketStart = (t: number, size: number, origin = 0): number =>
  origin + Math.floor((t - origin) / size) * size;

/** Buckets of sorted, unique points; `from`/`to` restrict to [from, to). */
export function rollupPoints(
  p: Points,
  size: number,
  from = -Infinity,
  to = Infinity,
  origin = 0,
): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | undefined;
  for (let i = 0; i < p.ts.length; i++) {
    const t = p.ts[i]!;
    if (t < from) continue;
    if (t >= to) break;
    const v = p.values[i]!;
    // The bucket start (a floating-point modulo) only when t may have left the current bucket.
    if (!cur || t >= cur.start + size || t < cur.start) {
      const start = bucketStart(t, size, origin);
      if (!cur || cur.start !== start) {
        cur = { start, count: 0, sum: 0, min: v, max: v, first: v, last: v };
        out.push(cur);
      }
    }
    cur.count++;
    cur.sum += v;
    if (v < cur.min) cur.min = v;
    if (v > cur.max) cur.max = v;
    cur.last = v;
  }
  return out;
}

/** Float error of a sum of n terms stays below half a unit of 10^-e while n² · max|m| < this. */
const SNAP_BOUND = 2 ** 50;

/**
 * Rounds each bucket's sum to `e` decimal places. Readings with a fixed resolution (0.01 °C)
 * have an exact decimal sum; adding doubles leaves it a few ulps off, which turns a column that
 * packs in a byte or two per bucket into 64-bit noise (Gorilla). While n² · max|scaled value|
 * stays under 2^50 the accumulated error is far below half a step, so the rounded sum is the
 * exact sum, correctly rounded — closer to the truth than the float sum, not further.
 */
export function exactSums(buckets: Bucket[], e: number): void {
  if (e < 0) return;
  const p = 10 ** e;
  for (const b of buckets) {
    const scale = b.count * b.count * Math.max(Math.abs(b.min), Math.abs(b.max)) * p;
    if (scale < SNAP_BOUND) b.sum = Math.round(b.sum * p) / p;
  }
}

/** Sum of two exact-decimal sums, kept exact (see exactSums). */
export function addSums(a: Bucket, b: Bucket): void {
  const ea = decimalPlaces([a.sum]);
  const eb = decimalPlaces([b.sum]);
  mergeBucket(a, b);
  if (ea >= 0 && eb >= 0) exactSums([a], Math.max(ea, eb));
}

export function toColumns(buckets: Bucket[]): RollupColumns {
  const n = buckets.length;
  const c: RollupColumns = {
    starts: new Float64Array(n),
    count: new Float64Array(n),
    sum: new Float64Array(n),
    min: new Float64Array(n),
    max: new Float64Array(n),
    first: new Float64Array(n),
    last: new Float64Array(n),
  };
  buckets.forEach((b, i) => {
    c.starts[i] = b.start;
    c.count[i] = b.count;
    c.sum[i] = b.sum;
    c.min[i] = b.min;
    c.max[i] = b.max;
    c.first[i] = b.first;
    c.last[i] = b.last;
  });
  return c;
}

export function fromColumns(c: RollupColumns): Bucket[] {
  return Array.from(c.starts, (start, i) => ({
    start,
    count: c.count[i]!,
    sum: c.sum[i]!,
    min: c.min[i]!,
    max: c.max[i]!,
    first: c.first[i]!,
    last: c.last[i]!,
  }));
}

/** Folds `b` (later in time) into `a` (earlier), for re-bucketing coarser than stored. */
export function mergeBucket(a: Bucket, b: Bucket): void {
  a.count += b.count;
  a.sum += b.sum;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
  a.last = b.last;
}

/**
 * Re-buckets time-ordered buckets into coarser `size` buckets; `exact` keeps exact-decimal sums
 * exact (see exactSums), for buckets that are stored.
 */
export function rebucket(buckets: Bucket[], size: number, origin = 0, exact = false): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | undefined;
  for (const b of buckets) {
    const start = bucketStart(b.start, size, origin);
    if (cur && cur.start === start) (exact ? addSums : mergeBucket)(cur, b);
    else {
      cur = { ...b, start };
      out.push(cur);
    }
  }
  return out;
}
