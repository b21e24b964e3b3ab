// Devices' and assets' lastSeenAt over HTTP: set when they write telemetry (over a device
// token or an API key), at most one UPDATE per asset and device per interval, not per point.
import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver, createLastSeenRecorder } from '../assets/index.ts';
import { createAuthenticator } from '../identity/index.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { buildApp } from './app.ts';
import { telemetryRoutes } from './routes/telemetry.ts';

describeEachDatabase('last seen over HTTP', (t) => {
  let world: World | undefined;
  let app: FastifyInstance | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await app?.close();
    await telemetry?.close();
    await world?.dispose();
    app = telemetry = world = undefined;
  });

  it('sets lastSeenAt of the asset and the device that wrote, once per interval', async () => {
    const w = (world = await createWorld(t));
    // The interval is the recorder's; the test flushes by hand instead of waiting a minute.
    const lastSeen = createLastSeenRecorder(w.db, { intervalMs: 3_600_000 });
    const svc = (telemetry = await createTelemetryService({
      db: w.db,
      resolver: createAssetResolver(w.db),
      onStored: (scope, ids, at) => lastSeen.note(ids, at, scope.deviceId),
    }));
    const a = (app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      plugins: [{ plugin: (f) => telemetryRoutes(f, { telemetry: svc }) }],
    }));
    await a.ready();
    const as = (token: string, opts: InjectOptions) =>
      a.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${token}` } });
    const eng = w.tokens.engineer;
    const device = (
      await as(eng, {
        method: 'POST',
        url: '/api/v1/devices',
        payload: { assetId: w.assets.A1, name: 'gateway' },
      })
    ).json() as { id: string; token: string; lastSeenAt: number | null };
    expect(device.lastSeenAt).toBeNull();
    const seen = async () => ({
      device: (
        (
          await as(eng, { method: 'GET', url: `/api/v1/devices?assetId=${w.assets.A1}` })
        ).json() as Array<{
          lastSeenAt: number | null;
        }>
      )[0]!.lastSeenAt,
      a1: (
        (await as(eng, { method: 'GET', url: `/api/v1/assets/${w.assets.A1}` })).json() as {
          lastSeenAt: number | null;
        }
      ).lastSeenAt,
      a2: (
        (await as(eng, { method: 'GET', url: '/api/v1/assets?q=CH-3' })).json() as {
          items: Array<{ lastSeenAt: number | null }>;
        }
      ).items[0]!.lastSeenAt,
    });
    expect(await seen()).toEqual({ device: null, a1: null, a2: null });

    const t0 = Date.now();
    const write = (token: string, asset: string, i: number) =>
      as(token, {
        method: 'POST',
        url: '/write?precision=ms',
        payload: `chiller,asset=${asset} cop=${4 + i / 100} ${t0 - 60_000 + i}`,
        headers: { 'content-type': 'text/plain' },
      });
    for (let i = 0; i < 50; i++)
      expect((await write(device.token, 'CH-1', i)).statusCode).toBe(204);
    for (let i = 0; i < 20; i++) expect((await write(eng, 'CH-3', i)).statusCode).toBe(204);
    expect(lastSeen.updates).toBe(0); // nothing written per point
    await lastSeen.flush();
    expect(lastSeen.updates).toBe(3); // CH-1, CH-3 and the device: one each for 70 batches
    const after = await seen();
    for (const v of Object.values(after)) {
      expect(v).toBeGreaterThanOrEqual(t0);
      expect(v).toBeLessThanOrEqual(Date.now());
    }
    // An API key's write sets the asset's time, not the device's.
    expect(after.a2).toBeGreaterThanOrEqual(after.device!);
    await lastSeen.flush();
    expect(lastSeen.updates).toBe(3); // nothing new, nothing written
    await lastSeen.close();
  });
});
