// Many devices, one small message each (issue 21): JSON messages of several devices of a tenant
// are written together, and each still keeps its device's own-asset rule and its device's
// last-seen time; a message breaking the rule is refused alone.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver, createDevice } from '../assets/index.ts';
import { createAuthenticator } from '../identity/index.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { startMqttBroker, type MqttBroker } from './index.ts';

describeEachDatabase('MQTT batches across devices', (t) => {
  let w: World;
  let telemetry: TelemetryService;
  let broker: MqttBroker;
  const stored: { deviceId: string | undefined; assets: string[] }[] = [];
  const partsPerWrite: number[] = [];
  const devices: { id: string; token: string; serial: string }[] = [];
  // By device index, not by connection order: the three connect at once.
  const open: MqttClient[] = [];

  beforeAll(async () => {
    w = await createWorld(t);
    telemetry = await createTelemetryService({
      db: w.db,
      resolver: createAssetResolver(w.db),
      onStored: (scope, assetIds) =>
        stored.push({ deviceId: scope.deviceId, assets: [...assetIds].sort() }),
    });
    const parts = telemetry.ingestJsonParts.bind(telemetry);
    telemetry.ingestJsonParts = (p) => {
      partsPerWrite.push(p.length);
      return parts(p);
    };
    broker = await startMqttBroker({
      port: 0,
      host: '127.0.0.1',
      authenticator: createAuthenticator(w.db),
      telemetry,
    });
    for (const [asset, serial] of [
      [w.assets.A1, 'CH-1'],
      [w.assets.A1a, 'CH-2'],
      [w.assets.A2, 'CH-3'],
    ] as const) {
      const d = await createDevice(w.db, w.scopeA, { assetId: asset, name: serial });
      devices.push({ id: d.id, token: d.token, serial });
    }
  });
  afterAll(async () => {
    for (const c of open) c?.end(true);
    await broker.close();
    await telemetry.close();
    await w.dispose();
  });

  const connect = async (i: number) => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      username: 'd',
      password: devices[i]!.token,
      clientId: `dev-${i}`,
      reconnectPeriod: 0,
    });
    open[i] = c;
    return c;
  };

  const latest = async (serial: string) =>
    (await telemetry.queries.latest(w.scopeA, { channels: ['cop'], assets: [serial] }))[0];

  it('writes the devices messages together, each counted for its own device', async () => {
    const clients = await Promise.all([0, 1, 2].map(connect));
    const ts = Date.now() - 1000;
    await Promise.all(
      clients.map((c, i) =>
        c.publishAsync(
          `ronghe/telemetry/${devices[i]!.serial}`,
          JSON.stringify({ ts, values: { cop: 4 + i } }),
          { qos: 1 },
        ),
      ),
    );
    // Sent in the same few milliseconds: at least one write carried more than one device.
    expect(Math.max(...partsPerWrite)).toBeGreaterThan(1);
    for (const [i, d] of devices.entries()) {
      expect((await latest(d.serial))?.value).toBe(4 + i);
    }
    const byDevice = new Map(stored.map((s) => [s.deviceId, s.assets]));
    expect(byDevice.get(devices[0]!.id)).toEqual([w.assets.A1]);
    expect(byDevice.get(devices[1]!.id)).toEqual([w.assets.A1a]);
    expect(byDevice.get(devices[2]!.id)).toEqual([w.assets.A2]);
  });

  it("refuses alone a device's message for another asset; the others' are stored", async () => {
    const [c0, c1, c2] = open;
    const errors: string[] = [];
    await c1!.subscribeAsync('ronghe/errors/dev-1', { qos: 0 });
    c1!.on('message', (_t, p) => errors.push(p.toString()));
    partsPerWrite.length = 0;
    const ts = Date.now() - 500;
    await Promise.all([
      c0!.publishAsync('ronghe/telemetry/CH-1', JSON.stringify({ ts, values: { cop: 7 } }), {
        qos: 1,
      }),
      // Device of CH-2 writing CH-1 through the gateway topic: the row names another asset.
      c1!.publishAsync(
        'ronghe/telemetry',
        JSON.stringify([{ asset: 'CH-1', ts, values: { cop: 99 } }]),
        {
          qos: 1,
        },
      ),
      c2!.publishAsync('ronghe/telemetry/CH-3', JSON.stringify({ ts, values: { cop: 8 } }), {
        qos: 1,
      }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(errors.join('\n')).toMatch(/RONGHE_FORBIDDEN/);
    expect((await latest('CH-1'))?.value).toBe(7);
    expect((await latest('CH-3'))?.value).toBe(8);
  });
});
