// The words of alarm e-mail, in the subscriber's language (zh-CN or en; terms as in the
// console glossary): the asset by name and serial, its customer, the rule by name, the value,
// the time in the tenant's zone, and a link to the alarm's history in the console.
import type { AlarmEffect, NotifyMessage } from './monitoring/index.ts';

export type MailLanguage = 'zh-CN' | 'en';

/** What people call an alarm's parts; ids stand in where a name is unknown. */
export interface AlarmNames {
  assetName: string;
  serial: string | null;
  customerName: string | null;
  ruleName: string;
}

const words = {
  'zh-CN': {
    brand: '融合',
    severity: { critical: '紧急', major: '重要', minor: '次要', warning: '提示' },
    change: {
      raised: '触发',
      repeated: '再次触发',
      acknowledged: '已确认',
      cleared: '恢复',
      closed: '关闭',
      escalated: '升级',
      assigned: '已指派',
      commented: '新评论',
      suppressed: '已抑制',
      unsuppressed: '解除抑制',
    },
    alarm: '告警',
    asset: '资产',
    serial: '序列号',
    customer: '客户',
    rule: '规则',
    value: '值',
    at: '时间',
    open: '查看告警',
    none: '—',
    storm: (n: number, since: string, listed: string) =>
      `告警风暴：自 ${since} 起共 ${n} 条告警变化${listed}，已合并为一封邮件发送。`,
    listed: (n: number) => `（列出 ${n} 条）`,
    stormSubject: (n: number, since: string) => `${n} 条告警变化（自 ${since} 起）`,
    why: '您收到此邮件，是因为您有一个经由邮件通知的告警订阅。',
  },
  en: {
    brand: 'Ronghe',
    severity: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning' },
    change: {
      raised: 'raised',
      repeated: 'returned to alarm',
      acknowledged: 'acknowledged',
      cleared: 'cleared',
      closed: 'closed',
      escalated: 'escalated',
      assigned: 'assigned',
      commented: 'commented',
      suppressed: 'suppressed',
      unsuppressed: 'unsuppressed',
    },
    alarm: 'alarm',
    asset: 'Asset',
    serial: 'Serial',
    customer: 'Customer',
    rule: 'Rule',
    value: 'Value',
    at: 'At',
    open: 'Open the alarm',
    none: '-',
    storm: (n: number, since: string, listed: string) =>
      `An alarm storm: ${n} changes since ${since}${listed}, held back and sent as one message.`,
    listed: (n: number) => ` (${n} listed)`,
    stormSubject: (n: number, since: string) => `${n} alarm changes since ${since}`,
    why: 'You receive this because of an alarm subscription with the e-mail channel.',
  },
} as const;

/** The alarm's history in the console (the journal screen filtered to this alarm). */
export const alarmLink = (consoleUrl: string, alarmId: string) =>
  `${consoleUrl}/alarms/journal?alarmId=${encodeURIComponent(alarmId)}`;

function timeIn(ms: number, lang: MailLanguage, timeZone: string) {
  const s = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(ms);
  return `${s} (${timeZone})`;
}

const assetLabel = (n: AlarmNames) => (n.serial ? `${n.assetName} (${n.serial})` : n.assetName);

export interface MailTextOptions {
  lang: MailLanguage;
  names(e: AlarmEffect): AlarmNames;
  consoleUrl: string;
  timeZone: string;
}

/** Subject and plain-text body of one notifier message. */
export function alarmMailText(
  m: NotifyMessage,
  o: MailTextOptions,
): { subject: string; text: string } {
  const w = words[o.lang];
  const colon = o.lang === 'en' ? ': ' : '：';
  switch (m.kind) {
    case 'alarm': {
      const { alarm, change, at } = m.effect;
      const n = o.names(m.effect);
      const sev = w.severity[alarm.severity];
      const head =
        o.lang === 'en'
          ? `${sev} alarm ${w.change[change]}`
          : `${sev}${w.alarm}${w.change[change]}`;
      const line = (label: string, value: string) => `${label}${colon}${value}`;
      return {
        subject: `[${w.brand}] ${head}${colon}${n.ruleName} — ${assetLabel(n)}`,
        text: [
          head,
          '',
          line(w.asset, n.assetName),
          line(w.serial, n.serial ?? w.none),
          line(w.customer, n.customerName ?? w.none),
          line(w.rule, n.ruleName),
          ...(alarm.value === undefined ? [] : [line(w.value, String(alarm.value))]),
          line(w.at, timeIn(at, o.lang, o.timeZone)),
          '',
          `${w.open}${colon}${alarmLink(o.consoleUrl, alarm.id)}`,
          '',
          w.why,
        ].join('\n'),
      };
    }
    case 'digest': {
      const since = timeIn(m.windowStart, o.lang, o.timeZone);
      const listed = m.effects.length < m.count ? w.listed(m.effects.length) : '';
      const row = (e: AlarmEffect) => {
        const n = o.names(e);
        return `${timeIn(e.at, o.lang, o.timeZone)}  ${w.severity[e.alarm.severity]} ${w.change[e.change]}${colon}${n.ruleName} — ${assetLabel(n)}  ${alarmLink(o.consoleUrl, e.alarm.id)}`;
      };
      return {
        subject: `[${w.brand}] ${w.stormSubject(m.count, since)}`,
        text: [w.storm(m.count, since, listed), '', ...m.effects.map(row), '', w.why].join('\n'),
      };
    }
  }
}
