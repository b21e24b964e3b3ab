// Issue 15, #4 over HTTP: raw pages with `next`, the point budget as a 400 with its catalogue
// code, and an export cut off at the time limit without taking the process down.
import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { createAssetResolver } from '../../assets/index.ts';
import { createTelemetryService, type TelemetryService } from '../../telemetry/index.ts';
import type { TelemetryLimits } from '../../telemetry/types.ts';
import { telemetryRoutes } from './telemetry.ts';

describeEachDatabase('bounded telemetry reads over HTTP', (t) => {
  let world: World | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await telemetry?.close();
    await world?.dispose();
    world = telemetry = undefined;
  });

  async function setup(limits: Partial<TelemetryLimits>) {
    world = await createWorld(t, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db), limits });
        const svc = telemetry;
        return [{ plugin: (f: FastifyInstance) => telemetryRoutes(f, { telemetry: svc }) }];
      },
    });
    const w = world;
    // Three days back: past the in-memory tail, so reads go to the store (and heads).
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 86_400_000;
    for (const part of [0, 1]) {
      const lines = Array.from({ length: 600 }, (_, i) => {
        const k = part * 600 + i;
        return `c,asset=CH-1 cop=${k} ${t0 + k * 1000}`;
      });
      const wrote = await w.as('engineer', {
        method: 'POST',
        url: '/write?precision=ms',
        payload: lines.join('\n'),
        headers: { 'content-type': 'text/plain' },
      });
      expect(wrote.statusCode, wrote.body).toBe(204);
      if (part === 0) await telemetry!.flush(); // two stored chunks, then points in the heads
    }
    const get = (url: string) => w.as('engineer', { method: 'GET', url });
    return { w, t0, get };
  }

  it('pages raw points with next and refuses reads past the point budget', async () => {
    const { t0, get } = await setup({ maxQueryPoints: 100 });
    const range = `asset=CH-1&channel=cop&from=${t0}&to=${t0 + 1_200_000}`;
    const page = await get(`/api/v1/telemetry/raw?${range}&limit=250`);
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json() as { points: [number, number][]; next?: number };
    expect(body.points).toHaveLength(250);
    expect(body.next).toBe(t0 + 250_000);
    // Five-second buckets are finer than any stored rollup: 1,200 raw points, over 100.
    const big = await get(`/api/v1/telemetry/rollup?${range}&bucket=5s`);
    expect(big.statusCode, big.body).toBe(400);
    const e = big.json() as { code: string; message: string };
    expect(e.code).toBe('RONGHE_QUERY_TOO_LARGE');
    expect(e.message).toMatch(/1200 raw points; at most 100 points per query/);
  });

  it('cuts an export off at the time limit and keeps serving', async () => {
    const { t0, get } = await setup({ queryTimeoutMs: 0, querySlicePoints: 100 });
    const res = await get(
      `/api/v1/telemetry/export.csv?assets=CH-1&channels=cop&from=${t0}&to=${t0 + 1_200_000}`,
    ).catch((x: unknown) => x);
    // The header is out before the limit passes: the body is cut short (or the socket closed).
    if (!(res instanceof Error)) {
      const text = (res as { body: string }).body;
      expect(text.trimEnd().split('\n').length).toBeLessThan(1201);
    }
    const health = await world!.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});
