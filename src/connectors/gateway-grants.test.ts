// One gateway, the PLCs of several assets (issue 23): a gateway's device token writes, over
// HTTP and MQTT as `ronghe gateway` forwards, the assets its tenant's gateway-run connectors
// map to — and no other asset of the tenant, nor another tenant's. A connector reassigned or
// deleted through the API takes the grant away at once; one changed behind the API's back
// within the grants cache's bound.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver, createDevice } from '../assets/index.ts';
import { createAuthenticator, createRevocations } from '../identity/index.ts';
import { startMqttBroker, type MqttBroker } from '../mqtt/index.ts';
import { connectorRoutes } from '../server/routes/connectors.ts';
import { telemetryRoutes } from '../server/routes/telemetry.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { createGatewayGrants, createSecretBox, deleteConnector, GRANTS_TTL_MS } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-gateway-grants-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase('a gateway device writes the assets of its connectors', (t) => {
  let w: World;
  let telemetry: TelemetryService;
  let broker: MqttBroker;
  const gw = { id: '', token: '' };
  const other = { id: '', token: '' };
  let ts = Date.now() - 60_000;

  beforeAll(async () => {
    const revocations = createRevocations();
    w = await createWorld(t, {
      revocations,
      plugins: async (db) => {
        const grants = createGatewayGrants(db);
        telemetry = await createTelemetryService({
          db,
          resolver: createAssetResolver(db),
          deviceGrants: (tenantId, deviceId) => grants.assetsOf(tenantId, deviceId),
        });
        const box = createSecretBox(Buffer.alloc(32, 7));
        const pkiDir = join(dir, t.dialect);
        return [
          { plugin: (f) => telemetryRoutes(f, { telemetry }) },
          { plugin: (a) => connectorRoutes(a, { db, box, pkiDir, grants }), prefix: '/api/v1' },
        ];
      },
    });
    broker = await startMqttBroker({
      port: 0,
      host: '127.0.0.1',
      authenticator: createAuthenticator(w.db),
      revocations,
      telemetry,
    });
    // The gateway's device sits on CH-1; another gateway's on CH-3.
    for (const [d, assetId] of [
      [gw, w.assets.A1],
      [other, w.assets.A2],
    ] as const) {
      const made = await createDevice(w.db, w.scopeA, { assetId, name: `gw ${assetId}` });
      [d.id, d.token] = [made.id, made.token];
    }
  });
  afterAll(async () => {
    await broker?.close();
    await telemetry?.close();
    await w?.dispose();
  });

  const definition = (deviceId: string, assets: string[]) => ({
    name: 'plant PLCs',
    deviceId,
    runOn: 'gateway',
    protocol: 'modbus',
    host: '127.0.0.1',
    port: 502,
    mappings: assets.map((asset, i) => ({
      asset,
      channel: 'cop',
      unitId: 1,
      function: 'holding',
      address: i,
      dataType: 'uint16',
    })),
  });
  const admin = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    w.as('tenant_admin', { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  /** POST /api/v1/telemetry with a device token, as the gateway's HTTPS uplink does. */
  const send = (token: string, assets: string[]) => {
    ts += 1000;
    return w.app.inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      headers: { authorization: `Bearer ${token}` },
      payload: { points: assets.map((asset) => ({ asset, ts, values: { cop: ts % 1000 } })) },
    });
  };
  const latestTs = async (asset: string) => {
    const r = (await telemetry.queries.latest(
      { tenantId: w.tenantA.id, customerIds: null },
      { assets: [asset], channels: ['cop'] },
    )) as Array<{ ts: number }>;
    return r[0]?.ts;
  };

  it('writes two assets of its connectors over HTTP and MQTT, and no third', async () => {
    // Before any connector names it, the gateway writes its own asset only.
    expect((await send(gw.token, ['CH-2'])).statusCode).toBe(403);
    const made = await admin('POST', '/connectors', definition(gw.id, ['CH-1', 'CH-2']));
    expect(made.statusCode).toBe(201);

    const both = await send(gw.token, ['CH-1', 'CH-2']);
    expect(both.statusCode).toBe(200);
    expect(both.json()).toMatchObject({ points: 2 });
    expect(await latestTs('CH-2')).toBe(ts);

    // CH-3 is the tenant's, but no connector of this gateway maps it.
    const third = await send(gw.token, ['CH-2', 'CH-3']);
    expect(third.statusCode).toBe(403);
    expect(third.json().message).toMatch(/'CH-3' is neither/);
    // Another tenant's asset is unknown here.
    const foreign = await send(gw.token, ['LOC-1']);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toMatch(/unknown asset 'LOC-1'/);

    // Over MQTT: the gateway's topic, QoS 1, the device token as password.
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      username: 'plant-gateway',
      password: gw.token,
      clientId: 'plant-gateway',
    });
    const errors: Array<{ code: string; message: string }> = [];
    c.on('message', (_t, p) => errors.push(JSON.parse(p.toString()) as (typeof errors)[number]));
    await c.subscribeAsync('ronghe/errors/plant-gateway', { qos: 1 });
    const at = (ts += 1000);
    const batch = (assets: string[]) =>
      JSON.stringify(assets.map((asset) => ({ asset, ts: at, values: { cop: 7 } })));
    await c.publishAsync('ronghe/telemetry', batch(['CH-1', 'CH-2']), { qos: 1 });
    expect(await latestTs('CH-1')).toBe(at);
    expect(await latestTs('CH-2')).toBe(at);
    const before = await latestTs('CH-3');
    await c.publishAsync('ronghe/telemetry', batch(['CH-3']), { qos: 1 });
    for (let i = 0; i < 50 && errors.length === 0; i++) await sleep(20);
    expect(errors.map((e) => e.code)).toEqual(['RONGHE_FORBIDDEN']);
    expect(await latestTs('CH-3')).toBe(before);
    await c.endAsync();
  });

  it('takes the grant away when the connector is reassigned or deleted', async () => {
    const list = (await w.as('tenant_admin', { method: 'GET', url: '/api/v1/connectors' })).json();
    const id = (list as { items: { id: string }[] }).items[0]!.id;
    expect((await send(gw.token, ['CH-2'])).statusCode).toBe(200); // cached now
    // Reassigned to the other gateway: refused at once, not after the cache's bound.
    const moved = await admin('PUT', `/connectors/${id}`, definition(other.id, ['CH-2']));
    expect(moved.statusCode).toBe(200);
    expect((await send(gw.token, ['CH-2'])).statusCode).toBe(403);
    expect((await send(gw.token, ['CH-1'])).statusCode).toBe(200); // its own asset still
    expect((await send(other.token, ['CH-2'])).statusCode).toBe(200);
    // Deleted through the API: refused at once.
    expect((await admin('DELETE', `/connectors/${id}`)).statusCode).toBe(204);
    expect((await send(other.token, ['CH-2'])).statusCode).toBe(403);
  });

  it('forgets a grant changed behind the API within the cache bound', async () => {
    const made = await admin('POST', '/connectors', definition(gw.id, ['CH-2']));
    const id = (made.json() as { connector: { id: string } }).connector.id;
    expect((await send(gw.token, ['CH-2'])).statusCode).toBe(200);
    // Another process (or a node that missed the cluster's announcement) deletes it.
    await deleteConnector(w.db, w.tenantA.id, id);
    await sleep(GRANTS_TTL_MS + 100);
    expect((await send(gw.token, ['CH-2'])).statusCode).toBe(403);
  });
});
