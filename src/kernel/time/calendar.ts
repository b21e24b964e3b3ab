// Calendar buckets cut at local midnight in an IANA zone: runs of N days, ISO 8601 weeks (which
// start on Monday) and months. A local day is 23, 24 or 25 hours long where the zone keeps
// daylight saving, so the boundaries are computed per bucket, never by adding a fixed length.
import { dateKey, localDateOf, nextDate, weekdayOf, zonedInstant, type LocalDate } from './zone.ts';

export type CalendarUnit = { kind: 'day'; days: number } | { kind: 'week' } | { kind: 'month' };

const DAY = 86_400_000;

/** Days since 1970-01-01 of a calendar date (zone-free). */
const dayNumber = (d: LocalDate): number => Date.UTC(d.year, d.month - 1, d.day) / DAY;

function fromDayNumber(n: number): LocalDate {
  const t = new Date(n * DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The first local date of the bucket holding a local date. */
export function bucketDate(d: LocalDate, unit: CalendarUnit): LocalDate {
  switch (unit.kind) {
    case 'day':
      return unit.days === 1 ? d : fromDayNumber(Math.floor(dayNumber(d) / unit.days) * unit.days);
    case 'week':
      return fromDayNumber(dayNumber(d) - (weekdayOf(d) - 1));
    case 'month':
      return { year: d.year, month: d.month, day: 1 };
  }
}

/** The first local date of the next bucket. */
export function nextBucketDate(start: LocalDate, unit: CalendarUnit): LocalDate {
  switch (unit.kind) {
    case 'day':
      return unit.days === 1 ? nextDate(start) : fromDayNumber(dayNumber(start) + unit.days);
    case 'week':
      return fromDayNumber(dayNumber(start) + 7);
    case 'month':
      return start.month === 12
        ? { year: start.year + 1, month: 1, day: 1 }
        : { year: start.year, month: start.month + 1, day: 1 };
  }
}

/** Local midnight of a date as an instant. */
export const localMidnight = (d: LocalDate, timeZone: string): number =>
  zonedInstant(d, 0, timeZone);

/** Start (epoch ms, local midnight) of the bucket holding an instant. */
export function calendarBucketStart(ms: number, unit: CalendarUnit, timeZone: string): number {
  return localMidnight(bucketDate(localDateOf(ms, timeZone), unit), timeZone);
}

/**
 * Bucket boundaries covering [from, to): the start of the bucket holding `from`, each following
 * start, and the end of the bucket holding `to - 1`. n buckets give n + 1 boundaries.
 */
export function calendarBoundaries(
  from: number,
  to: number,
  unit: CalendarUnit,
  timeZone: string,
  maxBuckets = 100_000,
): number[] {
  let d = bucketDate(localDateOf(from, timeZone), unit);
  const out = [localMidnight(d, timeZone)];
  while (out[out.length - 1]! < to && out.length <= maxBuckets) {
    d = nextBucketDate(d, unit);
    out.push(localMidnight(d, timeZone));
  }
  return out;
}

/** `2026-12-06` of an instant in a zone. */
export const localDateKey = (ms: number, timeZone: string): string =>
  dateKey(localDateOf(ms, timeZone));

/** Index of the bucket of `t` in sorted boundaries (binary search; -1 before the first). */
export function boundaryIndex(bounds: readonly number[], t: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
