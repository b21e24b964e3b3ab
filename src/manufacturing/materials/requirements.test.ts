import { describe, expect, it } from 'vitest';
import { planMaterials, type MaterialDemand } from './requirements.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1);

describe('material requirements', () => {
  const zipFor = (orderId: string, quantity: number, day: number): MaterialDemand => ({
    orderId,
    item: 'ZIP-70',
    unit: 'pc',
    quantity,
    neededAt: T0 + day * DAY,
  });

  it('nets two orders sharing a component against stock, in need order', () => {
    const r = planMaterials(
      [zipFor('po_b', 30, 3), zipFor('po_a', 25, 1)],
      [{ item: 'ZIP-70', unit: 'pc', onHand: 40, leadTimeDays: 5 }],
      [],
      T0,
    );
    expect(r.items).toEqual([
      {
        item: 'ZIP-70',
        unit: 'pc',
        onHand: 40,
        gross: 55,
        scheduledReceipts: 0,
        net: 15,
        projected: -15,
        orders: ['po_b', 'po_a'],
      },
    ]);
    // po_a (day 1) takes 25 of 40; po_b (day 3) finds 15 and is short 15, to order 5 days before.
    expect(r.proposals).toEqual([
      {
        item: 'ZIP-70',
        unit: 'pc',
        quantity: 15,
        neededAt: T0 + 3 * DAY,
        orderBy: T0 - 2 * DAY,
        late: true,
        orderId: 'po_b',
      },
    ]);
    expect(r.expedite).toEqual([]);
  });

  it('counts a purchase order due in time, and asks to expedite one due too late', () => {
    const demands = [zipFor('po_a', 25, 1), zipFor('po_b', 30, 3)];
    const stock = [{ item: 'ZIP-70', unit: 'pc', onHand: 40, leadTimeDays: 0 }];
    const inTime = planMaterials(
      demands,
      stock,
      [{ purchaseOrderId: 'pu_1', item: 'ZIP-70', quantity: 20, dueAt: T0 + 2 * DAY }],
      T0,
    );
    expect(inTime.proposals).toEqual([]);
    expect(inTime.items[0]!.projected).toBe(5);
    const tooLate = planMaterials(
      demands,
      stock,
      [{ purchaseOrderId: 'pu_1', item: 'ZIP-70', quantity: 10, dueAt: T0 + 9 * DAY }],
      T0,
    );
    expect(tooLate.expedite).toEqual([
      {
        purchaseOrderId: 'pu_1',
        item: 'ZIP-70',
        quantity: 10,
        dueAt: T0 + 9 * DAY,
        neededAt: T0 + 3 * DAY,
        orderId: 'po_b',
      },
    ]);
    expect(tooLate.proposals.map((p) => [p.quantity, p.late])).toEqual([[5, false]]);
  });

  it('keeps fractional BOM quantities exact to the millionth and ignores what is fully issued', () => {
    const r = planMaterials(
      [
        { orderId: 'po_a', item: 'DOWN-DUCK90', unit: 'kg', quantity: 0.2 * 13, neededAt: T0 },
        { orderId: 'po_b', item: 'DOWN-DUCK90', unit: 'kg', quantity: 0, neededAt: T0 },
      ],
      [],
      [],
      T0,
    );
    expect(r.items[0]).toMatchObject({ gross: 2.6, net: 2.6, orders: ['po_a'] });
    expect(r.proposals[0]!.quantity).toBe(2.6);
  });
});
