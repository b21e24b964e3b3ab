// The demo feed carries the energy demo's heat meter on after the demo's creation: its register
// continues the seeded history hour by hour (the load model's heat between readings, no step), up
// to the current hour, so the meter stays online instead of going silent after three hours.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { createAssetResolver } from './assets/index.ts';
import { demoHeatKw, heatMeterSerial } from './demo-energy.ts';
import { startDemoFeed } from './demo-feed.ts';
import { seedDemo, DEMO_TENANT } from './demo.ts';
import { findTenantBySlug } from './identity/index.ts';
import { demoFleet } from './simulator/index.ts';
import type { Db } from './storage/index.ts';
import { createTelemetryService, type TelemetryService } from './telemetry/index.ts';

const HOUR = 3_600_000;

describeEachDatabase('the demo feed', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let telemetry: TelemetryService;
  let tenantId: string;
  // The demo was created five hours ago; the platform starts now.
  const created = Date.now() - 5 * HOUR;
  beforeAll(async () => {
    ({ db, dispose } = await t.open());
    telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
    await seedDemo(db, { adminPassword: 'demo-admin-password', telemetry, now: created });
    tenantId = (await findTenantBySlug(db, DEMO_TENANT))!.id;
  }, 180_000);
  afterAll(async () => {
    await telemetry?.close();
    await dispose?.();
  });

  it("carries the heat meter's register on, hour by hour, from where the seed left it", async () => {
    const station = demoFleet(1).find((a) => a.kind === 'heat-station')!;
    const asset = heatMeterSerial(station.serial);
    const scope = { tenantId, customerIds: null };
    const read = async () =>
      (
        await telemetry.queries.raw(scope, {
          asset,
          channel: 'heat_total',
          from: created - 3 * HOUR,
          to: Date.now() + HOUR,
          limit: 100,
        })
      ).points;
    const seeded = await read();
    expect(seeded.at(-1)![0]).toBe(Math.floor(created / HOUR) * HOUR);

    const before = Date.now();
    const feed = await startDemoFeed(telemetry, tenantId, { intervalMs: 3_600_000, backfillMs: 0 });
    await feed.stop();
    await telemetry.flush();
    const points = await read();
    // every whole hour up to the current one, none skipped, none twice
    const hours = [before, Date.now()].map((x) => Math.floor(x / HOUR) * HOUR);
    expect(hours).toContain(points.at(-1)![0]);
    expect(points.length).toBe(seeded.length + (points.at(-1)![0] - seeded.at(-1)![0]) / HOUR);
    // each hour's rise is the heat the load model delivered in it (readings to 0.1 kWh)
    for (let i = 1; i < points.length; i++) {
      const [ts, kWh] = points[i]!;
      const [prevTs, prevKWh] = points[i - 1]!;
      expect(ts - prevTs).toBe(HOUR);
      expect(Math.abs(kWh - prevKWh - demoHeatKw(station.city, prevTs))).toBeLessThan(0.11);
    }
  });
});
