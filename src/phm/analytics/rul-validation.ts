// Test-like validation points for RUL models. The C-MAPSS test units stop at a random cycle
// before failure and are scored once, at their last cycle (Saxena et al., PHM08, §IV); in the shared
// FD001/FD003 truth the remaining life is spread about evenly over 6–145 cycles, whatever the
// unit's full length (correlation 0.22 and −0.01; quartiles 33/86/112 and 43/78/115). Scoring a held-out
// unit at every cycle instead weighs the easy, capped early cycles far more than the test does
// (validation RMSE 8 against test RMSE 22 on FD002 before issue 20), so held-out units are cut
// the same way here: a few seeded cut points per unit, each predicted from the cycles before it.
// Window features are causal (a row uses only its own and earlier cycles), so a cut unit's
// prediction is its full unit's feature row at the cut.
import type { Rng } from './rng.ts';

/** Remaining life at the cut, drawn uniformly in cycles, as in the shared test truth. */
const LIFE_LEFT = { min: 5, max: 145 } as const;
/** Shortest history kept before a cut (the shortest test units have 19–38 cycles). */
const MIN_CYCLES = 20;

export interface CutPoint {
  /** Index of the unit among the held-out units. */
  unit: number;
  /** Row of the cut in the stacked feature matrix of the held-out units. */
  row: number;
  /** True remaining cycles after the cut (not capped). */
  truth: number;
}

/** `perUnit` seeded cut points for each unit of the given lengths, stacked in order. */
export function cutPoints(lengths: readonly number[], perUnit: number, rng: Rng): CutPoint[] {
  const out: CutPoint[] = [];
  let offset = 0;
  lengths.forEach((len, unit) => {
    for (let k = 0; k < perUnit; k++) {
      const left = Math.round(LIFE_LEFT.min + (LIFE_LEFT.max - LIFE_LEFT.min) * rng());
      const kept = Math.max(Math.min(MIN_CYCLES, len), len - left);
      out.push({ unit, row: offset + kept - 1, truth: len - kept });
    }
    offset += len;
  });
  return out;
}
