import { describe, expect, it } from 'vitest';
import { RongheError } from '../errors.ts';
import { calendarBoundaries, calendarBucketStart } from './calendar.ts';
import { checkTimeZone, parseTimeParam } from './parse.ts';

const ctx = { now: Date.UTC(2026, 11, 6, 12, 0), timeZone: 'Asia/Shanghai' };
const utc = (...a: [number, number, number, number?, number?]) =>
  Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0);

describe('parseTimeParam', () => {
  it('reads epoch ms, ISO with and without an offset, and relative forms', () => {
    expect(parseTimeParam('from', '1765008000000', ctx)).toBe(1765008000000);
    expect(parseTimeParam('from', '2026-12-06T08:00:00Z', ctx)).toBe(utc(2026, 12, 6, 8));
    expect(parseTimeParam('from', '2026-12-06T08:00+08:00', ctx)).toBe(utc(2026, 12, 6, 0));
    // No offset: the tenant's wall clock (Shanghai 08:00 is 00:00 UTC; a date is local midnight).
    expect(parseTimeParam('from', '2026-12-06T08:00', ctx)).toBe(utc(2026, 12, 6, 0));
    expect(parseTimeParam('from', '2026-12-06', ctx)).toBe(utc(2026, 12, 5, 16));
    expect(parseTimeParam('from', '2026-12-06 08:00:30.5', { ...ctx, timeZone: 'UTC' })).toBe(
      utc(2026, 12, 6, 8) + 30_500,
    );
    expect(parseTimeParam('from', 'now', ctx)).toBe(ctx.now);
    expect(parseTimeParam('from', '-1h', ctx)).toBe(ctx.now - 3_600_000);
    expect(parseTimeParam('from', 'now-7d', ctx)).toBe(ctx.now - 7 * 86_400_000);
    expect(parseTimeParam('from', 'now-15m', ctx)).toBe(ctx.now - 900_000);
    expect(parseTimeParam('from', 'now-1w', ctx)).toBe(ctx.now - 7 * 86_400_000);
    expect(parseTimeParam('to', 'now+30s', ctx)).toBe(ctx.now + 30_000);
    expect(parseTimeParam('to', undefined, ctx, 5)).toBe(5);
  });

  it('refuses anything else with a 400 naming the field', () => {
    for (const bad of ['yesterday', 'now-7y', '2026-02-30', '2026-12-06T25:00', '1h', 'now-']) {
      try {
        parseTimeParam('from', bad, ctx);
        expect.unreachable(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(RongheError);
        expect((e as RongheError).status).toBe(400);
        expect((e as RongheError).message).toMatch(/^from: /);
      }
    }
    expect(() => parseTimeParam('to', undefined, ctx)).toThrow(/to: is required/);
  });
});

describe('zones and calendar buckets', () => {
  it('validates IANA names and spells them canonically', () => {
    expect(checkTimeZone('timeZone', 'asia/shanghai')).toBe('Asia/Shanghai');
    expect(checkTimeZone('timeZone', 'UTC')).toBe('UTC');
    expect(() => checkTimeZone('timeZone', 'Mars/Olympus')).toThrow(/timeZone: 'Mars\/Olympus'/);
  });

  it('cuts days, ISO weeks and months at local midnight', () => {
    const z = 'Asia/Shanghai';
    // 2026-12-06 00:30 Shanghai belongs to the day starting 2026-12-05 16:00 UTC.
    expect(calendarBucketStart(utc(2026, 12, 5, 16, 30), { kind: 'day', days: 1 }, z)).toBe(
      utc(2026, 12, 5, 16),
    );
    // Sunday 2026-12-06 is in the week of Monday 2026-11-30.
    expect(calendarBucketStart(utc(2026, 12, 6, 3), { kind: 'week' }, z)).toBe(
      utc(2026, 11, 29, 16),
    );
    expect(calendarBoundaries(utc(2026, 1, 15), utc(2026, 3, 2), { kind: 'month' }, z)).toEqual([
      utc(2025, 12, 31, 16),
      utc(2026, 1, 31, 16),
      utc(2026, 2, 28, 16),
      utc(2026, 3, 31, 16),
    ]);
    // Berlin's spring-forward day is 23 hours long.
    const b = calendarBoundaries(
      utc(2026, 3, 29, 0),
      utc(2026, 3, 29, 1),
      { kind: 'day', days: 1 },
      'Europe/Berlin',
    );
    expect(b[1]! - b[0]!).toBe(23 * 3_600_000);
  });
});
