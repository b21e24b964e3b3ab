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
});
