// Service-side consumers of telemetry, as the platform wires them: PHM's remaining life,
// watched for the work orders its policies open, and a channel's raw samples paged for the
// plan scheduler. Kept out of main.ts, which re-exports them for the route tests.
import { listTenants } from './identity/index.ts';
import { createRulWatcher, RUL_CHANNEL, type UsagePort } from './service/index.ts';
import type { Db } from './storage/index.ts';
import type { TelemetryService } from './telemetry/index.ts';

/** PHM's remaining life, written back as `rul_hours` telemetry, opens work orders by policy
 * (src/service). One live subscription per tenant existing at start-up. */
export async function watchRul(
  db: Db,
  telemetry: TelemetryService,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const watcher = createRulWatcher(db, log);
  const stops: Array<() => void> = [];
  for (const t of await listTenants(db))
    stops.push(
      await telemetry.subscribe(
        { tenantId: t.id, customerIds: null },
        { channels: [RUL_CHANNEL] },
        (points) => watcher.onPoints(t.id, points),
      ),
    );
  return async () => {
    for (const stop of stops) stop();
    await watcher.idle();
  };
}

/** Raw samples of a channel for the plan scheduler, page by page, through the read API. */
export function usageOverTelemetry(telemetry: TelemetryService): UsagePort {
  return {
    async *points(tenantId, asset, channel, from, to) {
      const scope = { tenantId, customerIds: null };
      let next: number | undefined = from;
      while (next !== undefined) {
        const page = await telemetry.queries.raw(scope, {
          asset,
          channel,
          from: next,
          to,
          limit: 10_000,
        });
        if (page.points.length) yield page.points;
        next = page.next;
      }
    },
  };
}
