// Dates, times and numbers per locale, always in the tenant's time zone (the glossary's
// formats: 2026-12-06, 24-hour, UTC+8 shown on time axes). The zone is the tenant's setting
// (issue 17), loaded by the shell before any screen renders.
import i18next from 'i18next';

/** The platform default, until the tenant's zone arrives from GET /api/v1/settings/time-zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
let zone = DEFAULT_TIME_ZONE;

/** The tenant's IANA time zone every date, time and axis is shown in. */
export const tenantTimeZone = (): string => zone;

/** Set by the shell (shell/time-zone.ts) from the API; formats made for the old zone are dropped. */
export function setTenantTimeZone(next: string): void {
  if (next === zone) return;
  zone = next;
  cache.clear();
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(kind: 'datetime' | 'date' | 'time' | 'hm' | 'md'): Intl.DateTimeFormat {
  const lng = i18next.language || 'zh-CN';
  const key = `${lng}|${zone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: zone, hourCycle: 'h23' };
    const parts: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      datetime: {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      },
      date: { year: 'numeric', month: '2-digit', day: '2-digit' },
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
      hm: { hour: '2-digit', minute: '2-digit' },
      md: { month: '2-digit', day: '2-digit' },
    };
    // en-CA gives ISO-like 2026-12-06; both languages use the glossary's date format.
    f = new Intl.DateTimeFormat(lng === 'en' ? 'en-CA' : 'zh-CN', { ...base, ...parts[kind] });
    cache.set(key, f);
  }
  return f;
}

function iso(ms: number, kind: 'datetime' | 'date'): string {
  const p = Object.fromEntries(
    dtf(kind)
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  const date = `${p.year}-${p.month}-${p.day}`;
  return kind === 'date' ? date : `${date} ${p.hour}:${p.minute}:${p.second}`;
}

export const formatDateTime = (ms: number): string => iso(ms, 'datetime');
export const formatDate = (ms: number): string => iso(ms, 'date');
export const formatTime = (ms: number): string => dtf('time').format(ms);

/** Axis label for a time axis: time of day, with the date where the day changes. */
export function formatAxisTime(ms: number, spanMs: number): string {
  if (spanMs > 3 * 86_400_000) return iso(ms, 'date').slice(5);
  const hm = dtf('hm').format(ms);
  return spanMs > 86_400_000 ? `${iso(ms, 'date').slice(5)} ${hm}` : hm;
}

/** "UTC+8" for the tenant's zone, named on every time axis. */
export function timeZoneLabel(at = Date.now()): string {
  const name = new Intl.DateTimeFormat('en', {
    timeZone: zone,
    timeZoneName: 'shortOffset',
  })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return (name ?? 'UTC').replace('GMT', 'UTC');
}

export function formatNumber(v: number, maxFraction = 2): string {
  return new Intl.NumberFormat(i18next.language || 'zh-CN', {
    maximumFractionDigits: maxFraction,
  }).format(v);
}

/** Offset of the tenant's zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(ms: number): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** 'YYYY-MM-DDTHH:mm' (a datetime-local input) of an instant, in the tenant's zone. */
export const toZonedInput = (ms: number): string =>
  new Date(ms + offsetAt(ms)).toISOString().slice(0, 16);

/** The instant of a 'YYYY-MM-DDTHH:mm' wall-clock time in the tenant's zone. */
export function fromZonedInput(v: string): number {
  const guess = Date.parse(`${v}:00Z`);
  return guess - offsetAt(guess - offsetAt(guess));
}
