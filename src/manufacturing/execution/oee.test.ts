import { describe, expect, it } from 'vitest';
import { workingWindows } from '../capacity/calendar.ts';
import { computeOee } from './oee.ts';

const H = 3_600_000;
const day = Date.UTC(2026, 0, 5); // a Monday

describe('OEE (ISO 22400-2)', () => {
  it('availability × effectiveness × quality from runs and the calendar', () => {
    // 8 h shift; runs 6 h in total; 300 pieces at a planned 1 min each; 15 scrapped.
    const cal = workingWindows([{ days: [1], start: '08:00', end: '16:00' }], day, day + 24 * H);
    const runs = [
      { start: day + 8 * H, end: day + 11 * H, produced: 150, scrap: 10, plannedMinutesPerUnit: 1 },
      { start: day + 12 * H, end: day + 15 * H, produced: 150, scrap: 5, plannedMinutesPerUnit: 1 },
    ];
    const o = computeOee(cal, runs, day, day + 24 * H, day + 24 * H);
    expect(o.plannedBusyMinutes).toBe(480);
    expect(o.actualProductionMinutes).toBe(360);
    expect(o.availability).toBeCloseTo(0.75, 12);
    expect(o.effectiveness).toBeCloseTo(300 / 360, 12);
    expect(o.quality).toBeCloseTo(285 / 300, 12);
    expect(o.oee).toBeCloseTo(0.75 * (300 / 360) * (285 / 300), 12);
  });

  it('counts a running operation up to now and no quantity until it finishes', () => {
    const cal = workingWindows([{ days: [1], start: '08:00', end: '16:00' }], day, day + 24 * H);
    const o = computeOee(
      cal,
      [{ start: day + 8 * H, produced: 0, scrap: 0, plannedMinutesPerUnit: 1 }],
      day,
      day + 24 * H,
      day + 10 * H,
    );
    expect(o.actualProductionMinutes).toBe(120);
    expect(o.producedQuantity).toBe(0);
    expect(o.quality).toBeNull();
    expect(o.oee).toBeNull();
  });

  it('shifts past midnight and weekday filters', () => {
    const ws = workingWindows([{ days: [1], start: '22:00', end: '06:00' }], day, day + 3 * 24 * H);
    expect(ws).toEqual([[day + 22 * H, day + 30 * H]]);
  });

  it('flags a performance above 100 % with its cause instead of reporting it', () => {
    // The case: 480 % — 48 pieces at a planned 10 min each reported in 100 minutes.
    const cal = workingWindows([{ days: [1], start: '08:00', end: '16:00' }], day, day + 24 * H);
    const run = {
      start: day + 8 * H,
      end: day + 8 * H + 100 * 60_000,
      produced: 48,
      scrap: 0,
      plannedMinutesPerUnit: 10,
      orderId: 'po_1',
      op: 1,
      operation: 'sewing',
    };
    const o = computeOee(cal, [run], day, day + 24 * H, day + 24 * H);
    expect(o.effectiveness).toBeNull();
    expect(o.oee).toBeNull();
    expect(o.availability).toBeCloseTo(100 / 480, 12);
    const codes = o.flags.map((f) => f.code);
    expect(codes).toEqual(['cycle-time-contradicts-counts', 'performance-above-100']);
    expect(o.flags[0]).toMatchObject({ orderId: 'po_1', op: 1 });
    expect(o.flags[0]!.reason).toMatch(
      /production order po_1, operation 1 \(sewing\) reports 48 pieces in 100 min/,
    );
    expect(o.flags[1]!.performance).toBeCloseTo(4.8, 12);
    expect(o.flags[1]!.reason).toMatch(/effectiveness would be 480 %/);
  });

  it('flags counts with no planned time per piece', () => {
    const cal = workingWindows([{ days: [1], start: '08:00', end: '16:00' }], day, day + 24 * H);
    const run = {
      start: day + 8 * H,
      end: day + 9 * H,
      produced: 5,
      scrap: 0,
      plannedMinutesPerUnit: 0,
    };
    const o = computeOee(cal, [run], day, day + 24 * H, day + 24 * H);
    expect(o.flags.map((f) => f.code)).toEqual(['ideal-cycle-time-missing']);
    expect(o.oee).toBeNull();
  });

  it('raises no flag on consistent inputs', () => {
    const cal = workingWindows([{ days: [1], start: '08:00', end: '16:00' }], day, day + 24 * H);
    const run = {
      start: day + 8 * H,
      end: day + 9 * H,
      produced: 50,
      scrap: 0,
      plannedMinutesPerUnit: 1,
    };
    expect(computeOee(cal, [run], day, day + 24 * H, day + 24 * H).flags).toEqual([]);
  });
});
