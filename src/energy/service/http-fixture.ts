// Shared set-up of the energy HTTP tests: two tenants and their users (createWorld), an app with
// the energy routes over the same database and sessions, an asset model with meter and station
// channels, three meters in two customers' sites and thirteen months of daily readings.
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import * as assets from '../../assets/index.ts';
import { createAuthenticator } from '../../identity/index.ts';
import { buildApp } from '../../server/index.ts';
import { energyRoutes } from '../../server/routes/energy.ts';
import {
  createTelemetryService,
  type JsonPoint,
  type TelemetryService,
} from '../../telemetry/index.ts';

export const OFF = 480; // Beijing time
export const DAY = 86_400_000;
export const localMidnight = (y: number, m: number, d: number) => Date.UTC(y, m, d) - OFF * 60_000;
export const T0 = localMidnight(2025, 0, 1);
export const T1 = localMidnight(2026, 1, 1); // data end (exclusive)
export const tempC = (day: number) => 14 - 14 * Math.cos((2 * Math.PI * (day - 20)) / 365);
export const tempF = (day: number) => (tempC(day) * 9) / 5 + 32;
/** Heating-dominated use with a little deterministic noise; 20 % savings from 2026-01-01. */
export const use = (day: number) => {
  const base = 200 + 8 * Math.max(0, 60 - tempF(day)) + 6 * Math.sin(day * 1.7);
  return T0 + day * DAY >= localMidnight(2026, 0, 1) ? 0.8 * base : base;
};

/** Hourly use of an office-hours load (weekdays 08–18 local), 20 % savings from 2026-01-01. */
export const hourlyUse = (h: number) => {
  const ms = T0 + h * 3_600_000;
  const local = new Date(ms + OFF * 60_000);
  const open = local.getUTCDay() % 6 !== 0 && local.getUTCHours() >= 8 && local.getUTCHours() < 18;
  const base =
    10 +
    (open ? 8 : 0) +
    0.5 * Math.max(0, 15 - tempC(Math.floor(h / 24))) +
    0.3 * Math.sin(h * 0.7);
  return ms >= localMidnight(2026, 0, 1) ? 0.8 * base : base;
};

export type Who = keyof World['tokens'];

export interface EnergyWorld {
  readonly w: World;
  readonly app: FastifyInstance;
  readonly telemetry: TelemetryService;
  /** model, a1 and a1b (customer A1, Suzhou), a2 (customer A2, Wuxi), and ids tests add. */
  ids: Record<string, string>;
  as(who: Who, opts: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Registers beforeAll/afterAll in the calling describe block and returns the world. */
export function useEnergyWorld(t: TestDatabase): EnergyWorld {
  let w!: World;
  let app!: FastifyInstance;
  let telemetry!: TelemetryService;
  const ids: Record<string, string> = {};
  const as = (who: Who, opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: {
        ...(opts.headers ?? {}),
        authorization: `Bearer ${w.tokens[who]}`,
        ...(who === 'platform_admin' ? { 'x-ronghe-tenant': 'acme' } : {}),
      },
    });

  beforeAll(async () => {
    w = await createWorld(t);
    telemetry = await createTelemetryService({
      db: w.db,
      resolver: assets.createAssetResolver(w.db),
    });
    // createWorld builds its app before plugins can be added, so these tests build their own over
    // the same database and sessions.
    app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      // Every answer checked against its documented schema (server/docs), as the contract test does.
      validateResponses: true,
      plugins: [{ plugin: (f) => energyRoutes(f, { db: w.db, telemetry }), prefix: '/api/v1' }],
    });
    await app.ready();
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    const model = await assets.createModel(w.db, w.scopeA, {
      name: 'Plant meter and station',
      channels: [
        'kwh',
        'cooling_load',
        'compressor_power',
        'supply_temp',
        'return_temp',
        'heat',
        'outdoor_temp',
      ].map(ch),
      properties: [{ key: 'heated_area', name: 'Heated area', unit: 'm²', dataType: 'number' }],
    });
    ids.model = model.id;
    const mk = (name: string, customerId: string, site: string, area: number) =>
      assets.createAsset(w.db, w.scopeA, {
        name,
        serial: name,
        modelId: model.id,
        customerId,
        site,
        properties: { heated_area: area },
      });
    ids.a1 = (await mk('EM-1', w.customers.A1, 'Suzhou', 10_000)).id;
    ids.a1b = (await mk('EM-1B', w.customers.A1, 'Suzhou', 20_000)).id;
    ids.a2 = (await mk('EM-2', w.customers.A2, 'Wuxi', 10_000)).id;
    const points: JsonPoint[] = [];
    for (let d = 0; T0 + d * DAY < T1; d++) {
      const ts = T0 + d * DAY + 12 * 3_600_000;
      points.push({
        asset: ids.a1,
        ts,
        values: {
          kwh: use(d),
          cooling_load: 1200,
          compressor_power: 240,
          supply_temp: 62 - tempC(d),
          return_temp: 40,
          heat: 500,
          outdoor_temp: tempC(d),
        },
      });
      points.push({
        asset: ids.a1b,
        ts,
        values: { kwh: 0.25 * use(d), heat: 700, return_temp: 45 },
      });
      points.push({ asset: ids.a2, ts, values: { kwh: use(d) } });
    }
    for (let i = 0; i < points.length; i += 500)
      await telemetry.ingestJson(w.scopeA, points.slice(i, i + 500));
    await telemetry.flush();
  });
  afterAll(async () => {
    await app?.close();
    await telemetry?.close();
    await w?.dispose();
  });

  return {
    get w() {
      return w;
    },
    get app() {
      return app;
    },
    get telemetry() {
      return telemetry;
    },
    ids,
    as,
  };
}

/** Hourly tempC CSV from a day before T0 to T1, as a weather station import. */
export const weatherCsv = (): string => {
  const rows = ['dt,tempC'];
  for (let h = -24; T0 + h * 3_600_000 < T1; h++) {
    const ms = T0 + h * 3_600_000;
    rows.push(`${new Date(ms).toISOString()},${tempC(Math.floor(h / 24)).toFixed(3)}`);
  }
  return rows.join('\n');
};

export const flatPrice = (8 * 0.3 + 8 * 1.1 + 8 * 0.7) / 24;
export const hoursOf = () =>
  Array.from({ length: 24 }, (_, h) => (h < 8 ? 'valley' : h < 16 ? 'peak' : 'flat'));
export function contract(customerId: string) {
  return {
    name: 'Chiller plant retrofit',
    customerId,
    terms: { kind: 'shared-savings', providerShare: 0.6 },
    tariff: {
      currency: 'CNY',
      utcOffsetMin: 480,
      prices: { peak: 1.1, flat: 0.7, valley: 0.3 },
      seasons: [{ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], hours: hoursOf() }],
    },
    period: 'month',
    startDate: '2026-01-01',
    endDate: '2031-01-01',
  };
}
export function baseline(meterId: string) {
  return {
    meterId,
    periodStart: '2025-01-01',
    periodEnd: '2026-01-01',
    method: 'daily',
    adjustments: [],
  };
}
