// The one parser of times given to the API (query parameters and bodies alike), so every route
// reads `from=now-7d` or `at=2026-12-06T08:00` the same way:
//   - epoch milliseconds: `1765008000000`;
//   - ISO 8601 (RFC 3339 profile) with an offset (`Z`, `+08:00`), read as written;
//   - ISO 8601 without an offset (`2026-12-06`, `2026-12-06T08:00[:00[.000]]`), read as wall-clock
//     time in the caller's zone (the tenant's, or the request's `tz`);
//   - relative to now: `now`, `now-15m`, `now+1h`, `-1h` (= now-1h); units s, m, h, d, w.
import { invalid } from '../errors.ts';
import { isTimeZone, zonedInstant } from './zone.ts';

export interface TimeContext {
  /** The instant `now` stands for (epoch ms). */
  now: number;
  /** IANA zone for ISO times without an offset. */
  timeZone: string;
}

/** What the parser accepts, for error messages and API descriptions. */
export const TIME_FORMS =
  'epoch ms, ISO 8601 (without an offset: the tenant time zone) or now, now-7d, -1h (units s m h d w)';
/** TIME_FORMS in Chinese, for the Chinese half of the reasons. */
export const TIME_FORMS_ZH =
  '毫秒时间戳、ISO 8601（不带时区偏移时按租户时区）或 now、now-7d、-1h（单位 s m h d w）';

const unitMs: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE = /^(?:now)?(?:([+-])(\d{1,9})([smhdw]))?$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const OFFSET =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of a time string, or undefined when it is none of the accepted forms. */
export function tryParseTime(text: string, ctx: TimeContext): number | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  if (/^-?\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) && Math.abs(n) <= 8.64e15 ? n : undefined;
  }
  const rel = RELATIVE.exec(v);
  if (rel && (v.startsWith('now') || rel[1] !== undefined)) {
    if (rel[1] === undefined) return ctx.now;
    const d = Number(rel[2]) * unitMs[rel[3]!]!;
    return rel[1] === '-' ? ctx.now - d : ctx.now + d;
  }
  const local = LOCAL.exec(v);
  if (local) return localTime(local, ctx.timeZone);
  if (OFFSET.test(v)) {
    const t = Date.parse(v.replace(' ', 'T'));
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

function localTime(m: RegExpExecArray, timeZone: string): number | undefined {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const date = { year: year!, month: month!, day: day! };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCMonth() + 1 !== date.month || check.getUTCDate() !== date.day) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined;
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return zonedInstant(date, hour! * 60 + minute!, timeZone) + second! * 1000 + ms;
}

/**
 * Epoch ms of a time parameter. Absent or empty takes `fallback`; without one it is required.
 * Throws RONGHE_VALIDATION naming the field otherwise.
 */
export function parseTimeParam(
  field: string,
  value: string | number | undefined,
  ctx: TimeContext,
  fallback?: number,
): number {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw invalid(field, {
      en: `is required (${TIME_FORMS})`,
      'zh-CN': `必填（${TIME_FORMS_ZH}）`,
    });
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw invalid(field, {
      en: `is not a time (${TIME_FORMS})`,
      'zh-CN': `不是时间（${TIME_FORMS_ZH}）`,
    });
  }
  const t = tryParseTime(value, ctx);
  if (t === undefined)
    throw invalid(field, {
      en: `'${clip(value)}' is not a time (${TIME_FORMS})`,
      'zh-CN': `“${clip(value)}”不是时间（${TIME_FORMS_ZH}）`,
    });
  return t;
}

/** The zone name as the runtime spells it (`asia/shanghai` → `Asia/Shanghai`), or a 400. */
export function checkTimeZone(field: string, value: string): string {
  const v = value.trim();
  // Intl also takes offsets (+08:00) on newer runtimes; a setting names a region's zone.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(v) || !isTimeZone(v)) {
    throw invalid(field, {
      en: `'${clip(value)}' is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)`,
      'zh-CN': `“${clip(value)}”不是 IANA 时区（例如 Asia/Shanghai、Europe/Berlin、UTC）`,
    });
  }
  return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
