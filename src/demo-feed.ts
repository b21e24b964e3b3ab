// Feeds the demo tenant with the simulator's fleet through the one ingest pipeline: the last
// day at start-up, then every interval, so monitoring and the console see a live installed base
// with the demo scenario's faults (src/simulator/index.ts lists them).
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
  const step = async () => {
    const to = Date.now();
    const n = await ingest(telemetry, tenantId, generate(fleet, cursor, to));
    cursor = to;
    return n;
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
