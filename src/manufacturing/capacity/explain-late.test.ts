import { describe, expect, it } from 'vitest';
import { explainLateOrders } from './explain-late.ts';
import type { PlanOrder, PlannedOperation } from './plan-instance.ts';

const M = 60_000;
const order = (id: string, due: number, release = 0): PlanOrder => ({
  id,
  label: `production order ${id}`,
  quantity: 1,
  release,
  due,
  operations: [{ operation: 'sewing', stations: [{ station: 'S1', minutesPerUnit: 60 }] }],
});
const bar = (orderId: string, start: number, end: number): PlannedOperation => ({
  orderId,
  op: 0,
  operation: 'sewing',
  station: 'S1',
  start: start * M,
  end: end * M,
});
// Station open 0–240 and 300–600 (closed 240–300).
const stations = [
  {
    code: 'S1',
    windows: [
      [0, 240 * M],
      [300 * M, 600 * M],
    ] as [number, number][],
  },
];

describe('late-order explanations', () => {
  it('names the order that kept the station busy', () => {
    const late = explainLateOrders(
      [order('A', 200 * M), order('B', 70 * M)],
      [bar('A', 0, 120), bar('B', 120, 180)],
      stations,
    );
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({
      orderId: 'B',
      tardinessMinutes: 110,
      cause: 'station-busy',
      bottleneck: { station: 'S1', waitingMinutes: 120, busyMinutes: 120, blockingOrders: ['A'] },
    });
    expect(late[0]!.reason).toMatch(
      /waits 120 min, 120 min of it while S1 runs production order A$/,
    );
  });

  it('names the blocking orders as people know them, in both languages', () => {
    const named = (id: string, due: number) => ({
      ...order(id, due),
      label: `customer order CO-${id}`,
      name: { en: `customer order CO-${id}`, 'zh-CN': `客户订单 CO-${id}` },
    });
    const late = explainLateOrders(
      [named('A', 200 * M), named('B', 70 * M)],
      [bar('A', 0, 120), bar('B', 120, 180)],
      stations,
    );
    expect(late[0]!.name).toEqual({ en: 'customer order CO-B', 'zh-CN': '客户订单 CO-B' });
    expect(late[0]!.bottleneck!.blockingOrders).toEqual(['A']);
    expect(late[0]!.bottleneck!.blockingOrderNames).toEqual([
      { en: 'customer order CO-A', 'zh-CN': '客户订单 CO-A' },
    ]);
    expect(late[0]!.reason).toMatch(/while S1 runs customer order CO-A$/);
  });

  it('blames closed time when the wait is a break', () => {
    const late = explainLateOrders([order('C', 330 * M, 240 * M)], [bar('C', 300, 360)], stations);
    expect(late[0]).toMatchObject({
      cause: 'closed-time',
      bottleneck: { waitingMinutes: 60, closedMinutes: 60, busyMinutes: 0 },
    });
  });

  it('says work content when the order would be late even without waiting', () => {
    const late = explainLateOrders([order('D', 30 * M)], [bar('D', 0, 60)], stations);
    expect(late[0]).toMatchObject({ cause: 'work-content', bottleneck: null, workMinutes: 60 });
    expect(late[0]!.reason).toMatch(/late even without waiting/);
  });

  it('leaves on-time orders out', () => {
    expect(explainLateOrders([order('E', 100 * M)], [bar('E', 0, 60)], stations)).toEqual([]);
  });
});
