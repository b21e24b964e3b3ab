// Local-clock helpers. Timestamps carry their UTC offset (the shared files do); calendar months
// and hours of the week are taken on the local clock, where occupancy and billing live.
import { DAY_MS, HOUR_MS } from './types.ts';

const MINUTE_MS = 60_000;

/** Calendar parts of an instant as read on a clock `offsetMin` minutes ahead of UTC. */
export function localParts(ms: number, offsetMin: number) {
  const d = new Date(ms + offsetMin * MINUTE_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(), // 0-based
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    /** 0 = Monday … 6 = Sunday (CalTRACK §3.8 counts the week from Monday). */
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

/** 'YYYY-MM' of the local calendar month. */
export function monthKey(ms: number, offsetMin: number): string {
  const p = localParts(ms, offsetMin);
  return `${p.year}-${String(p.month + 1).padStart(2, '0')}`;
}

/** Hour of the week 0…167, Monday 00:00–01:00 = 0 (CalTRACK §3.8.1). */
export function hourOfWeek(ms: number, offsetMin: number): number {
  const p = localParts(ms, offsetMin);
  return p.weekday * 24 + p.hour;
}

export const hoursBetween = (a: number, b: number): number => (b - a) / HOUR_MS;
export const daysBetween = (a: number, b: number): number => (b - a) / DAY_MS;

/** Midnight of a 'YYYY-MM-DD' date on a clock `offsetMin` ahead of UTC, as epoch ms. */
export function localMidnightMs(date: string, offsetMin: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - offsetMin * MINUTE_MS;
}
