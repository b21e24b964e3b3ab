// The SLA clock in business time: add business time to an instant (a deadline), business time
// elapsed between two instants less pauses (on hold waiting for the customer, when the contract
// says so), and the state of a response or resolution clock (ok, warning, breached, met).
// Pure functions over a compiled calendar; instants are epoch ms.
import { RongheError, localDateOf, nextDate, type LocalDate } from '../../kernel/index.ts';
import { workingIntervals, hasWorkingTime, type CompiledCalendar } from './calendar.ts';

/** A pause of the clock; `to` null while it lasts. */
export interface Pause {
  from: number;
  to: number | null;
}

/** How far ahead a deadline is searched: ten years of dates. */
const MAX_DAYS = 3660;
const MINUTE = 60_000;

/** Pauses sorted and merged, open pauses running to +∞. */
function merged(pauses: readonly Pause[]): Array<[number, number]> {
  const list = pauses
    .map((p): [number, number] => [p.from, p.to ?? Infinity])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of list) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** [a, b) less the pauses, as the running pieces left. */
function minus(a: number, b: number, pauses: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cursor = a;
  for (const [p, q] of pauses) {
    if (q <= cursor || p >= b) continue;
    if (p > cursor) out.push([cursor, p]);
    cursor = Math.max(cursor, q);
    if (cursor >= b) break;
  }
  if (cursor < b) out.push([cursor, b]);
  return out;
}

/** Running business time from `from` onward, piece by piece, day by day. */
function* running(
  cal: CompiledCalendar,
  from: number,
  pauses: readonly Pause[],
): Generator<[number, number]> {
  if (!hasWorkingTime(cal))
    throw new RongheError(
      'RONGHE_VALIDATION',
      { en: 'calendar: has no working time', 'zh-CN': 'calendar：日历中没有工作时间' },
      [{ field: 'calendar', reason: 'has no working time' }],
    );
  const stops = merged(pauses);
  const open = stops.find((s) => s[1] === Infinity);
  let date: LocalDate = localDateOf(from, cal.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    for (const [a, b] of workingIntervals(cal, date)) {
      if (b <= from) continue;
      if (open && Math.max(a, from) >= open[0]) {
        yield [open[0], Infinity]; // the clock stands still from here on
        return;
      }
      yield* minus(Math.max(a, from), b, stops);
    }
  }
}

/** Business milliseconds in [from, to) less the pauses. */
export function businessMsBetween(
  cal: CompiledCalendar,
  from: number,
  to: number,
  pauses: readonly Pause[] = [],
): number {
  if (to <= from) return 0;
  let total = 0;
  for (const [a, b] of running(cal, from, pauses)) {
    if (a >= to || b === Infinity) break;
    total += Math.min(b, to) - a;
  }
  return total;
}

/**
 * The instant at which `ms` of business time have run from `start`, the pauses not counting;
 * null while an open pause stops the clock before then.
 */
export function addBusinessMs(
  cal: CompiledCalendar,
  start: number,
  ms: number,
  pauses: readonly Pause[] = [],
): number | null {
  if (ms <= 0) return start;
  let left = ms;
  for (const [a, b] of running(cal, start, pauses)) {
    if (b === Infinity) return null;
    if (b - a >= left) return a + left;
    left -= b - a;
  }
  throw new RongheError(
    'RONGHE_VALIDATION',
    { en: 'calendar: no deadline within ten years', 'zh-CN': 'calendar：十年内算不出截止时间' },
    [{ field: 'calendar', reason: 'too little working time for the SLA' }],
  );
}

export const addBusinessMinutes = (
  cal: CompiledCalendar,
  start: number,
  minutes: number,
  pauses: readonly Pause[] = [],
): number | null => addBusinessMs(cal, start, minutes * MINUTE, pauses);

export type SlaState = 'ok' | 'warning' | 'breached' | 'met';

export interface SlaClock {
  targetMinutes: number;
  /** Business minutes run so far (or until the clock stopped), pauses excluded. */
  elapsedMinutes: number;
  /** When the target is reached; null while paused. */
  dueAt: number | null;
  state: SlaState;
}

/**
 * One clock of a work order: started at `start`, stopped at `stoppedAt` (responded or resolved)
 * or still running at `now`. Warning once `warnFraction` of the target has run (default 80 %);
 * finishing exactly at the deadline meets it.
 */
export function slaClock(
  cal: CompiledCalendar,
  c: {
    start: number;
    targetMinutes: number;
    stoppedAt: number | null;
    now: number;
    pauses?: readonly Pause[];
    warnFraction?: number;
  },
): SlaClock {
  const pauses = c.pauses ?? [];
  const end = c.stoppedAt ?? c.now;
  const elapsed = businessMsBetween(cal, c.start, end, pauses);
  const target = c.targetMinutes * MINUTE;
  const state: SlaState =
    c.stoppedAt !== null
      ? elapsed <= target
        ? 'met'
        : 'breached'
      : elapsed > target
        ? 'breached'
        : elapsed >= (c.warnFraction ?? 0.8) * target
          ? 'warning'
          : 'ok';
  // The deadline as known at `end`: a pause still open at `end` stops it.
  const known = pauses.map((p) => (p.to === null || p.to > end ? { from: p.from, to: null } : p));
  return {
    targetMinutes: c.targetMinutes,
    elapsedMinutes: Math.round((elapsed / MINUTE) * 100) / 100,
    dueAt: addBusinessMs(cal, c.start, target, c.stoppedAt !== null ? pauses : known),
    state,
  };
}
