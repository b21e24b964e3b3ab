// An InfluxDB-compatible telemetry world for the InfluxDB route tests (src/server/routes/
// influx*.test.ts): tenant A with a Telegraf gateway asset (gw-01) whose model takes any
// channel, an engineer API key, and a reader of what was stored. Disposed after each test.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach } from 'vitest';
import * as assets from '../src/assets/index.ts';
import * as identity from '../src/identity/index.ts';
import { telemetryRoutes } from '../src/server/routes/telemetry.ts';
import { createTelemetryService, type TelemetryService } from '../src/telemetry/index.ts';
import type { TestDatabase } from './databases.ts';
import { createWorld, type World } from './http.ts';

export const MIN = 60_000;

/** HTTP Basic credentials, as InfluxDB 1.x clients send an API key. */
export const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** `setup()` for each test of a describeEachDatabase block; cleaned up after each. */
export function influxWorld(t: TestDatabase) {
  let world: World | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await telemetry?.close();
    await world?.dispose();
    world = telemetry = undefined;
  });

  return async function setup() {
    world = await createWorld(t, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: assets.createAssetResolver(db) });
        const svc = telemetry;
        return [{ plugin: (f: FastifyInstance) => telemetryRoutes(f, { telemetry: svc }) }];
      },
    });
    const w = world;
    const scope = { ...w.scopeA, actor: 'test' };
    // A Telegraf host as an asset whose model takes the channels Telegraf sends.
    const gw = await assets.createModel(w.db, scope, {
      name: 'Edge gateway',
      channels: [],
      allowNewChannels: true,
    });
    await assets.createAsset(w.db, scope, {
      name: 'Gateway 1',
      serial: 'gw-01',
      modelId: gw.id,
      customerId: w.customers.A1,
    });
    const { key } = await identity.createApiKey(w.db, scope, 'tenant_admin', {
      name: 'telegraf',
      role: 'engineer',
    });
    const svc = telemetry!;
    const inject = (opts: InjectOptions) => w.app.inject(opts);
    const latest = async (asset: string, channel: string) =>
      (
        await svc.queries.raw(
          { tenantId: w.tenantA.id, customerIds: null },
          { asset, channel, from: 0, to: Date.now() + 1, limit: 1000 },
        )
      ).points;
    return { w, key, inject, latest, svc };
  };
}
