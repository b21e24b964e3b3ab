// The plan scheduler (run by the service runtime every minute): for each active plan and each
// asset it covers, count new usage from telemetry or find the calendar's latest due point, and
// open a preventive work order for a due point that has not fired. Exactly once per due point:
// the firing row (primary key plan, asset, due point) is inserted in the same transaction as the
// work order, so of two ticks racing (two processes, or a restart mid-tick) one inserts and the
// other finds the row and writes nothing. Usage is advanced by a conditional UPDATE on its
// version, so two ticks never count the same telemetry twice. After downtime only the latest due
// point fires (one visit, not a backlog of missed ones).
import { scopedAssets } from '../../assets/index.ts';
import { listTenants, type Scope } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServicePlanTable, ServicePlanUsageTable } from '../../storage/service-schema.ts';
import { copyTemplate } from '../checklists/index.ts';
import type { BusinessCalendar } from '../sla/index.ts';
import { json, kOf, type K } from '../store.ts';
import { insertWorkOrder, newWorkOrderRow } from '../work-orders/index.ts';
import type { Priority } from '../contracts/index.ts';
import {
  accumulateUsage,
  latestCalendarDue,
  latestUsageDue,
  usageInUnit,
  type CalendarTrigger,
  type DuePoint,
  type PlanTrigger,
  type UsageTrigger,
} from './trigger.ts';

/** Telemetry as the scheduler reads it: raw samples of one channel, in time order, in pages. */
export interface UsagePort {
  points(
    tenantId: string,
    assetId: string,
    channel: string,
    from: number,
    to: number,
  ): AsyncIterable<ReadonlyArray<readonly [number, number]>>;
}

export interface TickReport {
  plans: number;
  checked: number;
  fired: Array<{ planId: string; assetId: string; dueKey: string; workOrderId: string }>;
  failed: Array<{ planId: string; assetId: string; reason: string }>;
}

export interface PlanScheduler {
  tick(): Promise<TickReport>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  clock?: () => number;
  log?: (line: string) => void;
  /** Telemetry newer than now − settleMs is left for the next tick (late points). */
  settleMs?: number;
}

const DEFAULT_ZONE = 'Asia/Shanghai';

async function assetsOf(db: Db, p: ServicePlanTable): Promise<string[]> {
  const scope: Scope = { tenantId: p.tenant_id as TenantId, customerIds: null, actor: 'system' };
  let q = scopedAssets(db, scope).select('id').where('lifecycle', '!=', 'retired');
  q = p.asset_id ? q.where('id', '=', p.asset_id) : q.where('model_id', '=', p.model_id);
  return (await q.orderBy('id').execute()).map((r) => r.id);
}

/** The time zone a calendar plan counts in: its own, the asset's contract's, Asia/Shanghai. */
async function zoneOf(k: K, t: CalendarTrigger, tenantId: string, assetId: string, now: number) {
  if (t.timeZone) return t.timeZone;
  const c = await k
    .selectFrom('service_contract_assets as a')
    .innerJoin('service_contracts as c', 'c.id', 'a.contract_id')
    .select('c.calendar')
    .where('a.tenant_id', '=', tenantId)
    .where('a.asset_id', '=', assetId)
    .where('a.valid_from', '<=', now)
    .where('a.valid_to', '>', now)
    .executeTakeFirst();
  return c ? json<BusinessCalendar>(c.calendar).timeZone : DEFAULT_ZONE;
}

async function usageRow(k: K, p: ServicePlanTable, assetId: string) {
  const find = () =>
    k
      .selectFrom('service_plan_usage')
      .selectAll()
      .where('plan_id', '=', p.id)
      .where('asset_id', '=', assetId)
      .executeTakeFirst();
  const found = await find();
  if (found) return found;
  await k
    .insertInto('service_plan_usage')
    .values({
      tenant_id: p.tenant_id,
      plan_id: p.id,
      asset_id: assetId,
      usage: 0,
      baseline: null,
      last_ts: null,
      last_value: null,
      until_ts: Number(p.created_at),
      version: 1,
    })
    .onConflict((oc) => oc.columns(['plan_id', 'asset_id']).doNothing())
    .execute();
  return (await find())!;
}

/** Counts the telemetry since the last tick; returns the usage now stored. */
async function countUsage(
  k: K,
  port: UsagePort,
  p: ServicePlanTable,
  t: UsageTrigger,
  assetId: string,
  upTo: number,
): Promise<number> {
  const u: ServicePlanUsageTable = await usageRow(k, p, assetId);
  const from = Number(u.until_ts);
  if (upTo < from) return Number(u.usage);
  let s = {
    usage: Number(u.usage),
    baseline: u.baseline === null ? null : Number(u.baseline),
    lastTs: u.last_ts === null ? null : Number(u.last_ts),
    lastValue: u.last_value === null ? null : Number(u.last_value),
  };
  for await (const page of port.points(p.tenant_id, assetId, t.channel, from, upTo + 1))
    s = accumulateUsage(t, s, page);
  const res = await k
    .updateTable('service_plan_usage')
    .set({
      usage: s.usage,
      baseline: s.baseline,
      last_ts: s.lastTs,
      last_value: s.lastValue,
      until_ts: upTo + 1,
      version: u.version + 1,
    })
    .where('plan_id', '=', p.id)
    .where('asset_id', '=', assetId)
    .where('version', '=', u.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return s.usage;
  // Another tick counted this span first: take its figure.
  return Number((await usageRow(k, p, assetId)).usage);
}

/** Opens the work order of one due point unless it fired already; the work order id or null. */
export async function fireDuePoint(
  db: Db,
  p: ServicePlanTable,
  assetId: string,
  due: DuePoint,
  usage: number | null,
  now: number,
): Promise<string | null> {
  const scope: Scope = {
    tenantId: p.tenant_id as TenantId,
    customerIds: null,
    actor: `system:plan:${p.id}`,
  };
  const k = kOf(db);
  const fired = await k
    .selectFrom('service_plan_firings')
    .select('work_order_id')
    .where('plan_id', '=', p.id)
    .where('asset_id', '=', assetId)
    .where('due_key', '=', due.key)
    .executeTakeFirst();
  if (fired) return null;
  const row = await newWorkOrderRow(
    db,
    scope,
    {
      assetId,
      title: p.title,
      description: `${p.name} — ${due.key}`,
      priority: p.priority as Priority,
      kind: 'preventive',
      source: 'plan',
      sourceRef: p.id,
      skills: json<string[]>(p.skills),
    },
    now,
  );
  return k.transaction().execute(async (tx) => {
    const ins = await tx
      .insertInto('service_plan_firings')
      .values({
        tenant_id: p.tenant_id,
        plan_id: p.id,
        asset_id: assetId,
        due_key: due.key,
        due_at: due.dueAt || null,
        usage,
        work_order_id: row.id,
        fired_at: now,
      })
      .onConflict((oc) => oc.columns(['plan_id', 'asset_id', 'due_key']).doNothing())
      .executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    await insertWorkOrder(tx, scope, row);
    if (p.checklist_template_id)
      await copyTemplate(tx, p.tenant_id, row.id, p.checklist_template_id);
    return row.id;
  });
}

async function checkAsset(
  db: Db,
  port: UsagePort,
  p: ServicePlanTable,
  assetId: string,
  now: number,
  settleMs: number,
): Promise<{ due: DuePoint; usage: number | null; workOrderId: string | null } | undefined> {
  const k = kOf(db);
  const t = json<PlanTrigger>(p.trigger);
  if (t.kind === 'calendar') {
    const zone = await zoneOf(k, t, p.tenant_id, assetId, now);
    const due = latestCalendarDue(t, zone, now, Number(p.created_at));
    return (
      due && { due, usage: null, workOrderId: await fireDuePoint(db, p, assetId, due, null, now) }
    );
  }
  const usage = await countUsage(k, port, p, t, assetId, now - settleMs);
  const due = latestUsageDue(t, usage);
  const inUnit = usageInUnit(t, usage);
  return (
    due && { due, usage: inUnit, workOrderId: await fireDuePoint(db, p, assetId, due, inUnit, now) }
  );
}

export function createPlanScheduler(
  db: Db,
  port: UsagePort,
  opts: SchedulerOptions = {},
): PlanScheduler {
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? (() => undefined);
  const settleMs = opts.settleMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async (): Promise<TickReport> => {
    const now = clock();
    const k = kOf(db);
    const report: TickReport = { plans: 0, checked: 0, fired: [], failed: [] };
    for (const tenant of await listTenants(db)) {
      const plans = await k
        .selectFrom('service_plans')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .where('active', '=', 1)
        .execute();
      for (const p of plans) {
        report.plans++;
        for (const assetId of await assetsOf(db, p)) {
          report.checked++;
          try {
            const r = await checkAsset(db, port, p, assetId, now, settleMs);
            if (r?.workOrderId)
              report.fired.push({
                planId: p.id,
                assetId,
                dueKey: r.due.key,
                workOrderId: r.workOrderId,
              });
          } catch (e) {
            // One bad plan or asset (say, a deleted channel) does not stop the others.
            report.failed.push({ planId: p.id, assetId, reason: (e as Error).message });
          }
        }
      }
    }
    for (const f of report.fired)
      log(
        `service: plan ${f.planId} opened work order ${f.workOrderId} for ${f.assetId} (${f.dueKey})`,
      );
    for (const f of report.failed)
      log(`service: plan ${f.planId} on ${f.assetId} failed: ${f.reason}`);
    return report;
  };
  return {
    tick,
    start(intervalMs = 60_000) {
      timer = setInterval(() => {
        running = running
          .then(tick)
          .catch((e: unknown) => log(`service: plan tick failed: ${(e as Error).message}`));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
