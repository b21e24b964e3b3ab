// Station calendars: weekly shifts in UTC (e.g. Mon–Fri 08:00–16:00) expanded into working
// windows, and their complement as the downtime windows the scheduler core understands.

export interface Shift {
  /** Days of the week the shift starts on, 0 = Sunday … 6 = Saturday (UTC). */
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

/** Working windows of a calendar within [from, to), plus extra windows (an added shift). */
export function workingWindows(shifts: Shift[], from: number, to: number, extra: Window[] = []) {
  const ws: Window[] = [];
  for (let day = Math.floor(from / DAY) * DAY - DAY; day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    for (const s of shifts) {
      if (!s.days.includes(weekday)) continue;
      const a = day + minutesOf(s.start) * 60_000;
      let b = day + minutesOf(s.end) * 60_000;
      if (b <= a) b += DAY;
      ws.push([a, b]);
    }
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

export const isValidClock = (hhmm: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);
