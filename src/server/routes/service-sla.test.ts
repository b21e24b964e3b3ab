// SLA clocks over HTTP on each database: a resolution SLA that runs over the 2026 National Day
// holiday is breached by business time, with the warning before the breach.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceScene } from '../../../test/service-scene.ts';
import { cst, type ServiceWorld } from '../../../test/service-world.ts';
import type { WorkOrder } from '../../service/index.ts';

describeEachDatabase('service SLA clocks over HTTP', (t) => {
  let s: ServiceWorld;
  let ids: Record<string, string>;
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    ({ s, ids } = await createServiceScene(t));
  });
  afterAll(() => s?.close());

  it('breaches a resolution SLA that runs over the National Day holiday', async () => {
    s.clock.now = cst('2026-09-30T15:00');
    const r = await s.call('technician', 'POST', '/work-orders', {
      assetId: s.w.assets.A1a,
      title: 'Compressor noise',
      priority: 'high',
    });
    const wo = json<WorkOrder>(r);
    // Wed 3 h, 10-01..10-07 off, Thu 10-08 09:00 + 5 h.
    expect(wo.sla.resolution?.dueAt).toBe(cst('2026-10-08T14:00'));
    await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, { technicianId: ids.wang! });
    s.clock.now = cst('2026-10-08T09:30');
    const started = json<WorkOrder>(
      await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'in_progress',
      }),
    );
    // Response: Wed 3 h + Thu 0.5 h = 210 min > 120.
    expect(started.sla.response).toMatchObject({ state: 'breached', elapsedMinutes: 210 });
    s.clock.now = cst('2026-10-08T13:00');
    const warn = json<WorkOrder>(await s.call('engineer', 'GET', `/work-orders/${wo.id}`));
    expect(warn.sla.resolution?.state).toBe('warning'); // 7 h of 8
    s.clock.now = cst('2026-10-08T15:00');
    const done = json<WorkOrder>(
      await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to: 'done' }),
    );
    expect(done.sla.resolution).toMatchObject({ state: 'breached', elapsedMinutes: 540 });
  });
});
