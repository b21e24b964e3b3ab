// Hourly series for the TOWT method: meter readings summed to clock hours (half-hourly files are
// common), matched with hourly temperature, and the §2.2.1.2 hourly sufficiency rule.
import { temperatureAt } from '../temperature.ts';
import { hourOfWeek, localParts, monthKey } from '../time.ts';
import type { Finding, Fuel, MeterReading, TemperatureSeries } from '../types.ts';
import { HOUR_MS } from '../types.ts';

/** Struct-of-arrays of hours that have both usage and temperature. */
export interface HourlyRows {
  ms: Float64Array;
  offsetMin: Int16Array;
  y: Float64Array;
  tempF: Float64Array;
  how: Uint8Array;
  /** Local calendar month 0–11. */
  month: Uint8Array;
  length: number;
}

/** Median spacing of readings → readings expected per hour (1 for hourly, 2 for half-hourly). */
function readingsPerHour(readings: readonly MeterReading[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < Math.min(readings.length, 500); i++)
    gaps.push(readings[i]!.startMs - readings[i - 1]!.startMs);
  gaps.sort((a, b) => a - b);
  const g = gaps[Math.floor(gaps.length / 2)] ?? HOUR_MS;
  return Math.max(1, Math.round(HOUR_MS / g));
}

/** Sum readings into clock hours; an hour with any missing sub-reading is missing. */
export function toHourlyRows(
  readings: readonly MeterReading[],
  temperature: TemperatureSeries,
  fromMs: number,
  toMs: number,
): HourlyRows {
  const perHour = readingsPerHour(readings);
  const sums = new Map<number, { y: number; n: number; bad: boolean; offsetMin: number }>();
  for (const r of readings) {
    if (r.startMs < fromMs || r.startMs >= toMs) continue;
    const h = Math.floor(r.startMs / HOUR_MS) * HOUR_MS;
    const s = sums.get(h) ?? { y: 0, n: 0, bad: false, offsetMin: r.offsetMin };
    if (Number.isNaN(r.value)) s.bad = true;
    else s.y += r.value;
    s.n++;
    sums.set(h, s);
  }
  const keep: number[] = [];
  for (const [h, s] of sums)
    if (!s.bad && s.n >= perHour && !Number.isNaN(temperatureAt(temperature, h))) keep.push(h);
  keep.sort((a, b) => a - b);
  const n = keep.length;
  const rows: HourlyRows = {
    ms: new Float64Array(n),
    offsetMin: new Int16Array(n),
    y: new Float64Array(n),
    tempF: new Float64Array(n),
    how: new Uint8Array(n),
    month: new Uint8Array(n),
    length: n,
  };
  keep.forEach((h, i) => {
    const s = sums.get(h)!;
    rows.ms[i] = h;
    rows.offsetMin[i] = s.offsetMin;
    rows.y[i] = s.y;
    rows.tempF[i] = temperatureAt(temperature, h);
    rows.how[i] = hourOfWeek(h, s.offsetMin);
    rows.month[i] = localParts(h, s.offsetMin).month;
  });
  return rows;
}

/**
 * §2.2.1.2 (hourly): usage must be available for over 90 % of the hours of each calendar month in
 * the baseline; a month's model also needs its neighbouring months. Reports each short month.
 */
export function hourlySufficiency(
  rows: HourlyRows,
  window: { startMs: number; endMs: number; offsetMin: number },
  fuel: Fuel,
): { findings: Finding[]; monthOk: boolean[] } {
  const expected = new Array<number>(12).fill(0);
  for (let t = window.startMs; t < window.endMs; t += HOUR_MS)
    expected[localParts(t, window.offsetMin).month]!++;
  const have = new Array<number>(12).fill(0);
  // §2.2.1.4: zero electricity hours count as missing here (they stay in the fit).
  for (let i = 0; i < rows.length; i++)
    if (fuel !== 'electricity' || rows.y[i] !== 0) have[rows.month[i]!]!++;
  const findings: Finding[] = [];
  const monthOk = expected.map((e, m) => {
    const cov = e > 0 ? have[m]! / e : 0;
    if (cov > 0.9) return true;
    findings.push({
      rule: '2.2.1.2',
      name: 'hourly-month-coverage',
      severity: 'fail',
      message: `Baseline month ${monthKey(Date.UTC(2001, m, 15), 0).slice(5)} has usage and temperature for ${(cov * 100).toFixed(1)} % of hours (needs > 90 %).`,
      data: { month: m + 1, coverage: cov },
    });
    return false;
  });
  return { findings, monthOk };
}
