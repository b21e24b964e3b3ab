// Per-user subscriptions: which alarm changes a user hears about, by minimum severity,
// customer and asset model, and over which channels. Pure.
import type { AlarmChange, AlarmEffect } from '../alarms/index.ts';
import { severities, type Severity } from '../rules/index.ts';

export type NotifyChannel = 'email' | 'webhook' | 'live';

export interface Subscription {
  /** The stored subscription's id (webhook dead letters name it). */
  id?: string;
  userId: string;
  channels: NotifyChannel[];
  /** Hear this severity and anything more severe. */
  minSeverity: Severity;
  /** Only these customers / models; absent or empty: all. */
  customers?: string[];
  models?: string[];
  /** Which changes; default raised, repeated, escalated, cleared. */
  changes?: AlarmChange[];
  /** Where the webhook channel posts, and the key its HMAC signature uses. */
  webhook?: { url: string; secret: string };
  /** The language of its e-mail (default zh-CN). */
  language?: 'zh-CN' | 'en';
}

export const defaultChanges: readonly AlarmChange[] = [
  'raised',
  'repeated',
  'escalated',
  'cleared',
];

const rank = (s: Severity) => severities.indexOf(s); // 0 = critical

export function matchSubscriptions(
  subs: readonly Subscription[],
  effect: AlarmEffect,
  meta: { customer?: string; model?: string },
): Subscription[] {
  if (!effect.annunciate) return [];
  return subs.filter(
    (s) =>
      rank(effect.alarm.severity) <= rank(s.minSeverity) &&
      (s.changes ?? defaultChanges).includes(effect.change) &&
      (!s.customers?.length ||
        (meta.customer !== undefined && s.customers.includes(meta.customer))) &&
      (!s.models?.length || (meta.model !== undefined && s.models.includes(meta.model))),
  );
}
