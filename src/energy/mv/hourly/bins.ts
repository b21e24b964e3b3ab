// Temperature bins (CalTRACK §3.9): candidate end points 30, 45, 55, 65, 75, 90 °F; a bin with
// fewer than 20 hours is merged into its neighbour, working from the outside in (edge bins first,
// then interior bins), until every bin qualifies. Temperature is split piecewise across bins.

export const DEFAULT_BIN_ENDPOINTS_F: readonly number[] = [30, 45, 55, 65, 75, 90];
export const MIN_HOURS_PER_BIN = 20;

/** Counts of temperatures in (-∞, e0], (e0, e1], …, (e_last, ∞). */
function binCounts(temps: ArrayLike<number>, endpoints: readonly number[]): number[] {
  const counts = new Array<number>(endpoints.length + 1).fill(0);
  for (let i = 0; i < temps.length; i++) {
    const t = temps[i]!;
    let b = 0;
    while (b < endpoints.length && t > endpoints[b]!) b++;
    counts[b]!++;
  }
  return counts;
}

export function fitBinEndpoints(
  temps: ArrayLike<number>,
  candidates: readonly number[] = DEFAULT_BIN_ENDPOINTS_F,
  minCount = MIN_HOURS_PER_BIN,
): number[] {
  let ends = [...candidates].sort((a, b) => a - b);
  for (;;) {
    if (ends.length === 0) return ends;
    const counts = binCounts(temps, ends);
    const remove = new Set<number>();
    if (counts[0]! < minCount) remove.add(ends[0]!); // first bin's right end
    if (counts[counts.length - 1]! < minCount) remove.add(ends[ends.length - 1]!); // last bin's left end
    if (remove.size === 0)
      for (let b = 1; b < counts.length - 1; b++) if (counts[b]! < minCount) remove.add(ends[b]!);
    if (remove.size === 0) return ends;
    ends = ends.filter((e) => !remove.has(e));
  }
}

/** Piecewise split of t over the bins: the features sum to t (§3.9.3). Writes k+1 values. */
export function binFeatures(
  t: number,
  ends: readonly number[],
  out: Float64Array,
  at: number,
): void {
  const k = ends.length;
  if (k === 0) {
    out[at] = t;
    return;
  }
  out[at] = Math.min(t, ends[0]!);
  for (let b = 1; b < k; b++) {
    const lo = ends[b - 1]!;
    out[at + b] = Math.min(Math.max(t - lo, 0), ends[b]! - lo);
  }
  out[at + k] = Math.max(t - ends[k - 1]!, 0);
}
