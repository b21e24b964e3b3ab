// Where work orders come from besides a person: an alarm (one action on it; the order keeps the
// alarm id and the alarm gets a comment naming the order), a PHM result (remaining useful life
// under the asset model's threshold: one open order per asset, however many samples fall under
// it) and a customer's service request (报修) from the portal. The service context reaches alarms
// only through an `AlarmPort` the composition root builds from the monitoring context's surface.
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { Priority } from '../contracts/index.ts';
import { kOf } from '../store.ts';
import { openWorkOrder, type Opened } from './store.ts';

export interface AlarmRef {
  id: string;
  assetId: string;
  ruleId: string;
  severity: 'critical' | 'major' | 'minor' | 'warning';
}

export interface AlarmPort {
  find(tenantId: string, alarmId: string): Promise<AlarmRef | undefined>;
  comment(tenantId: string, alarm: AlarmRef, by: string, text: string): Promise<void>;
  /** Returns the alarm to normal (closing its work order with `alarm: 'clear'`). */
  clear(tenantId: string, alarm: AlarmRef): Promise<void>;
}

const priorityOfSeverity: Record<AlarmRef['severity'], Priority> = {
  critical: 'critical',
  major: 'high',
  minor: 'medium',
  warning: 'low',
};

export async function openFromAlarm(
  db: Db,
  alarms: AlarmPort,
  scope: Scope,
  alarmId: string,
  input: { title?: string; priority?: Priority; skills?: string[] } = {},
  now = Date.now(),
): Promise<Opened> {
  const alarm = await alarms.find(scope.tenantId, alarmId);
  if (!alarm) throw notFound('Alarm', alarmId);
  await getAsset(db, scope, alarm.assetId); // 404 for an asset outside the caller's scope
  const opened = await openWorkOrder(
    db,
    scope,
    {
      assetId: alarm.assetId,
      title: input.title ?? `Alarm ${alarm.ruleId} (${alarm.severity})`,
      priority: input.priority ?? priorityOfSeverity[alarm.severity],
      source: 'alarm',
      sourceRef: alarm.id,
      openKey: `alarm|${alarm.id}`,
      ...(input.skills ? { skills: input.skills } : {}),
    },
    now,
  );
  if (opened.created)
    await alarms.comment(
      scope.tenantId,
      alarm,
      scope.actor,
      `Work order ${opened.workOrder.id} opened`,
    );
  return opened;
}

export interface PhmPolicy {
  modelId: string;
  rulThresholdHours: number;
  priority: Priority;
}

export async function setPhmPolicy(db: Db, scope: Scope, p: PhmPolicy): Promise<PhmPolicy> {
  await kOf(db)
    .insertInto('service_phm_policies')
    .values({
      tenant_id: scope.tenantId,
      model_id: p.modelId,
      rul_threshold_hours: p.rulThresholdHours,
      priority: p.priority,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'model_id'])
        .doUpdateSet({ rul_threshold_hours: p.rulThresholdHours, priority: p.priority }),
    )
    .execute();
  return p;
}

export type RulOutcome =
  | { kind: 'opened' | 'already-open'; workOrder: Opened['workOrder'] }
  | { kind: 'above-threshold' | 'no-policy'; thresholdHours: number | null };

/** One RUL sample of an asset: opens a work order when under the model's threshold, once. */
export async function openFromRul(
  db: Db,
  scope: Scope,
  input: { assetId: string; rulHours: number },
  now = Date.now(),
): Promise<RulOutcome> {
  const asset = await getAsset(db, scope, input.assetId);
  const policy = asset.modelId
    ? await kOf(db)
        .selectFrom('service_phm_policies')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('model_id', '=', asset.modelId)
        .executeTakeFirst()
    : undefined;
  if (!policy) return { kind: 'no-policy', thresholdHours: null };
  if (input.rulHours >= policy.rul_threshold_hours)
    return { kind: 'above-threshold', thresholdHours: policy.rul_threshold_hours };
  const opened = await openWorkOrder(
    db,
    scope,
    {
      assetId: asset.id,
      title: `Remaining useful life ${Math.round(input.rulHours)} h < ${policy.rul_threshold_hours} h`,
      priority: policy.priority as Priority,
      kind: 'preventive',
      source: 'phm',
      sourceRef: asset.modelId,
      openKey: `phm|${asset.id}`,
    },
    now,
  );
  return { kind: opened.created ? 'opened' : 'already-open', workOrder: opened.workOrder };
}

/** A customer's service request (报修) from the portal: a new corrective work order. */
export function openServiceRequest(
  db: Db,
  scope: Scope,
  input: { assetId: string; title: string; description?: string; priority?: Priority },
  now = Date.now(),
): Promise<Opened> {
  return openWorkOrder(
    db,
    scope,
    {
      assetId: input.assetId,
      title: input.title,
      ...(input.description !== undefined ? { description: input.description } : {}),
      priority: input.priority ?? 'medium',
      source: 'request',
    },
    now,
  );
}
