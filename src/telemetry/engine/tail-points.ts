// Helpers of the recent tail (tail.ts) over a series' raw buffer: points stored as pairs t, v.
import type { SeriesRun } from './head.ts';
import type { BucketSpec } from './reader.ts';
import { bucketStart } from './rollup.ts';

const HOUR = 3_600_000;

/** Index of the first point (pairs t, v) in [lo, hi) with t ≥ `t`. */
export function search(buf: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buf[mid * 2]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bucket fields of the last scan, in ring order: count, sum, min, max, last, first. */
export const acc = new Float64Array(6);

/** Folds points i… of `buf` earlier than `until` (up to `end`) into acc; returns the next i. */
export function scan(buf: Float64Array, i: number, end: number, until: number): number {
  const first = buf[i * 2 + 1]!;
  let count = 0;
  let sum = 0;
  let min = first;
  let max = first;
  let last = first;
  for (; i < end && buf[i * 2]! < until; i++) {
    const v = buf[i * 2 + 1]!;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    last = v;
  }
  acc.set([count, sum, min, max, last, first]);
  return i;
}

/** Buckets of whole hours on hour boundaries (what the hourly buckets can answer). */
export const hourAligned = (q: BucketSpec): boolean =>
  q.size % HOUR === 0 && q.from % HOUR === 0 && q.to % HOUR === 0 && q.origin % HOUR === 0;

export const ceilHour = (t: number): number => (Number.isFinite(t) ? -bucketStart(-t, HOUR) : t);

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The smallest double above `x` (coverage just after a dropped point, for any timestamps). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0]! += x > 0 ? 1n : -1n;
  return f64[0];
}

/**
 * Writes into `ring` (slots of B = 7 numbers: hour, count, sum, min, max, last, first; slot =
 * hour mod `hours`) the buckets of every hour holding points [from, to) of a run in time order.
 * The caller knows these are all the points of those hours.
 */
export function foldRunHours(
  ring: Float64Array,
  hours: number,
  run: SeriesRun,
  from: number,
  to: number,
): void {
  const { ts, values, off, stride } = run;
  let i = from;
  while (i < to) {
    const hour = bucketStart(ts[i]!, HOUR);
    const first = values[off + i * stride]!;
    let count = 0;
    let sum = 0;
    let min = first;
    let max = first;
    let last = first;
    for (let j = off + i * stride; i < to && ts[i]! < hour + HOUR; i++, j += stride) {
      const v = values[j]!;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      last = v;
    }
    const at = ((hour / HOUR) % hours) * 7;
    ring[at] = hour;
    ring[at + 1] = count;
    ring[at + 2] = sum;
    ring[at + 3] = min;
    ring[at + 4] = max;
    ring[at + 5] = last;
    ring[at + 6] = first;
  }
}
