// When a maintenance plan (保养计划) is due — pure, no I/O. Calendar plans are due every N days,
// weeks or months from a start date at a local time of day in a time zone (the plan's own, else
// the asset's contract calendar's, else Asia/Shanghai); months keep the start's day of month,
// clamped to the month's last day (a plan from 01-31 is due 02-28, 03-31, …). Usage plans are due
// at every multiple of their interval of usage counted from telemetry since the plan started:
// running hours (the time a channel is above a threshold: each sample's value holds until the
// next sample, a gap longer than maxGapMinutes counts only up to that limit, so a silent device
// does not run), cycles (rising crossings of the threshold) or a counter the device reports
// (its increases; a drop is a reset, counted from zero).
import { dateKey, parseDate, zonedInstant, type LocalDate } from '../../kernel/index.ts';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface CalendarTrigger {
  kind: 'calendar';
  every: number;
  unit: 'day' | 'week' | 'month';
  /** YYYY-MM-DD: the first due date. */
  startDate: string;
  /** HH:MM local time of the due point. */
  atTime: string;
  /** The work order opens this many days ahead of the due point. */
  leadDays: number;
  /** Null: the asset's contract calendar zone, else Asia/Shanghai. */
  timeZone: string | null;
}

export type UsageMetric = 'running_hours' | 'cycles' | 'counter';

export interface UsageTrigger {
  kind: 'usage';
  metric: UsageMetric;
  channel: string;
  /** running_hours and cycles: above this value the asset runs. */
  threshold: number;
  /** Hours, cycles or counter units between due points. */
  interval: number;
  maxGapMinutes: number;
}

export type PlanTrigger = CalendarTrigger | UsageTrigger;

export interface DuePoint {
  key: string;
  dueAt: number;
  n: number;
}

function addMonthsClamped(d: LocalDate, months: number): LocalDate {
  const m0 = d.month - 1 + months;
  const year = d.year + Math.floor(m0 / 12);
  const month = (((m0 % 12) + 12) % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(d.day, last) };
}

function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export const minutesOf = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** The n-th due point (n = 0 is the start date). */
export function calendarDue(t: CalendarTrigger, timeZone: string, n: number): DuePoint {
  const start = parseDate(t.startDate)!;
  const date =
    t.unit === 'month'
      ? addMonthsClamped(start, n * t.every)
      : addDays(start, n * t.every * (t.unit === 'week' ? 7 : 1));
  return {
    key: `cal:${dateKey(date)}`,
    dueAt: zonedInstant(date, minutesOf(t.atTime), timeZone),
    n,
  };
}

/**
 * The latest due point whose opening time (due minus lead days) has come by `now` and which is
 * not before `notBefore` (points before the plan existed do not fire); undefined if none.
 */
export function latestCalendarDue(
  t: CalendarTrigger,
  timeZone: string,
  now: number,
  notBefore: number,
): DuePoint | undefined {
  const lead = t.leadDays * DAY_MS;
  const first = calendarDue(t, timeZone, 0);
  if (first.dueAt - lead > now) return undefined;
  const periodDays = t.unit === 'month' ? 28 * t.every : t.every * (t.unit === 'week' ? 7 : 1);
  // An estimate from below (a month is at least 28 days), then step forward.
  let n = Math.max(0, Math.floor((now + lead - first.dueAt) / (periodDays * DAY_MS * 1.1)));
  while (n > 0 && calendarDue(t, timeZone, n).dueAt - lead > now) n--;
  while (calendarDue(t, timeZone, n + 1).dueAt - lead <= now) n++;
  const due = calendarDue(t, timeZone, n);
  return due.dueAt < notBefore ? undefined : due;
}

export interface UsageState {
  /** running_hours: milliseconds (exact integer sums); cycles and counter: their units. */
  usage: number;
  baseline: number | null;
  lastTs: number | null;
  lastValue: number | null;
}

/** Adds the samples (in time order, all after state.lastTs) to the usage counted so far. */
export function accumulateUsage(
  t: UsageTrigger,
  s: UsageState,
  points: ReadonlyArray<readonly [number, number]>,
): UsageState {
  let { usage, baseline, lastTs, lastValue } = s;
  const maxGap = t.maxGapMinutes * 60_000;
  for (const [ts, v] of points) {
    if (lastTs !== null && ts <= lastTs) continue;
    switch (t.metric) {
      case 'running_hours':
        if (lastTs !== null && lastValue !== null && lastValue > t.threshold)
          usage += Math.min(ts - lastTs, maxGap);
        break;
      case 'cycles':
        if (lastValue !== null && lastValue <= t.threshold && v > t.threshold) usage += 1;
        break;
      case 'counter':
        baseline ??= v;
        if (lastValue !== null) usage += v >= lastValue ? v - lastValue : v;
        break;
    }
    lastTs = ts;
    lastValue = v;
  }
  return { usage, baseline, lastTs, lastValue };
}

/** Usage in the plan's unit: hours for running hours, else as counted. */
export const usageInUnit = (t: UsageTrigger, usage: number): number =>
  t.metric === 'running_hours' ? usage / HOUR_MS : usage;

/** The latest due point reached: the n-th multiple of the interval, n ≥ 1. */
export function latestUsageDue(t: UsageTrigger, usage: number): DuePoint | undefined {
  const inUnit = usageInUnit(t, usage);
  // Running hours are whole milliseconds, so 8 h is reached at exactly 28 800 000 ms.
  const n =
    t.metric === 'running_hours'
      ? Math.floor(usage / Math.round(t.interval * HOUR_MS))
      : Math.floor(inUnit / t.interval + 1e-9);
  return n >= 1 ? { key: `usage:${n}`, dueAt: 0, n } : undefined;
}
