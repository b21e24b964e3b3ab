// Window features for RUL regression with trees. Per channel (the 14 normalised sensors and one
// fused health indicator) and per cycle t: smoothed level (exponentially weighted means, α = 0.1
// and 0.3), mean, least-squares slope and spread over the last W cycles, level change since the
// unit's first cycles, and slope over the whole history; plus the cycle count. Trend and level
// features follow the "handcrafted feature" baselines for C-MAPSS (e.g. Mosallam, Medjaher &
// Zerhouni, J. Intell. Manuf. 2016). Units shorter than W fall back to their whole history, so no
// padding is invented; with one cycle the slopes are 0 (documented in index.ts).
import type { Matrix } from './gbt-binning.ts';

export const FEATURES_PER_CHANNEL = 7;
const BASELINE_CYCLES = 15;

export function featureCount(channels: number): number {
  return channels * FEATURES_PER_CHANNEL + 1;
}

/** Least-squares slope of y[from..to) against its index. */
function windowSlope(y: Float64Array, c: number, ch: number, from: number, to: number): number {
  const n = to - from;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    const dx = k - mx;
    sxy += dx * (y[(from + k) * c + ch] as number);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/** Fills the features of one channel for every cycle of a unit. */
function channelFeatures(
  y: Float64Array,
  len: number,
  c: number,
  ch: number,
  w: number,
  out: Matrix,
): void {
  let e1 = y[ch] as number;
  let e3 = e1;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  let base = 0;
  for (let t = 0; t < len; t++) {
    const v = y[t * c + ch] as number;
    e1 = t === 0 ? v : 0.9 * e1 + 0.1 * v;
    e3 = t === 0 ? v : 0.7 * e3 + 0.3 * v;
    sx += t;
    sy += v;
    sxy += t * v;
    sxx += t * t;
    if (t < BASELINE_CYCLES) base = sy / (t + 1);
    const from = Math.max(0, t + 1 - w);
    const n = t + 1 - from;
    let m = 0;
    for (let k = from; k <= t; k++) m += y[k * c + ch] as number;
    m /= n;
    let s = 0;
    for (let k = from; k <= t; k++) s += ((y[k * c + ch] as number) - m) ** 2;
    const nAll = t + 1;
    const den = nAll * sxx - sx * sx;
    const o = t * out.cols + ch * FEATURES_PER_CHANNEL;
    out.data[o] = e1;
    out.data[o + 1] = e3;
    out.data[o + 2] = m;
    out.data[o + 3] = windowSlope(y, c, ch, from, t + 1);
    out.data[o + 4] = n > 1 ? Math.sqrt(s / (n - 1)) : 0;
    out.data[o + 5] = e1 - base;
    out.data[o + 6] = den > 0 ? (nAll * sxy - sx * sy) / den : 0;
  }
}

/** Feature rows for every cycle of one unit; `series` is row-major `len × channels`. */
export function unitFeatures(
  series: Float64Array,
  len: number,
  channels: number,
  w: number,
): Matrix {
  const cols = featureCount(channels);
  const out: Matrix = { rows: len, cols, data: new Float64Array(len * cols) };
  for (let ch = 0; ch < channels; ch++) channelFeatures(series, len, channels, ch, w, out);
  for (let t = 0; t < len; t++) out.data[t * cols + cols - 1] = t + 1;
  return out;
}

/** Stacks matrices with equal column counts. */
export function stackRows(parts: readonly Matrix[]): Matrix {
  const cols = parts[0]?.cols ?? 0;
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const data = new Float64Array(rows * cols);
  let o = 0;
  for (const p of parts) {
    data.set(p.data, o);
    o += p.data.length;
  }
  return { rows, cols, data };
}
