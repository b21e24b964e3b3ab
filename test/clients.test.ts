// Issue 25, "Done means": the real client libraries against the running platform, each write
// read back — node-influx (`influx` 5.12), @influxdata/influxdb-client 1.35, Eclipse Tahu's
// sparkplug-client 3.2.4 (with `compress: true`). They are devDependencies; a library that is
// not installed is reported and its block skipped, unless RONGHE_CLIENTS_REQUIRED=1 makes that
// a failure. mqtt.js at protocol 4 and 5: src/mqtt/broker.test.ts, src/mqtt/upstream.test.ts.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from './databases.ts';
import { createWorld, type World } from './http.ts';
import * as assets from '../src/assets/index.ts';
import * as identity from '../src/identity/index.ts';
import { startBrokerWorld, type BrokerWorld } from '../src/mqtt/broker-world.ts';
import { telemetryRoutes } from '../src/server/routes/telemetry.ts';
import { createTelemetryService, type TelemetryService } from '../src/telemetry/index.ts';

const required = process.env.RONGHE_CLIENTS_REQUIRED === '1';

/** The module, or undefined (with a note) when it is not installed. */
async function optional(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch (e) {
    if (required) throw e;
    console.warn(`${name} is not installed: its client tests are skipped (issue 25)`);
    return undefined;
  }
}

// Minimal shapes of the libraries' APIs used here (their own typings come with them).
interface NodeInflux {
  ping(timeout: number): Promise<Array<{ online: boolean; version: string }>>;
  getDatabaseNames(): Promise<string[]>;
  createDatabase(name: string): Promise<void>;
  writePoints(
    points: Array<{
      measurement: string;
      tags: Record<string, string>;
      fields: Record<string, number | string>;
      timestamp: Date;
    }>,
    options?: { precision?: string },
  ): Promise<void>;
  query(q: string): Promise<Array<Record<string, unknown>>>;
}
interface WriteApi {
  writePoint(p: unknown): void;
  close(): Promise<void>;
}
interface PointLike {
  tag(k: string, v: string): PointLike;
  floatField(k: string, v: number): PointLike;
  timestamp(t: Date): PointLike;
}
interface SparkplugClient {
  on(event: string, f: () => void): void;
  publishNodeBirth(payload: unknown, options?: unknown): void;
  publishDeviceBirth(device: string, payload: unknown, options?: unknown): void;
  publishDeviceData(device: string, payload: unknown, options?: unknown): void;
  stop(): void;
}

const nodeInflux = await optional('influx');
const influxClient = await optional('@influxdata/influxdb-client');
const tahu = await optional('sparkplug-client');
const MIN = 60_000;

describeEachDatabase('InfluxDB client libraries', (t) => {
  let world: World;
  let telemetry: TelemetryService;
  let port = 0;
  let key = '';
  const t0 = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;

  beforeAll(async () => {
    world = await createWorld(t, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: assets.createAssetResolver(db) });
        const svc = telemetry;
        return [{ plugin: (f: FastifyInstance) => telemetryRoutes(f, { telemetry: svc }) }];
      },
    });
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    port = (world.app.server.address() as AddressInfo).port;
    key = (
      await identity.createApiKey(world.db, world.scopeA, 'tenant_admin', {
        name: 'clients',
        role: 'engineer',
      })
    ).key;
  });
  afterAll(async () => {
    await telemetry?.close();
    await world?.dispose();
  });

  const raw = async (asset: string, channel: string) =>
    (
      await telemetry.queries.raw(
        { tenantId: world.tenantA.id, customerIds: null },
        { asset, channel, from: t0 - MIN, to: Date.now() + 1, limit: 100 },
      )
    ).points;

  describe.skipIf(!nodeInflux)('node-influx', () => {
    it('pings, lists and creates databases, writes points with a string field, and queries them back', async () => {
      const Influx = nodeInflux!.InfluxDB as new (o: object) => NodeInflux;
      const client = new Influx({
        host: '127.0.0.1',
        port,
        database: 'plant',
        username: 'telegraf',
        password: key,
      });
      const [ping] = await client.ping(5000);
      expect(ping).toMatchObject({ online: true });
      expect(ping!.version).toMatch(/^1\.8/);
      await client.createDatabase('plant');
      expect(await client.getDatabaseNames()).toContain('ronghe');
      await client.writePoints(
        [
          {
            measurement: 'chiller',
            tags: { asset: 'CH-1' },
            fields: { cop: 4.5, mode: 'cooling' },
            timestamp: new Date(t0),
          },
          {
            measurement: 'chiller',
            tags: { host: 'CH-2' },
            fields: { cop: 3.25 },
            timestamp: new Date(t0),
          },
        ],
        { precision: 'ms' },
      );
      expect(await raw('CH-1', 'cop')).toEqual([[t0, 4.5]]);
      expect(await raw('CH-2', 'cop')).toEqual([[t0, 3.25]]);
      const rows = await client.query(
        `SELECT max("cop") FROM "chiller" WHERE time >= ${t0}ms AND time < ${t0 + MIN}ms GROUP BY "asset"`,
      );
      const byAsset = Object.fromEntries(rows.map((r) => [r.asset as string, r.max as number]));
      expect(byAsset).toEqual({ 'CH-1': 4.5, 'CH-2': 3.25 });
    });
  });

  describe.skipIf(!influxClient)('@influxdata/influxdb-client', () => {
    it('writes through /api/v2/write with org, bucket and a gzip body, read back', async () => {
      const InfluxDB = influxClient!.InfluxDB as new (o: object) => {
        getWriteApi(org: string, bucket: string, precision: string, o?: object): WriteApi;
      };
      const Point = influxClient!.Point as new (m: string) => PointLike;
      const api = new InfluxDB({ url: `http://127.0.0.1:${port}`, token: key }).getWriteApi(
        'acme',
        'plant',
        'ms',
        { gzipThreshold: 0, maxRetries: 0 },
      );
      api.writePoint(
        new Point('chiller')
          .tag('asset', 'CH-1')
          .floatField('cop', 4.75)
          .timestamp(new Date(t0 + MIN)),
      );
      api.writePoint(
        new Point('chiller')
          .tag('asset', 'CH-2')
          .floatField('cop', 3.5)
          .timestamp(new Date(t0 + MIN)),
      );
      await api.close();
      expect(await raw('CH-1', 'cop')).toContainEqual([t0 + MIN, 4.75]);
      expect(await raw('CH-2', 'cop')).toContainEqual([t0 + MIN, 3.5]);
    });
  });
});

describeEachDatabase('Eclipse Tahu sparkplug-client', (t) => {
  let world: BrokerWorld;
  let key = '';
  beforeAll(async () => {
    world = await startBrokerWorld(t);
    key = (
      await identity.createApiKey(world.w.db, world.w.scopeA, 'tenant_admin', {
        name: 'edge',
        role: 'engineer',
      })
    ).key;
    const scope = { ...world.w.scopeA, actor: 't' };
    const model = await assets.createModel(world.w.db, scope, {
      name: 'Pump',
      allowNewChannels: true,
    });
    for (const serial of ['EDGE-T', 'PUMP-T']) {
      await assets.createAsset(world.w.db, scope, { name: serial, serial, modelId: model.id });
    }
  });
  afterAll(async () => {
    await world?.close();
  });

  it.skipIf(!tahu)(
    'publishes births and compressed device data (GZIP and DEFLATE) that are stored',
    async () => {
      const newClient = tahu!.newClient as (o: object) => SparkplugClient;
      const client = newClient({
        serverUrl: world.url,
        username: 'edge',
        password: key,
        groupId: 'PlantT',
        edgeNode: 'EDGE-T',
        clientId: 'tahu-edge-t',
        version: 'spBv1.0',
        publishDeath: true,
      });
      const T = Date.now() - MIN;
      await new Promise<void>((resolve) => client.on('birth', resolve));
      client.publishNodeBirth({
        timestamp: T,
        metrics: [{ name: 'Supply Voltage', value: 24.5, type: 'Float' }],
      });
      client.publishDeviceBirth('PUMP-T', {
        timestamp: T,
        metrics: [{ name: 'Motor/Temp', value: 20.5, type: 'Double' }],
      });
      client.publishDeviceData(
        'PUMP-T',
        { timestamp: T + 1000, metrics: [{ name: 'Motor/Temp', value: 21.5, type: 'Double' }] },
        { compress: true, algorithm: 'GZIP' },
      );
      client.publishDeviceData(
        'PUMP-T',
        { timestamp: T + 2000, metrics: [{ name: 'Motor/Temp', value: 22.5, type: 'Double' }] },
        { compress: true },
      );
      const deadline = Date.now() + 10_000;
      let points: [number, number][] = [];
      while (points.length < 3 && Date.now() < deadline) {
        points = (
          await world.telemetry.queries.raw(
            { tenantId: world.w.tenantA.id, customerIds: null },
            {
              asset: 'PUMP-T',
              channel: 'Motor_Temp',
              from: T - MIN,
              to: Date.now() + MIN,
              limit: 10,
            },
          )
        ).points;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(points).toEqual([
        [T, 20.5],
        [T + 1000, 21.5],
        [T + 2000, 22.5],
      ]);
      client.stop();
    },
  );
});
