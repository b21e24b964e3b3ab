// Maintenance plans: for one asset or for every asset of a model, a calendar or usage trigger and
// the work order it opens (title, priority, skills, checklist template). Created, listed, changed
// (active on/off) and each change audited; the firings show which due points opened which order.
import { getAsset, getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServicePlanTable } from '../../storage/service-schema.ts';
import type { Priority } from '../contracts/index.ts';
import { isTimeZone, parseDate } from '../sla/index.ts';
import { audit, customerFilter, invalidField, json, kOf, serviceId } from '../store.ts';
import {
  minutesOf,
  usageInUnit,
  type CalendarTrigger,
  type PlanTrigger,
  type UsageTrigger,
} from './trigger.ts';

/** A trigger as a client may send it: what is left out takes its default. */
export type TriggerInput =
  | (Omit<CalendarTrigger, 'atTime' | 'leadDays' | 'timeZone'> &
      Partial<Pick<CalendarTrigger, 'atTime' | 'leadDays' | 'timeZone'>>)
  | (Omit<UsageTrigger, 'threshold' | 'maxGapMinutes'> &
      Partial<Pick<UsageTrigger, 'threshold' | 'maxGapMinutes'>>);

export const withDefaults = (t: TriggerInput): PlanTrigger =>
  t.kind === 'calendar'
    ? { ...t, atTime: t.atTime ?? '08:00', leadDays: t.leadDays ?? 0, timeZone: t.timeZone ?? null }
    : { ...t, threshold: t.threshold ?? 0, maxGapMinutes: t.maxGapMinutes ?? 15 };

export interface PlanInput {
  name: string;
  assetId?: string | null;
  modelId?: string | null;
  trigger: TriggerInput;
  title: string;
  priority: Priority;
  skills?: string[];
  checklistTemplateId?: string | null;
  active?: boolean;
}

export interface Plan {
  id: string;
  name: string;
  assetId: string | null;
  modelId: string | null;
  trigger: PlanTrigger;
  title: string;
  priority: Priority;
  skills: string[];
  checklistTemplateId: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export const toPlan = (r: ServicePlanTable): Plan => ({
  id: r.id,
  name: r.name,
  assetId: r.asset_id,
  modelId: r.model_id,
  trigger: json<PlanTrigger>(r.trigger),
  title: r.title,
  priority: r.priority as Priority,
  skills: json(r.skills),
  checklistTemplateId: r.checklist_template_id,
  active: r.active === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

function checkTrigger(t: PlanTrigger): void {
  if (t.kind === 'calendar') {
    if (!parseDate(t.startDate))
      throw invalidField('trigger.startDate', {
        en: `'${t.startDate}' is not a date (YYYY-MM-DD)`,
        'zh-CN': `“${t.startDate}”不是日期（YYYY-MM-DD）`,
      });
    const m = minutesOf(t.atTime);
    if (!(m >= 0 && m < 24 * 60))
      throw invalidField('trigger.atTime', {
        en: `'${t.atTime}' is not a time of day (HH:MM)`,
        'zh-CN': `“${t.atTime}”不是一天中的时刻（HH:MM）`,
      });
    if (t.timeZone !== null && !isTimeZone(t.timeZone))
      throw invalidField('trigger.timeZone', {
        en: `'${t.timeZone}' is not an IANA time zone`,
        'zh-CN': `“${t.timeZone}”不是 IANA 时区`,
      });
  } else if (!(t.interval > 0))
    throw invalidField('trigger.interval', { en: 'must be above 0', 'zh-CN': '必须大于 0' });
}

async function checkTarget(db: Db, scope: Scope, input: PlanInput) {
  if (!input.assetId === !input.modelId)
    throw invalidField('assetId', {
      en: 'give exactly one of assetId (one asset) and modelId (a model)',
      'zh-CN': 'assetId（单台资产）与 modelId（一个型号）只能且必须给出其一',
    });
  if (input.assetId) await getAsset(db, scope, input.assetId);
  if (input.modelId) await getModel(db, scope, input.modelId);
  if (input.checklistTemplateId) {
    const tpl = await kOf(db)
      .selectFrom('service_checklist_templates')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.checklistTemplateId)
      .executeTakeFirst();
    if (!tpl)
      throw invalidField('checklistTemplateId', {
        en: `no checklist template '${input.checklistTemplateId}'`,
        'zh-CN': `没有检查单模板“${input.checklistTemplateId}”`,
      });
  }
}

export async function createPlan(
  db: Db,
  scope: Scope,
  input: PlanInput,
  now = Date.now(),
): Promise<Plan> {
  const trigger = withDefaults(input.trigger);
  checkTrigger(trigger);
  await checkTarget(db, scope, input);
  const row: ServicePlanTable = {
    id: serviceId('mp'),
    tenant_id: scope.tenantId,
    name: input.name,
    asset_id: input.assetId ?? null,
    model_id: input.modelId ?? null,
    trigger: JSON.stringify(trigger),
    title: input.title,
    priority: input.priority,
    skills: JSON.stringify(input.skills ?? []),
    checklist_template_id: input.checklistTemplateId ?? null,
    active: input.active === false ? 0 : 1,
    created_by: scope.actor,
    created_at: now,
    updated_at: now,
  };
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('service_plans').values(row).execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.plan.create',
        entityType: 'service_plan',
        entityId: row.id,
        details: { name: row.name, assetId: row.asset_id, modelId: row.model_id },
      });
    });
  return toPlan(row);
}

async function planRow(db: Db, scope: Scope, id: string): Promise<ServicePlanTable> {
  const r = await kOf(db)
    .selectFrom('service_plans')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Maintenance plan', id);
  return r;
}

export async function setPlanActive(
  db: Db,
  scope: Scope,
  id: string,
  active: boolean,
  now = Date.now(),
): Promise<Plan> {
  const r = await planRow(db, scope, id);
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await tx
        .updateTable('service_plans')
        .set({ active: active ? 1 : 0, updated_at: now })
        .where('id', '=', id)
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: active ? 'service.plan.activate' : 'service.plan.deactivate',
        entityType: 'service_plan',
        entityId: id,
      });
    });
  return toPlan({ ...r, active: active ? 1 : 0, updated_at: now });
}

export async function listPlans(
  db: Db,
  scope: Scope,
  q: { assetId?: string; modelId?: string } = {},
): Promise<Plan[]> {
  let sel = kOf(db).selectFrom('service_plans').selectAll().where('tenant_id', '=', scope.tenantId);
  if (q.assetId) sel = sel.where('asset_id', '=', q.assetId);
  if (q.modelId) sel = sel.where('model_id', '=', q.modelId);
  return (await sel.orderBy('name').orderBy('id').execute()).map(toPlan);
}

export interface PlanStatus {
  assetId: string;
  /** Usage plans: usage counted so far in the plan's unit (hours, cycles, counter units). */
  usage: number | null;
  countedUntil: number | null;
  firings: Array<{
    dueKey: string;
    dueAt: number | null;
    usage: number | null;
    workOrderId: string;
    firedAt: number;
  }>;
}

/** A plan with its usage per asset and the due points that fired (newest first). */
export async function getPlan(
  db: Db,
  scope: Scope,
  id: string,
): Promise<Plan & { assets: PlanStatus[] }> {
  const plan = toPlan(await planRow(db, scope, id));
  const k = kOf(db);
  const usage = await k
    .selectFrom('service_plan_usage')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('plan_id', '=', id)
    .execute();
  let fq = k
    .selectFrom('service_plan_firings as f')
    .innerJoin('service_work_orders as w', 'w.id', 'f.work_order_id')
    .select(['f.asset_id', 'f.due_key', 'f.due_at', 'f.usage', 'f.work_order_id', 'f.fired_at'])
    .where('f.tenant_id', '=', scope.tenantId)
    .where('f.plan_id', '=', id);
  const only = customerFilter(scope);
  if (only) fq = fq.where('w.customer_id', 'in', only);
  const firings = await fq.orderBy('f.fired_at', 'desc').limit(500).execute();
  const byAsset = new Map<string, PlanStatus>();
  const entry = (assetId: string) => {
    let e = byAsset.get(assetId);
    if (!e) byAsset.set(assetId, (e = { assetId, usage: null, countedUntil: null, firings: [] }));
    return e;
  };
  if (plan.trigger.kind === 'usage')
    for (const u of usage) {
      const e = entry(u.asset_id);
      e.usage = usageInUnit(plan.trigger, Number(u.usage));
      e.countedUntil = Number(u.until_ts);
    }
  for (const f of firings)
    entry(f.asset_id).firings.push({
      dueKey: f.due_key,
      dueAt: f.due_at === null ? null : Number(f.due_at),
      usage: f.usage === null ? null : Number(f.usage),
      workOrderId: f.work_order_id,
      firedAt: Number(f.fired_at),
    });
  return { ...plan, assets: [...byAsset.values()] };
}
