// Daily consumption from telemetry rollups (pure). An interval channel reports the use of each
// interval, so a day is the sum of its hourly buckets; a cumulative register reports a running
// total, so a day is the difference of the register between consecutive day boundaries. The
// register at a boundary is its first reading in the hour from local midnight (the midnight
// reading of a meter read on the hour or the quarter), else its last reading before midnight;
// taking the last before midnight alone made an hourly meter's day run 23:00 to 23:00. Days are
// local calendar days on a fixed UTC offset (China has no DST; a site elsewhere passes its
// standard offset).
import { DAY_MS, HOUR_MS } from '../mv/index.ts';

export type MeterMode = 'interval' | 'register';

/** One hourly (or finer) bucket of a telemetry rollup. */
export interface UsageBucket {
  start: number;
  sum: number;
  count: number;
  last: number;
  /** The bucket's first reading (a register's value at a boundary). */
  first?: number;
}

export interface DailyValue {
  /** Local midnight, epoch ms. */
  dayMs: number;
  /** Use in the meter's unit; NaN when the day has no data. */
  value: number;
  /** Buckets with data that day (coverage evidence). */
  samples: number;
}

export const localDayOf = (ms: number, offsetMin: number): number =>
  Math.floor((ms + offsetMin * 60_000) / DAY_MS) * DAY_MS - offsetMin * 60_000;

/** Days [fromMs, toMs) (local midnights) with their use; days without data are NaN. */
export function dailyUsage(
  buckets: readonly UsageBucket[],
  mode: MeterMode,
  range: { fromMs: number; toMs: number; offsetMin: number },
): DailyValue[] {
  const from = localDayOf(range.fromMs, range.offsetMin);
  const n = Math.max(0, Math.ceil((range.toMs - from) / DAY_MS));
  const sums = new Float64Array(n);
  const samples = new Uint32Array(n);
  const lastOf = new Float64Array(n).fill(Number.NaN);
  /** The register at each day's local midnight, from the hour starting there (n + 1 bounds). */
  const atMidnight = new Float64Array(n + 1).fill(Number.NaN);
  const sorted = [...buckets].sort((a, b) => a.start - b.start);
  for (const b of sorted) {
    if (b.count === 0) continue;
    const i = Math.floor((b.start - from) / DAY_MS);
    const fromMidnight = b.start - (from + i * DAY_MS);
    if (i >= 0 && i <= n && fromMidnight < HOUR_MS && b.first !== undefined)
      atMidnight[i] = b.first;
    if (i < 0 || i >= n) continue;
    sums[i]! += b.sum;
    samples[i]!++;
    lastOf[i] = b.last;
  }
  const out: DailyValue[] = [];
  // Before the first day: the last reading before its midnight, if any.
  let prevLast = Number.NaN;
  for (const b of sorted) if (b.start < from && b.count > 0) prevLast = b.last;
  for (let i = 0; i < n; i++) {
    const dayMs = from + i * DAY_MS;
    if (mode === 'interval') {
      out.push({ dayMs, value: samples[i]! > 0 ? sums[i]! : Number.NaN, samples: samples[i]! });
    } else {
      const start = Number.isFinite(atMidnight[i]!) ? atMidnight[i]! : prevLast;
      const end = Number.isFinite(atMidnight[i + 1]!) ? atMidnight[i + 1]! : lastOf[i]!;
      const value = Number.isFinite(start) && Number.isFinite(end) ? end - start : Number.NaN;
      out.push({ dayMs, value, samples: samples[i]! });
      if (Number.isFinite(lastOf[i]!)) prevLast = lastOf[i]!;
    }
  }
  return out;
}

/** Share of days with a value: the data-coverage evidence of a settlement. */
export function coverage(days: readonly DailyValue[]): number {
  if (days.length === 0) return 0;
  return days.filter((d) => Number.isFinite(d.value)).length / days.length;
}

/**
 * Hourly use [ms, value] over [fromMs, toMs) for the hourly (TOWT) method: the bucket sum of an
 * interval channel, or the register difference to the previous hour (NaN after a gap).
 */
export function hourlyUsage(
  buckets: readonly UsageBucket[],
  mode: MeterMode,
  range: { fromMs: number; toMs: number },
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let prev: UsageBucket | undefined;
  for (const b of [...buckets].sort((x, y) => x.start - y.start)) {
    if (b.count === 0) continue;
    if (b.start >= range.fromMs && b.start < range.toMs) {
      if (mode === 'interval') out.push([b.start, b.sum]);
      else
        out.push([
          b.start,
          prev && b.start - prev.start === 3_600_000 ? b.last - prev.last : Number.NaN,
        ]);
    }
    prev = b;
  }
  return out;
}
