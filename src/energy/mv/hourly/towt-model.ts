// Time-of-week-and-temperature model (CalTRACK §3.7–3.11): one model per calendar month, fitted on
// that month (weight 1) and its two neighbours (weight 0.5) (§3.10 "three-month weighted"); design =
// 168 hour-of-week indicators (no intercept) + piecewise temperature-bin terms, separate for
// occupied and unoccupied hours (§3.11); weighted least squares.
import { binFeatures, fitBinEndpoints } from './bins.ts';
import type { HourlyRows } from './hourly-data.ts';
import { accumulate, createNormalEquations, solveNormalEquations } from './linalg.ts';
import { estimateOccupancy } from './occupancy.ts';

export interface TowtMonthModel {
  month: number;
  occupied: Uint8Array;
  occupiedBins: number[];
  unoccupiedBins: number[];
  /** [168 hour-of-week terms, occupied bin terms, unoccupied bin terms]. */
  beta: Float64Array;
  /** Hours of week without any baseline data: predictions there are NaN. */
  howEmpty: Uint8Array;
  /** Estimated (non-dropped) coefficients. */
  parameters: number;
}

/** Row indices of months m−1, m, m+1 (wrapping) with weights 0.5, 1, 0.5. */
export function segment(rows: HourlyRows, month: number): { idx: Int32Array; w: Float64Array } {
  const idx: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const d = (rows.month[i]! - month + 12) % 12;
    if (d === 0 || d === 1 || d === 11) {
      idx.push(i);
      w.push(d === 0 ? 1 : 0.5);
    }
  }
  return { idx: Int32Array.from(idx), w: Float64Array.from(w) };
}

export function fitTowtMonth(rows: HourlyRows, month: number): TowtMonthModel | undefined {
  const { idx, w } = segment(rows, month);
  if (idx.length === 0) return undefined;
  const occupied = estimateOccupancy(rows, idx, w);
  const occT: number[] = [];
  const unoccT: number[] = [];
  for (const i of idx) (occupied[rows.how[i]!] ? occT : unoccT).push(rows.tempF[i]!);
  const occupiedBins = fitBinEndpoints(occT);
  const unoccupiedBins = fitBinEndpoints(unoccT);
  const ko = occupiedBins.length + 1;
  const ku = unoccupiedBins.length + 1;
  const p = 168 + ko + ku;
  const ne = createNormalEquations(p);
  const cols = new Int32Array(1 + Math.max(ko, ku));
  const vals = new Float64Array(1 + Math.max(ko, ku));
  const howCount = new Uint32Array(168);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const len = fillRow(
      rows.how[i]!,
      rows.tempF[i]!,
      occupied,
      occupiedBins,
      unoccupiedBins,
      cols,
      vals,
    );
    howCount[rows.how[i]!]!++;
    accumulate(ne, cols, vals, len, rows.y[i]!, w[k]!);
  }
  const { beta, dropped } = solveNormalEquations(ne);
  const howEmpty = Uint8Array.from(howCount, (c) => (c === 0 ? 1 : 0));
  const parameters = dropped.reduce((s, d) => s + (d ? 0 : 1), 0);
  return { month, occupied, occupiedBins, unoccupiedBins, beta, howEmpty, parameters };
}

/** Sparse design row: hour-of-week indicator + the bin terms of the hour's occupancy side. */
function fillRow(
  how: number,
  t: number,
  occupied: Uint8Array,
  occBins: readonly number[],
  unoccBins: readonly number[],
  cols: Int32Array,
  vals: Float64Array,
): number {
  cols[0] = how;
  vals[0] = 1;
  const occ = occupied[how] === 1;
  const ends = occ ? occBins : unoccBins;
  const offset = occ ? 168 : 168 + occBins.length + 1;
  binFeatures(t, ends, vals, 1);
  for (let b = 0; b <= ends.length; b++) cols[1 + b] = offset + b;
  return ends.length + 2;
}

export function predictTowt(model: TowtMonthModel, how: number, t: number): number {
  if (model.howEmpty[how] || Number.isNaN(t)) return Number.NaN;
  const occ = model.occupied[how] === 1;
  const ends = occ ? model.occupiedBins : model.unoccupiedBins;
  const offset = occ ? 168 : 168 + model.occupiedBins.length + 1;
  const f = new Float64Array(ends.length + 1);
  binFeatures(t, ends, f, 0);
  let y = model.beta[how]!;
  for (let b = 0; b <= ends.length; b++) y += model.beta[offset + b]! * f[b]!;
  return y;
}
