// Issue #15 finding 2: customer scope follows an asset's *current* customer. An asset moves from
// customer A1 to A2 over the API; right after the move (no cache expiry to wait for), A1's
// viewer must see none of its new data or alarms anywhere — queries, fleet, export, live
// telemetry, alarm list, alarm stream — and A2's viewer must see all of it. On a real listening
// server with real SSE clients, on each database.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { openSse, sleep, until, type SseClient } from '../../../test/sse.ts';
import { createApiKey, createSession, createUser } from '../../identity/index.ts';
import type { CustomerId } from '../../kernel/index.ts';
import { listAssessments } from '../../phm/index.ts';
import { phm } from '../../phm/service/registry.ts';

describeEachDatabase('customer scope after an asset moves', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let base: string;
  let key: string;
  let viewer2: string;
  const streams: SseClient[] = [];
  beforeAll(async () => {
    ({ w } = world = await createMonitoringWorld(t));
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'k', role: 'engineer' })).key;
    const u = await createUser(w.db, w.scopeA, 'tenant_admin', {
      email: 'viewer@wuxi.test',
      name: 'Wuxi viewer',
      role: 'customer_viewer',
      password: 'correct horse battery',
      customerId: w.customers.A2,
    });
    viewer2 = (await createSession(w.db, u.id)).token;
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await world?.close();
  });

  const get = (token: string, url: string) =>
    w.app.inject({ method: 'GET', url, headers: { cookie: `ronghe_session=${token}` } });
  const sse = async (token: string, path: string) => {
    const s = await openSse(`${base}${path}`, { cookie: `ronghe_session=${token}` });
    streams.push(s);
    expect(s.status).toBe(200);
    return s;
  };
  const write = async (lines: string) => {
    const res = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: lines,
    });
    expect(res.statusCode, res.body).toBe(204);
  };
  const mentions = (s: SseClient, asset: string) => s.frames.some((f) => f.includes(asset));

  it('moves every view of the asset from the old customer to the new one at once', async () => {
    const A1 = w.assets.A1;
    const rule = { id: 'low-cop', severity: 'major', kind: 'threshold', value: 'cop' };
    const saved = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${w.models.A}`,
      payload: { ...rule, op: 'below', limit: 3, hysteresis: 0.5 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const t0 = Date.now() - 10 * 60_000;
    const line = (i: number, v: number) => `chiller,asset=CH-1 cop=${v} ${t0 + i * 60_000}`;
    await write([line(0, 4.5), line(1, 4.2)].join('\n'));
    const viewer = w.tokens.viewer;
    // Before the move: A1's viewer sees the asset, A2's viewer does not.
    const before = (await get(viewer, '/api/v1/telemetry/latest?channels=cop')).json();
    expect(before).toEqual(expect.arrayContaining([expect.objectContaining({ assetId: A1 })]));
    const old = {
      points: await sse(viewer, '/api/v1/telemetry/stream?channels=cop'),
      alarms: await sse(viewer, '/api/v1/alarms/stream'),
    };
    const next = {
      points: await sse(viewer2, '/api/v1/telemetry/stream?channels=cop'),
      alarms: await sse(viewer2, '/api/v1/alarms/stream'),
    };

    const moved = await w.as('tenant_admin', {
      method: 'PATCH',
      url: `/api/v1/assets/${A1}`,
      payload: { customerId: w.customers.A2 },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // New data right after the move; 2.8 < 3 raises the alarm.
    await write([line(2, 2.8), line(3, 2.5), line(4, 2.9)].join('\n'));
    await until(() => mentions(next.points, A1), 2000, "A2's live telemetry");
    await until(() => mentions(next.alarms, A1), 2000, "A2's alarm stream");
    await sleep(200); // whatever the old customer's streams were sent has arrived by now
    expect(mentions(old.points, A1)).toBe(false);
    expect(mentions(old.alarms, A1)).toBe(false);

    const from = `from=${t0 - 60_000}&to=${t0 + 3_600_000}`;
    // The old customer: 404 on the asset and its export, nothing in latest, fleet or alarms.
    expect((await get(viewer, `/api/v1/assets/${A1}`)).statusCode).toBe(404);
    const latest = (await get(viewer, '/api/v1/telemetry/latest?channels=cop')).json();
    expect(latest).not.toEqual(expect.arrayContaining([expect.objectContaining({ assetId: A1 })]));
    const fleet = (
      await get(viewer, `/api/v1/telemetry/fleet?channel=cop&groupBy=asset&${from}`)
    ).json() as { groups: { key: string }[] };
    expect(fleet.groups.map((g) => g.key)).not.toContain(A1);
    const csv = await get(viewer, `/api/v1/telemetry/export.csv?assets=CH-1&channels=cop&${from}`);
    expect(csv.statusCode).toBe(404);
    const alarms = ((await get(viewer, '/api/v1/alarms')).json() as { items: { asset: string }[] })
      .items;
    expect(alarms.map((a) => a.asset)).not.toContain(A1);

    // The new customer: all of it, history included.
    expect((await get(viewer2, `/api/v1/assets/${A1}`)).statusCode).toBe(200);
    const latest2 = (await get(viewer2, '/api/v1/telemetry/latest?channels=cop')).json();
    expect(latest2).toEqual(
      expect.arrayContaining([expect.objectContaining({ assetId: A1, value: 2.9 })]),
    );
    const fleet2 = (
      await get(viewer2, `/api/v1/telemetry/fleet?channel=cop&groupBy=asset&${from}`)
    ).json() as { groups: { key: string; buckets: { count: number }[] }[] };
    expect(fleet2.groups.find((g) => g.key === A1)?.buckets[0]?.count).toBe(5);
    const csv2 = await get(
      viewer2,
      `/api/v1/telemetry/export.csv?assets=CH-1&channels=cop&${from}`,
    );
    expect(csv2.statusCode).toBe(200);
    expect(csv2.body.trim().split('\n')).toHaveLength(6);
    const alarms2 = (
      (await get(viewer2, '/api/v1/alarms')).json() as { items: { asset: string }[] }
    ).items;
    expect(alarms2.map((a) => a.asset)).toContain(A1);

    // Tenant-wide views group the asset under its current customer.
    const byCustomer = (
      await w.as('engineer', {
        method: 'GET',
        url: `/api/v1/telemetry/fleet?channel=cop&groupBy=customer&${from}`,
      })
    ).json() as { groups: { key: string }[] };
    expect(byCustomer.groups.map((g) => g.key)).toEqual([w.customers.A2]);
    const m = await world.monitoring.tenant(w.tenantA.id);
    const kpiLog = await m.alarms.activations(t0 - 60_000, t0 + 3_600_000);
    expect(kpiLog.map((a) => [a.asset, a.customer])).toEqual([[A1, w.customers.A2]]);
    // The stored copy follows too, so a restart starts from the current scope.
    const stored = () =>
      w.db.kysely
        .selectFrom('telemetry_series')
        .select('customer_id')
        .where('asset_id', '=', A1)
        .execute();
    for (let i = 0; i < 50 && (await stored())[0]?.customer_id !== w.customers.A2; i++)
      await sleep(20);
    expect((await stored()).map((r) => r.customer_id)).toEqual([w.customers.A2]);
  });

  it('follows the asset back, and to no customer at all', async () => {
    const A1 = w.assets.A1;
    const move = async (customerId: string | null) => {
      const res = await w.as('tenant_admin', {
        method: 'PATCH',
        url: `/api/v1/assets/${A1}`,
        payload: { customerId },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const sees = async (token: string) =>
      ((await get(token, '/api/v1/telemetry/latest?channels=cop')).json() as { assetId: string }[])
        .map((p) => p.assetId)
        .includes(A1);
    await move(w.customers.A1);
    expect(await sees(w.tokens.viewer)).toBe(true);
    expect(await sees(viewer2)).toBe(false);
    await move(null);
    expect(await sees(w.tokens.viewer)).toBe(false);
    expect(await sees(viewer2)).toBe(false);
    expect(await sees(w.tokens.engineer)).toBe(true);
  });
});

describeEachDatabase('PHM assessments after an asset moves', (t) => {
  it('scopes the assessment log by the asset’s current customer', async () => {
    const world = await createMonitoringWorld(t);
    try {
      const { w } = world;
      await phm(w.db)
        .insertInto('phm_assessments')
        .values({
          id: 'pa_1',
          tenant_id: w.tenantA.id,
          asset_id: w.assets.A2,
          customer_id: w.customers.A2,
          model_id: 'pm_1',
          model_version: 1,
          at: 1,
          health: 0.9,
          rul: null,
          lower: null,
          upper: null,
          created_at: 1,
        })
        .execute();
      const asCustomer = (c: string) => ({ ...w.scopeA, customerIds: [c as CustomerId] });
      const seen = async (c: string) =>
        (await listAssessments(w.db, asCustomer(c))).map((a) => a.assetId);
      expect(await seen(w.customers.A2)).toEqual([w.assets.A2]);
      const moved = await w.as('tenant_admin', {
        method: 'PATCH',
        url: `/api/v1/assets/${w.assets.A2}`,
        payload: { customerId: w.customers.A1 },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await seen(w.customers.A2)).toEqual([]);
      expect(await seen(w.customers.A1)).toEqual([w.assets.A2]);
    } finally {
      await world.close();
    }
  });
});
