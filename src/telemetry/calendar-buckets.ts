// Day, week and month buckets cut at local midnight (issue 17). Stored rollups are cut at UTC
// hours, so a calendar bucket is folded from hourly buckets (or minute buckets in a zone whose
// offset is not a whole hour, such as Asia/Kolkata) read over the same range: exact, and as
// cheap as a fixed-size read of the same span at 1h.
import { boundaryIndex, calendarBoundaries, invalid, type CalendarUnit } from '../kernel/index.ts';
import type { BucketSink, BucketSpec } from './engine/reader.ts';
import { DAY, HOUR, MINUTE, mergeBucket } from './engine/rollup.ts';
import type { Bucket } from './types.ts';

/** A bucket request: a fixed length, or calendar units in a zone. */
export interface CalendarBuckets {
  unit: CalendarUnit;
  timeZone: string;
}

/** Nominal length of a calendar unit (a month counts 30 days), for `bucketMs` in answers. */
export function nominalMs(unit: CalendarUnit): number {
  switch (unit.kind) {
    case 'day':
      return unit.days * DAY;
    case 'week':
      return 7 * DAY;
    case 'month':
      return 30 * DAY;
  }
}

/** `1d`, `1w`, `1mo`: the label of a unit. */
export function unitLabel(unit: CalendarUnit): string {
  switch (unit.kind) {
    case 'day':
      return `${unit.days}d`;
    case 'week':
      return '1w';
    case 'month':
      return '1mo';
  }
}

/** Days become calendar days; 7 days an ISO week (Monday). */
export function unitOfMs(ms: number): CalendarUnit | undefined {
  if (ms % DAY !== 0) return undefined;
  return ms === 7 * DAY ? { kind: 'week' } : { kind: 'day', days: ms / DAY };
}

/** The plan of a calendar read: its boundaries and the fixed buckets to fold from. */
export interface CalendarPlan {
  bounds: number[];
  base: BucketSpec;
}

const MAX_CALENDAR_BUCKETS = 100_000;

export function planCalendar(from: number, to: number, c: CalendarBuckets): CalendarPlan {
  const bounds = calendarBoundaries(from, to, c.unit, c.timeZone, MAX_CALENDAR_BUCKETS);
  if (bounds.length > MAX_CALENDAR_BUCKETS)
    throw invalid('bucket', {
      en: `gives more than ${MAX_CALENDAR_BUCKETS} buckets; pick a longer one`,
      'zh-CN': `产生超过 ${MAX_CALENDAR_BUCKETS} 个时间桶；请选更长的时间桶`,
    });
  const size = bounds.every((b) => b % HOUR === 0)
    ? HOUR
    : bounds.every((b) => b % MINUTE === 0)
      ? MINUTE
      : 1000;
  return { bounds, base: { from, to, size, origin: 0 } };
}

/** Folds one series' time-ordered fixed buckets into calendar buckets. */
export function foldCalendar(buckets: readonly Bucket[], bounds: readonly number[]): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | undefined;
  for (const b of buckets) {
    const start = bounds[Math.max(0, boundaryIndex(bounds, b.start))]!;
    if (cur && cur.start === start) mergeBucket(cur, b);
    else out.push((cur = { ...b, start }));
  }
  return out;
}

/**
 * A sink that folds each series' fixed buckets (arriving series by series, in time order) into
 * calendar buckets before passing them on; call `flush` after the read.
 */
export function calendarSink(
  bounds: readonly number[],
  next: BucketSink,
): { sink: BucketSink; flush: () => void } {
  let index = -1;
  let cur: Bucket | undefined;
  const flush = () => {
    if (cur) next(index, cur.start, cur.count, cur.sum, cur.min, cur.max, cur.first, cur.last);
    cur = undefined;
  };
  const sink: BucketSink = (i, start, count, sum, min, max, first, last) => {
    const s = bounds[Math.max(0, boundaryIndex(bounds, start))]!;
    if (cur && i === index && cur.start === s) {
      mergeBucket(cur, { start: s, count, sum, min, max, first, last });
      return;
    }
    flush();
    index = i;
    cur = { start: s, count, sum, min, max, first, last };
  };
  return { sink, flush };
}
