// From committed alarm changes to the people who asked for them. For each change of a tenant:
// - live: every connected subscriber of that tenant who may see the alarm's customer gets an
//   SSE frame when one of their `live` subscriptions matches; a subscriber with no `live`
//   subscription gets the default, every annunciated change of every alarm they may see, so
//   the console shows what GET /alarms shows. Live frames are not digested: a console is a
//   view of the alarm list, not a mailbox.
// - e-mail / webhook: through the notifier (storm digests, per-delivery results), and only
//   when the composition root configured a transport for the channel.
// Tenant and customer scope are applied here, at delivery, not only when a subscription is
// written: a customer-scoped subscriber never hears of another customer's alarm, whatever the
// subscription says, and the scope used is the subscriber's scope now, not when it subscribed.
// Changes are handled one batch at a time per tenant, so frames keep the order of the changes.
import type { ItemResult } from '../../kernel/index.ts';
import { alarmChanges, statusOf, type AlarmEffect } from '../alarms/index.ts';
import { createLiveFeed } from './live-feed.ts';
import { createNotifier, type Delivery, type Notifier, type Transport } from './notifier.ts';
import { matchSubscriptions, type NotifyChannel, type Subscription } from './subscriptions.ts';

/** Customers a subscriber may see: null for the whole tenant. */
export type CustomerScope = readonly string[] | null;
export type AlarmMeta = (asset: string) => { customer?: string; model?: string };

export interface AlarmFanoutOptions {
  subscriptions: { forTenant(tenantId: string): Promise<readonly Subscription[]> };
  /** E-mail and webhook transports; a channel without one cannot be subscribed to. */
  transports?: Partial<Record<'email' | 'webhook', Transport>>;
  /** A subscriber's customer scope now; undefined when the subscriber is gone or disabled.
   * Required with `transports`: deliveries outside the live feed have no request to scope by. */
  subscriberScope?(tenantId: string, subscriberId: string): Promise<CustomerScope | undefined>;
  digest?: { windowMs: number; maxPerWindow: number };
  log?: (line: string) => void;
}

export interface AlarmFanout {
  /** The channels this server delivers: always `live`, plus those with a transport. */
  readonly channels: readonly NotifyChannel[];
  /** Registers a live connection; returns the function that removes it. */
  connect(
    tenantId: string,
    subscriberId: string,
    scope: CustomerScope,
    write: (frame: string) => void,
  ): () => void;
  /** Fans committed changes out; never rejects (failures are logged). */
  publish(tenantId: string, effects: readonly AlarmEffect[], meta: AlarmMeta): Promise<void>;
  /**
   * The live feed only, for changes committed by another process (cluster mode: the node that
   * raised them already sent the e-mails and webhooks); never rejects.
   */
  publishLive(tenantId: string, effects: readonly AlarmEffect[], meta: AlarmMeta): Promise<void>;
  /** Sends the e-mail / webhook digests of storm windows that have ended. */
  tick(now: number): Promise<void>;
  /** Resolves when every publish so far has been handled. */
  idle(): Promise<void>;
  readonly connections: number;
}

/** The live default for a subscriber without a `live` subscription (see the file comment). */
const liveDefault = (userId: string): Subscription => ({
  userId,
  channels: ['live'],
  minSeverity: 'warning',
  changes: [...alarmChanges],
});

interface Online {
  scope: CustomerScope;
  count: number;
}

export const isVisible = (scope: CustomerScope, customer: string | undefined): boolean =>
  scope === null || (customer !== undefined && scope.includes(customer));

/** The frame body: the change and the alarm as GET /alarms shows it. */
export const alarmFrameData = (e: AlarmEffect) => ({
  change: e.change,
  at: e.at,
  alarm: { ...e.alarm, status: statusOf(e.alarm) },
});

export function createAlarmFanout(o: AlarmFanoutOptions): AlarmFanout {
  const feed = createLiveFeed();
  // tenant → subscriber → scope of its connections (the latest connection's scope wins).
  const online = new Map<string, Map<string, Online>>();
  const feedKey = (tenantId: string, subscriberId: string) => `${tenantId}/${subscriberId}`;
  const chains = new Map<string, Promise<void>>();
  const outbound = createOutbound(o);
  const log = (tenantId: string, e: unknown) =>
    o.log?.(`alarm notification (${tenantId}): ${(e as Error).message}`);
  const enqueue = (tenantId: string, fn: () => Promise<void>) => {
    const next = (chains.get(tenantId) ?? Promise.resolve()).then(fn);
    chains.set(tenantId, next);
    return next;
  };

  const live = async (tenantId: string, effects: readonly AlarmEffect[], meta: AlarmMeta) => {
    const here = online.get(tenantId);
    if (!here?.size) return;
    const subs = await o.subscriptions.forTenant(tenantId);
    for (const e of effects) {
      const m = meta(e.alarm.asset);
      for (const [subscriberId, { scope }] of here) {
        if (!isVisible(scope, m.customer)) continue;
        const own = subs.filter((s) => s.userId === subscriberId && s.channels.includes('live'));
        const wanted = own.length ? own : [liveDefault(subscriberId)];
        if (matchSubscriptions(wanted, e, m).length === 0) continue;
        feed.publish(feedKey(tenantId, subscriberId), 'alarm', alarmFrameData(e));
      }
    }
  };

  const fanout: AlarmFanout = {
    channels: ['live', ...outbound.channels],
    connect(tenantId, subscriberId, scope, write) {
      const here = online.get(tenantId) ?? new Map<string, Online>();
      online.set(tenantId, here);
      const entry = here.get(subscriberId) ?? { scope, count: 0 };
      entry.scope = scope;
      entry.count++;
      here.set(subscriberId, entry);
      const off = feed.subscribe(feedKey(tenantId, subscriberId), write);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        off();
        if (--entry.count === 0) here.delete(subscriberId);
      };
    },
    publish(tenantId, effects, meta) {
      const run = async () => {
        try {
          await live(tenantId, effects, meta);
          await outbound.send(tenantId, effects, meta);
        } catch (e) {
          log(tenantId, e);
        }
      };
      return enqueue(tenantId, run);
    },
    publishLive(tenantId, effects, meta) {
      return enqueue(tenantId, () =>
        live(tenantId, effects, meta).catch((e: unknown) => log(tenantId, e)),
      );
    },
    async tick(now) {
      await Promise.all(
        outbound
          .tenants()
          .map((t) => enqueue(t, () => outbound.flush(t, now).catch((e: unknown) => log(t, e)))),
      );
    },
    async idle() {
      await Promise.all(chains.values());
    },
    get connections() {
      return feed.connections;
    },
  };
  return fanout;
}

/** E-mail and webhook delivery through one notifier per tenant (its digests are per user). */
function createOutbound(o: AlarmFanoutOptions) {
  const transports = o.transports ?? {};
  const channels = (['email', 'webhook'] as const).filter((c) => transports[c] !== undefined);
  // Without the subscriber's current scope an e-mail could leak another customer's alarm.
  if (channels.length && !o.subscriberScope)
    throw new Error('alarm fan-out: e-mail / webhook transports need subscriberScope');
  const notifiers = new Map<
    string,
    { notifier: Notifier; set(s: Subscription[], m: AlarmMeta): void }
  >();
  const report = (tenantId: string, results: ItemResult<Delivery>[]) => {
    for (const r of results)
      if (r.status !== 'ok')
        o.log?.(`alarm ${r.value?.channel} to ${r.value?.userId} (${tenantId}): ${r.reason}`);
  };
  const notifierOf = (tenantId: string) => {
    let n = notifiers.get(tenantId);
    if (!n) {
      let subs: Subscription[] = [];
      let meta: AlarmMeta = () => ({});
      const notifier = createNotifier({
        subscriptions: () => subs,
        meta: (a) => meta(a),
        transports,
        ...(o.digest ? { digest: o.digest } : {}),
      });
      n = { notifier, set: (s, m) => ((subs = s), (meta = m)) };
      notifiers.set(tenantId, n);
    }
    return n;
  };
  // Each subscription narrowed to the channels delivered here and to the subscriber's scope now.
  const scoped = async (tenantId: string, all: readonly Subscription[]) => {
    const out: Subscription[] = [];
    const scopes = new Map<string, CustomerScope | undefined>();
    for (const s of all) {
      const wanted = s.channels.filter((c) => c !== 'live' && channels.includes(c));
      if (!wanted.length || !o.subscriberScope) continue;
      if (!scopes.has(s.userId)) scopes.set(s.userId, await o.subscriberScope(tenantId, s.userId));
      // undefined: the subscriber is gone or disabled; null: tenant-wide; else only these.
      const scope = scopes.get(s.userId);
      if (scope === undefined) continue;
      const customers =
        scope === null
          ? s.customers
          : (s.customers?.length ? s.customers : scope).filter((c) => scope.includes(c));
      if (scope !== null && !customers?.length) continue;
      out.push({ ...s, channels: wanted, ...(customers ? { customers } : {}) });
    }
    return out;
  };
  return {
    channels,
    async send(tenantId: string, effects: readonly AlarmEffect[], meta: AlarmMeta) {
      if (!channels.length) return;
      const subs = await scoped(tenantId, await o.subscriptions.forTenant(tenantId));
      if (!subs.length) return;
      const n = notifierOf(tenantId);
      n.set(subs, meta);
      report(tenantId, await n.notifier.onEffects(effects, Date.now()));
    },
    tenants: () => [...notifiers.keys()],
    async flush(tenantId: string, now: number) {
      const n = notifiers.get(tenantId);
      if (n) report(tenantId, await n.notifier.flushDigests(now));
    },
  };
}
