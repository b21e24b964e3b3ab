// Station calendars: weekly shifts in local time (e.g. Mon–Fri 08:00–16:00 in the tenant's zone,
// issue 17) expanded into working windows, and their complement as the downtime windows the
// scheduler core understands. A shift is wall-clock time: on a 23-hour daylight-saving day an
// 8-hour night shift is 7 hours long.
import {
  localDateOf,
  nextDate,
  weekdayOf,
  zonedInstant,
  type LocalDate,
} from '../../kernel/index.ts';

export interface Shift {
  /** Days of the week the shift starts on, 0 = Sunday … 6 = Saturday (local). */
  days: number[];
  /** 'HH:MM' start; a shift whose end is not after its start runs past midnight. */
  start: string;
  end: string;
}

/** A working window [start, end) in epoch ms. */
export type Window = [number, number];

const DAY = 86_400_000;
const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Merges overlapping or touching windows after sorting them by start. */
export function mergeWindows(ws: Window[]): Window[] {
  const sorted = [...ws].sort((a, b) => a[0] - b[0]);
  const out: Window[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * Working windows of a calendar within [from, to), plus extra windows (an added shift), with
 * shift times read as wall-clock time in `timeZone`.
 */
export function workingWindows(
  shifts: Shift[],
  from: number,
  to: number,
  extra: Window[] = [],
  timeZone = 'UTC',
) {
  const ws: Window[] = [];
  // From the day before `from` (a night shift that started then may still run).
  let date: LocalDate = localDateOf(from - DAY, timeZone);
  for (let day = zonedInstant(date, 0, timeZone); day < to;) {
    const weekday = weekdayOf(date) % 7;
    const next = nextDate(date);
    for (const s of shifts) {
      if (!s.days.includes(weekday)) continue;
      const startMin = minutesOf(s.start);
      const endMin = minutesOf(s.end);
      const a = zonedInstant(date, startMin, timeZone);
      const b =
        endMin > startMin
          ? zonedInstant(date, endMin, timeZone)
          : zonedInstant(next, endMin, timeZone);
      if (b > a) ws.push([a, b]);
    }
    date = next;
    day = zonedInstant(date, 0, timeZone);
  }
  ws.push(...extra);
  return mergeWindows(ws)
    .map(([a, b]): Window => [Math.max(a, from), Math.min(b, to)])
    .filter(([a, b]) => b > a);
}

/** Total length of the overlap of windows with [from, to), in ms. */
export function overlapMs(ws: Window[], from: number, to: number): number {
  let sum = 0;
  for (const [a, b] of ws) sum += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return sum;
}

/**
 * Running pieces of an operation that needs `work` ms of working time and starts at the first
 * working instant ≥ `ready`, stopping at each window's end and resuming at the next window's
 * start (preemptive resume, as the planner places operations across shift ends); null when the
 * windows end before the work is done.
 */
export function resumeWithin(ws: Window[], ready: number, work: number): Window[] | null {
  const out: Window[] = [];
  let left = work;
  for (const [a, b] of ws) {
    const s = Math.max(a, ready);
    if (s >= b) continue;
    const take = Math.min(left, b - s);
    out.push([s, s + take]);
    left -= take;
    if (left <= 0) return out;
  }
  return null;
}

export const isValidClock = (hhmm: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);
