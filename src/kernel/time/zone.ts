// Wall-clock time in an IANA time zone without a dependency: Intl.DateTimeFormat gives the local
// fields of an instant, and a local time is turned into an instant by correcting a UTC guess with
// the zone's offset (checked twice so a daylight-saving change between guess and answer is
// handled). China has had no DST since 1991, but a tenant's calendar may name any zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the zone name (Intl throws RangeError otherwise). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localFields(ms: number, timeZone: string): LocalFields {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: weekdays[out.weekday ?? ''] ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function offsetAt(ms: number, timeZone: string): number {
  const f = localFields(ms, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of a local wall-clock time (minutes after local midnight) on a local date. */
export function zonedInstant(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000;
  const first = guess - quickOffsetAt(guess, timeZone);
  return guess - quickOffsetAt(first, timeZone);
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export const dateKey = (d: LocalDate): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The next calendar date (proleptic Gregorian; independent of any zone). */
export function nextDate(d: LocalDate): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday of a calendar date (1 = Monday … 7 = Sunday). */
export function weekdayOf(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Parses YYYY-MM-DD and rejects dates that do not exist (2026-02-30). */
export function parseDate(s: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCMonth() + 1 === d.month && t.getUTCDate() === d.day ? d : undefined;
}

const DAY = 86_400_000;
const dayOffsets = new Map<string, number | null>();

/** The zone's offset over the UTC day of `ms` when it is the same at both ends, else null. */
function dayOffset(ms: number, timeZone: string): number | null {
  const day = Math.floor(ms / DAY);
  const key = `${timeZone}|${day}`;
  let off = dayOffsets.get(key);
  if (off === undefined) {
    const a = offsetAt(day * DAY, timeZone);
    off = a === offsetAt(day * DAY + DAY - 1000, timeZone) ? a : null;
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(key, off);
  }
  return off;
}

/** offsetAt, from the per-day cache on days without a change of offset (calendar cuts, shifts). */
function quickOffsetAt(ms: number, timeZone: string): number {
  return dayOffset(ms, timeZone) ?? offsetAt(ms, timeZone);
}

/**
 * The local date of an instant, fast: the zone's offset is looked up once per UTC day (it is the
 * same at both ends of the day unless a DST change falls inside, when the exact path is taken).
 */
export function localDateOf(ms: number, timeZone: string): LocalDate {
  const off = dayOffset(ms, timeZone);
  if (off === null) {
    const f = localFields(ms, timeZone);
    return { year: f.year, month: f.month, day: f.day };
  }
  const t = new Date(ms + off);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
