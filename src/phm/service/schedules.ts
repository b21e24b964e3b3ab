// Scheduled assessments: per (tenant, kind, asset model), every `interval` the active model of
// that kind assesses each asset of the model over the last `window` and writes `health_index`
// and `rul_hours` (health baseline) or `rul_hours` with its interval (RUL model) back as telemetry, so monitoring rules and work-order policies act on them.
// A run is claimed by a conditional UPDATE of next_run_at (the value read), so of two nodes or
// two overlapping ticks exactly one assesses; a missed run after downtime runs once, not as a
// backlog. Each asset's outcome is a status (ok | insufficient-data | failed), never a throw.
import { getModel, searchAssets, type Asset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError, invalid, type TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { PhmScheduleTable } from '../../storage/phm-schema.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { assessAsset } from './assess-health.ts';
import { assessRul } from './assess-rul.ts';
import { activeModel, phm, phmId } from './registry.ts';

export const scheduleKinds = ['health-baseline', 'rul'] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];

export interface ScheduleInput {
  kind: ScheduleKind;
  assetModelId: string;
  /** Minutes between runs (5 min to 7 days). */
  intervalMinutes: number;
  /** Hours of telemetry each run assesses (default 7 days). */
  windowHours?: number;
}

export interface RunResult {
  at: number;
  ok: number;
  insufficientData: number;
  failed: number;
  failures: { assetId: string; reason: string }[];
}

export interface Schedule {
  id: string;
  kind: ScheduleKind;
  assetModelId: string;
  intervalMinutes: number;
  windowHours: number;
  nextRunAt: number;
  lastRunAt: number | null;
  lastResult: RunResult | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const toSchedule = (r: PhmScheduleTable): Schedule => ({
  id: r.id,
  kind: r.kind as ScheduleKind,
  assetModelId: r.asset_model_id,
  intervalMinutes: Number(r.interval_ms) / MINUTE,
  windowHours: Number(r.window_ms) / HOUR,
  nextRunAt: Number(r.next_run_at),
  lastRunAt: r.last_run_at === null ? null : Number(r.last_run_at),
  lastResult: r.last_result ? (JSON.parse(r.last_result) as RunResult) : null,
});

/** Creates or replaces the schedule of a kind for an asset model; the first run is due now. */
export async function putSchedule(
  db: Db,
  scope: Scope,
  input: ScheduleInput,
  now = Date.now(),
): Promise<Schedule> {
  if (!(input.intervalMinutes >= 5 && input.intervalMinutes <= 7 * 24 * 60))
    throw invalid('intervalMinutes', {
      en: 'must be between 5 and 10080 (7 days)',
      'zh-CN': '必须在 5 到 10080（7 天）之间',
    });
  const windowHours = input.windowHours ?? 7 * 24;
  if (!(windowHours >= 1 && windowHours <= 366 * 24))
    throw invalid('windowHours', {
      en: 'must be between 1 and 8784 (366 days)',
      'zh-CN': '必须在 1 到 8784（366 天）之间',
    });
  const model = await getModel(db, scope, input.assetModelId);
  if (!(await activeModel(db, scope, input.kind, model.id)))
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: `No active ${input.kind} model for asset model '${model.id}'; train or activate one first.`,
      'zh-CN': `资产型号“${model.id}”没有启用的 ${input.kind} 模型；请先训练或启用一个。`,
    });
  const k = phm(db);
  const values = {
    interval_ms: input.intervalMinutes * MINUTE,
    window_ms: windowHours * HOUR,
    next_run_at: now,
  };
  await k.transaction().execute(async (tx) => {
    const found = await tx
      .updateTable('phm_schedules')
      .set(values)
      .where('tenant_id', '=', scope.tenantId)
      .where('kind', '=', input.kind)
      .where('asset_model_id', '=', model.id)
      .executeTakeFirst();
    if (Number(found.numUpdatedRows) === 0)
      await tx
        .insertInto('phm_schedules')
        .values({
          id: phmId('ps'),
          tenant_id: scope.tenantId,
          kind: input.kind,
          asset_model_id: model.id,
          ...values,
          last_run_at: null,
          last_result: null,
          created_at: now,
          created_by: scope.actor,
        })
        .execute();
  });
  return (await listSchedules(db, scope)).find(
    (s) => s.kind === input.kind && s.assetModelId === model.id,
  )!;
}

export async function listSchedules(db: Db, scope: Scope): Promise<Schedule[]> {
  const rows = await phm(db)
    .selectFrom('phm_schedules')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('asset_model_id')
    .orderBy('kind')
    .execute();
  return rows.map(toSchedule);
}

export async function deleteSchedule(db: Db, scope: Scope, id: string): Promise<void> {
  const r = await phm(db)
    .deleteFrom('phm_schedules')
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      { en: `No PHM schedule '${id}'.`, 'zh-CN': `没有 PHM 评估计划“${id}”。` },
      {
        resource: 'phm-schedule',
        id,
      },
    );
}

async function assetsOf(db: Db, scope: Scope, modelId: string): Promise<Asset[]> {
  const out: Asset[] = [];
  for (let page = 1; ; page++) {
    const r = await searchAssets(db, scope, { modelId, page, pageSize: 500 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

async function runOne(
  db: Db,
  telemetry: TelemetryService,
  s: PhmScheduleTable,
  now: number,
): Promise<RunResult> {
  const scope: Scope = {
    tenantId: s.tenant_id as TenantId,
    customerIds: null,
    actor: 'system:phm-schedule',
  };
  const result: RunResult = { at: now, ok: 0, insufficientData: 0, failed: 0, failures: [] };
  const range = { from: now - Number(s.window_ms), to: now };
  for (const a of await assetsOf(db, scope, s.asset_model_id)) {
    try {
      const o = { ...range, writeBack: true };
      const r =
        s.kind === 'rul'
          ? await assessRul(db, telemetry, scope, a.id, o)
          : await assessAsset(db, telemetry, scope, a.id, o);
      if (r.status === 'ok') result.ok++;
      else result.insufficientData++;
    } catch (e) {
      result.failed++;
      result.failures.push({ assetId: a.id, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}

/** Runs every schedule due at `now` (claimed one by one); returns what each run did. */
export async function runDueAssessments(
  db: Db,
  telemetry: TelemetryService,
  now = Date.now(),
): Promise<{ scheduleId: string; result: RunResult }[]> {
  const k = phm(db);
  const due = await k
    .selectFrom('phm_schedules')
    .selectAll()
    .where('next_run_at', '<=', now)
    .execute();
  const out: { scheduleId: string; result: RunResult }[] = [];
  for (const s of due) {
    const claimed = await k
      .updateTable('phm_schedules')
      .set({ next_run_at: now + Number(s.interval_ms) })
      .where('id', '=', s.id)
      .where('next_run_at', '=', s.next_run_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue; // another node or tick took it
    const result = await runOne(db, telemetry, s, now);
    await k
      .updateTable('phm_schedules')
      .set({ last_run_at: now, last_result: JSON.stringify(result) })
      .where('id', '=', s.id)
      .execute();
    out.push({ scheduleId: s.id, result });
  }
  return out;
}

/** Ticks every `tickMs` (default a minute); one tick at a time. */
export function startAssessmentScheduler(
  db: Db,
  telemetry: TelemetryService,
  opts: { tickMs?: number; log?: (m: string) => void } = {},
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = runDueAssessments(db, telemetry)
      .catch((e: unknown) => opts.log?.(`phm schedule: ${(e as Error).message}`))
      .finally(() => (busy = false));
  }, opts.tickMs ?? MINUTE);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
