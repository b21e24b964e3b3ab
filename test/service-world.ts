// Test fixture: the monitoring world (test/monitoring-world.ts) plus the service routes under
// /api/v1/service, with a clock the test sets, alarms reached through the monitoring runtime as
// main.ts wires them, and helpers to call the service API as one of the world's users.
import type { LightMyRequestResponse } from 'fastify';
import type { TestDatabase } from './databases.ts';
import type { Who } from './http.ts';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-world.ts';
import { alarmPortOf, serviceRoutes } from '../src/server/routes/service.ts';
import type { AlarmPort } from '../src/service/index.ts';

export interface ServiceWorld extends MonitoringWorld {
  /** The instant the service acts at; set it to move time. */
  clock: { now: number };
  call(who: Who, method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/** Local time in Asia/Shanghai ("2026-10-09T15:00") as epoch ms. */
export const cst = (local: string): number => Date.parse(`${local}+08:00`);

export async function createServiceWorld(t: TestDatabase): Promise<ServiceWorld> {
  const clock = { now: Date.now() };
  const ref: { port?: AlarmPort } = {};
  const alarms: AlarmPort = {
    find: (tenant, id) => ref.port!.find(tenant, id),
    comment: (tenant, a, by, text) => ref.port!.comment(tenant, a, by, text),
  };
  const mw = await createMonitoringWorld(t, (db) => [
    {
      plugin: (app) => serviceRoutes(app, { db, alarms, clock: () => clock.now }),
      prefix: '/api/v1/service',
    },
  ]);
  ref.port = alarmPortOf(mw.monitoring);
  return {
    ...mw,
    clock,
    call: (who, method, url, payload) =>
      mw.w.as(who, {
        method: method as 'GET',
        url: `/api/v1/service${url}`,
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}
