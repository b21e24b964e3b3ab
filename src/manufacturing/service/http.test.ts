// Manufacturing HTTP and services on each database: access (own customer / other customer /
// other tenant), bad input (a clear 4xx naming the field or rule, nothing written) and the
// domain flow order → production order → plan → shop-floor reports → WIP, Gantt, OEE, what-if.
// Read and report routes need production:read / production:report; which roles hold them is
// the permission table's decision, so those expectations follow `can` while the data checks
// run through the services with the same scopes the edge would build.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type Who, type World } from '../../../test/http.ts';
import { can, createAuthenticator, type Role, type Scope } from '../../identity/index.ts';
import { buildApp } from '../../server/app.ts';
import { manufacturingRoutes } from '../../server/routes/manufacturing.ts';
import type { CustomerId } from '../../kernel/index.ts';
import * as mfg from './index.ts';
import { jacketSpec, stationsFixture } from './test-fixtures.ts';

const roleOf: Record<Exclude<Who, 'anonymous'>, Role> = {
  platform_admin: 'platform_admin',
  tenant_admin: 'tenant_admin',
  engineer: 'engineer',
  technician: 'technician',
  viewer: 'customer_viewer',
  other_admin: 'tenant_admin',
};
const readOk = (who: Exclude<Who, 'anonymous'>, ok: number) =>
  can(roleOf[who], 'production:read') ? ok : 403;
const DAY = 86_400_000;
const cfg = { size: 'M', fabric: 'NYLON', colour: 'RED', embroidery: 'logo' };

describeEachDatabase('manufacturing HTTP', (t) => {
  let w: World;
  let app: FastifyInstance;
  let modelId: string;
  const as = (who: Who, opts: InjectOptions) => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (who !== 'anonymous') headers.cookie = `ronghe_session=${w.tokens[who]}`;
    if (who === 'platform_admin') headers['x-ronghe-tenant'] = 'acme';
    return app.inject({ ...opts, headers });
  };
  const viewerScope = (): Scope => ({
    tenantId: w.tenantA.id,
    customerIds: [w.customers.A1, w.customers.A1a] as CustomerId[],
    actor: 'viewer',
  });

  beforeAll(async () => {
    w = await createWorld(t);
    app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      plugins: [{ plugin: (a) => manufacturingRoutes(a, { db: w.db }), prefix: '/api/v1' }],
    });
    await app.ready();
    for (const s of stationsFixture) {
      const r = await as('engineer', {
        method: 'POST',
        url: '/api/v1/manufacturing/stations',
        payload: s,
      });
      expect(r.statusCode).toBe(201);
    }
    const r = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/models',
      payload: jacketSpec,
    });
    expect(r.statusCode).toBe(201);
    modelId = r.json<{ id: string }>().id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await w?.dispose();
  });

  it('writes need production:write; reads follow production:read; other tenants get 404', async () => {
    const body = { ...stationsFixture[0]!, code: 'CUT9' };
    for (const who of ['technician', 'viewer'] as const) {
      const r = await as(who, {
        method: 'POST',
        url: '/api/v1/manufacturing/stations',
        payload: body,
      });
      expect(r.statusCode).toBe(403);
    }
    expect(
      (await as('anonymous', { method: 'GET', url: '/api/v1/manufacturing/stations' })).statusCode,
    ).toBe(401);
    for (const who of ['engineer', 'technician', 'viewer', 'tenant_admin'] as const) {
      const r = await as(who, { method: 'GET', url: '/api/v1/manufacturing/models' });
      expect(r.statusCode).toBe(readOk(who, 200));
    }
    const other = await as('other_admin', {
      method: 'GET',
      url: `/api/v1/manufacturing/models/${modelId}`,
    });
    expect(other.statusCode).toBe(readOk('other_admin', 404));
    await expect(mfg.getProductModel(w.db, w.scopeB, modelId)).rejects.toMatchObject({
      code: 'RONGHE_NOT_FOUND',
    });
    const dup = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/stations',
      payload: stationsFixture[0],
    });
    expect(dup.statusCode).toBe(409);
  });

  it('customer orders are scoped to the customer: own visible, other customer and tenant 404', async () => {
    const mk = (customer: 'A1' | 'A2') =>
      as('engineer', {
        method: 'POST',
        url: '/api/v1/manufacturing/customer-orders',
        payload: {
          modelId,
          customerId: w.customers[customer],
          configuration: cfg,
          quantity: 2,
          dueAt: Date.now() + 3 * DAY,
        },
      });
    const own = (await mk('A1')).json<mfg.CustomerOrder>();
    const foreign = (await mk('A2')).json<mfg.CustomerOrder>();
    expect(own.sku).toBe('DJ01-M-NYLON-RED-DUCK90-logo');
    expect(own.routing.map((r) => r.operation)).toContain('embroidery');
    const seen = await mfg.listCustomerOrders(w.db, viewerScope());
    expect(seen.map((o) => o.id)).toContain(own.id);
    expect(seen.map((o) => o.id)).not.toContain(foreign.id);
    await expect(mfg.getCustomerOrder(w.db, viewerScope(), foreign.id)).rejects.toMatchObject({
      code: 'RONGHE_NOT_FOUND',
    });
    await expect(mfg.getCustomerOrder(w.db, w.scopeB, own.id)).rejects.toMatchObject({
      code: 'RONGHE_NOT_FOUND',
    });
    const viaHttp = await as('viewer', {
      method: 'GET',
      url: `/api/v1/manufacturing/customer-orders/${foreign.id}`,
    });
    expect(viaHttp.statusCode).toBe(readOk('viewer', 404));
    // an order for another tenant's customer is 404 and writes nothing
    const before = (await mfg.listCustomerOrders(w.db, w.scopeA)).length;
    const r = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/customer-orders',
      payload: {
        modelId,
        customerId: w.customers.B1,
        configuration: cfg,
        quantity: 1,
        dueAt: Date.now(),
      },
    });
    expect(r.statusCode).toBe(404);
    expect((await mfg.listCustomerOrders(w.db, w.scopeA)).length).toBe(before);
  });

  it('plans, what-if and replenishment over HTTP; what-if writes nothing', async () => {
    const co = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/customer-orders',
      payload: {
        modelId,
        customerId: w.customers.A1,
        configuration: cfg,
        quantity: 3,
        dueAt: Date.now() + DAY,
      },
    });
    const release = await as('engineer', {
      method: 'POST',
      url: `/api/v1/manufacturing/customer-orders/${co.json<{ id: string }>().id}/release`,
    });
    expect(release.statusCode).toBe(201);
    const po = release.json<mfg.ProductionOrder>();
    const plan = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/plans',
      payload: { timeLimitMs: 50, horizonDays: 14 },
    });
    expect(plan.statusCode).toBe(201);
    const planned = plan.json<mfg.PlanResult & { id: string }>();
    expect(planned.operations.filter((o) => o.orderId === po.id).map((o) => o.operation)).toEqual(
      expect.arrayContaining(['cutting', 'sewing', 'embroidery', 'finishing']),
    );
    const orders = (await mfg.listProductionOrders(w.db, w.scopeA)).length;
    const rush = { modelId, configuration: cfg, quantity: 2, dueAt: Date.now() + DAY };
    const wi = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/what-if',
      payload: { timeLimitMs: 50, rushOrders: [rush] },
    });
    expect(wi.statusCode).toBe(200);
    expect(wi.json<{ base: string; diff: { orderId: string }[] }>()).toMatchObject({
      base: 'current',
    });
    expect(wi.json<{ diff: { orderId: string }[] }>().diff.map((d) => d.orderId)).toContain(
      'rush-1',
    );
    expect((await mfg.currentPlan(w.db, w.scopeA))!.id).toBe(planned.id);
    expect((await mfg.listProductionOrders(w.db, w.scopeA)).length).toBe(orders);
    const bad = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/what-if',
      payload: { rushOrders: [{ ...rush, quantity: -1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('rushOrders.0.quantity');
    const badRule = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/what-if',
      payload: {
        rushOrders: [{ ...rush, configuration: { size: 'XXL', fabric: 'NYLON', colour: 'RED' } }],
      },
    });
    expect(badRule.statusCode).toBe(400);
    expect(badRule.json<{ message: string }>().message).toContain("rule 'xxl-goose'");
    const shift = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/what-if',
      payload: { extraShifts: [{ station: 'NOPE', start: 1, end: 2 }] },
    });
    expect(shift.statusCode).toBe(400);
    expect(shift.json<{ message: string }>().message).toContain('extraShifts[0].station');
    // The op goes back where the planner put it, which (depending on the run's time of day) may
    // be a start near a shift's end that the op resumes after: a hand move resumes it too.
    const sewing = planned.operations.find((o) => o.orderId === po.id && o.op === 1)!;
    const move = (who: Who, station: string) =>
      as(who, {
        method: 'POST',
        url: '/api/v1/manufacturing/plans/current/move',
        payload: { orderId: po.id, op: 1, station, start: sewing.start },
      });
    const ineligible = await move('engineer', 'CUT1');
    expect(ineligible.statusCode).toBe(400);
    expect(ineligible.json<{ message: string }>().message).toContain(
      "station: 'CUT1' is not eligible for sewing",
    );
    // The console's Chinese UI sends Accept-Language: zh-CN and gets the refusal in Chinese.
    const inChinese = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/plans/current/move',
      headers: { 'accept-language': 'zh-CN, en;q=0.5' },
      payload: { orderId: po.id, op: 1, station: 'CUT1', start: sewing.start },
    });
    expect(inChinese.statusCode).toBe(400);
    expect(inChinese.json()).toMatchObject({
      code: 'RONGHE_VALIDATION',
      message: expect.stringMatching(/^输入有误 — station：工位“CUT1”不能加工sewing；可选工位：/),
      details: ineligible.json<{ details: unknown }>().details,
    });
    const past = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/plans/current/move',
      headers: { 'accept-language': 'zh-CN' },
      payload: { orderId: po.id, op: 1, station: sewing.station, start: 1_000 },
    });
    expect(past.json<{ message: string }>().message).toMatch(
      /^输入有误 — start：不能早于当前时间（现在是 \d{4}-\d\d-\d\d \d\d:\d\d UTC）$/,
    );
    const moved = await move('engineer', sewing.station);
    expect(moved.statusCode, moved.body).toBe(201);
    expect(moved.json<{ moved: { start: number } }>().moved.start).toBe(sewing.start);
    for (const who of ['technician', 'viewer'] as const) {
      expect(
        (await as(who, { method: 'POST', url: '/api/v1/manufacturing/plans', payload: {} }))
          .statusCode,
      ).toBe(403);
      expect((await move(who, sewing.station)).statusCode).toBe(403);
    }
    for (const url of [
      'gantt',
      'wip',
      'plans/current',
      `oee?from=0&to=${DAY}`,
      `capacity?from=${Date.now()}&days=2`,
    ]) {
      const r = await as('engineer', { method: 'GET', url: `/api/v1/manufacturing/${url}` });
      expect(r.statusCode).toBe(readOk('engineer', 200));
    }
    const start = await as('technician', {
      method: 'POST',
      url: `/api/v1/manufacturing/production-orders/${po.id}/operations/0/start`,
      payload: { station: 'CUT1' },
    });
    expect(start.statusCode).toBe(can('technician', 'production:report') ? 200 : 403);
  });

  it('sales and stock import over HTTP report a status per row', async () => {
    const sku = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/skus',
      payload: { modelId, configuration: { size: 'L', fabric: 'GORE', colour: 'BLACK' } },
    });
    expect(sku.statusCode).toBe(201);
    const code = sku.json<{ sku: string }>().sku;
    const sales = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/sales',
      payload: {
        csv: `sku,store,day,quantity\n${code},BJ01,2026-01-05,4\n${code},BJ01,2026-01-06,-2\n`,
      },
    });
    expect(sales.statusCode).toBe(200);
    const items = sales.json<{ items: { status: string; reason?: string }[] }>().items;
    expect(items.map((i) => i.status)).toEqual(['ok', 'failed']);
    expect(items[1]!.reason).toContain('line 3, quantity');
    const both = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/sales',
      payload: { csv: 'a', rows: [] },
    });
    expect(both.statusCode).toBe(400);
    const neg = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/stock',
      payload: { rows: [{ sku: code, store: 'BJ01', onHand: -1 }] },
    });
    expect(neg.statusCode).toBe(400);
    expect(neg.json<{ message: string }>().message).toContain('rows.0.onHand');
    const run = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/replenishment/run',
      payload: { asOfDay: '2026-01-07', leadTimeDays: 2, reviewDays: 1 },
    });
    expect(run.statusCode).toBe(200);
    const row = run
      .json<{ items: { sku: string; status: string }[] }>()
      .items.find((i) => i.sku === code);
    expect(row?.status).toBe('insufficient-data');
  });

  it('reads and reports over HTTP: the viewer sees its customer only, technicians report', async () => {
    const make = async (customer: 'A1' | 'A2') => {
      const co = await as('engineer', {
        method: 'POST',
        url: '/api/v1/manufacturing/customer-orders',
        payload: {
          modelId,
          customerId: w.customers[customer],
          configuration: cfg,
          quantity: 1,
          dueAt: Date.now() + DAY,
        },
      });
      const po = await as('engineer', {
        method: 'POST',
        url: `/api/v1/manufacturing/customer-orders/${co.json<{ id: string }>().id}/release`,
      });
      return { co: co.json<mfg.CustomerOrder>(), po: po.json<mfg.ProductionOrder>() };
    };
    const own = await make('A1');
    const other = await make('A2');
    const get = (who: Who, url: string) =>
      as(who, { method: 'GET', url: `/api/v1/manufacturing/${url}` });
    expect((await get('viewer', `customer-orders/${own.co.id}`)).statusCode).toBe(
      readOk('viewer', 200),
    );
    expect((await get('viewer', `production-orders/${other.po.id}`)).statusCode).toBe(
      readOk('viewer', 404),
    );
    expect((await get('other_admin', `production-orders/${own.po.id}`)).statusCode).toBe(
      readOk('other_admin', 404),
    );
    const list = await get('viewer', 'production-orders');
    expect(list.statusCode).toBe(readOk('viewer', 200));
    if (list.statusCode === 200) {
      const ids = list.json<{ items: { id: string }[] }>().items.map((o) => o.id);
      expect(ids).toContain(own.po.id);
      expect(ids).not.toContain(other.po.id);
    }
    expect((await get('viewer', `oee?from=0&to=${DAY}`)).statusCode).toBe(readOk('viewer', 404));
    expect((await get('engineer', `oee?from=${DAY}&to=0`)).statusCode).toBe(
      readOk('engineer', 400),
    );
    const op = (who: Who, id: string, action: string, payload: object) =>
      as(who, {
        method: 'POST',
        url: `/api/v1/manufacturing/production-orders/${id}/operations/0/${action}`,
        payload,
      });
    expect((await op('viewer', own.po.id, 'start', { station: 'CUT1' })).statusCode).toBe(403);
    const canReport = can('technician', 'production:report');
    const start = await op('technician', own.po.id, 'start', { station: 'CUT2' });
    expect(start.statusCode).toBe(canReport ? 200 : 403);
    if (canReport) {
      const wrong = await op('technician', other.po.id, 'start', { station: 'SEW1' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json<{ message: string }>().message).toContain(
        "station: 'SEW1' is not eligible",
      );
      const bad = await op('technician', own.po.id, 'finish', { quantity: 1, scrap: 2 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ message: string }>().message).toContain('scrap');
      const fin = await op('technician', own.po.id, 'finish', { quantity: 1 });
      expect(fin.json<{ station: string; kind: string }>()).toMatchObject({
        station: 'CUT2',
        kind: 'finish',
      });
      expect((await op('technician', own.po.id, 'finish', { quantity: 1 })).statusCode).toBe(409);
      expect((await op('technician', other.po.id, 'start', { station: 'CUT1' })).statusCode).toBe(
        200,
      );
      const visible = new Set(list.json<{ items: { id: string }[] }>().items.map((o) => o.id));
      const gantt = await get('viewer', 'gantt');
      const bars = gantt.json<{ actual: { orderId: string }[] }>().actual.map((b) => b.orderId);
      expect(bars).toContain(own.po.id);
      expect(bars).not.toContain(other.po.id);
      expect(bars.every((id) => visible.has(id))).toBe(true);
    }
  });

  it('bad input is a 4xx naming the rule or field, and nothing is written', async () => {
    const before = (await mfg.listCustomerOrders(w.db, w.scopeA)).length;
    const post = (payload: InjectOptions['payload']) =>
      as('engineer', { method: 'POST', url: '/api/v1/manufacturing/customer-orders', payload });
    const base = { modelId, configuration: cfg, quantity: 1, dueAt: Date.now() + DAY };
    const rule = await post({
      ...base,
      configuration: { size: 'M', fabric: 'GORE', colour: 'WHITE' },
    });
    expect(rule.statusCode).toBe(400);
    expect(rule.json<{ message: string }>().message).toContain("rule 'no-white-gore'");
    const unknown = await post({ ...base, configuration: { ...cfg, hood: 'yes' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ message: string }>().message).toContain('configuration.hood');
    const negative = await post({ ...base, quantity: -3 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json<{ message: string }>().message).toContain('quantity');
    expect((await mfg.listCustomerOrders(w.db, w.scopeA)).length).toBe(before);
    const badModel = structuredClone(jacketSpec) as unknown as {
      code: string;
      routing: { stations: { station: string }[] }[];
    };
    badModel.code = 'DJ02';
    badModel.routing[0]!.stations[0]!.station = 'LASER';
    const m = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/models',
      payload: badModel,
    });
    expect(m.statusCode).toBe(400);
    expect(m.json<{ message: string }>().message).toContain('routing[0].stations[0].station');
    expect((await mfg.listProductModels(w.db, w.scopeA)).map((x) => x.spec.code)).toEqual(['DJ01']);
    const shift = await as('engineer', {
      method: 'POST',
      url: '/api/v1/manufacturing/stations',
      payload: {
        ...stationsFixture[0],
        code: 'X1',
        shifts: [{ days: [1], start: '25:00', end: '08:00' }],
      },
    });
    expect(shift.statusCode).toBe(400);
    expect(shift.json<{ message: string }>().message).toContain('shifts.0.start');
  });
});
