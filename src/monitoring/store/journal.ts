// The alarm journal (issue #18): every change of every alarm — raised, returned to alarm,
// acknowledged, shelved, assigned, commented, cleared, escalated, closed — as one row each,
// written in the same transaction as the alarm row, and never updated or deleted, so a closed
// alarm's history and comments stay readable. ISA-18.2 §16 (alarm history) and §18 (records
// of operator actions) ask for exactly this log; the alarm table only holds the last state.
// Operator actions also go to the tenant's audit log (identity) in that transaction. The rows
// and audit entries are built here and written by the alarm service's batch (alarm-writes.ts).
import { randomBase32 } from '../../kernel/index.ts';
import type { AuditEntry } from '../../identity/index.ts';
import type { AlarmJournalTable } from '../../storage/monitoring-schema.ts';
import type { AlarmAction, AlarmChange, AlarmEffect } from '../alarms/index.ts';

export const journalActions = [
  'raised',
  'returned',
  'acknowledged',
  'cleared',
  'closed',
  'escalated',
  'assigned',
  'commented',
  'shelved',
  'unshelved',
  'suppressed',
  'unsuppressed',
] as const;
export type JournalAction = (typeof journalActions)[number];

type Meta = { customer?: string | undefined; model?: string | undefined };

// Ids sort by time, then by write order within one process, so (at, id) pages are stable.
let seq = 0;
const journalId = (at: number) =>
  `aj_${Math.max(0, at).toString(36).padStart(9, '0')}${(seq++ % 36 ** 4).toString(36).padStart(4, '0')}${randomBase32(6)}`;

/** The journal's name for an effect: `repeated` is ISA-18.2's return to alarm. */
function actionOf(change: AlarmChange, act: AlarmAction): JournalAction {
  switch (change) {
    case 'repeated':
      return 'returned';
    case 'suppressed':
      return act.type === 'shelve' ? 'shelved' : 'suppressed';
    case 'unsuppressed':
      return act.type === 'unshelve' ? 'unshelved' : 'unsuppressed';
    default:
      return change;
  }
}

/** Who did it: the operator of a human action; null for the rule engine and the clock. */
function actorOf(act: AlarmAction): string | null {
  switch (act.type) {
    case 'acknowledge':
    case 'assign':
    case 'comment':
    case 'unshelve':
    case 'maintenance-end':
      return act.by;
    case 'shelve':
      return act.shelf.by;
    case 'maintenance-start':
      return act.maintenance.by;
    default:
      return null;
  }
}

function detailOf(e: AlarmEffect, act: AlarmAction): Record<string, unknown> | null {
  if (act.type === 'comment' && e.change === 'commented') return { text: act.text };
  if (act.type === 'assign' && e.change === 'assigned') return { to: act.to };
  if (act.type === 'shelve') return { reason: act.shelf.reason, until: act.shelf.until };
  if (e.change === 'escalated') return { level: e.alarm.escalationLevel };
  if (e.alarm.suppressedBy && (e.change === 'raised' || e.change === 'suppressed'))
    return { suppressedBy: e.alarm.suppressedBy };
  return null;
}

/** Journal rows of one committed action, in the order of its effects. */
export function journalRows(
  tenantId: string,
  act: AlarmAction,
  effects: readonly AlarmEffect[],
  meta: (asset: string) => Meta,
): AlarmJournalTable[] {
  const rows: AlarmJournalTable[] = effects.map((e) => {
    const m = meta(e.alarm.asset);
    const detail = detailOf(e, act);
    return {
      id: journalId(e.at),
      tenant_id: tenantId,
      alarm_id: e.alarm.id,
      asset_id: e.alarm.asset,
      rule_id: e.alarm.ruleId,
      action: actionOf(e.change, act),
      severity: e.alarm.severity,
      actor: actorOf(act),
      detail: detail && JSON.stringify(detail),
      value: e.change === 'raised' || e.change === 'repeated' ? (e.alarm.value ?? null) : null,
      at: e.at,
      customer_id: m.customer ?? null,
      model_id: m.model ?? null,
    };
  });
  // A shelve or unshelve is an operator action even when no alarm is open on that rule.
  if ((act.type === 'shelve' || act.type === 'unshelve') && rows.length === 0) {
    const asset = act.type === 'shelve' ? (act.shelf.asset ?? '') : (act.asset ?? '');
    const ruleId = act.type === 'shelve' ? act.shelf.ruleId : act.ruleId;
    const at = act.type === 'shelve' ? act.shelf.at : act.at;
    const m = meta(asset);
    rows.push({
      id: journalId(at),
      tenant_id: tenantId,
      alarm_id: null,
      asset_id: asset,
      rule_id: ruleId,
      action: act.type === 'shelve' ? 'shelved' : 'unshelved',
      severity: null,
      actor: actorOf(act),
      detail:
        act.type === 'shelve'
          ? JSON.stringify({ reason: act.shelf.reason, until: act.shelf.until })
          : null,
      value: null,
      at,
      customer_id: m.customer ?? null,
      model_id: m.model ?? null,
    });
  }
  return rows;
}

/** The audit entry of an operator action; undefined for the rule engine's raise / clear and ticks. */
export function auditOf(
  tenantId: string,
  act: AlarmAction,
  alarmId?: string,
): AuditEntry | undefined {
  const actor = actorOf(act);
  if (actor === null) return undefined;
  const { type, ...details } = act;
  const entityId =
    alarmId ??
    (act.type === 'shelve'
      ? `${act.shelf.asset ?? '*'}/${act.shelf.ruleId}`
      : act.type === 'maintenance-start'
        ? act.maintenance.asset
        : 'asset' in act
          ? `${act.asset ?? '*'}${'ruleId' in act ? `/${act.ruleId}` : ''}`
          : '');
  return {
    tenantId: tenantId as AuditEntry['tenantId'],
    actor,
    action: `alarm.${type}`,
    entityType: 'alarm',
    entityId,
    details,
  };
}
