// Test fixture: a world (test/http.ts) whose app serves telemetry, monitoring and the service
// routes under /api/v1/service as main.ts wires them — alarms reached through the monitoring
// runtime, rule-level alarm policies opening work orders — with a clock the test sets.
import type { LightMyRequestResponse } from 'fastify';
import type { TestDatabase } from './databases.ts';
import { createWorld, type Who, type World } from './http.ts';
import { createAssetResolver } from '../src/assets/index.ts';
import { monitoringOverTelemetry } from '../src/main.ts';
import type { MonitoringRuntime } from '../src/monitoring/index.ts';
import { monitoringRoutes } from '../src/server/routes/monitoring.ts';
import { alarmPortOf, serviceRoutes } from '../src/server/routes/service.ts';
import { telemetryRoutes } from '../src/server/routes/telemetry.ts';
import {
  createAlarmAutomation,
  createPlanScheduler,
  databaseBlobs,
  diskBlobs,
  type AlarmAutomation,
  type PlanScheduler,
} from '../src/service/index.ts';
import { servicePlanRoutes } from '../src/server/routes/service-plans.ts';
import { usageOverTelemetry } from '../src/main.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelemetryService, type TelemetryService } from '../src/telemetry/index.ts';

export interface ServiceWorld {
  w: World;
  telemetry: TelemetryService;
  monitoring: MonitoringRuntime;
  automation: AlarmAutomation;
  /** The maintenance-plan scheduler over the world's telemetry (ticked by the test). */
  plans: PlanScheduler;
  /** Where attachment files go with SQLite (PostgreSQL keeps them in the database). */
  attachmentsDir: string;
  /** The instant the service acts at; set it to move time. */
  clock: { now: number };
  call(who: Who, method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Local time in Asia/Shanghai ("2026-10-09T15:00") as epoch ms. */
export const cst = (local: string): number => Date.parse(`${local}+08:00`);

export async function createServiceWorld(
  t: TestDatabase,
  opts: { attachmentMaxBytes?: number } = {},
): Promise<ServiceWorld> {
  const clock = { now: Date.now() };
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'ronghe-attachments-'));
  let plans!: PlanScheduler;
  let telemetry!: TelemetryService;
  let monitoring!: MonitoringRuntime;
  let automation!: AlarmAutomation;
  const w = await createWorld(t, {
    plugins: async (db) => {
      const alarms = () => alarmPortOf(monitoring);
      automation = createAlarmAutomation(db, alarms, undefined, () => clock.now);
      telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
      plans = createPlanScheduler(db, usageOverTelemetry(telemetry), {
        clock: () => clock.now,
        settleMs: 0,
      });
      monitoring = await monitoringOverTelemetry(
        db,
        telemetry,
        undefined,
        null,
        automation.onAlarmEffects,
      );
      const port = {
        find: (tenant: string, id: string) => alarms().find(tenant, id),
        comment: (...a: Parameters<ReturnType<typeof alarms>['comment']>) => alarms().comment(...a),
        clear: (...a: Parameters<ReturnType<typeof alarms>['clear']>) => alarms().clear(...a),
      };
      return [
        { plugin: (app) => telemetryRoutes(app, { telemetry }) },
        { plugin: (app) => monitoringRoutes(app, { db, monitoring }), prefix: '/api/v1' },
        {
          plugin: (app) => serviceRoutes(app, { db, alarms: port, clock: () => clock.now }),
          prefix: '/api/v1/service',
        },
        {
          plugin: (app) =>
            servicePlanRoutes(app, {
              db,
              blobs: t.dialect === 'postgres' ? databaseBlobs : diskBlobs(attachmentsDir),
              attachmentMaxBytes: opts.attachmentMaxBytes ?? 64 * 1024,
              scheduler: plans,
              clock: () => clock.now,
            }),
          prefix: '/api/v1/service',
        },
      ];
    },
  });
  return {
    w,
    telemetry,
    monitoring,
    automation,
    plans,
    attachmentsDir,
    clock,
    call: (who, method, url, payload) =>
      w.as(who, {
        method: method as 'GET',
        url: `/api/v1/service${url}`,
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    async close() {
      await automation.idle();
      await monitoring.close();
      await telemetry.close();
      await w.dispose();
      rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}
