import { describe, expect, it } from 'vitest';
import { solve, validateSchedule } from '../scheduler/index.ts';
import { workingWindows } from './calendar.ts';
import { loadPerDay } from './load.ts';
import { buildPlanInstance, decodeSchedule, type PlanOrder } from './plan-instance.ts';

const H = 3_600_000;
const day = Date.UTC(2026, 0, 5, 0, 0);
const shift = [{ days: [0, 1, 2, 3, 4, 5, 6], start: '08:00', end: '16:00' }];
const horizon = day + 7 * 24 * H;
const stations = ['CUT', 'SEW1', 'SEW2'].map((code) => ({
  code,
  windows: workingWindows(shift, day, horizon),
}));
const order = (id: string, quantity: number, extra: Partial<PlanOrder> = {}): PlanOrder => ({
  id,
  quantity,
  release: day,
  due: day + 16 * H,
  operations: [
    { operation: 'cut', stations: [{ station: 'CUT', minutesPerUnit: 1, setupMinutes: 10 }] },
    {
      operation: 'sew',
      stations: [
        { station: 'SEW1', minutesPerUnit: 10 },
        { station: 'SEW2', minutesPerUnit: 12 },
      ],
    },
  ],
  ...extra,
});

describe('plan instance', () => {
  it('maps orders to jobs whose schedule respects shifts, and back to dated bars', () => {
    const orders = [order('a', 30), order('b', 30), order('c', 10)];
    const m = buildPlanInstance(stations, orders, day, horizon);
    expect(m.instance.jobs[0]!.operations[1]!.options).toEqual([
      { machine: 1, duration: 300 },
      { machine: 2, duration: 360 },
    ]);
    const r = solve(m.instance, { maxIterations: 200, seed: 1, timeLimitMs: 60_000 });
    expect(validateSchedule(m.instance, r.schedule)).toEqual([]);
    const bars = decodeSchedule(m, r.schedule);
    expect(bars).toHaveLength(6);
    for (const b of bars) {
      const from = new Date(b.start).getUTCHours() + new Date(b.start).getUTCMinutes() / 60;
      expect(from).toBeGreaterThanOrEqual(8);
      expect(b.end - Date.UTC(2026, 0, new Date(b.start).getUTCDate(), 16)).toBeLessThanOrEqual(0);
    }
  });

  it('pins a started operation to its station and drops finished ones', () => {
    const o = order('a', 5);
    o.operations[0]!.finishedAt = day + 8.5 * H;
    o.operations[1]!.started = { station: 'SEW2', at: day + 9 * H };
    const m = buildPlanInstance(stations, [o], day + 10 * H, horizon);
    expect(m.instance.jobs[0]!.operations).toHaveLength(1);
    expect(m.instance.jobs[0]!.operations[0]!.options).toEqual([{ machine: 2, duration: 60 }]);
    expect(m.instance.frozen!.operations).toEqual([{ job: 0, op: 0, machine: 2, start: 0 }]);
    const bars = decodeSchedule(m, solve(m.instance, { maxIterations: 10, seed: 1 }).schedule);
    expect(bars).toEqual([
      {
        orderId: 'a',
        op: 1,
        operation: 'sew',
        station: 'SEW2',
        start: day + 9 * H,
        end: day + 10 * H,
      },
    ]);
  });

  it('colour changes become sequence-dependent setups the schedule respects', () => {
    const red = { family: 'colour=RED', minutes: 30 };
    const black = { family: 'colour=BLACK', minutes: 45 };
    const orders = [
      order('a', 5, { changeover: red }),
      order('b', 5, { changeover: black }),
      order('c', 5, { changeover: red }),
    ];
    const m = buildPlanInstance(stations, orders, day, horizon);
    expect(m.instance.jobs.map((j) => j.family)).toEqual([1, 2, 1]);
    expect(m.instance.setups!.times).toEqual([
      [0, 30, 45],
      [0, 0, 45],
      [0, 30, 0],
    ]);
    const r = solve(m.instance, { maxIterations: 200, seed: 2, timeLimitMs: 60_000 });
    expect(validateSchedule(m.instance, r.schedule)).toEqual([]);
    // on the single cutter, consecutive orders of different colours are at least the changeover apart
    const cuts = decodeSchedule(m, r.schedule)
      .filter((b) => b.station === 'CUT')
      .sort((x, y) => x.start - y.start);
    const fam = new Map(orders.map((o) => [o.id, o.changeover!]));
    for (let i = 1; i < cuts.length; i++) {
      const [p, q] = [fam.get(cuts[i - 1]!.orderId)!, fam.get(cuts[i]!.orderId)!];
      if (p.family !== q.family)
        expect(cuts[i]!.start - cuts[i - 1]!.end).toBeGreaterThanOrEqual(q.minutes * 60_000);
    }
  });

  it('rejects a routing naming an unknown station', () => {
    const o = order('a', 1);
    o.operations[0]!.stations[0]!.station = 'LASER';
    expect(() => buildPlanInstance(stations, [o], day, horizon)).toThrow(/station 'LASER'/);
  });

  it('load per station and line per day against calendar minutes', () => {
    const bars = [
      { station: 'SEW1', start: day + 8 * H, end: day + 12 * H },
      { station: 'SEW2', start: day + 24 * H + 8 * H, end: day + 24 * H + 10 * H },
    ];
    const inputs = stations.map((s) => ({
      station: s.code,
      line: s.code === 'SEW2' ? 'B' : 'A',
      windows: s.windows,
    }));
    const r = loadPerDay(inputs, bars, day, 2);
    const sew1 = r.stations.find((x) => x.station === 'SEW1' && x.day === '2026-01-05')!;
    expect(sew1).toMatchObject({ loadMinutes: 240, availableMinutes: 480, utilisation: 0.5 });
    const lineA = r.lines.find((x) => x.line === 'A' && x.day === '2026-01-05')!;
    expect(lineA).toMatchObject({ loadMinutes: 240, availableMinutes: 960, utilisation: 0.25 });
    expect(r.lines.find((x) => x.line === 'B' && x.day === '2026-01-06')!.loadMinutes).toBe(120);
  });
});
