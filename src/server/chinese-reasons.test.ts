// A zh-CN caller reads bad input's reason in Chinese (issue #17): schema refusals (Ajv keywords
// turned into RONGHE_VALIDATION by src/server/errors.ts) and the services' own checks
// (`invalid(field, reason)`, whose reason the compiler now requires in both languages), on routes
// of several contexts. Each answer must name the field and hold no English sentence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { schemaReason } from '../kernel/index.ts';
import { startPlatform, type Platform } from '../main.ts';

/** A run of three or more ASCII words: an English phrase left in a Chinese message. */
export const ENGLISH_RUN = /[A-Za-z]{2,}(?:[ ,;'’]+[A-Za-z]{2,}){2,}/;

describe('schema keywords in Chinese', () => {
  const keywords: [string, unknown][] = [
    ['required', { missingProperty: 'name' }],
    ['type', { type: 'integer' }],
    ['type', { type: 'string,null' }],
    ['minimum', { limit: 1, comparison: '>=' }],
    ['maximum', { limit: 5, comparison: '<=' }],
    ['exclusiveMinimum', { limit: 0, comparison: '>' }],
    ['exclusiveMaximum', { limit: 1, comparison: '<' }],
    ['minLength', { limit: 1 }],
    ['maxLength', { limit: 200 }],
    ['pattern', { pattern: '^[A-Z]+$' }],
    ['enum', { allowedValues: ['low', 'high'] }],
    ['format', { format: 'date-time' }],
    ['additionalProperties', { additionalProperty: 'colour' }],
    ['const', { allowedValue: 'modbus' }],
    ['minItems', { limit: 1 }],
    ['maxItems', { limit: 3 }],
    ['uniqueItems', { i: 0, j: 1 }],
    ['multipleOf', { multipleOf: 5 }],
    ['anyOf', {}],
    ['someFutureKeyword', {}],
  ];
  it.each(keywords)('%s reads in Chinese with no English phrase', (keyword, params) => {
    const r = schemaReason({ keyword, params, message: 'must be something in English words' });
    expect(r['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(r['zh-CN']).not.toMatch(ENGLISH_RUN);
    expect(r.en).toMatch(/\S/);
  });
});

// The whole platform (every context's routes) on the demo tenant, as a new user meets it.
describe('bad input answered in Chinese', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-zh-reasons-'));
  let p: Platform;
  let cookie = '';
  const w = { customer: '', asset: '', serial: '', device: '' };
  beforeAll(async () => {
    const config = loadConfig({
      RONGHE_DATA_DIR: dir,
      RONGHE_LOG_LEVEL: 'error',
      RONGHE_SIMULATE: 'false',
    });
    p = await startPlatform({ ...config, mqttPort: null }, { listen: false, log: () => undefined });
    const login = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@demo.ronghe.local', password: p.demo!.adminPassword },
    });
    expect(login.statusCode).toBe(200);
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const assets = await p.app.inject({ url: '/api/v1/assets?level=asset', headers: { cookie } });
    expect(assets.statusCode, assets.body).toBe(200);
    const a = assets.json<{ items: { id: string; serial: string; customerId: string }[] }>()
      .items[0]!;
    const device = await p.app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: { cookie },
      payload: { assetId: a.id, name: 'gw' },
    });
    expect(device.statusCode, device.body).toBe(201);
    const dv = device.json<{ id?: string; device?: { id: string } }>();
    Object.assign(w, {
      customer: a.customerId,
      asset: a.id,
      serial: a.serial,
      device: dv.device?.id ?? dv.id!,
    });
  }, 60_000);
  afterAll(async () => {
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
  const send = (req: { method: Case['method']; url: string; payload?: object }, lang: object) =>
    p.app.inject({ ...req, headers: { cookie, ...lang } });

  type Case = {
    what: string;
    method: 'POST' | 'PUT' | 'GET';
    url: () => string;
    payload?: () => unknown;
    field: string;
  };
  const modbus = (over: Record<string, unknown>) => ({
    name: 'PLC 1',
    deviceId: w.device,
    protocol: 'modbus',
    runOn: 'gateway',
    host: '192.168.10.21',
    port: 502,
    intervalMs: 1000,
    mappings: [
      {
        asset: w.serial,
        channel: 'supply_temp',
        unitId: 1,
        function: 'holding',
        address: 100,
        dataType: 'float32',
        ...over,
      },
    ],
  });
  const cases: Case[] = [
    // connectors: a schema refusal (enum) and a service check (registers of a data type)
    {
      what: 'connectors, enum',
      method: 'POST',
      url: () => '/api/v1/connectors',
      payload: () => modbus({ function: 'sideways' }),
      field: 'mappings.0.function',
    },
    {
      what: 'connectors, register count',
      method: 'POST',
      url: () => '/api/v1/connectors',
      payload: () => modbus({ count: 1 }),
      field: 'mappings[0].count',
    },
    // manufacturing: a missing field (required) and a shift time the service refuses
    {
      what: 'manufacturing, required',
      method: 'POST',
      url: () => '/api/v1/manufacturing/stations',
      payload: () => ({ code: 'CUT1', line: 'A' }),
      field: 'name',
    },
    {
      what: 'manufacturing, shift time',
      method: 'POST',
      url: () => '/api/v1/manufacturing/stations',
      payload: () => ({
        code: 'CUT1',
        name: 'Cutter',
        line: 'A',
        shifts: [{ days: [1], start: '08:00', end: '08:00' }],
      }),
      field: 'shifts[0]',
    },
    // energy: a wrong type and a unit that does not fit the meter kind
    {
      what: 'energy, type',
      method: 'POST',
      url: () => '/api/v1/energy/meters',
      payload: () => ({
        name: 7,
        kind: 'electricity',
        unit: 'kWh',
        source: { kind: 'channel', assetId: w.asset, channel: 'kwh', mode: 'interval' },
      }),
      field: 'name',
    },
    {
      what: 'energy, unit of kind',
      method: 'POST',
      url: () => '/api/v1/energy/meters',
      payload: () => ({
        name: 'm1',
        kind: 'electricity',
        unit: 'm3',
        source: { kind: 'channel', assetId: w.asset, channel: 'kwh', mode: 'interval' },
      }),
      field: 'unit',
    },
    // service: a contract that ends before it starts, and an unknown field
    {
      what: 'service, dates',
      method: 'POST',
      url: () => '/api/v1/service/contracts',
      payload: () => ({
        customerId: w.customer,
        name: 'Full service',
        kind: 'full_service',
        validFrom: '2026-12-31',
        validTo: '2026-01-01',
        assetIds: [w.asset],
        sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
      }),
      field: 'validTo',
    },
    {
      what: 'service, additional property',
      method: 'POST',
      url: () => '/api/v1/service/technicians',
      payload: () => ({
        name: 'Wang',
        skills: [],
        homeLat: 31.3,
        homeLon: 120.62,
        region: 'Suzhou',
        colour: 'blue',
      }),
      field: 'colour',
    },
    // monitoring: a webhook without its URL, and a time query the parser refuses
    {
      what: 'monitoring, webhook',
      method: 'POST',
      url: () => '/api/v1/alarm-subscriptions',
      payload: () => ({ channels: ['webhook'], minSeverity: 'major' }),
      field: 'webhook.url',
    },
    {
      what: 'monitoring, time',
      method: 'GET',
      url: () => '/api/v1/alarms?from=yesterday-ish',
      field: 'from',
    },
  ];

  it.each(cases.map((c) => [c.what, c] as const))('%s', async (_, c) => {
    const req = {
      method: c.method,
      url: c.url(),
      ...(c.payload ? { payload: c.payload() as object } : {}),
    };
    const en = await send(req, {});
    const cn = await send(req, zh);
    expect(cn.statusCode, cn.body).toBe(400);
    expect(en.statusCode, en.body).toBe(400);
    const body = cn.json<{ code: string; message: string }>();
    expect(body.code).toBe('RONGHE_VALIDATION');
    expect(body.message).toContain(c.field);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(body.message, body.message).not.toMatch(ENGLISH_RUN);
    // the same refusal in English names the same field and holds no Chinese
    const enBody = en.json<{ code: string; message: string }>();
    expect(enBody.code).toBe('RONGHE_VALIDATION');
    expect(enBody.message).toContain(c.field);
    expect(enBody.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  // A conflict of the service context (issue #17): a spare part whose SKU the demo already has.
  it('service conflict: a taken SKU in Chinese, the code and details unchanged', async () => {
    const parts = await send({ method: 'GET', url: '/api/v1/service/parts' }, {});
    expect(parts.statusCode, parts.body).toBe(200);
    const listed = parts.json<{ sku: string }[] | { items: { sku: string }[] }>();
    const sku = (Array.isArray(listed) ? listed : listed.items)[0]!.sku;
    const req = {
      method: 'POST' as const,
      url: '/api/v1/service/parts',
      payload: {
        sku,
        name: '电子膨胀阀',
        fits: [],
        unitCostFen: 86000,
        reorderPoint: 1,
        reorderQty: 5,
      },
    };
    const en = await send(req, {});
    const cn = await send(req, zh);
    expect(cn.statusCode, cn.body).toBe(409);
    expect(en.statusCode, en.body).toBe(409);
    const body = cn.json<{ code: string; message: string }>();
    expect(body.code).toBe('RONGHE_CONFLICT');
    expect(body.message).toContain(`sku：“${sku}”已是备件`);
    expect(body.message, body.message).not.toMatch(ENGLISH_RUN);
    expect(en.json<{ message: string }>().message).toContain(`sku: '${sku}' is already part`);
  });
});
