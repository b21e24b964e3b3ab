// The embedded broker with real clients: mqtt.js and Debian's mosquitto_pub.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';
import type { World } from '../../test/http.ts';
import { createDevice } from '../assets/index.ts';
import { createApiKey } from '../identity/index.ts';
import type { TelemetryService } from '../telemetry/index.ts';
import type { MqttBroker } from './index.ts';

const run = promisify(execFile);
const mosquittoPub = '/usr/bin/mosquitto_pub';

describeEachDatabase('MQTT ingest', (t) => {
  let world: BrokerWorld;
  let w: World;
  let telemetry: TelemetryService;
  let broker: MqttBroker;
  let key: string;
  let deviceToken: string;
  const url = () => `mqtt://127.0.0.1:${broker.port}`;
  const scopeA = () => ({ tenantId: w.tenantA.id, customerIds: null });
  const latest = async (asset: string) =>
    (await telemetry.queries.latest(scopeA(), { assets: [asset], channels: ['cop'] })) as Array<{
      ts: number;
      value: number;
    }>;

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    ({ w, telemetry, broker } = world);
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'mqtt', role: 'engineer' }))
      .key;
    deviceToken = (await createDevice(w.db, w.scopeA, { assetId: w.assets.A1, name: 'gw' })).token;
  });
  afterAll(() => world.close());

  it('acknowledges a QoS 1 publish only after the point is stored', async () => {
    const c = await mqtt.connectAsync(url(), {
      username: 'scada',
      password: key,
      clientId: 'scada-1',
    });
    const ts = Date.now() - 1000;
    await c.publishAsync('ronghe/telemetry/CH-1', JSON.stringify({ ts, values: { cop: 5.25 } }), {
      qos: 1,
    });
    expect(await latest('CH-1')).toMatchObject([{ ts, value: 5.25 }]);
    await c.publishAsync(
      'ronghe/telemetry',
      JSON.stringify([
        { asset: 'CH-2', ts, values: { cop: 4.5 } },
        { asset: 'CH-3', ts, values: { cop: 4.75 } },
      ]),
      { qos: 1 },
    );
    expect(await latest('CH-3')).toMatchObject([{ value: 4.75 }]);
    await c.publishAsync('ronghe/lp', `chiller,asset=CH-2 cop=3.5 ${ts + 1000}`, { qos: 1 });
    expect(await latest('CH-2')).toMatchObject([{ ts: ts + 1000, value: 3.5 }]);
    await c.endAsync();
  });

  it('reports a bad message on the client error topic and keeps the client connected', async () => {
    const c = await mqtt.connectAsync(url(), {
      username: 'scada',
      password: key,
      clientId: 'scada-2',
    });
    await c.subscribeAsync('ronghe/errors/scada-2', { qos: 0 });
    const errors: Array<{ code: string; message: string }> = [];
    c.on('message', (_topic, payload) =>
      errors.push(JSON.parse(payload.toString()) as { code: string; message: string }),
    );
    await c.publishAsync('ronghe/telemetry/CH-1', 'not json', { qos: 1 });
    await c.publishAsync('ronghe/telemetry/CH-1', JSON.stringify({ values: { cop: 'high' } }), {
      qos: 1,
    });
    await c.publishAsync('ronghe/telemetry/NOPE', JSON.stringify({ values: { cop: 1 } }), {
      qos: 1,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.map((e) => e.code)).toEqual([
      'RONGHE_VALIDATION',
      'RONGHE_VALIDATION',
      'RONGHE_VALIDATION',
    ]);
    expect(errors[0]!.message).toMatch(/not JSON/);
    expect(errors[2]!.message).toMatch(/NOPE/);
    expect(c.connected).toBe(true);
    expect(broker.rejected()).toBeGreaterThanOrEqual(3);
    await c.endAsync();
  });

  it('reports each refusal in Chinese beside English, MQTT 3.1.1 having no Accept-Language (issue #17)', async () => {
    const c = await mqtt.connectAsync(url(), {
      username: 'scada',
      password: key,
      clientId: 'scada-zh',
    });
    await c.subscribeAsync('ronghe/errors/scada-zh', { qos: 0 });
    type Report = {
      topic: string;
      code: string;
      message: string;
      messages: Record<string, string>;
    };
    const reports: Report[] = [];
    c.on('message', (_topic, payload) => reports.push(JSON.parse(payload.toString()) as Report));
    await c.publishAsync('ronghe/telemetry/CH-1', '[]', { qos: 1 });
    await c.publishAsync('ronghe/lp/minutes', 'chiller,asset=CH-1 cop=4', { qos: 1 });
    await c.publishAsync('ronghe/telemetry', JSON.stringify([{ values: { cop: 1 } }]), { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(reports.map((r) => r.messages['zh-CN'])).toEqual([
      'ronghe/telemetry/CH-1：载荷是空数组；请至少发送一个数据点',
      'ronghe/lp/minutes：主题应为 ronghe/lp 或 ronghe/lp/<ns|us|ms|s>',
      'ronghe/telemetry：第 0 项未指明资产（请写在主题中或“asset”字段里）',
    ]);
    for (const r of reports) {
      expect(r.code).toBe('RONGHE_VALIDATION');
      expect(r.message).toBe(r.messages.en); // the English message as before
    }
    expect(reports[0]!.message).toBe(
      'ronghe/telemetry/CH-1: payload is an empty array; send at least one point',
    );
    await c.endAsync();
  });

  it('refuses bad credentials, foreign subscriptions and non-telemetry topics', async () => {
    await expect(
      mqtt.connectAsync(url(), { username: 'x', password: 'rk_nope_nope', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Bad username or password|Not authorized|connack/i);
    const c = await mqtt.connectAsync(url(), {
      username: 'snoop',
      password: key,
      clientId: 'snoop',
    });
    await expect(c.subscribeAsync('ronghe/telemetry/#', { qos: 0 })).rejects.toThrow(
      /Subscribe error/,
    );
    expect(c.connected).toBe(true);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish('chat/anything', 'hello', { qos: 1 });
    await closed; // publishing outside the telemetry topics closes the connection (MQTT-3.3.5-2)
    c.end(true);
  });

  it.skipIf(!existsSync(mosquittoPub))(
    'takes telemetry from mosquitto_pub with a device token, only for its own asset',
    async () => {
      const ts = Date.now() - 500;
      await run(mosquittoPub, [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-q',
        '1',
        '-u',
        'gw',
        '-P',
        deviceToken,
        '-t',
        'ronghe/telemetry/CH-1',
        '-m',
        JSON.stringify({ ts, values: { cop: 6.5 } }),
      ]);
      expect(await latest('CH-1')).toMatchObject([{ ts, value: 6.5 }]);
      await run(mosquittoPub, [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-q',
        '1',
        '-u',
        'gw',
        '-P',
        deviceToken,
        '-t',
        'ronghe/telemetry/CH-3',
        '-m',
        JSON.stringify({ ts: ts + 1, values: { cop: 9.5 } }),
      ]);
      expect((await latest('CH-3'))[0]?.value).not.toBe(9.5);
    },
  );
});
