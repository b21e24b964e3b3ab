// Feeds the demo tenant with the simulator's fleet through the one ingest pipeline: a week of
// hourly history when the demo is created (writeDemoHistory), the last day at start-up, then
// every interval, so monitoring and the console see a live installed base
// with the demo scenario's faults (src/simulator/index.ts lists them). The energy demo's heat
// meter (demo-energy.ts), seeded up to the demo's creation, is carried on from its last stored
// reading hour by hour, so its register keeps counting and the fleet keeps it online.
import { heatMeterSerial, heatRegisterReadings } from './demo-energy.ts';
import {
  defaultScenarioStart,
  demoFleet,
  demoScenario,
  generate,
  type Fleet,
  type Sample,
} from './simulator/index.ts';
import type { TelemetryService } from './telemetry/index.ts';

export interface DemoFeed {
  stop(): Promise<void>;
}

const BATCH = 2_000;
const HOUR = 3_600_000;

async function ingest(
  telemetry: TelemetryService,
  tenantId: string,
  samples: Iterable<Sample>,
): Promise<number> {
  const scope = { tenantId, customerIds: null };
  let batch: Array<{ asset: string; ts: number; values: Record<string, number> }> = [];
  let n = 0;
  for (const s of samples) {
    batch.push({ asset: s.assetKey, ts: s.ts, values: s.values });
    if (batch.length >= BATCH) {
      n += (await telemetry.ingestJson(scope, batch)).points;
      batch = [];
    }
  }
  if (batch.length) n += (await telemetry.ingestJson(scope, batch)).points;
  return n;
}

/** Hours of history the demo starts with (PHM trains and assesses on it): a week, and with the
 * live feed the day it backfills. */
export const DEMO_HISTORY_HOURS = 7 * 24;

/** The demo fleet's last week, written once when the demo tenant is created: what the
 * simulator would have sent at the live feed's interval (a minute; the demo scenario's faults
 * included), so training a health baseline, retraining and assessing work on a fresh demo, with
 * or without the live feed. One resolution for history and feed: an hour's mean then means the
 * same whatever wrote it — a sewing line's `pieces` counts a sample interval's pieces, and the
 * noise of one sample an hour is not that of sixty — so the baselines the demo installs (fitted
 * on hourly means of minute samples, src/phm/demo-seed.ts) score the history as they score the
 * feed. About 640,000 points. */
export async function writeDemoHistory(
  telemetry: TelemetryService,
  tenantId: string,
  opts: { seed?: number; now?: number; hours?: number; intervalMs?: number } = {},
): Promise<number> {
  const now = opts.now ?? Date.now();
  const assets = demoFleet(opts.seed ?? 1);
  const fleet: Fleet = {
    seed: opts.seed ?? 1,
    intervalMs: opts.intervalMs ?? 60_000,
    assets,
    faults: demoScenario(assets, defaultScenarioStart(now)),
  };
  const to = Math.floor(now / HOUR) * HOUR;
  const n = await ingest(
    telemetry,
    tenantId,
    generate(fleet, to - (opts.hours ?? DEMO_HISTORY_HOURS) * HOUR, to),
  );
  await telemetry.flush();
  return n;
}

/**
 * The next hours of the demo heat meter's register: from the hour after its last stored reading
 * to `to`. Without a stored reading (a demo seeded without the energy demo) it writes nothing.
 */
function heatMeterCarry(telemetry: TelemetryService, tenantId: string, assets: Fleet['assets']) {
  const station = assets.find((a) => a.kind === 'heat-station');
  const meter = station && { serial: heatMeterSerial(station.serial), city: station.city };
  const scope = { tenantId, customerIds: null };
  let next: number | undefined;
  return async (to: number): Promise<number> => {
    if (!meter) return 0;
    if (next === undefined) {
      const last = await telemetry.queries
        .latest(scope, { assets: [meter.serial], channels: ['heat_total'] })
        .catch(() => []);
      if (!last[0]) return 0;
      next = last[0].ts + HOUR;
    }
    const rows = [...heatRegisterReadings(meter.city, next, to)].map((r) => ({
      asset: meter.serial,
      ts: r.ts,
      values: { heat_total: r.kWh },
    }));
    if (!rows.length) return 0;
    const n = (await telemetry.ingestJson(scope, rows)).points;
    next = rows[rows.length - 1]!.ts + HOUR;
    return n;
  };
}

export async function startDemoFeed(
  telemetry: TelemetryService,
  tenantId: string,
  opts: { seed?: number; intervalMs?: number; backfillMs?: number; log?: (s: string) => void } = {},
): Promise<DemoFeed> {
  const intervalMs = opts.intervalMs ?? 60_000;
  const now = Date.now();
  const assets = demoFleet(opts.seed ?? 1);
  const fleet: Fleet = {
    seed: opts.seed ?? 1,
    intervalMs,
    assets,
    faults: demoScenario(assets, defaultScenarioStart(now)),
  };
  let cursor = now - (opts.backfillMs ?? 24 * 3_600_000);
  const carryMeter = heatMeterCarry(telemetry, tenantId, assets);
  const step = async () => {
    const to = Date.now();
    const n = await ingest(telemetry, tenantId, generate(fleet, cursor, to));
    cursor = to;
    return n + (await carryMeter(to));
  };
  const backfilled = await step();
  opts.log?.(
    `demo feed: ${backfilled} points backfilled for ${assets.length} assets, then one sample per asset every ${intervalMs / 1000} s`,
  );
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = step().catch((e: unknown) => opts.log?.(`demo feed: ${(e as Error).message}`));
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
