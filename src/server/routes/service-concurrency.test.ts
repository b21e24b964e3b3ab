// Conflicts over HTTP on each database: of two technicians closing the same order one wins and the
// other gets a 409 with the reason; of two reservations of the last unit one gets a 409 and stock
// never goes negative.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceScene } from '../../../test/service-scene.ts';
import { cst, type ServiceWorld } from '../../../test/service-world.ts';
import type { WorkOrder } from '../../service/index.ts';

describeEachDatabase('service concurrency over HTTP', (t) => {
  let s: ServiceWorld;
  let ids: Record<string, string>;
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    ({ s, ids } = await createServiceScene(t));
  });
  afterAll(() => s?.close());

  it('lets one of two technicians closing the same order win; the other gets 409 with the reason', async () => {
    s.clock.now = cst('2026-11-02T10:00');
    const wo = json<WorkOrder>(
      await s.call('technician', 'POST', '/work-orders', {
        assetId: s.w.assets.A1,
        title: 'Check',
        priority: 'low',
      }),
    );
    await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, { technicianId: ids.li! });
    await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to: 'in_progress' });
    const done = json<WorkOrder>(
      await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to: 'done' }),
    );
    const close = (who: 'technician' | 'engineer') =>
      s.call(who, 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'closed',
        version: done.version,
      });
    const both = await Promise.all([close('technician'), close('engineer')]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lost = both.find((r) => r.statusCode === 409)!;
    expect(json<{ code: string; message: string }>(lost)).toMatchObject({
      code: 'RONGHE_CONFLICT',
    });
    expect(json<{ message: string }>(lost).message).toMatch(/version|someone else/);
    const events = json<{ items: Array<{ to: string }> }>(
      await s.call('engineer', 'GET', `/work-orders/${wo.id}/history`),
    );
    expect(events.items.filter((e) => e.to === 'closed')).toHaveLength(1);
  });

  it('gives one of two reservations of the last unit a 409; stock never goes negative', async () => {
    s.clock.now = cst('2026-11-03T10:00');
    const part = json<{ id: string }>(
      await s.call('engineer', 'POST', '/parts', {
        sku: 'BRG-6205',
        name: 'Bearing 6205',
        fits: [],
        unitCostFen: 5_000,
        reorderPoint: 2,
        reorderQty: 10,
      }),
    );
    const depot = json<{ id: string }>(
      await s.call('engineer', 'POST', '/warehouses', { name: 'Suzhou depot', kind: 'depot' }),
    );
    await s.call('engineer', 'POST', '/stock/receive', {
      warehouseId: depot.id,
      partId: part.id,
      qty: 1,
    });
    const orders = await Promise.all(
      [1, 2].map(async (i) =>
        json<WorkOrder>(
          await s.call('technician', 'POST', '/work-orders', {
            assetId: s.w.assets.A1,
            title: `Bearing ${i}`,
            priority: 'medium',
          }),
        ),
      ),
    );
    const res = await Promise.all(
      orders.map((o) =>
        s.call('technician', 'POST', '/reservations', {
          workOrderId: o.id,
          partId: part.id,
          warehouseId: depot.id,
          qty: 1,
        }),
      ),
    );
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(json<{ message: string }>(res.find((r) => r.statusCode === 409)!).message).toMatch(
      /only 0 available/,
    );
    const stock = json<{ items: Array<{ onHand: number; reserved: number; available: number }> }>(
      await s.call('engineer', 'GET', `/stock?partId=${part.id}`),
    );
    expect(stock.items).toEqual([
      expect.objectContaining({ onHand: 1, reserved: 1, available: 0 }),
    ]);
    const proposals = json<{ items: Array<{ partId: string; proposedQty: number }> }>(
      await s.call('engineer', 'GET', '/reorder-proposals'),
    );
    expect(proposals.items.find((p) => p.partId === part.id)).toMatchObject({ proposedQty: 10 });
    // Transfer more than is available: 409 and nothing moved.
    const van = json<{ id: string }>(
      await s.call('engineer', 'POST', '/warehouses', { name: 'Wang van', kind: 'van' }),
    );
    const tr = await s.call('engineer', 'POST', '/stock/transfer', {
      partId: part.id,
      fromWarehouseId: depot.id,
      toWarehouseId: van.id,
      qty: 1,
    });
    expect(tr.statusCode).toBe(409);
    // Cancelling the order that holds the unit releases it.
    const holder = orders.find((_, i) => res[i]!.statusCode === 201)!;
    const cancel = await s.call('technician', 'POST', `/work-orders/${holder.id}/transitions`, {
      to: 'cancelled',
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const after = json<{ items: Array<{ available: number }> }>(
      await s.call('engineer', 'GET', `/stock?partId=${part.id}`),
    );
    expect(after.items[0]!.available).toBe(1);
  });
});
