// Connector definitions over HTTP on each database: validation naming the field, the password
// sealed and never answered, OPC UA node ids checked against a real server, browsing, and a
// platform-run Modbus connector's status against a real Modbus server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import {
  createConnectorRuntime,
  createSecretBox,
  type ConnectorRuntime,
} from '../../connectors/index.ts';
import {
  startTestModbusServer,
  type TestModbusServer,
} from '../../connectors/modbus/test-server.ts';
import {
  freePort,
  startTestOpcUaServer,
  TEST_NAMESPACE,
  TEST_USER,
  type TestOpcUaServer,
} from '../../connectors/opcua/test-server.ts';
import { encodeRaw } from '../../connectors/index.ts';
import { createAsset } from '../../assets/index.ts';
import { connectorRoutes } from './connectors.ts';

/** Three ASCII words in a row: English left in a Chinese message (as chinese-reasons.test.ts). */
const ENGLISH_RUN = /[A-Za-z]{2,}(?:[ ,;'’]+[A-Za-z]{2,}){2,}/;
const dir = mkdtempSync(join(tmpdir(), 'ronghe-connectors-api-'));
let opc: TestOpcUaServer;
let modbus: TestModbusServer;
beforeAll(async () => {
  [opc, modbus] = await Promise.all([
    startTestOpcUaServer({ port: await freePort(), pkiDir: join(dir, 'server'), tickMs: 200 }),
    startTestModbusServer({ failing: [950] }),
  ]);
}, 120_000);
afterAll(async () => {
  await opc?.stop();
  await modbus?.close();
});

describeEachDatabase('connector definitions over HTTP', (t) => {
  let w: World;
  let runtime: ConnectorRuntime;
  let deviceId = '';
  let deviceToken = '';
  let plc = ''; // an asset without a model: it may define its own channels
  const ingested: { asset: string; ts: number; values: Record<string, number> }[] = [];
  const box = createSecretBox(Buffer.alloc(32, 7));
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    w.as('tenant_admin', {
      method,
      url: `/api/v1${url}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => {
        runtime = createConnectorRuntime({
          db,
          box,
          pkiDir: join(dir, t.dialect, 'pki'),
          ingest: async (_tenant, points) => void ingested.push(...points),
          log: () => undefined,
        });
        return [
          {
            plugin: (a) =>
              connectorRoutes(a, { db, box, pkiDir: join(dir, t.dialect, 'pki'), runtime }),
            prefix: '/api/v1',
          },
        ];
      },
    });
    plc = (await createAsset(w.db, w.scopeA, { name: 'Chiller PLC', serial: 'PLC-1' })).id;
    const d = await call('POST', '/devices', { assetId: plc, name: 'PLC gateway' });
    deviceId =
      (d.json() as { device?: { id: string }; id?: string }).id ??
      (d.json() as { device: { id: string } }).device.id;
    deviceToken = (d.json() as { token: string }).token;
  });
  afterAll(async () => {
    await runtime?.stop();
    await w?.dispose();
  });

  const modbusDef = (mappings: object[], extra: object = {}) => ({
    name: `plc-${Math.random().toString(36).slice(2, 8)}`,
    deviceId,
    runOn: 'gateway',
    protocol: 'modbus',
    host: '127.0.0.1',
    port: modbus.port,
    mappings,
    ...extra,
  });
  const reg = (address: number, dataType: string, extra: object = {}) => ({
    asset: plc,
    channel: `c${address}`,
    unitId: 1,
    function: 'holding',
    address,
    dataType,
    ...extra,
  });
  const field = (r: { json(): unknown }) =>
    (r.json() as { details?: { field: string }[] }).details?.[0]?.field;

  it('refuses bad Modbus definitions naming the field', async () => {
    const overlap = await call(
      'POST',
      '/connectors',
      modbusDef([reg(10, 'float32'), reg(11, 'uint16')]),
    );
    expect(overlap.statusCode).toBe(400);
    expect(field(overlap)).toBe('mappings[1].address');
    const count = await call('POST', '/connectors', modbusDef([reg(10, 'float64', { count: 2 })]));
    expect(count.statusCode).toBe(400);
    expect(field(count)).toBe('mappings[0].count');
    expect(count.json()).toMatchObject({
      message: expect.stringContaining('float64 takes 4 registers'),
    });
    const coil = await call(
      'POST',
      '/connectors',
      modbusDef([reg(1, 'float32', { function: 'coils' })]),
    );
    expect(field(coil)).toBe('mappings[0].dataType');
    const type = await call('POST', '/connectors', modbusDef([reg(1, 'int24')]));
    expect(type.statusCode).toBe(400);
    expect(field(type)).toBe('body.mappings.0.dataType');
    const proto = await call('POST', '/connectors', { ...modbusDef([]), protocol: 'bacnet' });
    expect(proto.statusCode).toBe(400);
    expect(field(proto)).toBe('body.protocol');
    const asset = await call(
      'POST',
      '/connectors',
      modbusDef([{ ...reg(1, 'uint16'), asset: 'NOPE' }]),
    );
    expect(field(asset)).toBe('mappings[0].asset');
    expect((await call('GET', '/connectors')).json()).toEqual({ items: [] });
  });

  it('words refusals and unreachable servers in Chinese for a zh-CN caller', async () => {
    const zh = (method: 'GET' | 'POST', url: string, payload?: object) =>
      w.as('tenant_admin', {
        method,
        url: `/api/v1${url}`,
        headers: { 'accept-language': 'zh-CN' },
        ...(payload === undefined ? {} : { payload }),
      });
    const message = (r: { json(): unknown }) => (r.json() as { message: string }).message;
    // The Modbus function is named as Chinese readers know it, not as the API's English key.
    const overlap = await zh(
      'POST',
      '/connectors',
      modbusDef([reg(10, 'float32'), reg(11, 'uint16')]),
    );
    expect(field(overlap)).toBe('mappings[1].address');
    expect(message(overlap)).toContain(
      '从站 1 的保持寄存器（holding）地址 11 与 mappings[0]（10–11）重叠',
    );
    const coil = await zh(
      'POST',
      '/connectors',
      modbusDef([reg(1, 'float32', { function: 'coils' })]),
    );
    expect(message(coil)).toContain('线圈（coils）是单个位');
    // An OPC UA server nobody answers at: stored unchecked, the reason in Chinese; browsing it
    // is refused in Chinese.
    const closed = await freePort();
    const created = await zh('POST', '/connectors', {
      name: 'unreachable',
      deviceId,
      runOn: 'gateway',
      protocol: 'opcua',
      endpointUrl: `opc.tcp://127.0.0.1:${closed}`,
      securityMode: 'None',
      mappings: [{ asset: plc, channel: 'x', namespaceUri: TEST_NAMESPACE, nodeId: 's=X' }],
    });
    expect(created.statusCode).toBe(201);
    const body = created.json() as { connector: { id: string }; verification: object };
    expect(body.verification).toEqual({
      checked: false,
      reason: expect.stringMatching(/^服务器不可达（/),
    });
    const browse = await zh('GET', `/connectors/${body.connector.id}/browse`);
    expect(browse.statusCode).toBe(503);
    expect(message(browse)).toMatch(
      /^服务未就绪：OPC UA 服务器 opc\.tcp:\/\/127\.0\.0\.1:\d+：服务器不可达（/,
    );
    for (const r of [overlap, coil, browse]) expect(message(r)).not.toMatch(ENGLISH_RUN);
    // English callers get English.
    const en = await call('GET', `/connectors/${body.connector.id}/browse`);
    expect(message(en)).toMatch(/server unreachable/);
    await call('DELETE', `/connectors/${body.connector.id}`);
  });

  it('refuses an OPC UA node id the server does not have; keeps the password sealed', async () => {
    const def = {
      name: 'heat station',
      deviceId,
      runOn: 'gateway',
      protocol: 'opcua',
      endpointUrl: opc.endpointUrl,
      securityMode: 'None',
      username: TEST_USER.username,
      password: TEST_USER.password,
      mappings: [
        {
          asset: plc,
          channel: 'counter',
          namespaceUri: TEST_NAMESPACE,
          nodeId: 's=Counter',
        },
        { asset: plc, channel: 'ghost', namespaceUri: TEST_NAMESPACE, nodeId: 's=Ghost' },
      ],
    };
    const bad = await call('POST', '/connectors', def);
    expect(bad.statusCode).toBe(400);
    expect(field(bad)).toBe('mappings[1].nodeId');
    const ok = await call('POST', '/connectors', { ...def, mappings: def.mappings.slice(0, 1) });
    expect(ok.statusCode).toBe(201);
    const body = ok.json() as {
      connector: { id: string; hasPassword: boolean };
      verification: object;
    };
    expect(body.verification).toEqual({ checked: true, reason: null });
    expect(body.connector.hasPassword).toBe(true);
    const got = await call('GET', `/connectors/${body.connector.id}`);
    expect(got.body).not.toContain(TEST_USER.password);
    expect(got.json()).not.toHaveProperty('password');
    const row = await w.db.kysely
      .withTables<{ connectors: { id: string; secret: string | null } }>()
      .selectFrom('connectors')
      .select('secret')
      .where('id', '=', body.connector.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1:/);
    expect(row.secret).not.toContain(TEST_USER.password);
    expect(box.open(row.secret!)).toBe(TEST_USER.password);

    const browse = await call('GET', `/connectors/${body.connector.id}/browse`);
    expect(browse.statusCode).toBe(200);
    const chiller = (
      browse.json() as { items: { browseName: string; namespaceUri: string; nodeId: string }[] }
    ).items.find((i) => i.browseName === 'Chiller');
    expect(chiller?.namespaceUri).toBe(TEST_NAMESPACE);
    const inside = await call(
      'GET',
      `/connectors/${body.connector.id}/browse?namespaceUri=${encodeURIComponent(TEST_NAMESPACE)}&nodeId=${encodeURIComponent(chiller!.nodeId)}`,
    );
    expect((inside.json() as { items: { nodeId: string }[] }).items.map((i) => i.nodeId)).toContain(
      's=Counter',
    );
  });

  it('runs a platform connector and reports status per connector and mapping', async () => {
    encodeRaw(21.5, { dataType: 'float32', byteOrder: 'big', wordOrder: 'little' }).forEach(
      (v, i) => modbus.holding.set(40 + i, v),
    );
    const r = await call(
      'POST',
      '/connectors',
      modbusDef(
        [reg(40, 'float32', { wordOrder: 'little', channel: 'supply_temp' }), reg(900, 'uint16')],
        {
          runOn: 'platform',
          intervalMs: 200,
        },
      ),
    );
    expect(r.statusCode).toBe(201);
    const id = (r.json() as { connector: { id: string } }).connector.id;
    const until = Date.now() + 20_000;
    let st:
      | { state: string; mappings: { key: string; lastValue: number | null; good: number }[] }
      | undefined;
    while (Date.now() < until) {
      st = (await call('GET', `/connectors/${id}/status`)).json() as typeof st;
      if (st?.mappings.every((m) => m.good > 0) && ingested.length > 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(st?.state).toBe('online');
    expect(st?.mappings.find((m) => m.key.endsWith('/supply_temp'))?.lastValue).toBe(21.5);
    expect(ingested.some((p) => p.values.supply_temp === 21.5)).toBe(true);
    expect((await call('DELETE', `/connectors/${id}`)).statusCode).toBe(204);
    const after = (await call('GET', `/connectors`)).json() as { items: { id: string }[] };
    expect(after.items.map((i) => i.id)).not.toContain(id);
  });

  it("words a running connector's errors in the caller's language", async () => {
    const r = await call(
      'POST',
      '/connectors',
      modbusDef([reg(950, 'uint16')], { runOn: 'platform', intervalMs: 200 }),
    );
    expect(r.statusCode).toBe(201);
    const id = (r.json() as { connector: { id: string } }).connector.id;
    type St = { mappings: { lastError: string | null }[] };
    const status = async (lang: string) =>
      (
        await w.as('tenant_admin', {
          method: 'GET',
          url: `/api/v1/connectors/${id}/status`,
          headers: { 'accept-language': lang },
        })
      ).json() as St;
    const end = Date.now() + 20_000;
    while (!(await status('en')).mappings[0]?.lastError && Date.now() < end)
      await new Promise((res) => setTimeout(res, 100));
    expect((await status('en')).mappings[0]!.lastError).toBe('exception 2 (illegal data address)');
    expect((await status('zh-CN')).mappings[0]!.lastError).toBe('异常码 2（非法数据地址）');
    expect((await call('DELETE', `/connectors/${id}`)).statusCode).toBe(204);
  });

  it("keeps a gateway's status report for its own connectors and serves it as their status", async () => {
    const def = modbusDef([reg(1, 'uint16', { channel: 'reported' })]);
    const created = await call('POST', '/connectors', def);
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { connector: { id: string } }).connector.id;
    const before = (await call('GET', `/connectors/${id}/status`)).json() as {
      reportedAt: number | null;
      lastError: string;
    };
    expect(before.reportedAt).toBeNull();
    expect(before.lastError).toMatch(/not reported yet/);
    const zhStatus = async () =>
      (
        await w.as('tenant_admin', {
          method: 'GET',
          url: `/api/v1/connectors/${id}/status`,
          headers: { 'accept-language': 'zh-CN' },
        })
      ).json() as { lastError: string; mappings: { lastError: string | null }[] };
    expect((await zhStatus()).lastError).toBe('在边缘网关上运行，网关尚未上报状态');
    const report = {
      intervalMs: 2000,
      connectors: [
        {
          name: def.name,
          state: 'online',
          lastError: null,
          lastErrorAt: null,
          since: 1_796_000_000_000,
          mappings: [
            {
              k: `0:${plc}/reported`,
              v: 17,
              t: 1_796_000_001_000,
              e: 'exception 4 (server device failure)',
              ez: '异常码 4（从站设备故障）',
              et: 1_796_000_001_500,
              g: 5,
              b: 1,
              r: 0.5,
            },
          ],
        },
        {
          ...{ name: 'not-here', state: 'offline', lastError: 'x', lastErrorAt: 1, since: 1 },
          mappings: [],
        },
      ],
    };
    const send = (auth: string, payload: object) =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/connectors/gateway-status',
        headers: { authorization: `Bearer ${auth}` },
        payload,
      });
    const sent = await send(deviceToken, report);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ stored: 1, ignored: ['not-here'] });
    const st = (await call('GET', `/connectors/${id}/status`)).json() as {
      state: string;
      running: boolean;
      stale: boolean;
      reportedAt: number;
      mappings: { key: string; lastValue: number; good: number; bad: number; rate: number }[];
    };
    expect(st).toMatchObject({ state: 'online', running: false, stale: false });
    expect(Date.now() - st.reportedAt).toBeLessThan(10_000);
    expect(st.mappings).toEqual([
      expect.objectContaining({
        key: `0:${plc}/reported`,
        lastValue: 17,
        good: 5,
        bad: 1,
        rate: 0.5,
        lastError: 'exception 4 (server device failure)',
      }),
    ]);
    expect((await zhStatus()).mappings[0]!.lastError).toBe('异常码 4（从站设备故障）');
    // A user's key may not speak for a gateway; a malformed report names its field.
    expect((await send(w.tokens.tenant_admin, report)).statusCode).toBe(403);
    const bad = await send(deviceToken, { ...report, intervalMs: 5 });
    expect(bad.statusCode).toBe(400);
    expect(field(bad)).toMatch(/intervalMs/);
  });
});
