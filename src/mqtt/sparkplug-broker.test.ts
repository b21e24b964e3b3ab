// Sparkplug B through the embedded broker with a real mqtt.js client, read back through the
// telemetry service. Publishes use QoS 0, as Sparkplug requires (tck-id-topics-nbirth-mqtt), so
// there is no PUBACK to wait for: reads poll until the points are there.
import { deflateSync, gzipSync } from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';
import type { World } from '../../test/http.ts';
import { createAsset, createDevice, createModel } from '../assets/index.ts';
import { createApiKey } from '../identity/index.ts';
import type { TelemetryService } from '../telemetry/index.ts';
import type { MqttBroker } from './index.ts';
import { DataType } from './sparkplug-payload.ts';
import { encodePayload, type PayloadInput } from './test-support.ts';

interface ErrorBody {
  topic: string;
  code: string;
  message: string;
}

describeEachDatabase('Sparkplug B over MQTT', (t) => {
  let world: BrokerWorld;
  let w: World;
  let telemetry: TelemetryService;
  let broker: MqttBroker;
  let key: string;
  let pumpToken: string;
  const url = () => `mqtt://127.0.0.1:${broker.port}`;
  const scope = () => ({ tenantId: w.tenantA.id, customerIds: null });
  const T = Date.now() - 60_000;

  /** Raw points of one channel, polled until `count` are stored (QoS 0 has no PUBACK). */
  async function points(asset: string, channel: string, count: number) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const page = await telemetry.queries.raw(scope(), {
        asset,
        channel,
        from: T - 3_600_000,
        to: Date.now() + 3_600_000,
        limit: 100,
      });
      if (page.points.length >= count || Date.now() > deadline) return page.points;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** A connected client that collects what the broker reports on its error topic. */
  async function connect(clientId: string, password: string) {
    const c = await mqtt.connectAsync(url(), { clientId, username: clientId, password });
    await c.subscribeAsync(`ronghe/errors/${clientId}`, { qos: 0 });
    const errors: ErrorBody[] = [];
    c.on('message', (_t, payload) => errors.push(JSON.parse(payload.toString()) as ErrorBody));
    return { c, errors };
  }

  const publish = (c: MqttClient, topic: string, p: PayloadInput | Buffer) =>
    c.publishAsync(topic, Buffer.isBuffer(p) ? p : encodePayload(p), { qos: 0 });

  async function nextError(errors: ErrorBody[], n: number): Promise<ErrorBody> {
    const deadline = Date.now() + 5000;
    while (errors.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(errors).toHaveLength(n);
    return errors[n - 1]!;
  }

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    ({ w, telemetry, broker } = world);
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'edge', role: 'engineer' }))
      .key;
    const model = await createModel(w.db, w.scopeA, { name: 'Pump', allowNewChannels: true });
    for (const serial of ['EDGE-1', 'PUMP-1', 'PUMP-2']) {
      await createAsset(w.db, w.scopeA, { name: serial, serial, modelId: model.id });
    }
    const pump1 = await telemetry.assetFor(scope(), 'PUMP-1');
    pumpToken = (await createDevice(w.db, w.scopeA, { assetId: pump1.assetId, name: 'pump-1' }))
      .token;
  });
  afterAll(() => world.close());

  const nbirth = (seq = 0): PayloadInput => ({
    timestamp: T,
    seq,
    metrics: [
      { name: 'bdSeq', timestamp: T, datatype: DataType.UInt64, long: 0 },
      { name: 'Node Control/Rebirth', timestamp: T, datatype: DataType.Boolean, boolean: false },
      { name: 'Supply Voltage', alias: 10, timestamp: T, datatype: DataType.Float, float: 24.5 },
    ],
  });
  const dbirth = (seq: number): PayloadInput => ({
    timestamp: T,
    seq,
    metrics: [
      { name: 'Motor/Temp', alias: 1, timestamp: T, datatype: DataType.Float, float: 20.5 },
      { name: 'Motor/Current', alias: 2, timestamp: T, datatype: DataType.Int32, int: -3 },
      { name: 'Running', alias: 3, timestamp: T, datatype: DataType.Boolean, boolean: true },
      { name: 'Model', alias: 4, timestamp: T, datatype: DataType.String, string: 'KSB' },
    ],
  });

  it('stores NBIRTH and DBIRTH metrics, then DDATA by alias, at the right asset and channel', async () => {
    const { c, errors } = await connect('edge-1', key);
    // One after another without waiting: the DDATA is often read with the DBIRTH in one chunk.
    await publish(c, 'spBv1.0/Plant1/NBIRTH/EDGE-1', nbirth());
    await publish(c, 'spBv1.0/Plant1/DBIRTH/EDGE-1/PUMP-1', dbirth(1));
    await publish(c, 'spBv1.0/Plant1/DDATA/EDGE-1/PUMP-1', {
      timestamp: T + 1000,
      seq: 2,
      metrics: [
        { alias: 1, timestamp: T + 1000, float: 21.25 },
        { alias: 2, timestamp: T + 1000, int: -2147483648 },
        { alias: 3, timestamp: T + 1000, boolean: false },
      ],
    });
    await publish(c, 'spBv1.0/Plant1/NDATA/EDGE-1', {
      timestamp: T + 1000,
      seq: 3,
      metrics: [{ alias: 10, timestamp: T + 1000, float: 23.75 }],
    });
    expect(await points('PUMP-1', 'Motor_Temp', 2)).toEqual([
      [T, 20.5],
      [T + 1000, 21.25],
    ]);
    expect(await points('PUMP-1', 'Motor_Current', 2)).toEqual([
      [T, -3],
      [T + 1000, -2147483648],
    ]);
    expect(await points('PUMP-1', 'Running', 2)).toEqual([
      [T, 1],
      [T + 1000, 0],
    ]);
    expect(await points('EDGE-1', 'Supply_Voltage', 2)).toEqual([
      [T, 24.5],
      [T + 1000, 23.75],
    ]);
    // Control metrics and strings are not series.
    expect(await points('EDGE-1', 'bdSeq', 0)).toEqual([]);
    expect(await points('PUMP-1', 'Model', 0)).toEqual([]);
    expect(errors).toEqual([]);
    await c.endAsync();
  });

  it('decodes negative Int8/16/32, Int64 and Float values', async () => {
    const { c, errors } = await connect('edge-2', key);
    const at = T + 2000;
    await publish(c, 'spBv1.0/Plant1/DBIRTH/EDGE-1/PUMP-2', {
      timestamp: at,
      seq: 0,
      metrics: [
        { name: 'i8', alias: 1, datatype: DataType.Int8, int: -128 },
        { name: 'i16', alias: 2, datatype: DataType.Int16, int: -12345 },
        { name: 'i32', alias: 3, datatype: DataType.Int32, int: -7 },
        { name: 'i64', alias: 4, datatype: DataType.Int64, long: -9_000_000_000n },
        { name: 'f', alias: 5, datatype: DataType.Float, float: 0.1 },
        { name: 'd', alias: 6, datatype: DataType.Double, double: -273.15 },
      ],
    });
    const expected: Record<string, number> = {
      i8: -128,
      i16: -12345,
      i32: -7,
      i64: -9_000_000_000,
      f: Math.fround(0.1),
      d: -273.15,
    };
    for (const [channel, value] of Object.entries(expected)) {
      expect(await points('PUMP-2', channel, 1), channel).toEqual([[at, value]]);
    }
    expect(errors).toEqual([]);
    await c.endAsync();
  });

  it('times a metric by its own timestamp, else by the payload timestamp', async () => {
    const { c } = await connect('edge-3', key);
    await publish(c, 'spBv1.0/Plant2/DBIRTH/EDGE-1/PUMP-2', {
      timestamp: T + 3000,
      seq: 0,
      metrics: [
        { name: 'Flow', alias: 1, timestamp: T + 2500, datatype: DataType.Double, double: 1.5 },
        { name: 'Head', alias: 2, datatype: DataType.Double, double: 30 },
      ],
    });
    expect(await points('PUMP-2', 'Flow', 1)).toEqual([[T + 2500, 1.5]]);
    expect(await points('PUMP-2', 'Head', 1)).toEqual([[T + 3000, 30]]);
    await c.endAsync();
  });

  it('reports an unknown alias and a garbage payload on the error topic, and stays connected', async () => {
    const { c, errors } = await connect('edge-4', key);
    const rejectedBefore = broker.rejected();
    await publish(c, 'spBv1.0/Plant1/DBIRTH/EDGE-1/PUMP-1', dbirth(0));
    await publish(c, 'spBv1.0/Plant1/DDATA/EDGE-1/PUMP-1', {
      timestamp: T + 4000,
      seq: 1,
      metrics: [
        { alias: 1, float: 99 }, // good, but the message is refused as a whole
        { alias: 42, float: 1 },
      ],
    });
    const unknown = await nextError(errors, 1);
    expect(unknown).toMatchObject({
      topic: 'spBv1.0/Plant1/DDATA/EDGE-1/PUMP-1',
      code: 'RONGHE_VALIDATION',
    });
    expect(unknown.message).toMatch(/unknown alias 42/);

    await publish(c, 'spBv1.0/Plant1/DDATA/EDGE-1/PUMP-1', Buffer.from('not protobuf \xff\xff'));
    expect((await nextError(errors, 2)).message).toMatch(/payload is not a Sparkplug B protobuf/);
    await publish(c, 'spBv1.0/Plant1/NCMD/EDGE-1', { metrics: [] });
    expect((await nextError(errors, 3)).message).toMatch(/NCMD is for host applications/);
    expect(c.connected).toBe(true);
    expect(broker.rejected() - rejectedBefore).toBe(3);

    // Same connection, same session: the BIRTH is still in force.
    await publish(c, 'spBv1.0/Plant1/DDATA/EDGE-1/PUMP-1', {
      timestamp: T + 5000,
      seq: 2,
      metrics: [{ alias: 1, float: 19 }],
    });
    const temps = await points('PUMP-1', 'Motor_Temp', 3);
    expect(temps).toContainEqual([T + 5000, 19]);
    expect(temps.map((p) => p[1])).not.toContain(99);
    await c.endAsync();
  });

  it('refuses a metric whose channel the asset model does not declare, as the JSON topic does', async () => {
    const { c, errors } = await connect('edge-5', key);
    await publish(c, 'spBv1.0/Plant3/DBIRTH/EDGE-1/CH-1', {
      timestamp: T + 7000,
      seq: 0,
      metrics: [
        { name: 'cop', alias: 1, datatype: DataType.Float, float: 4.5 },
        { name: 'Oil Temp', alias: 2, datatype: DataType.Float, float: 50 },
      ],
    });
    const e = await nextError(errors, 1);
    expect(e).toMatchObject({
      topic: 'spBv1.0/Plant3/DBIRTH/EDGE-1/CH-1',
      code: 'RONGHE_VALIDATION',
    });
    expect(e.message).toMatch(/channel 'Oil_Temp' is not declared/);
    expect(await points('CH-1', 'cop', 0)).toEqual([]); // nothing of the message is stored
    await c.endAsync();
  });

  it('lets a device token write only its own asset as device_id or edge_node_id', async () => {
    const { c, errors } = await connect('pump-1', pumpToken);
    await publish(c, 'spBv1.0/Plant1/DBIRTH/EDGE-1/PUMP-2', {
      timestamp: T + 6000,
      seq: 0,
      metrics: [{ name: 'Stolen', alias: 1, datatype: DataType.Double, double: 1 }],
    });
    const foreign = await nextError(errors, 1);
    expect(foreign).toMatchObject({ code: 'RONGHE_FORBIDDEN' });
    expect(foreign.message).toMatch(/only write its own asset, and 'PUMP-2' is not it/);
    const controlOnly = { ...nbirth(), metrics: nbirth().metrics!.slice(0, 2) };
    await publish(c, 'spBv1.0/Plant1/NBIRTH/EDGE-1', controlOnly); // no points, still refused
    expect(await nextError(errors, 2)).toMatchObject({ code: 'RONGHE_FORBIDDEN' });
    await publish(c, 'spBv1.0/Plant1/NBIRTH/PUMP-1', {
      timestamp: T + 6000,
      seq: 0,
      metrics: [{ name: 'Vibration', alias: 1, datatype: DataType.Double, double: 2.5 }],
    });
    expect(await points('PUMP-1', 'Vibration', 1)).toEqual([[T + 6000, 2.5]]);
    expect(await points('PUMP-2', 'Stolen', 0)).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(c.connected).toBe(true);
    await c.endAsync();
  });

  it("takes a stock edge node's compressed payloads, and counts its refusals per edge node", async () => {
    // A stock edge node: no subscription to the error topic, MQTT 3.1.1, QoS 0.
    const c = await mqtt.connectAsync(url(), {
      clientId: 'edge-z',
      username: 'edge-z',
      password: key,
    });
    const gz = (p: PayloadInput, algorithm: string, body: Buffer): PayloadInput => ({
      uuid: 'SPBV1.0_COMPRESSED',
      body,
      metrics: [{ name: 'algorithm', datatype: DataType.String, string: algorithm }],
      ...(p.seq !== undefined ? { seq: p.seq } : {}),
    });
    await publish(
      c,
      'spBv1.0/PlantZ/DBIRTH/EDGE-1/PUMP-2',
      gz(dbirth(0), 'GZIP', gzipSync(encodePayload(dbirth(0)))),
    );
    const data: PayloadInput = {
      timestamp: T + 7000,
      seq: 1,
      metrics: [{ alias: 1, float: 33.5 }],
    };
    await publish(
      c,
      'spBv1.0/PlantZ/DDATA/EDGE-1/PUMP-2',
      gz(data, 'DEFLATE', deflateSync(encodePayload(data))),
    );
    expect(await points('PUMP-2', 'Motor_Temp', 2)).toContainEqual([T + 7000, 33.5]);
    const before = telemetry.sourceRefusals
      .list(w.tenantA.id)
      .find((r) => r.source === 'PlantZ/EDGE-1');
    expect(before).toBeUndefined();
    await publish(
      c,
      'spBv1.0/PlantZ/DDATA/EDGE-1/PUMP-2',
      gz(data, 'LZ4', deflateSync(encodePayload(data))),
    );
    await publish(c, 'spBv1.0/PlantZ/DDATA/EDGE-1/PUMP-2', { metrics: [{ alias: 99, float: 1 }] });
    const deadline = Date.now() + 5000;
    let mine = telemetry.sourceRefusals
      .list(w.tenantA.id)
      .find((r) => r.source === 'PlantZ/EDGE-1');
    while ((mine?.refused ?? 0) < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      mine = telemetry.sourceRefusals.list(w.tenantA.id).find((r) => r.source === 'PlantZ/EDGE-1');
    }
    expect(mine).toMatchObject({ refused: 2 });
    expect(mine!.lastReason).toMatch(/unknown alias 99/);
    expect(telemetry.sourceRefusals.list(w.tenantB.id)).toEqual([]);
    await c.endAsync();
  });
});
