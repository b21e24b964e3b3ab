// First-order thermal lag without state: when a heating input is piecewise constant over blocks
// of fixed length, the response of dT/dt = (level − T)/τ at time t is a sum of closed-form step
// responses, one per block (linear time-invariant superposition). Blocks older than 6τ
// contribute less than e⁻⁶ ≈ 0.25 % and are dropped. Being a pure function of t, the
// temperature is the same however a time range is split into calls.

const HORIZON_TAUS = 6;

/**
 * Response at `t` of a unit-gain first-order lag with time constant `tauMs` to the input
 * `level(blockIndex)`, constant over each block [k·blockMs, (k+1)·blockMs).
 */
export function laggedResponse(
  t: number,
  blockMs: number,
  tauMs: number,
  level: (block: number) => number,
): number {
  const current = Math.floor(t / blockMs);
  const oldest = Math.floor((t - HORIZON_TAUS * tauMs) / blockMs);
  // The block at `oldest` stands in for all older history, so a steady input gives exactly its level.
  let sum = 0;
  for (let k = oldest; k <= current; k++) {
    const start = k === oldest ? -Infinity : k * blockMs;
    const end = Math.min((k + 1) * blockMs, t);
    const w =
      Math.exp(-(t - end) / tauMs) - (start === -Infinity ? 0 : Math.exp(-(t - start) / tauMs));
    sum += level(k) * w;
  }
  return sum;
}
