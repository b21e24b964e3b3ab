// The service module end to end over HTTP on each database: an alarm becomes a work order linked
// both ways, a technician is suggested and assigned, a part is reserved and consumed, the order
// is done and closed, and the SLA clocks come out met or breached across the 2026 National Day
// holiday, the 调休 Saturday 10-10 and an on-hold pause. Then the conflicts (two closes, two
// reservations of the last unit), PHM remaining life opening one order, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceWorld, cst, type ServiceWorld } from '../../../test/service-world.ts';
import { createAsset, createModel, updateAsset } from '../../assets/index.ts';
import { watchRul } from '../../main.ts';
import { createApiKey, listAudit } from '../../identity/index.ts';
import type { WorkOrder } from '../../service/index.ts';

const workday = [{ start: '09:00', end: '18:00' }];
export const calendar2026 = {
  timeZone: 'Asia/Shanghai',
  hours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
  holidays: [
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`),
  ],
  workdays: ['2026-09-20', '2026-10-10'],
};

describeEachDatabase('service over HTTP', (t) => {
  let s: ServiceWorld;
  let contractA1: string;
  const ids: Record<string, string> = {};
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    s = await createServiceWorld(t);
    const { w } = s;
    await updateAsset(w.db, w.scopeA, w.assets.A1, { latitude: 31.32, longitude: 120.6 });
    const c = await s.call('engineer', 'POST', '/contracts', {
      customerId: w.customers.A1,
      name: 'Suzhou full service 2026',
      kind: 'full_service',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      assetIds: [w.assets.A1, w.assets.A1a],
      sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
      pauseOnHold: true,
      availabilityTarget: 0.98,
      calendar: calendar2026,
      entitlements: { visitsPerYear: 4, partsIncluded: true, labourHours: 40 },
      priceFen: 12_000_000,
      notes: 'margin 18 %',
    });
    expect(c.statusCode, c.body).toBe(201);
    contractA1 = json<{ id: string }>(c).id;
    for (const [name, body] of Object.entries({
      li: {
        name: 'Li Wei',
        skills: ['refrigeration'],
        homeLat: 31.3,
        homeLon: 120.62,
        region: 'Suzhou',
      },
      wang: {
        name: 'Wang Fang',
        skills: ['refrigeration', 'electrical'],
        homeLat: 39.9,
        homeLon: 116.4,
        region: 'Beijing',
      },
    })) {
      const r = await s.call('engineer', 'POST', '/technicians', body);
      expect(r.statusCode, r.body).toBe(201);
      ids[name] = json<{ id: string }>(r).id;
    }
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
    expect(history.items[2]!.by).toBe('user:tech@acme.test');
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

  describe('bad input: a 400 naming the field, nothing written', () => {
    it('refuses unknown and illegal transitions', async () => {
      const wo = json<WorkOrder>(
        await s.call('technician', 'POST', '/work-orders', {
          assetId: s.w.assets.A1,
          title: 'x',
          priority: 'low',
        }),
      );
      const unknown = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'flying',
      });
      expect(unknown.statusCode).toBe(400);
      expect(json<{ message: string }>(unknown).message).toMatch(
        /^to: 'flying' is not a work-order state/,
      );
      const illegal = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'done',
      });
      expect(illegal.statusCode).toBe(400);
      expect(json<{ message: string; details: unknown }>(illegal)).toMatchObject({
        message: expect.stringMatching(/cannot go from new to done/),
        details: [{ field: 'to', from: 'new', to: 'done' }],
      });
      const noTech = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'assigned',
      });
      expect([noTech.statusCode, json<{ message: string }>(noTech).message]).toEqual([
        400,
        expect.stringMatching(/^technicianId:/),
      ]);
      const now = json<WorkOrder>(await s.call('engineer', 'GET', `/work-orders/${wo.id}`));
      expect([now.status, now.version]).toEqual(['new', 1]);
      const closedAgain = await s.call(
        'technician',
        'POST',
        `/work-orders/${ids.closedWo}/transitions`,
        { to: 'in_progress' },
      );
      expect(json<{ message: string }>(closedAgain).message).toMatch(
        /from closed to in_progress; .* none \(final state\)/,
      );
    });

    it('refuses overlapping contract periods and contradictory calendars, writing nothing', async () => {
      const { w } = s;
      const base = {
        customerId: w.customers.A1,
        name: 'Renewal',
        kind: 'warranty',
        validFrom: '2026-12-01',
        validTo: '2027-11-30',
        assetIds: [w.assets.A1],
        sla: {},
      };
      const overlap = await s.call('engineer', 'POST', '/contracts', base);
      expect(overlap.statusCode).toBe(400);
      expect(json<{ message: string }>(overlap).message).toMatch(
        new RegExp(
          `^assetIds\\[0\\]: asset ${w.assets.A1} is already covered by contract ${contractA1}`,
        ),
      );
      const bad = await s.call('engineer', 'POST', '/contracts', {
        ...base,
        validFrom: '2027-01-01',
        calendar: { ...calendar2026, workdays: ['2026-10-10', '2026-10-05'] },
      });
      expect(bad.statusCode).toBe(400);
      expect(json<{ message: string }>(bad).message).toBe(
        'calendar.workdays[1]: 2026-10-05 is both a public holiday and an adjusted working day',
      );
      const dates = await s.call('engineer', 'POST', '/contracts', {
        ...base,
        validFrom: '2027-02-30',
      });
      expect(json<{ message: string }>(dates).message).toMatch(/^validFrom:/);
      const list = json<{ items: unknown[] }>(
        await s.call('engineer', 'GET', `/contracts?customerId=${w.customers.A1}`),
      );
      expect(list.items).toHaveLength(1);
      // The period after the current one is free: the renewal goes in.
      const ok = await s.call('engineer', 'POST', '/contracts', {
        ...base,
        validFrom: '2027-01-01',
      });
      expect(ok.statusCode, ok.body).toBe(201);
    });
  });
});
