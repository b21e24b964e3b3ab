// Occupancy by hour of week (CalTRACK §3.8.2–3.8.3): fit usage ~ 1 + CDD(65) + HDD(50) by
// weighted least squares on the segment; an hour of week is "occupied" when the model
// under-predicts (residual = observed − predicted > 0) in more than 65 % of its hours.
import { accumulate, createNormalEquations, solveNormalEquations } from './linalg.ts';
import type { HourlyRows } from './hourly-data.ts';

export const OCCUPANCY_THRESHOLD = 0.65;

export function estimateOccupancy(
  rows: HourlyRows,
  idx: ArrayLike<number>,
  weights: ArrayLike<number>,
): Uint8Array {
  const ne = createNormalEquations(3);
  const cols = [0, 1, 2];
  const vals = new Float64Array(3);
  const feats = (t: number) => {
    vals[0] = 1;
    vals[1] = Math.max(t - 65, 0);
    vals[2] = Math.max(50 - t, 0);
  };
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    feats(rows.tempF[i]!);
    accumulate(ne, cols, vals, 3, rows.y[i]!, weights[k]!);
  }
  const { beta } = solveNormalEquations(ne);
  const above = new Uint32Array(168);
  const count = new Uint32Array(168);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    feats(rows.tempF[i]!);
    const pred = beta[0]! + beta[1]! * vals[1]! + beta[2]! * vals[2]!;
    const h = rows.how[i]!;
    count[h]!++;
    if (rows.y[i]! - pred > 0) above[h]!++;
  }
  const occupied = new Uint8Array(168);
  for (let h = 0; h < 168; h++)
    occupied[h] = count[h]! > 0 && above[h]! / count[h]! > OCCUPANCY_THRESHOLD ? 1 : 0;
  return occupied;
}
