// The business calendar a service contract measures its SLA in: working hours per weekday, public
// holidays, and China's adjusted working days (调休) — a weekend day that is worked to make up a
// bridged holiday, as the State Council's yearly notice lists them (2026 National Day: 10-01 to
// 10-07 off, Sunday 09-20 and Saturday 10-10 worked). Dates are local to the calendar's zone.
import {
  RongheError,
  dateKey,
  isTimeZone,
  parseDate,
  weekdayOf,
  zonedInstant,
  type LocalDate,
  type Localized,
} from '../../kernel/index.ts';

/** A span of working time within a day, local wall-clock "HH:MM" (end may be "24:00"). */
export interface WorkingSpan {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA zone, default Asia/Shanghai. */
  timeZone: string;
  /** Working spans per ISO weekday "1" (Monday) … "7" (Sunday); a missing day is off. */
  hours: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', WorkingSpan[]>>;
  /** Public holidays (YYYY-MM-DD): no working time whatever the weekday. */
  holidays: string[];
  /** Adjusted working days (调休, YYYY-MM-DD): worked with `adjustedHours`. */
  workdays: string[];
  /** Hours of an adjusted working day; default: Monday's hours. */
  adjustedHours?: WorkingSpan[];
}

/** Mon–Fri 08:30–17:30 in Asia/Shanghai, no holidays: the default of a contract. */
export const defaultCalendar = (): BusinessCalendar => ({
  timeZone: 'Asia/Shanghai',
  hours: Object.fromEntries(
    ['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '08:30', end: '17:30' }]]),
  ),
  holidays: [],
  workdays: [],
});

/** A calendar checked once: spans as minutes, dates as sets. */
export interface CompiledCalendar {
  timeZone: string;
  week: Map<number, Array<[number, number]>>;
  adjusted: Array<[number, number]>;
  holidays: Set<string>;
  workdays: Set<string>;
  /** Working intervals per local date, memoised: time-zone arithmetic is the costly part. */
  days: Map<string, Array<[number, number]>>;
}

const bad = (field: string, reason: Localized) =>
  new RongheError(
    'RONGHE_VALIDATION',
    { en: `${field}: ${reason.en}`, 'zh-CN': `输入有误 — ${field}：${reason['zh-CN']}` },
    [{ field, reason: reason.en }],
  );

function minuteOf(field: string, s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  const v = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || v > 24 * 60)
    throw bad(field, { en: `'${s}' is not a time HH:MM`, 'zh-CN': `“${s}”不是 HH:MM 格式的时刻` });
  return v;
}

function spans(field: string, list: WorkingSpan[]): Array<[number, number]> {
  const out = list.map((s, i): [number, number] => {
    const a = minuteOf(`${field}[${i}].start`, s.start);
    const b = minuteOf(`${field}[${i}].end`, s.end);
    if (b <= a)
      throw bad(`${field}[${i}]`, {
        en: `ends (${s.end}) before it starts (${s.start})`,
        'zh-CN': `结束时间（${s.end}）早于开始时间（${s.start}）`,
      });
    return [a, b];
  });
  out.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < out.length; i++)
    if (out[i]![0] < out[i - 1]![1])
      throw bad(field, { en: 'working spans overlap', 'zh-CN': '工作时段重叠' });
  return out;
}

function dates(field: string, list: string[]): Set<string> {
  list.forEach((s, i) => {
    if (!parseDate(s))
      throw bad(`${field}[${i}]`, {
        en: `'${s}' is not a date YYYY-MM-DD`,
        'zh-CN': `“${s}”不是 YYYY-MM-DD 格式的日期`,
      });
  });
  return new Set(list);
}

/** Validates a calendar; a date that is both a holiday and a working day is a 400 naming it. */
export function compileCalendar(c: BusinessCalendar, field = 'calendar'): CompiledCalendar {
  if (!isTimeZone(c.timeZone))
    throw bad(`${field}.timeZone`, {
      en: `'${c.timeZone}' is not a time zone`,
      'zh-CN': `“${c.timeZone}”不是时区`,
    });
  const week = new Map<number, Array<[number, number]>>();
  for (const [day, list] of Object.entries(c.hours)) {
    if (!/^[1-7]$/.test(day))
      throw bad(`${field}.hours.${day}`, {
        en: 'weekday must be 1 (Mon) … 7 (Sun)',
        'zh-CN': '星期必须为 1（周一）… 7（周日）',
      });
    week.set(Number(day), spans(`${field}.hours.${day}`, list ?? []));
  }
  const holidays = dates(`${field}.holidays`, c.holidays);
  const workdays = dates(`${field}.workdays`, c.workdays);
  const both = c.workdays.findIndex((d) => holidays.has(d));
  if (both >= 0)
    throw bad(`${field}.workdays[${both}]`, {
      en: `${c.workdays[both]} is both a public holiday and an adjusted working day`,
      'zh-CN': `${c.workdays[both]} 既是法定节假日又是调休工作日`,
    });
  const adjusted = c.adjustedHours
    ? spans(`${field}.adjustedHours`, c.adjustedHours)
    : (week.get(1) ?? []);
  if (workdays.size > 0 && adjusted.length === 0)
    throw bad(`${field}.adjustedHours`, {
      en: 'adjusted working days need working hours (Monday has none)',
      'zh-CN': '调休工作日需要工作时间（周一没有工作时间）',
    });
  return { timeZone: c.timeZone, week, adjusted, holidays, workdays, days: new Map() };
}

/** Working spans of one local date as instants [start, end), in order. */
export function workingIntervals(cal: CompiledCalendar, date: LocalDate): Array<[number, number]> {
  const key = dateKey(date);
  const known = cal.days.get(key);
  if (known) return known;
  const local = cal.holidays.has(key)
    ? []
    : cal.workdays.has(key)
      ? cal.adjusted
      : (cal.week.get(weekdayOf(date)) ?? []);
  const out = local.map(([a, b]): [number, number] => [
    zonedInstant(date, a, cal.timeZone),
    zonedInstant(date, b, cal.timeZone),
  ]);
  if (cal.days.size > 50_000) cal.days.clear();
  cal.days.set(key, out);
  return out;
}

/** True when the calendar has working time on some weekday or adjusted day. */
export const hasWorkingTime = (cal: CompiledCalendar): boolean =>
  [...cal.week.values()].some((s) => s.length > 0) ||
  (cal.workdays.size > 0 && cal.adjusted.length > 0);
