// The demo's first health assessments: once the new demo's week of history is stored
// (src/demo-feed.ts), every demo asset model with an active health baseline gets an hourly
// assessment schedule, and its first run happens before the console serves a page. So every
// demo asset page shows a health index and a trend RUL at once, not "not assessed yet" until the
// background scheduler's first tick (up to a minute later). Later runs are the scheduler's.
import type { Scope } from '../identity/index.ts';
import type { TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import type { TelemetryService } from '../telemetry/index.ts';
import {
  listRegisteredModels,
  putSchedule,
  runDueAssessments,
  type RunResult,
} from './service/index.ts';

/** Schedules and runs the first assessment of every demo asset model that has a baseline. */
export async function assessDemoFleet(
  db: Db,
  telemetry: TelemetryService,
  tenantId: TenantId,
  now = Date.now(),
): Promise<RunResult[]> {
  const scope: Scope = { tenantId, customerIds: null, actor: 'system:demo' };
  const models = await listRegisteredModels(db, scope, { kind: 'health-baseline' });
  const modelIds = new Set(models.filter((m) => m.status === 'active').map((m) => m.assetModelId));
  for (const assetModelId of modelIds)
    await putSchedule(
      db,
      scope,
      { kind: 'health-baseline', assetModelId, intervalMinutes: 60 },
      now,
    );
  return (await runDueAssessments(db, telemetry, now)).map((r) => r.result);
}
