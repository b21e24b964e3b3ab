// Test fixture: a world (test/http.ts) whose app serves telemetry and monitoring as the platform
// wires them (main.ts `monitoringOverTelemetry`), plus the routes of `more` contexts. For the
// route tests of monitoring, derived channels and PHM.
import type { FastifyPluginAsync } from 'fastify';
import { expect } from 'vitest';
import type { TestDatabase } from './databases.ts';
import { createWorld, type World } from './http.ts';
import { createAssetResolver } from '../src/assets/index.ts';
import { createApiKey } from '../src/identity/index.ts';
import { monitoringOverTelemetry } from '../src/main.ts';
import type { MonitoringRuntime } from '../src/monitoring/index.ts';
import { monitoringRoutes } from '../src/server/routes/monitoring.ts';
import { telemetryRoutes } from '../src/server/routes/telemetry.ts';
import type { Db } from '../src/storage/index.ts';
import { createTelemetryService, type TelemetryService } from '../src/telemetry/index.ts';

export interface MonitoringWorld {
  w: World;
  telemetry: TelemetryService;
  monitoring: MonitoringRuntime;
  close(): Promise<void>;
}

type Plugin = { plugin: FastifyPluginAsync; prefix?: string };

export async function createMonitoringWorld(
  t: TestDatabase,
  more: (db: Db, telemetry: TelemetryService, monitoring: MonitoringRuntime) => Plugin[] = () => [],
): Promise<MonitoringWorld> {
  let telemetry!: TelemetryService;
  let monitoring!: MonitoringRuntime;
  const w = await createWorld(t, {
    plugins: async (db) => {
      telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
      monitoring = await monitoringOverTelemetry(db, telemetry);
      return [
        { plugin: (app) => telemetryRoutes(app, { telemetry }) },
        { plugin: (app) => monitoringRoutes(app, { db, monitoring }), prefix: '/api/v1' },
        ...more(db, telemetry, monitoring),
      ];
    },
  });
  return {
    w,
    telemetry,
    monitoring,
    async close() {
      await monitoring.close();
      await telemetry.close();
      await w.dispose();
    },
  };
}

/**
 * Writes one `cop` point a step for the asset with `serial` over /write (line protocol), with an
 * engineer's API key as a gateway would, and fails the test unless the platform takes them.
 */
export async function writeCop(
  w: World,
  serial: string,
  values: number[],
  t0: number,
  stepMs = 60_000,
): Promise<void> {
  const { key } = await createApiKey(w.db, w.scopeA, 'tenant_admin', {
    name: `writer ${serial}`,
    role: 'engineer',
  });
  const res = await w.app.inject({
    method: 'POST',
    url: '/write?precision=ms',
    headers: { authorization: `Token ${key}` },
    payload: values.map((v, i) => `chiller,asset=${serial} cop=${v} ${t0 + i * stepMs}`).join('\n'),
  });
  expect(res.statusCode, res.body).toBe(204);
}
