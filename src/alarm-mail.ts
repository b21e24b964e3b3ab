// Alarm e-mail as the platform sends it: the notifier's messages (one alarm change, or a storm
// digest) become plain-text mail through the SMTP client, addressed to the subscriber's current
// address. Wired here, in the composition root, because it joins two contexts: monitoring decides
// who hears of what, identity knows who the subscriber is now.
import type { AlarmMailConfig } from './config.ts';
import { subscriberContact } from './identity/index.ts';
import type { TenantId } from './kernel/index.ts';
import {
  sendMail,
  type AlarmEffect,
  type MonitoringRuntimeOptions,
  type NotifyMessage,
} from './monitoring/index.ts';
import type { Db } from './storage/index.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const effectLine = (e: AlarmEffect) =>
  `${iso(e.at)}  ${e.alarm.severity.toUpperCase()} ${e.change}: rule ${e.alarm.ruleId} on asset ${e.alarm.asset}` +
  (e.alarm.value === undefined ? '' : ` (value ${e.alarm.value})`);

/** Subject and body of one notifier message; the asset and rule ids match the console's. */
export function alarmMailText(m: NotifyMessage): { subject: string; text: string } {
  switch (m.kind) {
    case 'alarm': {
      const { alarm, change, at } = m.effect;
      return {
        subject: `[Ronghe] ${alarm.severity.toUpperCase()} alarm ${change}: ${alarm.ruleId} on ${alarm.asset}`,
        text: [
          `Alarm ${change}`,
          '',
          `Severity: ${alarm.severity}`,
          `Asset:    ${alarm.asset}`,
          `Rule:     ${alarm.ruleId}`,
          ...(alarm.value === undefined ? [] : [`Value:    ${alarm.value}`]),
          `At:       ${iso(at)}`,
          `Alarm:    ${alarm.id}`,
          '',
          'You receive this because of an alarm subscription with the e-mail channel.',
        ].join('\n'),
      };
    }
    case 'digest': {
      // The digest may hold fewer items than it counts; say so rather than imply completeness.
      const shown = m.effects.length < m.count ? ` (${m.effects.length} listed)` : '';
      return {
        subject: `[Ronghe] ${m.count} alarm changes since ${iso(m.windowStart)}`,
        text: [
          `An alarm storm: ${m.count} changes since ${iso(m.windowStart)}${shown}, held back and sent as one message.`,
          '',
          ...m.effects.map(effectLine),
          '',
          'You receive this because of an alarm subscription with the e-mail channel.',
        ].join('\n'),
      };
    }
  }
}

/** The tenant of a message's alarms: every alarm carries its tenant as a propagation target. */
function tenantOf(m: NotifyMessage): TenantId | undefined {
  const effect = m.kind === 'alarm' ? m.effect : m.effects[0];
  return effect?.alarm.targets.find((t) => t.kind === 'tenant')?.id as TenantId | undefined;
}

/**
 * The monitoring runtime's `notify` options for e-mail: the transport and the subscriber scope.
 * An API key subscriber has no address: its e-mail is skipped and logged, never sent.
 */
export function alarmMailNotify(
  db: Db,
  mail: AlarmMailConfig,
  log: (line: string) => void = () => undefined,
): NonNullable<MonitoringRuntimeOptions['notify']> {
  return {
    subscriberScope: async (tenantId, subscriberId) =>
      (await subscriberContact(db, tenantId as TenantId, subscriberId))?.customerIds,
    transports: {
      email: async (subscriberId, message) => {
        const tenantId = tenantOf(message);
        const contact = tenantId && (await subscriberContact(db, tenantId, subscriberId));
        // Gone or disabled since the fan-out checked its scope: nobody to write to.
        if (!contact) return;
        const address = contact.email;
        if (address === null) {
          log(`alarm e-mail to ${subscriberId} skipped: an API key has no e-mail address`);
          return;
        }
        const { subject, text } = alarmMailText(message);
        await sendMail(mail.smtp, { from: mail.from, to: [address], subject, text });
      },
    },
  };
}
