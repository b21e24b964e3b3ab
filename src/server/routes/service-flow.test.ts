// The service module end to end over HTTP on each database: an alarm becomes a work order linked
// both ways, a technician is suggested and assigned, a part is reserved and consumed, the order
// is done and closed with the SLA met thanks to an on-hold pause over the 调休 Saturday; an alarm
// policy opens an order by itself; PHM remaining life opens exactly one order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceScene } from '../../../test/service-scene.ts';
import { cst, type ServiceWorld } from '../../../test/service-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import { watchRul } from '../../main.ts';
import { createApiKey, listAudit } from '../../identity/index.ts';
import type { WorkOrder } from '../../service/index.ts';

describeEachDatabase('service flow over HTTP', (t) => {
  let s: ServiceWorld;
  let contractA1: string;
  let ids: Record<string, string>;
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    ({ s, contractA1, ids } = await createServiceScene(t));
  });
  afterAll(() => s?.close());

  it('runs alarm → work order → dispatch → part → done → closed, SLA met thanks to the on-hold pause', async () => {
    const { w } = s;
    // Friday 2026-10-09 15:00: the day before the 调休 Saturday.
    s.clock.now = cst('2026-10-09T15:00');
    const monitor = await s.monitoring.tenant(w.tenantA.id);
    await monitor.alarms.apply({
      type: 'raise',
      asset: w.assets.A1,
      ruleId: 'low-cop',
      severity: 'major',
      at: s.clock.now,
    });
    const alarm = monitor.alarms.openAlarms().find((a) => a.asset === w.assets.A1)!;
    const url = `/work-orders/from-alarm/${encodeURIComponent(alarm.id)}`;
    const opened = await s.call('technician', 'POST', url, { skills: ['refrigeration'] });
    expect(opened.statusCode, opened.body).toBe(201);
    const wo = json<WorkOrder>(opened);
    expect(wo).toMatchObject({
      source: 'alarm',
      sourceRef: alarm.id,
      priority: 'high',
      contractId: contractA1,
      status: 'new',
    });
    // Response 2 h → Fri 17:00; resolution 8 h → Fri 3 h + Saturday 10-10 (worked) 09:00 + 5 h.
    expect(wo.sla.response?.dueAt).toBe(cst('2026-10-09T17:00'));
    expect(wo.sla.resolution?.dueAt).toBe(cst('2026-10-10T14:00'));
    // One action on the alarm: a second call returns the same order; the alarm names the order.
    const again = await s.call('technician', 'POST', url);
    expect([again.statusCode, json<WorkOrder>(again).id]).toEqual([200, wo.id]);
    const comments = monitor.alarms.openAlarms().find((a) => a.id === alarm.id)!.comments;
    expect(comments.map((c) => c.text)).toEqual([`Work order ${wo.id} opened`]);

    const sug = json<{
      suggestions: Array<{ technicianId: string; reasons: string[]; distanceKm: number }>;
    }>(await s.call('engineer', 'GET', `/work-orders/${wo.id}/suggestions`));
    expect(sug.suggestions.map((x) => x.technicianId)).toEqual([ids.li, ids.wang]);
    expect(sug.suggestions[0]!.distanceKm).toBeLessThan(5);
    expect(sug.suggestions[0]!.reasons.join('; ')).toMatch(
      /skills 1\/1; .* km from the site; 0 open work orders/,
    );
    const assigned = await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, {
      technicianId: ids.li!,
    });
    expect(json<WorkOrder>(assigned)).toMatchObject({ status: 'assigned', technicianId: ids.li });

    const part = json<{ id: string }>(
      await s.call('engineer', 'POST', '/parts', {
        sku: 'EXV-25',
        name: 'Electronic expansion valve',
        fits: [w.models.A],
        unitCostFen: 86_000,
        reorderPoint: 1,
        reorderQty: 5,
      }),
    );
    const van = json<{ id: string }>(
      await s.call('engineer', 'POST', '/warehouses', {
        name: 'Li van',
        kind: 'van',
        technicianId: ids.li,
      }),
    );
    await s.call('engineer', 'POST', '/stock/receive', {
      warehouseId: van.id,
      partId: part.id,
      qty: 2,
    });

    const go = (to: string, at: string, version?: number) => {
      s.clock.now = cst(at);
      return s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to,
        ...(version ? { version } : {}),
      });
    };
    expect((await go('in_progress', '2026-10-09T16:00')).statusCode).toBe(200);
    const rv = await s.call('technician', 'POST', '/reservations', {
      workOrderId: wo.id,
      partId: part.id,
      warehouseId: van.id,
      qty: 1,
    });
    expect(rv.statusCode, rv.body).toBe(201);
    const used = await s.call(
      'technician',
      'POST',
      `/reservations/${json<{ id: string }>(rv).id}/consume`,
    );
    expect(json(used)).toMatchObject({ qty: 1, consumed: 1 });
    // Waiting for the customer from Fri 17:00 to Sat 10:00: 2 business hours paused.
    expect((await go('on_hold', '2026-10-09T17:00')).statusCode).toBe(200);
    const held = json<WorkOrder>(await s.call('engineer', 'GET', `/work-orders/${wo.id}`));
    expect(held.sla.resolution).toMatchObject({ dueAt: null, elapsedMinutes: 120 });
    expect((await go('in_progress', '2026-10-10T10:00')).statusCode).toBe(200);
    const done = json<WorkOrder>(await go('done', '2026-10-10T15:30'));
    // 2 h Friday + 5.5 h Saturday = 7.5 h ≤ 8 h; without the pause it would be 9.5 h.
    expect(done.sla.response).toMatchObject({ state: 'met', elapsedMinutes: 60 });
    expect(done.sla.resolution).toMatchObject({
      state: 'met',
      elapsedMinutes: 450,
      dueAt: cst('2026-10-10T16:00'),
    });
    expect(done).toMatchObject({ visits: 2, costFen: 86_000 });
    const closed = await go('closed', '2026-10-12T09:00', done.version);
    expect(json<WorkOrder>(closed)).toMatchObject({
      status: 'closed',
      closedAt: cst('2026-10-12T09:00'),
    });

    const stock = json<{ items: Array<{ onHand: number; reserved: number }> }>(
      await s.call('engineer', 'GET', `/stock?partId=${part.id}`),
    );
    expect(stock.items).toEqual([
      expect.objectContaining({ onHand: 1, reserved: 0, available: 1 }),
    ]);
    const history = json<{ items: Array<{ from: string | null; to: string; by: string }> }>(
      await s.call('engineer', 'GET', `/work-orders/${wo.id}/history`),
    );
    expect(history.items.map((e) => e.to)).toEqual([
      'new',
      'assigned',
      'in_progress',
      'on_hold',
      'in_progress',
      'done',
      'closed',
    ]);
    expect(history.items[2]!.by).toBe(w.actors.technician);
    const audit = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 50,
      offset: 0,
      entityId: wo.id,
    });
    expect(audit.map((a) => a.action)).toContain('service.work_order.closed');
    ids.closedWo = wo.id;
  });

  it('opens a work order by itself when an alarm of a rule with a policy is raised from telemetry', async () => {
    const { w } = s;
    s.clock.now = Date.now();
    const rule = {
      id: 'cop-auto',
      severity: 'major',
      kind: 'threshold',
      value: 'cop',
      op: 'below',
      limit: 3,
    };
    expect(
      (
        await w.as('engineer', {
          method: 'PUT',
          url: `/api/v1/monitoring/rules/models/${w.models.A}`,
          payload: rule,
        })
      ).statusCode,
    ).toBe(200);
    const pol = await s.call('engineer', 'PUT', '/alarm-policies/cop-auto', {
      minSeverity: 'major',
      skills: ['refrigeration'],
    });
    expect(pol.statusCode, pol.body).toBe(200);
    const key = (
      await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'k', role: 'engineer' })
    ).key;
    const t0 = Date.now() - 10 * 60_000;
    const body = [4.5, 2.5, 2.4, 2.3]
      .map((v, i) => `chiller,asset=CH-3 cop=${v} ${t0 + i * 60_000}`)
      .join('\n');
    const res = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(204);
    let orders: WorkOrder[] = [];
    for (let i = 0; i < 50 && orders.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100)); // alarm actions run after the ingest call returns
      await s.automation.idle();
      orders = json<{ items: WorkOrder[] }>(
        await s.call('engineer', 'GET', `/work-orders?assetId=${w.assets.A2}`),
      ).items;
    }
    expect(orders).toHaveLength(1); // one alarm (with repeats), one order
    expect(orders[0]).toMatchObject({
      source: 'alarm',
      priority: 'high',
      skills: ['refrigeration'],
      createdBy: 'system:alarm-policy',
    });
    const alarm = (await s.monitoring.tenant(w.tenantA.id)).alarms
      .openAlarms()
      .find((a) => a.id === orders[0]!.sourceRef)!;
    expect(alarm.comments.map((c) => c.text)).toEqual([`Work order ${orders[0]!.id} opened`]);
  });
  it('opens exactly one work order for a run of PHM remaining-life samples under the threshold', async () => {
    const { w } = s;
    s.clock.now = cst('2026-11-04T10:00');
    const pol = await s.call('engineer', 'PUT', `/phm-policies/${w.models.A}`, {
      rulThresholdHours: 500,
      priority: 'medium',
    });
    expect(pol.statusCode, pol.body).toBe(200);
    const sample = async (rulHours: number) =>
      json<{ kind: string; workOrder?: WorkOrder }>(
        await s.call('technician', 'POST', '/work-orders/from-phm', {
          assetId: w.assets.A1a,
          rulHours,
        }),
      );
    expect((await sample(800)).kind).toBe('above-threshold');
    const outcomes = [];
    for (const rul of [480, 470, 455, 430, 410]) outcomes.push(await sample(rul));
    expect(outcomes.map((o) => o.kind)).toEqual([
      'opened',
      'already-open',
      'already-open',
      'already-open',
      'already-open',
    ]);
    expect(new Set(outcomes.map((o) => o.workOrder!.id)).size).toBe(1);
    const open = json<{ items: WorkOrder[] }>(
      await s.call('engineer', 'GET', `/work-orders?assetId=${w.assets.A1a}&status=new`),
    );
    expect(open.items.filter((o) => o.source === 'phm')).toHaveLength(1);
    // Once that order is cancelled, a new low sample opens a new one.
    await s.call('engineer', 'POST', `/work-orders/${outcomes[0]!.workOrder!.id}/transitions`, {
      to: 'cancelled',
    });
    const next = await sample(400);
    expect(next.kind).toBe('opened');
    expect(next.workOrder!.id).not.toBe(outcomes[0]!.workOrder!.id);
  });

  it('opens one work order from a run of rul_hours telemetry samples as PHM writes them back', async () => {
    const { w } = s;
    s.clock.now = Date.now();
    const model = await createModel(w.db, w.scopeA, {
      name: 'Gearbox',
      channels: [{ key: 'rul_hours', name: 'RUL', dataType: 'float' as const }],
    });
    await createAsset(w.db, w.scopeA, {
      name: 'Gearbox 1',
      serial: 'GB-1',
      modelId: model.id,
      customerId: w.customers.A2,
    });
    await s.call('engineer', 'PUT', `/phm-policies/${model.id}`, {
      rulThresholdHours: 300,
      priority: 'high',
    });
    const stop = await watchRul(w.db, s.telemetry, () => undefined);
    const key = (
      await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'phm', role: 'engineer' })
    ).key;
    const t0 = Date.now() - 60 * 60_000;
    const write = async (values: number[], from: number) => {
      const body = values
        .map((v, i) => `phm,asset=GB-1 rul_hours=${v} ${t0 + (from + i) * 60_000}`)
        .join('\n');
      const res = await w.app.inject({
        method: 'POST',
        url: '/write?precision=ms',
        headers: { authorization: `Token ${key}` },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(204);
    };
    await write([420, 350, 299, 290], 0);
    await write([280, 270, 265], 4);
    await new Promise((r) => setTimeout(r, 300));
    await stop();
    const items = json<{ items: WorkOrder[] }>(
      await s.call('engineer', 'GET', '/work-orders?limit=1000'),
    ).items;
    const phm = items.filter((o) => o.source === 'phm' && o.customerId === w.customers.A2);
    expect(phm).toHaveLength(1);
    expect(phm[0]).toMatchObject({ priority: 'high', kind: 'preventive', createdBy: 'system:phm' });
  });
});
