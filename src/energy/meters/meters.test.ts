import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../mv/index.ts';
import { kilowattHours } from '../../kernel/index.ts';
import { coverage, dailyUsage, hourlyUsage, type UsageBucket } from './daily.ts';
import {
  gigajoules,
  gigajoulesToKilowattHours,
  kilowattHoursToGigajoules,
  checkUnit,
  toKilowattHours,
} from './units.ts';
import { checkNoCycle, combineDaily, type VirtualTerm } from './virtual.ts';

const off = 480;
const day0 = Date.UTC(2026, 0, 1) - off * 60_000; // local midnight, Beijing
const bucket = (ms: number, sum: number, last = sum): UsageBucket => ({
  start: ms,
  sum,
  count: 1,
  last,
});

describe('daily usage from hourly rollups', () => {
  it('sums interval use per local day', () => {
    const b = Array.from({ length: 48 }, (_, h) => bucket(day0 + h * HOUR_MS, 2));
    const d = dailyUsage(b, 'interval', { fromMs: day0, toMs: day0 + 2 * DAY_MS, offsetMin: off });
    expect(d.map((x) => x.value)).toEqual([48, 48]);
  });
  it('differences a cumulative register at day boundaries, starting from the day before', () => {
    const b = [
      bucket(day0 - HOUR_MS, 0, 1000),
      bucket(day0 + 5 * HOUR_MS, 0, 1010),
      bucket(day0 + 23 * HOUR_MS, 0, 1030),
      bucket(day0 + DAY_MS + 2 * HOUR_MS, 0, 1045),
    ];
    const d = dailyUsage(b, 'register', { fromMs: day0, toMs: day0 + 3 * DAY_MS, offsetMin: off });
    expect(d[0]!.value).toBe(30);
    expect(d[1]!.value).toBe(15);
    expect(d[2]!.value).toBeNaN();
    expect(coverage(d)).toBeCloseTo(2 / 3, 12);
  });
  it('takes the reading at local midnight as the boundary, not the last one before it', () => {
    // A meter read on the hour whose use grows through the day: the register h hours after
    // day0 reads (h + 1)² kWh, from 23:00 the day before to 00:00 after the second day.
    const reg = (h: number) => (h + 1) ** 2;
    const b = Array.from({ length: 24 * 2 + 2 }, (_, k) => {
      const h = k - 1;
      return { ...bucket(day0 + h * HOUR_MS, 0, reg(h)), first: reg(h) };
    });
    const d = dailyUsage(b, 'register', { fromMs: day0, toMs: day0 + 2 * DAY_MS, offsetMin: off });
    // 00:00 to 24:00 (the last readings before midnight would give 23:00 to 23:00: 576, 1728).
    expect(d.map((x) => x.value)).toEqual([reg(24) - reg(0), reg(48) - reg(24)]);
    // Without the closing midnight reading the second day ends at its last one (23:00).
    const open = dailyUsage(b.slice(0, -1), 'register', {
      fromMs: day0,
      toMs: day0 + 2 * DAY_MS,
      offsetMin: off,
    });
    expect(open.map((x) => x.value)).toEqual([reg(24) - reg(0), reg(47) - reg(24)]);
  });
});

describe('hourly usage for the hourly method', () => {
  it('takes interval sums, and register differences only between adjacent hours', () => {
    const b = [
      bucket(day0, 0, 100),
      bucket(day0 + HOUR_MS, 0, 104),
      bucket(day0 + 3 * HOUR_MS, 0, 110),
    ];
    const range = { fromMs: day0 + HOUR_MS, toMs: day0 + DAY_MS };
    const reg = hourlyUsage(b, 'register', range);
    expect(reg[0]).toEqual([day0 + HOUR_MS, 4]);
    expect(reg[1]![1]).toBeNaN();
    expect(hourlyUsage(b, 'interval', range).map(([, v]) => v)).toEqual([0, 0]);
  });
});

describe('virtual meters', () => {
  const defs: Record<string, VirtualTerm[]> = {
    v1: [
      { meterId: 'a', sign: 1 },
      { meterId: 'b', sign: -1 },
    ],
    v2: [{ meterId: 'v1', sign: 1 }],
  };
  it('refuses a cycle and names the path', () => {
    expect(() => checkNoCycle('v1', [{ meterId: 'v2', sign: 1 }], (m) => defs[m] ?? [])).toThrow(
      /v1 → v2 → v1/,
    );
    expect(() =>
      checkNoCycle('v3', [{ meterId: 'v2', sign: 1 }], (m) => defs[m] ?? []),
    ).not.toThrow();
  });
  it('adds and subtracts day by day; a missing day stays missing', () => {
    const a = [
      { dayMs: 0, value: 10, samples: 24 },
      { dayMs: DAY_MS, value: 12, samples: 24 },
    ];
    const b = [
      { dayMs: 0, value: 4, samples: 24 },
      { dayMs: DAY_MS, value: Number.NaN, samples: 0 },
    ];
    const c = combineDaily([
      { sign: 1, days: a },
      { sign: -1, days: b },
    ]);
    expect(c[0]!.value).toBe(6);
    expect(c[1]!.value).toBeNaN();
  });
});

describe('units', () => {
  it('converts GJ and kWh by name only, and checks units per kind', () => {
    expect(gigajoulesToKilowattHours(gigajoules(1))).toBeCloseTo(277.7778, 4);
    expect(kilowattHoursToGigajoules(kilowattHours(277.7778))).toBeCloseTo(1, 6);
    expect(toKilowattHours('m3', 5)).toBeNull();
    expect(() => checkUnit('water', 'kWh')).toThrow(/unit: a water meter/);
  });
});
