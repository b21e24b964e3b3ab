// Mapping between the pure Alarm record and its table row (JSON text, 0/1 flags).
import type { AlarmTable } from '../../storage/monitoring-schema.ts';
import { statusOf, type Alarm } from '../alarms/index.ts';
import type { Severity } from '../rules/index.ts';

export function alarmToRow(
  a: Alarm,
  tenantId: string,
  meta: { customer?: string | undefined; model?: string | undefined },
): AlarmTable {
  return {
    id: a.id,
    tenant_id: tenantId,
    asset_id: a.asset,
    rule_id: a.ruleId,
    severity: a.severity,
    status: statusOf(a),
    active: a.active ? 1 : 0,
    acknowledged: a.acknowledged ? 1 : 0,
    open: !a.active && a.acknowledged ? 0 : 1,
    raised_at: a.raisedAt,
    last_raised_at: a.lastRaisedAt,
    repeat_count: a.repeatCount,
    cleared_at: a.clearedAt ?? null,
    acknowledged_at: a.acknowledgedAt ?? null,
    acknowledged_by: a.acknowledgedBy ?? null,
    assignee: a.assignee ?? null,
    comments: JSON.stringify(a.comments),
    escalation_level: a.escalationLevel,
    escalate_at: a.escalateAt ?? null,
    suppressed_by: a.suppressedBy ? JSON.stringify(a.suppressedBy) : null,
    targets: JSON.stringify(a.targets),
    value: a.value ?? null,
    customer_id: meta.customer ?? null,
    model_id: meta.model ?? null,
  };
}

export function rowToAlarm(r: AlarmTable): Alarm {
  const a: Alarm = {
    id: r.id,
    asset: r.asset_id,
    ruleId: r.rule_id,
    severity: r.severity as Severity,
    active: r.active === 1,
    acknowledged: r.acknowledged === 1,
    raisedAt: r.raised_at,
    lastRaisedAt: r.last_raised_at,
    repeatCount: r.repeat_count,
    comments: JSON.parse(r.comments) as Alarm['comments'],
    escalationLevel: r.escalation_level,
    targets: JSON.parse(r.targets) as Alarm['targets'],
  };
  if (r.cleared_at !== null) a.clearedAt = r.cleared_at;
  if (r.acknowledged_at !== null) a.acknowledgedAt = r.acknowledged_at;
  if (r.acknowledged_by !== null) a.acknowledgedBy = r.acknowledged_by;
  if (r.assignee !== null) a.assignee = r.assignee;
  if (r.escalate_at !== null) a.escalateAt = r.escalate_at;
  if (r.suppressed_by !== null)
    a.suppressedBy = JSON.parse(r.suppressed_by) as Alarm['suppressedBy'] & object;
  if (r.value !== null) a.value = r.value;
  return a;
}
