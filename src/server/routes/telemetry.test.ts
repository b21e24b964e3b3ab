import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { createAssetResolver } from '../../assets/index.ts';
import { createApiKey, createAuthenticator, listAudit } from '../../identity/index.ts';
import { createTelemetryService, type TelemetryService } from '../../telemetry/index.ts';
import { buildApp } from '../app.ts';
import { telemetryRoutes } from './telemetry.ts';

describeEachDatabase('telemetry HTTP', (t) => {
  let world: World | undefined;
  let app: FastifyInstance | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await app?.close();
    await telemetry?.close();
    await world?.dispose();
    app = telemetry = world = undefined;
  });

  async function setup() {
    world = await createWorld(t);
    const svc = await createTelemetryService({
      db: world.db,
      resolver: createAssetResolver(world.db),
    });
    telemetry = svc;
    app = await buildApp({
      db: world.db,
      authenticator: createAuthenticator(world.db),
      plugins: [{ plugin: (f) => telemetryRoutes(f, { telemetry: svc }) }],
    });
    await app.ready();
    const w = world;
    const a = app;
    const as = (who: keyof World['tokens'], opts: InjectOptions) =>
      a.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), authorization: `Bearer ${w.tokens[who]}` },
      });
    return { w, svc, as };
  }

  const now = () => Math.floor(Date.now() / 1000) * 1000;

  it('accepts line protocol with 204 and serves it back through the queries', async () => {
    const { w, svc, as } = await setup();
    const t0 = now() - 120_000;
    const body = `chiller,asset=CH-1 cop=4.5 ${t0}\nchiller,asset=CH-2 cop=3.25 ${t0}\nchiller,asset=CH-1 cop=4.75 ${t0 + 60_000}\n`;
    const r = await as('engineer', {
      method: 'POST',
      url: '/write?db=x&precision=ms',
      payload: body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.statusCode).toBe(204);
    const raw = await as('engineer', {
      method: 'GET',
      url: `/api/v1/telemetry/raw?asset=CH-1&channel=cop&from=${t0}&to=${t0 + 120_000}`,
    });
    expect(raw.json()).toEqual({
      points: [
        [t0, 4.5],
        [t0 + 60_000, 4.75],
      ],
    });
    await svc.flush();
    const latest = await as('engineer', {
      method: 'GET',
      url: '/api/v1/telemetry/latest?channels=cop',
    });
    expect(
      latest
        .json()
        .map((l: { assetId: string; value: number }) => [l.assetId, l.value])
        .sort(),
    ).toEqual(
      [
        [w.assets.A1, 4.75],
        [w.assets.A1a, 3.25],
      ].sort(),
    );
    // The customer viewer of Suzhou Group sees its assets only (CH-3 belongs to Wuxi).
    const fleet = await as('viewer', {
      method: 'GET',
      url: `/api/v1/telemetry/fleet?channel=cop&from=${t0}&to=${t0 + 120_000}&groupBy=asset`,
    });
    expect(fleet.statusCode).toBe(200);
    const keys = fleet.json().groups.map((g: { key: string }) => g.key);
    expect(keys).toContain(w.assets.A1);
    expect(keys).not.toContain(w.assets.A2);
    const csv = await as('engineer', {
      method: 'GET',
      url: `/api/v1/telemetry/export.csv?assets=CH-1&channels=cop&from=${t0}&to=${t0 + 120_000}`,
    });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.trim().split('\n')).toHaveLength(3);
    const roll = await as('engineer', {
      method: 'GET',
      url: `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=${t0}&to=${t0 + 120_000}&bucket=1h`,
    });
    expect(roll.json().buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(2);
  });

  it("records no administrator action for an admin key's telemetry writes, and its other changes", async () => {
    const { w } = await setup();
    const routeRecords = async () =>
      (await listAudit(w.db.kysely, w.tenantA.id, { limit: 500 })).filter(
        (r) => r.entityType === 'route',
      );
    const before = (await routeRecords()).length;
    const t0 = now() - 60_000;
    // What a collector configured with a tenant administrator's key sends.
    const { key: adminKey } = await createApiKey(w.db, w.scopeA, 'tenant_admin', {
      name: 'telegraf',
      role: 'tenant_admin',
    });
    for (let i = 0; i < 3; i++) {
      const r = await app!.inject({
        method: 'POST',
        url: '/write?db=x&precision=ms',
        payload: `chiller,asset=CH-1 cop=4.${i} ${t0 + i}\n`,
        headers: { 'content-type': 'text/plain', authorization: `Token ${adminKey}` },
      });
      expect(r.statusCode).toBe(204);
    }
    expect((await routeRecords()).length).toBe(before);
    // An administrator's other changes are still recorded: the data plane alone is left out.
    const key = await app!.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'gateway', role: 'engineer' },
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(key.statusCode, key.body).toBe(201);
    const after = await routeRecords();
    expect(after.length).toBe(before + 1);
    expect(after.some((r) => r.entityId === 'POST /api/v1/api-keys')).toBe(true);
  });

  it('answers 400 naming the bad lines and writes nothing; 401 without a token', async () => {
    const { as, svc } = await setup();
    const body = `chiller,asset=CH-1 cop=1 ${now()}\nchiller,asset=CH-1 cop="x" ${now()}\ngarbage`;
    // String fields are skipped by default (issue 25); strings=reject refuses them too.
    const r = await as('engineer', {
      method: 'POST',
      url: '/write?precision=ms&strings=reject',
      payload: body,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/line 2.*string.*line 3/);
    const lenient = await as('engineer', {
      method: 'POST',
      url: '/write?precision=ms',
      payload: body,
    });
    expect(lenient.statusCode).toBe(400);
    expect(lenient.json().message).toMatch(/^Batch rejected, nothing was written\. line 3: /);
    // The same refusal in Chinese, each line's reason too (issue 17); details stay English.
    const zh = await as('engineer', {
      method: 'POST',
      url: '/write?precision=ms&strings=reject',
      payload: body,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().message).toBe(
      '整批被拒绝，未写入任何数据。' +
        '第 2 行：字段“cop”是字符串；通道只接受数值（请发送数字或布尔值）；' +
        '第 3 行：字段前应有空格',
    );
    expect(zh.json().details[0]).toMatchObject({
      field: 'line 2',
      reason: expect.stringMatching(/string/),
    });
    const unknown = await as('engineer', {
      method: 'POST',
      url: '/write?precision=ms',
      payload: `chiller,asset=NOPE cop=1 ${now()}`,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(unknown.json().message).toBe(
      '整批被拒绝，未写入任何数据。第 1 行：未知资产“NOPE”（请使用资产的序列号或标识）',
    );
    const junk = await as('engineer', {
      method: 'POST',
      url: '/write',
      payload: Buffer.alloc(200_000, 0xfe),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(junk.statusCode).toBe(400);
    await svc.flush();
    expect(
      await svc.queries.latest(
        { tenantId: world!.tenantA.id, customerIds: null },
        { channels: ['cop'] },
      ),
    ).toEqual([]);
    const anon = await app!.inject({ method: 'POST', url: '/write', payload: body });
    expect(anon.statusCode).toBe(401);
    const viewer = await as('viewer', { method: 'POST', url: '/write', payload: body });
    expect(viewer.statusCode).toBe(403);
  });

  it('takes JSON batches and rejects NaN-like values with the reason', async () => {
    const { as } = await setup();
    const ok = await as('engineer', {
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: {
        points: [{ asset: 'CH-3', ts: new Date(now()).toISOString(), values: { cop: 5 } }],
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ points: 1, rows: 1, createdSeries: 1 });
    const bad = await as('engineer', {
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: { points: [{ asset: 'CH-3', values: { cop: 'NaN' } }] },
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await as('engineer', {
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: { points: [{ asset: 'LOC-1', values: { cop: 1 } }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/unknown asset 'LOC-1'/);
  });
});
