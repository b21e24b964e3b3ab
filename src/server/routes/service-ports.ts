// The service context's ports over the monitoring runtime (issue 16): work orders comment on and
// clear the alarm they came from, and service notices (SLA warnings and breaches, renewal
// reminders) travel the alarms' fan-out to the same subscribers.
import type { Alarm, MonitoringRuntime } from '../../monitoring/index.ts';
import type * as service from '../../service/index.ts';

/** The alarm port over the monitoring runtime's public surface. */
export function alarmPortOf(monitoring: MonitoringRuntime): service.AlarmPort {
  return {
    async find(tenantId, alarmId) {
      const a = (await monitoring.tenant(tenantId)).alarms
        .openAlarms()
        .find((x) => x.id === alarmId);
      return a && { id: a.id, assetId: a.asset, ruleId: a.ruleId, severity: a.severity };
    },
    async comment(tenantId, alarm, by, text) {
      await (
        await monitoring.tenant(tenantId)
      ).alarms.apply({
        type: 'comment',
        asset: alarm.assetId,
        ruleId: alarm.ruleId,
        by,
        text,
        at: Date.now(),
      });
    },
    async clear(tenantId, alarm) {
      await (
        await monitoring.tenant(tenantId)
      ).alarms.apply({ type: 'clear', asset: alarm.assetId, ruleId: alarm.ruleId, at: Date.now() });
    },
  };
}

/**
 * Service notices (SLA warnings and breaches, renewal reminders) as alarm-like events through the
 * monitoring context's fan-out: the same subscriptions (severity, customer), SSE alarm feed and
 * e-mail as alarms. The event's rule is the notice kind (`sla.resolution.breached`, …), its id
 * names the work order or contract, and its one comment is the notice's message.
 */
export function noticePortOf(monitoring: MonitoringRuntime): service.NoticePort {
  return {
    async publish(tenantId, n) {
      const asset = n.assetId ?? n.subjectId;
      const alarm: Alarm = {
        id: `${n.subjectId}/${n.kind}/${n.at}`,
        asset,
        ruleId: n.kind,
        severity: n.severity,
        active: true,
        acknowledged: false,
        raisedAt: n.at,
        lastRaisedAt: n.at,
        repeatCount: 0,
        comments: [{ at: n.at, by: 'system:service', text: n.message }],
        escalationLevel: 0,
        targets: [
          { kind: 'asset', id: asset },
          ...(n.customerId ? [{ kind: 'customer' as const, id: n.customerId }] : []),
          { kind: 'tenant', id: tenantId },
        ],
      };
      await monitoring.notify.publish(
        tenantId,
        [{ change: 'raised', alarm, at: n.at, annunciate: true }],
        () => (n.customerId ? { customer: n.customerId } : {}),
      );
    },
  };
}
