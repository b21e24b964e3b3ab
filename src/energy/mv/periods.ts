// Meter readings → usage periods for the daily and billing methods. A reading's period runs to the
// next reading's start (the shared files end with an empty end-marker row). A daily reading
// followed by a gap gets a 24-hour period so the gap stays missing instead of stretching the day.
import type { EpochMs } from '../../kernel/index.ts';
import { epochMs } from '../../kernel/index.ts';
import type { PeriodTemperatures } from './temperature.ts';
import { periodTemperatures } from './temperature.ts';
import type { MeterReading, Method, TemperatureSeries } from './types.ts';
import { DAY_MS, HOUR_MS } from './types.ts';

export interface UsagePeriod {
  startMs: EpochMs;
  endMs: EpochMs;
  offsetMin: number;
  /** Period length in days (23/24 or 25/24 on DST days, like eemeter's day counts). */
  days: number;
  /** Consumption in the period; NaN when missing. */
  value: number;
  temps: PeriodTemperatures;
}

export function toPeriods(
  readings: readonly MeterReading[],
  temperature: TemperatureSeries,
  method: Exclude<Method, 'hourly'>,
): UsagePeriod[] {
  const out: UsagePeriod[] = [];
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    const next = readings[i + 1];
    let end: number;
    if (method === 'daily') {
      const natural = next ? next.startMs : Number.NaN;
      // ≤ 25 h covers the DST fall-back day; anything longer is a gap after this day.
      end = next && natural - r.startMs <= 25 * HOUR_MS ? natural : r.startMs + DAY_MS;
    } else {
      if (!next) continue; // a billing read without a successor has no known end
      end = next.startMs;
    }
    const startMs = r.startMs;
    const endMs = epochMs(end);
    out.push({
      startMs,
      endMs,
      offsetMin: r.offsetMin,
      days: (end - startMs) / DAY_MS,
      value: r.value,
      temps: periodTemperatures(temperature, startMs, endMs),
    });
  }
  return out;
}

export const insideWindow = (p: UsagePeriod, startMs: number, endMs: number): boolean =>
  p.startMs >= startMs && p.endMs <= endMs;
