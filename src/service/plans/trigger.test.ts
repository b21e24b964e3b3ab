// The due-point arithmetic of maintenance plans, by hand: monthly plans keep the start's day of
// month clamped to short months, due points are local times in the plan's zone, a lead time opens
// the order early, and usage counts running time (capped across silent gaps), rising crossings
// and counter increases with resets.
import { describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  accumulateUsage,
  calendarDue,
  latestCalendarDue,
  latestUsageDue,
  type CalendarTrigger,
  type UsageTrigger,
} from './trigger.ts';

const monthly: CalendarTrigger = {
  kind: 'calendar',
  every: 1,
  unit: 'month',
  startDate: '2026-01-31',
  atTime: '08:00',
  leadDays: 0,
  timeZone: null,
};

describe('calendar due points', () => {
  it('clamps month ends and keeps the start day afterwards', () => {
    const keys = [0, 1, 2, 3, 12, 13].map((n) => calendarDue(monthly, 'Asia/Shanghai', n).key);
    expect(keys).toEqual([
      'cal:2026-01-31',
      'cal:2026-02-28',
      'cal:2026-03-31',
      'cal:2026-04-30',
      'cal:2027-01-31',
      'cal:2027-02-28',
    ]);
  });

  it('puts the due point at the local time of the zone', () => {
    expect(calendarDue(monthly, 'Asia/Shanghai', 0).dueAt).toBe(Date.parse('2026-01-31T00:00Z'));
    // New York in summer time (UTC−4) for the July point.
    expect(calendarDue(monthly, 'America/New_York', 6).dueAt).toBe(Date.parse('2026-07-31T12:00Z'));
  });

  it('finds the latest point reached, minus the lead time, not before the plan existed', () => {
    const z = 'Asia/Shanghai';
    const at = (s: string) => Date.parse(`${s}+08:00`);
    expect(latestCalendarDue(monthly, z, at('2026-01-31T07:59'), 0)).toBeUndefined();
    expect(latestCalendarDue(monthly, z, at('2026-05-30T00:00'), 0)?.key).toBe('cal:2026-04-30');
    const lead = { ...monthly, leadDays: 3 };
    expect(latestCalendarDue(lead, z, at('2026-05-28T08:00'), 0)?.key).toBe('cal:2026-05-31');
    expect(latestCalendarDue(monthly, z, at('2026-05-30T00:00'), at('2026-05-01T00:00'))).toBe(
      undefined,
    );
    const weekly = { ...monthly, unit: 'week' as const, every: 2, startDate: '2026-01-05' };
    expect(latestCalendarDue(weekly, z, at('2026-03-02T08:00'), 0)?.key).toBe('cal:2026-03-02');
    expect(latestCalendarDue(weekly, z, at('2026-03-02T07:00'), 0)?.key).toBe('cal:2026-02-16');
  });
});

describe('usage', () => {
  const base = { usage: 0, baseline: null, lastTs: null, lastValue: null };
  const run: UsageTrigger = {
    kind: 'usage',
    metric: 'running_hours',
    channel: 'p',
    threshold: 1,
    interval: 2,
    maxGapMinutes: 15,
  };
  const min = 60_000;

  it('counts running time sample to sample, a silent gap only up to the cap', () => {
    // Running 0–60 min (samples every 10), silent until 120, idle at 120, running 130–140.
    const pts: Array<[number, number]> = [
      ...[0, 10, 20, 30, 40, 50, 60].map((m): [number, number] => [m * min, 5]),
      [120 * min, 0],
      [130 * min, 5],
      [140 * min, 5],
    ];
    const s = accumulateUsage(run, base, pts);
    // 60 min + 15 min (capped gap 60→120) + 10 min.
    expect(s.usage).toBe(85 * min);
    // Split across two calls: the same figure.
    const a = accumulateUsage(run, base, pts.slice(0, 5));
    expect(accumulateUsage(run, a, pts.slice(5)).usage).toBe(85 * min);
    expect(latestUsageDue(run, 2 * HOUR_MS - 1)).toBeUndefined();
    expect(latestUsageDue(run, 2 * HOUR_MS)?.key).toBe('usage:1');
    expect(latestUsageDue(run, 5 * HOUR_MS)?.key).toBe('usage:2');
  });

  it('counts rising crossings as cycles and counter increases across a reset', () => {
    const cycles = { ...run, metric: 'cycles' as const };
    const pts = [0, 5, 5, 0, 0, 5, 0, 5].map((v, i): [number, number] => [i * min, v]);
    expect(accumulateUsage(cycles, base, pts).usage).toBe(3);
    const counter = { ...run, metric: 'counter' as const };
    const readings = [100, 104, 110, 3, 8].map((v, i): [number, number] => [i * min, v]);
    const s = accumulateUsage(counter, base, readings);
    expect(s.usage).toBe(4 + 6 + 3 + 5);
    expect(s.baseline).toBe(100);
  });
});
