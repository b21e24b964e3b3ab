// Alarm e-mail as the platform sends it: the notifier's messages (one alarm change, or a storm
// digest) become plain-text mail in the subscriber's language, naming the asset (name, serial),
// its customer and the rule, with a link to the alarm in the console, sent through nodemailer
// (STARTTLS, RFC 3207, or implicit TLS, RFC 8314) to the subscriber's current address. Wired
// here, in the composition root, because it joins contexts: monitoring decides who hears of
// what, identity knows who the subscriber is now, assets know what the asset is called.
import { createTransport, type Transporter } from 'nodemailer';
import { isIP } from 'node:net';
import { alarmMailText, type AlarmNames, type MailLanguage } from './alarm-mail-text.ts';
import { scopedAssets } from './assets/index.ts';
import type { AlarmMailConfig } from './config.ts';
import { getCustomer, subscriberContact, timeZoneOf, type Scope } from './identity/index.ts';
import type { TenantId } from './kernel/index.ts';
import {
  createRuleStore,
  type AlarmEffect,
  type MonitoringRuntimeOptions,
  type NotifyMessage,
  type Transport,
} from './monitoring/index.ts';
import type { Db } from './storage/index.ts';

/** The tenant of a message's alarms: every alarm carries its tenant as a propagation target. */
function tenantOf(m: NotifyMessage): TenantId | undefined {
  const effect = m.kind === 'alarm' ? m.effect : m.effects[0];
  return effect?.alarm.targets.find((t) => t.kind === 'tenant')?.id as TenantId | undefined;
}

const loopback = (host: string) =>
  host === 'localhost' || (isIP(host) !== 0 && /^(127\.|::1$)/.test(host));

/**
 * The nodemailer transport of the configured relay. smtps:// is implicit TLS; smtp:// upgrades
 * with STARTTLS, which is required (no credentials or alarms in clear text) unless the relay is
 * on this machine (loopback), where a plain local relay is common.
 */
export function mailTransport(smtp: AlarmMailConfig['smtp']): Transporter {
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && (smtp.port === 587 || !loopback(smtp.host)),
    name: 'ronghe',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    tls: { minVersion: 'TLSv1.2', ...(smtp.ca ? { ca: smtp.ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/** Names of every alarm in a message: asset name and serial, customer name, rule name. */
async function namesOf(db: Db, tenantId: TenantId, effects: readonly AlarmEffect[]) {
  const scope: Scope = { tenantId, customerIds: null, actor: 'system' };
  const ids = [...new Set(effects.map((e) => e.alarm.asset))];
  const assets = ids.length
    ? await scopedAssets(db, scope)
        .select(['id', 'name', 'serial', 'model_id', 'customer_id'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const rules = createRuleStore(db, tenantId);
  const customers = new Map<string, string>();
  const ruleNames = new Map<string, string>();
  for (const a of assets) {
    if (a.customer_id && !customers.has(a.customer_id))
      customers.set(
        a.customer_id,
        (await getCustomer(db, scope, a.customer_id).catch(() => undefined))?.name ?? a.customer_id,
      );
    for (const r of await rules.resolved(a.model_id ?? undefined, a.id))
      ruleNames.set(`${a.id}|${r.id}`, r.name ?? r.id);
  }
  const byId = new Map(assets.map((a) => [a.id as string, a]));
  return (e: AlarmEffect): AlarmNames => {
    const a = byId.get(e.alarm.asset);
    return {
      assetName: a?.name ?? e.alarm.asset,
      serial: a?.serial ?? null,
      customerName: a?.customer_id ? (customers.get(a.customer_id) ?? null) : null,
      ruleName: ruleNames.get(`${e.alarm.asset}|${e.alarm.ruleId}`) ?? e.alarm.ruleId,
    };
  };
}

/** Who may hear of which customers' alarms: the subscriber's scope now (identity). */
export const subscriberScopeOf =
  (db: Db): NonNullable<NonNullable<MonitoringRuntimeOptions['notify']>['subscriberScope']> =>
  async (tenantId, subscriberId) =>
    (await subscriberContact(db, tenantId as TenantId, subscriberId))?.customerIds;

/**
 * The e-mail transport. An API key subscriber has no address: its e-mail is skipped and
 * logged, never sent. The language is the matched subscription's (zh-CN unless it says en).
 */
export function alarmMailTransport(
  db: Db,
  mail: AlarmMailConfig,
  log: (line: string) => void = () => undefined,
  transporter: Transporter = mailTransport(mail.smtp),
): Transport {
  return async (subscriberId, message, subscriptions) => {
    const tenantId = tenantOf(message);
    const contact = tenantId && (await subscriberContact(db, tenantId, subscriberId));
    // Gone or disabled since the fan-out checked its scope: nobody to write to.
    if (!tenantId || !contact) return;
    if (contact.email === null) {
      log(`alarm e-mail to ${subscriberId} skipped: an API key has no e-mail address`);
      return;
    }
    const lang: MailLanguage = subscriptions.some((s) => s.language === 'en') ? 'en' : 'zh-CN';
    const effects = message.kind === 'alarm' ? [message.effect] : message.effects;
    const { subject, text } = alarmMailText(message, {
      lang,
      names: await namesOf(db, tenantId, effects),
      consoleUrl: mail.consoleUrl,
      timeZone: await timeZoneOf(db, tenantId),
    });
    await transporter.sendMail({
      from: mail.from,
      to: contact.email,
      subject,
      text,
      // Base64 keeps CJK text compact and 7-bit (RFC 2045 §6.8).
      textEncoding: 'base64',
      headers: { 'Content-Language': lang },
    });
  };
}
