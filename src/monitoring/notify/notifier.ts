// From alarm effects to messages: match subscriptions, fold storms into digests per user, and
// hand each message to the user's channels (e-mail, webhook, live). Transports are injected, so
// this file has no I/O of its own; a failing transport is reported per delivery (house style 4)
// and does not stop the others.
import type { ItemResult } from '../../kernel/index.ts';
import type { AlarmEffect } from '../alarms/index.ts';
import { createStormDigest, type Digest } from './digest.ts';
import { matchSubscriptions, type NotifyChannel, type Subscription } from './subscriptions.ts';

export type NotifyMessage =
  | { kind: 'alarm'; effect: AlarmEffect }
  | { kind: 'digest'; count: number; windowStart: number; effects: AlarmEffect[] };

/** Delivers one message to a user; `subscriptions` are the user's subscriptions it matched
 * (a webhook posts to each one's own URL). */
export type Transport = (
  userId: string,
  message: NotifyMessage,
  subscriptions: readonly Subscription[],
) => Promise<void>;

export interface NotifierOptions {
  subscriptions(): readonly Subscription[];
  meta(asset: string): { customer?: string; model?: string };
  transports: Partial<Record<NotifyChannel, Transport>>;
  /** Storm limit per user; EEMUA 191's flood is > 10 per 10 minutes. */
  digest?: { windowMs: number; maxPerWindow: number };
}

export interface Delivery {
  userId: string;
  channel: NotifyChannel;
  kind: NotifyMessage['kind'];
}

export interface Notifier {
  onEffects(effects: readonly AlarmEffect[], now: number): Promise<ItemResult<Delivery>[]>;
  /** Sends the digests of windows that have ended. Call it on a clock tick. */
  flushDigests(now: number): Promise<ItemResult<Delivery>[]>;
}

export function createNotifier(o: NotifierOptions): Notifier {
  const digest = createStormDigest<AlarmEffect>(
    o.digest ?? { windowMs: 600_000, maxPerWindow: 10 },
  );
  const channelsOf = new Map<string, NotifyChannel[]>();
  const subsOf = new Map<string, Subscription[]>();

  const deliver = async (
    userId: string,
    channels: NotifyChannel[],
    msg: NotifyMessage,
    out: ItemResult<Delivery>[],
  ) => {
    const subs = subsOf.get(userId) ?? [];
    for (const channel of channels) {
      const value: Delivery = { userId, channel, kind: msg.kind };
      const t = o.transports[channel];
      const index = out.length;
      if (!t) {
        out.push({ index, status: 'failed', value, reason: `no transport for '${channel}'` });
        continue;
      }
      try {
        await t(
          userId,
          msg,
          subs.filter((x) => x.channels.includes(channel)),
        );
        out.push({ index, status: 'ok', value });
      } catch (e) {
        out.push({
          index,
          status: 'failed',
          value,
          reason: e instanceof Error ? e.message : String(e),
        });
      }
    }
  };

  return {
    async onEffects(effects, now) {
      const out: ItemResult<Delivery>[] = [];
      for (const effect of effects) {
        // A user with several matching subscriptions hears once, on the union of their channels.
        const users = new Map<string, Set<NotifyChannel>>();
        const matched = new Map<string, Subscription[]>();
        const meta = o.meta(effect.alarm.asset);
        for (const sub of matchSubscriptions(o.subscriptions(), effect, meta)) {
          const set = users.get(sub.userId) ?? new Set();
          for (const c of sub.channels) set.add(c);
          users.set(sub.userId, set);
          matched.set(sub.userId, [...(matched.get(sub.userId) ?? []), sub]);
        }
        for (const [userId, set] of users) {
          const channels = [...set];
          channelsOf.set(userId, channels);
          // A digest goes to the subscriptions the user's latest change matched.
          subsOf.set(userId, matched.get(userId) ?? []);
          if (digest.offer(userId, effect, now) === 'send') {
            await deliver(userId, channels, { kind: 'alarm', effect }, out);
          }
        }
      }
      return out;
    },
    async flushDigests(now) {
      const out: ItemResult<Delivery>[] = [];
      for (const d of digest.due(now) as Digest<AlarmEffect>[]) {
        const msg: NotifyMessage = {
          kind: 'digest',
          count: d.count,
          windowStart: d.windowStart,
          effects: d.items,
        };
        await deliver(d.recipient, channelsOf.get(d.recipient) ?? [], msg, out);
      }
      return out;
    },
  };
}
