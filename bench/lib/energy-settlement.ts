// Settlement benchmark (issue 6 target: settling 1,000 contracts in one run ≤ 2 minutes), merged
// by the lead into `npm run bench -- energy`. Synthetic data on the embedded SQLite database: n
// interval meters with hourly kWh telemetry for one month, one imported weather station, n
// contracts of the three GB/T 24915 types with a frozen baseline model approved by both parties.
// Setup (ingest) is timed separately; the figure that counts is `settleMs`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assets from '../../src/assets/index.ts';
import {
  energyService as es,
  flatTariff,
  type ContractTerms,
  type FrozenModel,
} from '../../src/energy/index.ts';
import * as identity from '../../src/identity/index.ts';
import { createDatabase, migrateToLatest } from '../../src/storage/index.ts';
import { createTelemetryService, type JsonPoint } from '../../src/telemetry/index.ts';

const OFF = 480;
const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 0, 1) - OFF * 60_000;
const TO = Date.UTC(2026, 1, 1) - OFF * 60_000;
const tempC = (ms: number) => 2 + 6 * Math.sin((2 * Math.PI * (ms - FROM)) / (24 * HOUR));

const model: FrozenModel = {
  method: 'daily',
  type: 'hdd_only',
  engine: 'bench',
  params: { intercept: 2000, betaHdd: 60, betaCdd: 0, heatingBalancePoint: 60 },
  baselineN: 365,
  slopeTerms: 1,
  cvrmse: 0.08,
  rho: 0.3,
  rSquaredAdj: 0.9,
};

const terms = (i: number): ContractTerms =>
  i % 3 === 0
    ? { kind: 'shared-savings', providerShare: 0.7 }
    : i % 3 === 1
      ? { kind: 'guaranteed-savings', guaranteedKwhPerPeriod: 20_000, providerShareOfExcess: 0.5 }
      : { kind: 'energy-cost-outsourcing', budgetPerPeriod: 60_000, providerShareBelowBudget: 0.5 };

const BASE_FROM = Date.UTC(2025, 0, 1) - OFF * 60_000;
/** Hourly variant: annual and daily temperature cycles and an occupied-hours load pattern. */
const tempHourly = (t: number) =>
  12 - 12 * Math.cos((2 * Math.PI * (t - BASE_FROM)) / (365 * 24 * HOUR)) + tempC(t) - 2;
const loadHourly = (i: number, t: number) => {
  const local = new Date(t + OFF * 60_000);
  const open = local.getUTCDay() % 6 !== 0 && local.getUTCHours() >= 8 && local.getUTCHours() < 18;
  const use =
    40 + (open ? 30 : 0) + 2 * Math.max(0, 15 - tempHourly(t)) + 2 * Math.sin(i + t / HOUR);
  return t >= FROM ? 0.85 * use : use;
};

/**
 * `method: 'hourly'` settles contracts with a frozen hourly (TOWT) baseline: each statement refits
 * on the agreed baseline hours, so it costs one TOWT fit per contract (setup also fits once each).
 */
export async function benchSettlement(n: number, method: 'daily' | 'hourly' = 'daily') {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-energy-'));
  const db = await createDatabase({ url: join(dir, 'bench.db') });
  await migrateToLatest(db);
  const telemetry = await createTelemetryService({ db, resolver: assets.createAssetResolver(db) });
  try {
    const t0 = performance.now();
    const tenant = await identity.createTenant(db, { slug: 'bench', name: 'Bench' }, 'bench');
    const scope: identity.Scope = { tenantId: tenant.id, customerIds: null, actor: 'bench' };
    const customer = await identity.createCustomer(db, scope, { name: 'Customer' });
    const m = await assets.createModel(db, scope, {
      name: 'Meter',
      channels: [{ key: 'kwh', name: 'kWh', dataType: 'float' }],
    });
    const deps = { db, telemetry };
    const station = await es.createStation(deps, scope, { name: 'Station', source: 'imported' });
    const csv = ['dt,tempC'];
    const wFrom = method === 'hourly' ? BASE_FROM - 24 * HOUR : FROM - 24 * HOUR;
    for (let t = wFrom; t < TO; t += HOUR)
      csv.push(
        `${new Date(t).toISOString()},${(method === 'hourly' ? tempHourly(t) : tempC(t)).toFixed(2)}`,
      );
    await es.importWeatherCsv(deps, scope, station.id, csv.join('\n'));
    await es.linkSite(deps, scope, 'S', station.id);
    const contractIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = await assets.createAsset(db, scope, {
        name: `M${i}`,
        serial: `M${i}`,
        modelId: m.id,
        customerId: customer.id,
        site: 'S',
      });
      const meter = await es.createMeter(deps, scope, {
        name: `M${i}`,
        kind: 'electricity',
        unit: 'kWh',
        source: { kind: 'channel', assetId: a.id, channel: 'kwh', mode: 'interval' },
      });
      const c = await es.createContract(deps, scope, {
        name: `C${i}`,
        customerId: customer.id,
        terms: terms(i),
        tariff: flatTariff(0.8),
        period: 'month',
        startDate: '2026-01-01',
        endDate: '2031-01-01',
      });
      contractIds.push(c.id);
      if (method === 'hourly') {
        const points: JsonPoint[] = [];
        for (let t = BASE_FROM; t < TO; t += HOUR)
          points.push({ asset: a.id, ts: t, values: { kwh: loadHourly(i, t) } });
        for (let k = 0; k < points.length; k += 5000)
          await telemetry.ingestJson(scope, points.slice(k, k + 5000));
        await telemetry.flush();
        // The agreement workflow: proposal (fits TOWT), provider and customer approvals.
        await es.proposeBaseline(deps, scope, c.id, {
          meterId: meter.id,
          periodStart: '2025-01-01',
          periodEnd: '2026-01-01',
          method: 'hourly',
          adjustments: [],
        });
        await es.approveBaseline(deps, scope, c.id, 1);
        await es.approveBaseline(deps, { ...scope, customerIds: [customer.id] }, c.id, 1);
      } else {
        // A frozen, approved baseline as the agreement workflow leaves it (fitting is not settling).
        await db.kysely
          .insertInto('energy_baselines')
          .values({
            id: `eb_bench${i}`,
            tenant_id: tenant.id,
            contract_id: c.id,
            version: 1,
            status: 'approved',
            terms: JSON.stringify({
              meterId: meter.id,
              periodStart: '2025-01-01',
              periodEnd: '2026-01-01',
              method: 'daily',
              adjustments: [],
            }),
            model: JSON.stringify(model),
            note: '',
            provider_approved_by: 'bench',
            provider_approved_at: 1,
            customer_approved_by: 'bench',
            customer_approved_at: 1,
            created_by: 'bench',
            created_at: 1,
          })
          .execute();
        const points: JsonPoint[] = [];
        for (let t = FROM; t < TO; t += HOUR)
          points.push({
            asset: a.id,
            ts: t,
            values: { kwh: (0.85 + 0.1 * Math.sin(i + t / HOUR)) * 120 },
          });
        await telemetry.ingestJson(scope, points);
      }
      if (i % 100 === 99) process.stderr.write(`energy settlement bench: set up ${i + 1}/${n}\n`);
    }
    await telemetry.flush();
    const setupMs = performance.now() - t0;

    const t1 = performance.now();
    const first = await es.settlePeriod(deps, scope, { period: '2026-01' });
    const settleMs = performance.now() - t1;
    const t2 = performance.now();
    const again = await es.settlePeriod(deps, scope, { period: '2026-01' });
    const resettleMs = performance.now() - t2;
    const count = (items: typeof first) =>
      items.reduce<Record<string, number>>(
        (acc, it) => ({ ...acc, [it.status]: (acc[it.status] ?? 0) + 1 }),
        {},
      );
    return {
      contracts: n,
      hourlyPointsIngested: n * ((TO - (method === 'hourly' ? BASE_FROM : FROM)) / HOUR),
      setupMs: Math.round(setupMs),
      settleMs: Math.round(settleMs),
      perContractMs: +(settleMs / n).toFixed(2),
      resettleMs: Math.round(resettleMs),
      statuses: count(first),
      resettleStatuses: count(again),
      method,
      database: 'sqlite (embedded)',
    };
  } finally {
    await telemetry.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
