// The demo's shipped rules against one simulated day of the demo fleet, as a new user's server
// runs them: the demo seeded into a real database, the platform's monitoring runtime over it,
// and the simulator's samples (the demo feed's day: the last 24 hours of a scenario started 21
// days ago) fed point by point. Alarms must be raised, and cleared, on exactly the assets with
// a seeded bearing fault, and on no healthy asset; the alarm KPIs count them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { seedDemo, DEMO_TENANT } from './demo.ts';
import { findTenantBySlug } from './identity/index.ts';
import { monitoredAssets } from './main.ts';
import {
  createMonitoringRuntime,
  listJournal,
  type MonitoringRuntime,
  type PointColumns,
} from './monitoring/index.ts';
import { defaultScenarioStart, demoFleet, demoScenario, generate } from './simulator/index.ts';
import type { Db } from './storage/index.ts';

const DAY = 86_400_000;

describeEachDatabase('demo rules on the demo fleet’s first day', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let tenantId: string;
  let serialOf: Map<string, string>;
  let runtime: MonitoringRuntime;
  // Fixed, so the day is the same on every run: the demo feed's backfill for this instant.
  const now = Date.UTC(2026, 11, 6, 22, 0);
  beforeAll(async () => {
    ({ db, dispose } = await t.open());
    await seedDemo(db, { adminPassword: 'demo-admin-password' });
    tenantId = (await findTenantBySlug(db, DEMO_TENANT))!.id;
    const assets = await monitoredAssets(db, tenantId);
    const rows = await db.kysely
      .selectFrom('assets')
      .select(['id', 'serial'])
      .where('tenant_id', '=', tenantId as never)
      .execute();
    serialOf = new Map(rows.map((r) => [r.id as string, r.serial as string]));
    const idOf = new Map(rows.map((r) => [r.serial as string, r.id as string]));
    let send: (batch: PointColumns) => void = () => undefined;
    runtime = await createMonitoringRuntime({
      db,
      listTenants: () => Promise.resolve([tenantId]),
      listAssets: () => Promise.resolve(assets),
      subscribe: (_t, s) => {
        send = s;
        return Promise.resolve(() => undefined);
      },
    });
    const fleet = demoFleet(1);
    const sim = {
      seed: 1,
      intervalMs: 60_000,
      assets: fleet,
      faults: demoScenario(fleet, defaultScenarioStart(now)),
    };
    // Batches as telemetry's live feed hands them over: a series id per point.
    const series: { assetId: string; channel: string }[] = [];
    const seriesIds = new Map<string, number>();
    const seriesIdOf = (assetId: string, channel: string) => {
      const key = `${assetId}/${channel}`;
      let id = seriesIds.get(key);
      if (id === undefined) {
        id = series.push({ assetId, channel }) - 1;
        seriesIds.set(key, id);
      }
      return id;
    };
    let batch = { seriesId: [] as number[], ts: [] as number[], values: [] as number[] };
    const flush = () => {
      send({ n: batch.ts.length, ...batch, series: (id) => series[id] });
      batch = { seriesId: [], ts: [], values: [] };
    };
    for (const s of generate(sim, now - DAY, now)) {
      const assetId = idOf.get(s.assetKey)!;
      for (const [channel, value] of Object.entries(s.values)) {
        batch.seriesId.push(seriesIdOf(assetId, channel));
        batch.ts.push(s.ts);
        batch.values.push(value);
      }
      if (batch.ts.length > 5000) flush();
    }
    flush();
    await runtime.close(); // waits for every alarm action the engine queued
  }, 300_000);
  afterAll(() => dispose?.());

  it('raises and clears alarms on exactly the assets with a seeded bearing fault', async () => {
    const { items } = await listJournal(db, tenantId, { limit: 1000, customerIds: null });
    const assetsWith = (action: string) =>
      [
        ...new Set(items.filter((r) => r.action === action).map((r) => serialOf.get(r.asset))),
      ].sort();
    expect(assetsWith('raised')).toEqual(['GBX-0001', 'LOC-0001']);
    expect(assetsWith('cleared')).toEqual(['GBX-0001', 'LOC-0001']);
    expect(new Set(items.map((r) => r.ruleId))).toEqual(new Set(['bearing-vibration']));
  });

  it('moves the alarm KPIs', async () => {
    const m = await runtime.tenant(tenantId);
    const k = await m.alarms.kpis({ from: now - DAY, to: now });
    expect(k.activations).toBeGreaterThanOrEqual(2);
    expect(k.badActors.map((b) => serialOf.get(b.key)).sort()).toEqual(['GBX-0001', 'LOC-0001']);
  });
});
