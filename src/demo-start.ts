// The demo's start-up steps around the composition root (src/main.ts): a new demo's week of
// history, written before monitoring listens so the past raises no alarms; then the live feed
// from the end of that history and the fleet's first health assessment, before the console
// serves a page. With the simulator on, the history ends a day back and the feed writes the last
// day through monitoring, so a fresh demo has the alarms of its scenario's recent faults.
import { startDemoFeed, writeDemoHistory, type DemoFeed } from './demo-feed.ts';
import { DEMO_TENANT } from './demo.ts';
import { findTenantBySlug } from './identity/index.ts';
import { assessDemoFleet } from './phm/index.ts';
import type { Db } from './storage/index.ts';
import type { TelemetryService } from './telemetry/index.ts';

const HOUR = 3_600_000;

/** Writes a new demo's history; returns where it ends (undefined: nothing written). */
export async function writeNewDemoHistory(
  db: Db,
  telemetry: TelemetryService,
  o: { simulate: boolean; log: (line: string) => void },
): Promise<number | undefined> {
  const tenant = await findTenantBySlug(db, DEMO_TENANT);
  if (!tenant) return undefined;
  const end = Math.floor(Date.now() / HOUR) * HOUR - (o.simulate ? 24 * HOUR : 0);
  o.log(`demo: ${await writeDemoHistory(telemetry, tenant.id, { now: end })} points of history`);
  return end;
}

/**
 * Starts the demo's live feed (when simulating), from the end of a new demo's history, and
 * assesses a new demo's fleet once on it (PHM's hourly schedule runs the later assessments), so
 * no demo asset page starts on "not assessed yet".
 */
export async function startDemo(
  db: Db,
  telemetry: TelemetryService,
  o: { simulate: boolean; historyEnd: number | undefined; log: (line: string) => void },
): Promise<DemoFeed | undefined> {
  const tenant = await findTenantBySlug(db, DEMO_TENANT);
  if (!tenant) return undefined;
  const feed = o.simulate
    ? await startDemoFeed(telemetry, tenant.id, {
        log: o.log,
        ...(o.historyEnd !== undefined ? { backfillMs: Date.now() - o.historyEnd } : {}),
      })
    : undefined;
  if (o.historyEnd !== undefined) {
    const runs = await assessDemoFleet(db, telemetry, tenant.id);
    o.log(
      `demo: ${runs.reduce((n, r) => n + r.ok, 0)} assets assessed against their health baselines`,
    );
  }
  return feed;
}
