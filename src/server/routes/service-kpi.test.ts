// Service KPIs in SQL over HTTP on each database: the fixed data set of the pure core's test
// (test/service-kpi-fixture.ts) stored as work orders — the done ones rolled up as finishing an
// order rolls them up — must give the hand-computed values, the same as the core, per total,
// asset and technician, from the rollup path and from the full scan alike; CSV with a BOM. And
// finishing an order over HTTP stores its SLA outcome.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import {
  fixtureMovements,
  fixtureOrders,
  H,
  toKpiOrder,
} from '../../../test/service-kpi-fixture.ts';
import { createServiceWorld, type ServiceWorld } from '../../../test/service-world.ts';
import {
  computeKpis,
  serviceKpis,
  serviceKpisBy,
  type KpiReport,
  type ServiceKpis,
  type WorkOrder,
} from '../../service/index.ts';
import { rollUpDone } from '../../service/kpi/rollup.ts';
import { kOf } from '../../service/store.ts';
import { kpiRollupBackfill } from '../../storage/migrations/019-service-kpi.ts';
import { sql } from 'kysely';
import type { ServiceWorkOrderTable } from '../../storage/service-schema.ts';

const from = Date.parse('2026-03-20T00:00:00Z');
const to = from + 2400 * H;

describeEachDatabase('service KPIs in SQL', (t) => {
  let s: ServiceWorld;
  const tech: Record<string, string> = {};
  let contractId = '';
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    s = await createServiceWorld(t);
    const { w } = s;
    const c = await s.call('engineer', 'POST', '/contracts', {
      customerId: w.customers.A1,
      name: 'Suzhou availability 2026',
      kind: 'availability',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      assetIds: [w.assets.A1, w.assets.A1a],
      sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
      availabilityTarget: 0.98,
      priceFen: 36_500_000,
    });
    expect(c.statusCode, c.body).toBe(201);
    contractId = json<{ id: string }>(c).id;
    for (const name of ['T1', 'T2']) {
      const r = await s.call('engineer', 'POST', '/technicians', {
        name,
        skills: [],
        homeLat: null,
        homeLon: null,
        region: '',
      });
      tech[name] = json<{ id: string }>(r).id;
    }
    const k = kOf(w.db);
    const asset = { X: w.assets.A1, Y: w.assets.A1a };
    const customer = { X: w.customers.A1, Y: w.customers.A1a };
    const ids: Record<string, string> = {};
    for (const o of fixtureOrders) {
      const ko = toKpiOrder(o, from);
      const status = ko.cancelledAt
        ? 'cancelled'
        : ko.doneAt
          ? 'closed'
          : o.tech
            ? 'in_progress'
            : 'new';
      const row: ServiceWorkOrderTable = {
        id: `wo_fx_${o.name}`,
        tenant_id: w.tenantA.id,
        customer_id: customer[o.asset],
        asset_id: asset[o.asset],
        contract_id: contractId,
        title: o.name,
        description: '',
        priority: 'high',
        kind: ko.kind,
        source: 'manual',
        source_ref: null,
        open_key: null,
        skills: '[]',
        status,
        version: 1,
        technician_id: o.tech ? tech[o.tech]! : null,
        created_by: 'test',
        created_at: ko.createdAt,
        updated_at: ko.createdAt,
        responded_at: null,
        done_at: ko.doneAt,
        closed_at: null,
        pauses: '[]',
        visits: ko.visits,
        internal_notes: '',
        labour_minutes: ko.labourMinutes,
        cost_fen: ko.costFen,
        rating: null,
        customer_comment: null,
        confirmed_at: null,
        model_id: w.models.A,
        cancelled_at: ko.cancelledAt,
        sla_response_met: ko.responseMet === null ? null : ko.responseMet ? 1 : 0,
        sla_resolution_met: ko.resolutionMet === null ? null : ko.resolutionMet ? 1 : 0,
        sla_response_minutes: null,
        sla_resolution_minutes: null,
        downtime_ms: ko.doneAt === null ? null : ko.doneAt - ko.createdAt,
      };
      await k.insertInto('service_work_orders').values(row).execute();
      if (row.done_at !== null) await rollUpDone(k, row);
      ids[o.name] = row.id;
    }
    for (const [i, m] of fixtureMovements.entries())
      await k
        .insertInto('service_part_movements')
        .values({
          id: `pm_fx_${i}`,
          tenant_id: w.tenantA.id,
          part_id: m.partId,
          warehouse_id: 'wh_x',
          work_order_id: ids[m.order]!,
          kind: m.kind,
          qty: m.qty,
          unit_cost_fen: m.unitCostFen,
          at: from + m.at * H,
          by: 'test',
        })
        .execute();
  });
  afterAll(() => s?.close());

  const core = (pick: (o: (typeof fixtureOrders)[number]) => boolean, assets: number | null) =>
    computeKpis(
      { from, to },
      assets,
      fixtureOrders.filter(pick).map((o) => toKpiOrder(o, from)),
      fixtureMovements
        .filter((m) => m.at >= 0 && m.at < 2400)
        .filter((m) => pick(fixtureOrders.find((o) => o.name === m.order)!)),
    );

  it('gives the hand-computed totals, equal to the pure core', async () => {
    const r = await s.call('engineer', 'GET', `/kpis?from=${from}&to=${to}`);
    expect(r.statusCode, r.body).toBe(200);
    const k = json<ServiceKpis>(r);
    // Tenant A has three assets: 7,200 asset-hours; by hand as in kpis.test.ts otherwise.
    expect(k).toMatchObject({
      assets: 3,
      failures: 6,
      repairs: 5,
      mttrHours: 409.6,
      downHours: 1944,
      mtbfHours: 876, // (7200 − 1944) / 6
      availability: 0.73, // 1 − 1944 / 7200
      firstTimeFixRate: 0.6,
      sla: { measured: 5, met: 3, compliance: 0.6 },
      backlog: { count: 3, meanAgeHours: 420, maxAgeHours: 1200 },
      partsCostFen: 7000,
      costFen: 12_000,
      labourHours: 6,
      revenueFen: 10_000_000, // 100 of the contract's 365 days of 365,000.00 yuan
    });
    expect(k).toEqual({ ...core(() => true, 3), revenueFen: 10_000_000 });
    // The rollup path and the full scan agree.
    const scan = await serviceKpis(s.w.db, s.w.scopeA, { from, to }, 'scan');
    expect(scan).toEqual(k);
  });

  it('gives per-asset and per-technician KPIs by hand, with the contract target', async () => {
    const byAsset = json<KpiReport>(
      await s.call('engineer', 'GET', `/kpis?from=${from}&to=${to}&groupBy=asset`),
    );
    const x = byAsset.groups.find((g) => g.key === s.w.assets.A1)!;
    const y = byAsset.groups.find((g) => g.key === s.w.assets.A1a)!;
    // X: failures o1 o2 o5; repairs o1 o2 o10, restore 2012 h, down 1912 h over 2400 h.
    expect(x).toMatchObject({
      failures: 3,
      repairs: 3,
      mttrHours: 670.6667,
      mtbfHours: 162.6667,
      availability: 0.2033,
      availabilityTarget: 0.98,
    });
    // Y: failures o7 o8 o9; repairs o3 o9, down 2 + 30 h.
    expect(y).toMatchObject({ failures: 3, repairs: 2, mttrHours: 18, availability: 0.9867 });
    expect(x).toMatchObject({ ...core((o) => o.asset === 'X', 1), availabilityTarget: 0.98 });
    const byTech = json<KpiReport>(
      await s.call('engineer', 'GET', `/kpis?from=${from}&to=${to}&groupBy=technician`),
    );
    const t1 = byTech.groups.find((g) => g.key === tech.T1)!;
    const t2 = byTech.groups.find((g) => g.key === tech.T2)!;
    const none = byTech.groups.find((g) => g.key === null)!;
    expect([t1.label, t1.failures, t1.repairs, t1.mttrHours, t1.firstTimeFixRate]).toEqual([
      'T1',
      3,
      3,
      13.3333,
      1,
    ]);
    expect([t2.failures, t2.repairs, t2.mttrHours, t2.sla.compliance, t2.backlog.count]).toEqual([
      2, 2, 1004, 0, 1,
    ]);
    expect([none.failures, none.backlog]).toEqual([
      1,
      { count: 1, meanAgeHours: 12, maxAgeHours: 12 },
    ]);
    for (const g of [t1, t2])
      expect(g).toEqual({
        ...core((o) => o.tech === g.label, null),
        key: g.key,
        label: g.label,
      });
    const scan = await serviceKpisBy(s.w.db, s.w.scopeA, 'technician', { from, to }, 'scan');
    expect(scan).toEqual(byTech);
    const contract = json<KpiReport>(
      await s.call('engineer', 'GET', `/kpis?from=${from}&to=${to}&groupBy=contract`),
    ).groups;
    expect(contract.map((g) => [g.key, g.assets, g.revenueFen, g.availabilityTarget])).toEqual([
      [contractId, 2, 10_000_000, 0.98],
    ]);
  });

  it('gives the same KPIs from the rollup that migration 019 backfills from the orders', async () => {
    const q = `/kpis?from=${from}&to=${to}&groupBy=technician`;
    const before = json<KpiReport>(await s.call('engineer', 'GET', q));
    const k = kOf(s.w.db);
    await k.deleteFrom('service_kpi_rollup').execute();
    await sql.raw(kpiRollupBackfill(`tenant_id = '${s.w.tenantA.id}'`)).execute(k);
    expect(json<KpiReport>(await s.call('engineer', 'GET', q))).toEqual(before);
  });

  it('exports CSV with a byte-order mark, and hides costs from a customer user', async () => {
    const r = await s.call(
      'engineer',
      'GET',
      `/kpis?from=${from}&to=${to}&groupBy=technician&format=csv`,
    );
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = r.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^dimension,key,label,/);
    expect(lines.find((l) => l.startsWith(`technician,${tech.T1},T1,`))).toContain(',3,3,');
    const mine = json<ServiceKpis>(await s.call('viewer', 'GET', `/kpis?from=${from}&to=${to}`));
    // The Suzhou viewer sees Suzhou and its sub-customer: every failure, but no cost or revenue.
    expect([mine.failures, mine.costFen, mine.revenueFen]).toEqual([6, 0, null]);
    const bad = await s.call('engineer', 'GET', `/kpis?from=${to}&to=${from}`);
    expect([bad.statusCode, bad.json().message]).toEqual([400, 'to: must be after from']);
  });

  it('stores the SLA outcome and rolls the order up when it is done over HTTP', async () => {
    const { w } = s;
    s.clock.now = Date.parse('2026-06-01T09:00:00+08:00'); // a Monday
    const o = json<WorkOrder>(
      await s.call('technician', 'POST', '/work-orders', {
        assetId: w.assets.A1,
        title: 'Noise',
        priority: 'high',
      }),
    );
    await s.call('engineer', 'POST', `/work-orders/${o.id}/assign`, { technicianId: tech.T1 });
    s.clock.now += 3 * H; // responds after 3 business hours: the 2 h response is breached
    await s.call('technician', 'POST', `/work-orders/${o.id}/transitions`, { to: 'in_progress' });
    s.clock.now += 2 * H;
    const done = await s.call('technician', 'POST', `/work-orders/${o.id}/transitions`, {
      to: 'done',
    });
    expect(done.statusCode, done.body).toBe(200);
    const row = await kOf(w.db)
      .selectFrom('service_work_orders')
      .selectAll()
      .where('id', '=', o.id)
      .executeTakeFirstOrThrow();
    expect([
      row.sla_response_met,
      row.sla_resolution_met,
      Number(row.sla_response_minutes),
      Number(row.sla_resolution_minutes),
      Number(row.downtime_ms),
      row.model_id,
    ]).toEqual([0, 1, 180, 300, 5 * H, w.models.A]);
    const day = Date.parse('2026-06-01T00:00:00+08:00');
    const k = json<ServiceKpis>(
      await s.call('engineer', 'GET', `/kpis?from=${day}&to=${day + 86_400_000}`),
    );
    expect([k.repairs, k.mttrHours, k.sla]).toEqual([1, 5, { measured: 1, met: 0, compliance: 0 }]);
  });
});
