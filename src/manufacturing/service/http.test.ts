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
    const headers: Record<string, string> = {};
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
