// MQTT 5 clients (mqtt.js with protocolVersion 5, mosquitto_pub -V mqttv5) through an external
// Mosquitto 2 broker that the platform subscribes to (upstream.ts), each message read back; and
// the embedded broker's answer to an MQTT 5 CONNECT (Aedes speaks 3.1.1 only). Skipped when
// Mosquitto is not installed (apt-get install mosquitto mosquitto-clients).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createApiKey, createAuthenticator } from '../identity/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';
import { DataType } from './sparkplug-payload.ts';
import { encodePayload } from './test-support.ts';
import { startMqttUpstream, type MqttUpstream } from './upstream.ts';

const MOSQUITTO = '/usr/sbin/mosquitto';
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function startMosquitto(): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await mqtt
      .connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 500 })
      .then(
        (c) => c.endAsync().then(() => true),
        () => false,
      );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const hasMosquitto = existsSync(MOSQUITTO);
if (!hasMosquitto) console.warn('MQTT 5 tests skipped: mosquitto is not installed');

describeEachDatabase('MQTT 5', (t) => {
  if (!hasMosquitto) {
    // Skipped on a developer's machine without Mosquitto; in CI (which installs it) a missing
    // broker is a failure, not a silent skip.
    const required = process.env.RONGHE_CLIENTS_REQUIRED === '1';
    it.runIf(required)('needs Mosquitto (apt-get install mosquitto mosquitto-clients)', () => {
      throw new Error(`${MOSQUITTO} not found, and RONGHE_CLIENTS_REQUIRED=1`);
    });
    return;
  }
  let world: BrokerWorld;
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>>;
  let upstream: MqttUpstream;
  const T = Math.floor(Date.now() / 1000) * 1000 - 60_000;

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    mosquitto = await startMosquitto();
    const { key } = await createApiKey(world.w.db, world.w.scopeA, 'tenant_admin', {
      name: 'upstream',
      role: 'engineer',
    });
    upstream = await startMqttUpstream({
      url: `mqtt://127.0.0.1:${mosquitto.port}`,
      apiKey: key,
      authenticator: createAuthenticator(world.w.db),
      telemetry: world.telemetry,
    });
  });
  afterAll(async () => {
    await upstream?.close();
    await mosquitto?.stop();
    await world?.close();
  });

  async function points(asset: string, channel: string, count: number) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const page = await world.telemetry.queries.raw(
        { tenantId: world.w.tenantA.id, customerIds: null },
        { asset, channel, from: T - 3_600_000, to: Date.now() + 60_000, limit: 100 },
      );
      if (page.points.length >= count || Date.now() > deadline) return page.points;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('stores what mqtt.js at protocol 5 and mosquitto_pub -V mqttv5 publish to the external broker', async () => {
    const url = `mqtt://127.0.0.1:${mosquitto.port}`;
    const c = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'chiller-1' });
    expect(c.options.protocolVersion).toBe(5);
    await c.publishAsync('ronghe/telemetry/CH-1', JSON.stringify({ ts: T, values: { cop: 4.5 } }), {
      qos: 1,
      properties: { contentType: 'application/json', messageExpiryInterval: 60 },
    });
    await c.publishAsync('ronghe/lp/ms', `chiller,asset=CH-2 cop=3.75 ${T}`, { qos: 1 });
    expect(await points('CH-1', 'cop', 1)).toEqual([[T, 4.5]]);
    expect(await points('CH-2', 'cop', 1)).toEqual([[T, 3.75]]);
    // A refused message is reported on ronghe/errors/<topic>, where the publisher can listen.
    await c.subscribeAsync('ronghe/errors/ronghe/telemetry/CH-1', { qos: 0 });
    const report = new Promise<{ code: string; message: string }>((resolve) =>
      c.once('message', (_t, p) => resolve(JSON.parse(p.toString()) as never)),
    );
    await c.publishAsync('ronghe/telemetry/CH-1', '{"values":{"oil":1}}', { qos: 1 });
    expect(await report).toMatchObject({ code: 'RONGHE_VALIDATION' });
    await c.endAsync();
    await run('mosquitto_pub', [
      ...['-V', 'mqttv5', '-h', '127.0.0.1', '-p', String(mosquitto.port), '-q', '1'],
      ...[
        '-t',
        'ronghe/telemetry/CH-1',
        '-m',
        JSON.stringify({ ts: T + 1000, values: { cop: 4.75 } }),
      ],
    ]);
    expect(await points('CH-1', 'cop', 2)).toEqual([
      [T, 4.5],
      [T + 1000, 4.75],
    ]);
    expect(upstream.rejected()).toBe(1);
  });

  it('takes Sparkplug B from an MQTT 5 edge node through the external broker', async () => {
    const url = `mqtt://127.0.0.1:${mosquitto.port}`;
    const c = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'edge-5' });
    await c.publishAsync(
      'spBv1.0/P5/DBIRTH/EDGE-1/CH-3',
      encodePayload({
        timestamp: T,
        seq: 0,
        metrics: [{ name: 'cop', alias: 1, datatype: DataType.Double, double: 5.5 }],
      }),
      { qos: 0 },
    );
    await c.publishAsync(
      'spBv1.0/P5/DDATA/EDGE-1/CH-3',
      encodePayload({ timestamp: T + 1000, seq: 1, metrics: [{ alias: 1, double: 5.25 }] }),
      { qos: 0 },
    );
    expect(await points('CH-3', 'cop', 2)).toEqual([
      [T, 5.5],
      [T + 1000, 5.25],
    ]);
    await c.endAsync();
  });

  it('refuses MQTT 5 on the embedded broker, which speaks 3.1.1, and keeps taking 3.1.1', async () => {
    const v5 = await mqtt
      .connectAsync(world.url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 2000 })
      .then(
        async (c) => {
          await c.endAsync();
          return 'connected';
        },
        (e: Error) => e.message,
      );
    expect(v5).toMatch(/protocol version|Connection refused|Unacceptable|closed/i);
    const { key } = await createApiKey(world.w.db, world.w.scopeA, 'tenant_admin', {
      name: 'v4',
      role: 'engineer',
    });
    const c = await mqtt.connectAsync(world.url, {
      protocolVersion: 4,
      username: 'x',
      password: key,
    });
    await c.publishAsync(
      'ronghe/telemetry/CH-2',
      JSON.stringify({ ts: T + 5000, values: { cop: 3 } }),
      {
        qos: 1,
      },
    );
    expect(await points('CH-2', 'cop', 2)).toContainEqual([T + 5000, 3]);
    await c.endAsync();
  });
});
