// The alarm that caused a work order, both ways: the order keeps the alarm's id (its source
// reference) and the alarm list asks which orders its alarms caused (`alarmLinks`). Closing the
// order can clear its alarm (returned to normal) or comment it; the alarm is in the monitoring
// context, so this happens right after the order's own transaction, through the `AlarmPort`,
// and is recorded in the audit log with what it did.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { audit, customerFilter, invalidField, kOf } from '../store.ts';
import type { AlarmPort } from './sources.ts';
import type { WorkOrder } from './view.ts';

export type AlarmAction = 'clear' | 'comment';

export interface AlarmLink {
  alarmId: string;
  workOrderId: string;
  status: string;
}

/** Work orders opened from alarms (of the given ids, or all), within the caller's customers. */
export async function alarmLinks(db: Db, scope: Scope, alarmIds?: string[]): Promise<AlarmLink[]> {
  let q = kOf(db)
    .selectFrom('service_work_orders')
    .select(['id', 'source_ref', 'status'])
    .where('tenant_id', '=', scope.tenantId)
    .where('source', '=', 'alarm')
    .where('source_ref', 'is not', null);
  const only = customerFilter(scope);
  if (only) q = q.where('customer_id', 'in', only);
  if (alarmIds) q = q.where('source_ref', 'in', alarmIds.length ? alarmIds : ['']);
  const rows = await q.orderBy('created_at', 'desc').limit(1000).execute();
  return rows.map((r) => ({ alarmId: r.source_ref!, workOrderId: r.id, status: r.status }));
}

/** Refuses an alarm action that cannot apply, before the transition is written. */
export function checkAlarmAction(
  wo: Pick<WorkOrder, 'id' | 'source' | 'sourceRef'>,
  to: string,
  action: AlarmAction | undefined,
): void {
  if (!action) return;
  if (to !== 'closed')
    throw invalidField('alarm', {
      en: `only closing a work order acts on its alarm (to is '${to}')`,
      'zh-CN': `只有关闭工单才会作用于其告警（目标状态为“${to}”）`,
    });
  if (wo.source !== 'alarm' || !wo.sourceRef)
    throw invalidField('alarm', {
      en: `work order ${wo.id} was not opened from an alarm`,
      'zh-CN': `工单 ${wo.id} 不是由告警创建的`,
    });
}

/**
 * Clears or comments the alarm of a work order just closed. An alarm no longer open (closed by
 * then) is reported as such; either way the attempt is audited.
 */
export async function settleAlarm(
  db: Db,
  alarms: AlarmPort,
  scope: Scope,
  wo: WorkOrder,
  action: AlarmAction,
  note: string | undefined,
): Promise<{ alarmId: string; action: AlarmAction; result: 'cleared' | 'commented' | 'not-open' }> {
  const alarmId = wo.sourceRef!;
  const alarm = await alarms.find(scope.tenantId, alarmId);
  let result: 'cleared' | 'commented' | 'not-open' = 'not-open';
  if (alarm) {
    const text = `Work order ${wo.id} closed${note ? `: ${note}` : ''}`;
    await alarms.comment(scope.tenantId, alarm, scope.actor, text);
    if (action === 'clear') await alarms.clear(scope.tenantId, alarm);
    result = action === 'clear' ? 'cleared' : 'commented';
  }
  await audit(kOf(db), {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action: `service.work_order.alarm_${action}`,
    entityType: 'service_work_order',
    entityId: wo.id,
    details: { alarmId, result },
  });
  return { alarmId, action, result };
}
