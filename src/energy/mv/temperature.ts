// Hourly temperature handling: bucketing to hours, gap interpolation (CalTRACK §2.2.4.1) and the
// per-period daily means behind degree days (§2.2.2.3, §2.2.3.2, §3.3.1.2).
import type { EpochMs, Fahrenheit } from '../../kernel/index.ts';
import { epochMs } from '../../kernel/index.ts';
import type { Finding, TemperatureSeries } from './types.ts';
import { HOUR_MS } from './types.ts';

/** §2.2.4.1: gaps of up to six consecutive hours may be linearly interpolated. */
export const MAX_INTERPOLATED_GAP_HOURS = 6;

/**
 * Build an hourly series from timestamped °F readings. Readings inside the same UTC hour are
 * averaged (§2.3.4 downsamples sub-hourly weather to hourly means); duplicates thus collapse.
 */
export function createTemperatureSeries(
  points: ReadonlyArray<{ ms: number; tempF: Fahrenheit }>,
): TemperatureSeries {
  if (points.length === 0) return { startMs: epochMs(0), valuesF: new Float64Array(0) };
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.ms);
    hi = Math.max(hi, p.ms);
  }
  const start = Math.floor(lo / HOUR_MS) * HOUR_MS;
  const n = Math.floor((hi - start) / HOUR_MS) + 1;
  const sum = new Float64Array(n);
  const count = new Uint16Array(n);
  for (const p of points) {
    if (!Number.isFinite(p.tempF)) continue;
    const i = Math.floor((p.ms - start) / HOUR_MS);
    sum[i]! += p.tempF;
    count[i]!++;
  }
  const valuesF = new Float64Array(n);
  for (let i = 0; i < n; i++) valuesF[i] = count[i]! > 0 ? sum[i]! / count[i]! : Number.NaN;
  return { startMs: epochMs(start), valuesF };
}

/** Linearly fill interior gaps of ≤ maxGap hours (§2.2.4.1); longer gaps stay missing. */
export function interpolateTemperatureGaps(
  series: TemperatureSeries,
  maxGap = MAX_INTERPOLATED_GAP_HOURS,
): { series: TemperatureSeries; findings: Finding[] } {
  const v = Float64Array.from(series.valuesF);
  let filled = 0;
  let longGaps = 0;
  let longest = 0;
  let i = 0;
  while (i < v.length) {
    if (!Number.isNaN(v[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < v.length && Number.isNaN(v[j]!)) j++;
    const len = j - i;
    longest = Math.max(longest, len);
    if (i > 0 && j < v.length && len <= maxGap) {
      const a = v[i - 1]!;
      const b = v[j]!;
      for (let k = i; k < j; k++) v[k] = a + ((b - a) * (k - i + 1)) / (len + 1);
      filled += len;
    } else longGaps++;
    i = j;
  }
  const findings: Finding[] = [];
  if (filled > 0)
    findings.push({
      rule: '2.2.4.1',
      name: 'temperature-gaps-interpolated',
      severity: 'info',
      message: `${filled} missing temperature hours in gaps of ≤ ${maxGap} h were linearly interpolated.`,
      data: { hoursFilled: filled },
    });
  if (longGaps > 0)
    findings.push({
      rule: '2.2.4.1',
      name: 'temperature-gap-too-long',
      severity: 'warn',
      message: `${longGaps} temperature gaps exceed ${maxGap} consecutive hours and stay missing (longest ${longest} h).`,
      data: { gaps: longGaps, longestHours: longest },
    });
  return { series: { startMs: series.startMs, valuesF: v }, findings };
}

/** Temperature of the hour that starts at `ms` (NaN when outside the series or missing). */
export function temperatureAt(series: TemperatureSeries, ms: number): number {
  const i = Math.floor((ms - series.startMs) / HOUR_MS);
  return i >= 0 && i < series.valuesF.length ? series.valuesF[i]! : Number.NaN;
}

export interface PeriodTemperatures {
  /** Mean temperature of each day of the period that has ≥ 50 % of its hours (§2.2.2.3). */
  dailyMeans: Float64Array;
  /** Days in the period (hours / 24 rounded; a DST day counts as one). */
  nDays: number;
  /** Fraction of the period's hours with a temperature (for §2.2.3.2). */
  hourCoverage: number;
}

/**
 * Daily mean temperatures within [startMs, endMs). The period is cut into round(hours/24) near-equal
 * day chunks, so 23- and 25-hour DST days count as one day each.
 */
export function periodTemperatures(
  series: TemperatureSeries,
  startMs: EpochMs,
  endMs: EpochMs,
): PeriodTemperatures {
  const i0 = Math.ceil((startMs - series.startMs) / HOUR_MS);
  const i1 = Math.ceil((endMs - series.startMs) / HOUR_MS);
  const hours = Math.max(0, i1 - i0);
  const nDays = Math.max(1, Math.round(hours / 24));
  const means: number[] = [];
  let present = 0;
  for (let d = 0; d < nDays; d++) {
    const a = i0 + Math.round((d * hours) / nDays);
    const b = i0 + Math.round(((d + 1) * hours) / nDays);
    let s = 0;
    let c = 0;
    for (let i = a; i < b; i++) {
      const t = i >= 0 && i < series.valuesF.length ? series.valuesF[i]! : Number.NaN;
      if (!Number.isNaN(t)) {
        s += t;
        c++;
      }
    }
    present += c;
    if (b > a && c >= 0.5 * (b - a)) means.push(s / c);
  }
  return {
    dailyMeans: Float64Array.from(means),
    nDays,
    hourCoverage: hours > 0 ? present / hours : 0,
  };
}
