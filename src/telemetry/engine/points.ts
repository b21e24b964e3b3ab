// Merging points into a series: sort by time and keep, for equal timestamps, the value that
// arrived last (documented "last write wins"). Existing (older) points come first in arrival
// order, so a re-sent timestamp replaces the stored value.
import type { Points } from '../codec/chunk.ts';

export interface PointList {
  ts: Float64Array;
  values: Float64Array;
  n: number;
}

/** Strictly increasing times (no two equal). */
export function isStrictlySorted(ts: ArrayLike<number>, n: number): boolean {
  for (let i = 1; i < n; i++) if (!(ts[i]! > ts[i - 1]!)) return false;
  return true;
}

/** Merges `parts` (in arrival order) into one sorted, de-duplicated list. */
export function mergePoints(parts: PointList[]): Points {
  let total = 0;
  for (const p of parts) total += p.n;
  const ts = new Float64Array(total);
  const values = new Float64Array(total);
  let k = 0;
  let sorted = true;
  let last = -Infinity;
  for (const p of parts) {
    if (p.n === 0) continue;
    if (!(p.ts[0]! > last) || !isStrictlySorted(p.ts, p.n)) sorted = false;
    for (let i = 0; i < p.n; i++, k++) {
      ts[k] = p.ts[i]!;
      values[k] = p.values[i]!;
    }
    last = p.ts[p.n - 1]!;
  }
  if (sorted) return { ts, values };
  // Stable sort of indices by time; the last index of each equal-time run wins.
  const idx = Array.from({ length: total }, (_, i) => i);
  idx.sort((a, b) => ts[a]! - ts[b]! || a - b);
  const outTs: number[] = [];
  const outV: number[] = [];
  for (let j = 0; j < total; j++) {
    const i = idx[j]!;
    const next = idx[j + 1];
    if (next !== undefined && ts[next] === ts[i]) continue;
    outTs.push(ts[i]!);
    outV.push(values[i]!);
  }
  return { ts: Float64Array.from(outTs), values: Float64Array.from(outV) };
}

/** Index of the first point of [from, n) with ts ≥ t (binary search over sorted times). */
export function lowerBound(ts: ArrayLike<number>, t: number, n = ts.length, from = 0): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
