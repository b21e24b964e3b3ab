// Work orders opened automatically by a rule-level policy: when an alarm of a rule with a policy
// is raised at or above the policy's severity, a work order is opened from it (the same action as
// a person's "open work order" on the alarm, so one order per alarm, linked both ways). The
// monitoring runtime calls `onAlarmEffects` after each committed change; the work runs queued
// after it, since commenting the alarm is itself an alarm action that must wait its turn.
import type { Scope } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { Priority } from '../contracts/index.ts';
import { json, kOf } from '../store.ts';
import { openFromAlarm, type AlarmPort, type AlarmRef } from './sources.ts';

const severityRank: Record<AlarmRef['severity'], number> = {
  warning: 0,
  minor: 1,
  major: 2,
  critical: 3,
};

export interface AlarmPolicy {
  ruleId: string;
  minSeverity: AlarmRef['severity'];
  priority: Priority | null;
  skills: string[];
}

export async function setAlarmPolicy(db: Db, scope: Scope, p: AlarmPolicy): Promise<AlarmPolicy> {
  const row = {
    min_severity: p.minSeverity,
    priority: p.priority,
    skills: JSON.stringify(p.skills),
  };
  await kOf(db)
    .insertInto('service_alarm_policies')
    .values({ tenant_id: scope.tenantId, rule_id: p.ruleId, ...row })
    .onConflict((oc) => oc.columns(['tenant_id', 'rule_id']).doUpdateSet(row))
    .execute();
  return p;
}

/** The alarm change as the service needs it (structurally the monitoring context's AlarmEffect). */
export interface AlarmChangeLike {
  change: string;
  alarm: { id: string; asset: string; ruleId: string; severity: AlarmRef['severity'] };
}

export interface AlarmAutomation {
  onAlarmEffects(tenantId: string, effects: readonly AlarmChangeLike[]): void;
  /** Resolves when every queued opening is done. */
  idle(): Promise<void>;
}

export function createAlarmAutomation(
  db: Db,
  alarms: () => AlarmPort,
  log: (line: string) => void = () => undefined,
  clock: () => number = Date.now,
): AlarmAutomation {
  let queue: Promise<void> = Promise.resolve();
  const handle = async (tenantId: string, raised: AlarmChangeLike[]) => {
    const rules = [...new Set(raised.map((e) => e.alarm.ruleId))];
    const policies = await kOf(db)
      .selectFrom('service_alarm_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('rule_id', 'in', rules)
      .execute();
    const byRule = new Map(policies.map((p) => [p.rule_id, p]));
    const scope: Scope = {
      tenantId: tenantId as TenantId,
      customerIds: null,
      actor: 'system:alarm-policy',
    };
    for (const { alarm } of raised) {
      const p = byRule.get(alarm.ruleId);
      if (!p || severityRank[alarm.severity] < severityRank[p.min_severity as AlarmRef['severity']])
        continue;
      await openFromAlarm(
        db,
        alarms(),
        scope,
        alarm.id,
        {
          ...(p.priority ? { priority: p.priority as Priority } : {}),
          skills: json<string[]>(p.skills),
        },
        clock(),
      );
    }
  };
  return {
    onAlarmEffects(tenantId, effects) {
      const raised = effects.filter((e) => e.change === 'raised');
      if (!raised.length) return;
      queue = queue
        .then(() => handle(tenantId, raised))
        .catch((e: unknown) =>
          log(`service: automatic work order failed: ${(e as Error).message}`),
        );
    },
    idle: () => queue,
  };
}
