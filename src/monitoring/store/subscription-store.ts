// Alarm subscriptions in the database (table of migration 009). Each row belongs to one
// subscriber (a user, or an API key) in one tenant; every read and write is keyed by both, so
// one subscriber can neither see nor change another's rows: a foreign id is simply not found.
// The notification path reads a tenant's subscriptions on every alarm change, so they are
// cached per tenant and the cache is dropped on every write through this store. Several nodes
// writing subscriptions would each keep their own cache (not built yet, as for the alarm service).
import type { Kysely } from 'kysely';
import { randomBase32 } from '../../kernel/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import type { AlarmSubscriptionTable, MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { AlarmChange } from '../alarms/index.ts';
import type { Severity } from '../rules/index.ts';
import type { NotifyChannel, Subscription } from '../notify/subscriptions.ts';

/** A stored subscription: the pure `Subscription` (userId = subscriber) plus its identity. */
export interface StoredSubscription extends Subscription {
  id: string;
  tenantId: string;
  customers: string[];
  models: string[];
  createdAt: number;
  updatedAt: number;
}

/** What a subscriber writes: everything but the identity, which the store assigns. */
export interface SubscriptionInput {
  channels: NotifyChannel[];
  minSeverity: Severity;
  customers?: string[];
  models?: string[];
  changes?: AlarmChange[];
  /** Required with the webhook channel: the URL posted to and the HMAC-SHA256 key. */
  webhook?: { url: string; secret: string };
  language?: 'zh-CN' | 'en';
}

export interface SubscriptionOwner {
  tenantId: string;
  subscriberId: string;
}

export interface SubscriptionStore {
  list(owner: SubscriptionOwner): Promise<StoredSubscription[]>;
  get(owner: SubscriptionOwner, id: string): Promise<StoredSubscription | undefined>;
  create(
    owner: SubscriptionOwner,
    input: SubscriptionInput,
    at: number,
  ): Promise<StoredSubscription>;
  /** Replaces the subscription; undefined when the owner has no subscription with this id. */
  update(
    owner: SubscriptionOwner,
    id: string,
    input: SubscriptionInput,
    at: number,
  ): Promise<StoredSubscription | undefined>;
  /** False when the owner has no subscription with this id. */
  remove(owner: SubscriptionOwner, id: string): Promise<boolean>;
  /** Every subscription of the tenant (cached), for matching alarm changes. */
  forTenant(tenantId: string): Promise<readonly StoredSubscription[]>;
}

type K = Kysely<Database & MonitoringTables>;

function toSubscription(r: AlarmSubscriptionTable): StoredSubscription {
  const s: StoredSubscription = {
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.subscriber_id,
    channels: JSON.parse(r.channels) as NotifyChannel[],
    minSeverity: r.min_severity as Severity,
    customers: JSON.parse(r.customers) as string[],
    models: JSON.parse(r.models) as string[],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
  if (r.changes !== null) s.changes = JSON.parse(r.changes) as AlarmChange[];
  if (r.webhook_url && r.webhook_secret)
    s.webhook = { url: r.webhook_url, secret: r.webhook_secret };
  if (r.language === 'en' || r.language === 'zh-CN') s.language = r.language;
  return s;
}

const columns = (input: SubscriptionInput) => ({
  channels: JSON.stringify([...new Set(input.channels)]),
  min_severity: input.minSeverity,
  customers: JSON.stringify([...new Set(input.customers ?? [])]),
  models: JSON.stringify([...new Set(input.models ?? [])]),
  changes: input.changes ? JSON.stringify([...new Set(input.changes)]) : null,
  webhook_url: input.webhook?.url ?? null,
  webhook_secret: input.webhook?.secret ?? null,
  language: input.language ?? null,
});

export function createSubscriptionStore(db: Db): SubscriptionStore {
  const k: K = db.kysely.withTables<MonitoringTables>();
  const cache = new Map<string, Promise<StoredSubscription[]>>();
  const mine = (owner: SubscriptionOwner) =>
    k
      .selectFrom('alarm_subscriptions')
      .selectAll()
      .where('tenant_id', '=', owner.tenantId)
      .where('subscriber_id', '=', owner.subscriberId);

  const store: SubscriptionStore = {
    async list(owner) {
      return (await mine(owner).orderBy('created_at').orderBy('id').execute()).map(toSubscription);
    },
    async get(owner, id) {
      const r = await mine(owner).where('id', '=', id).executeTakeFirst();
      return r && toSubscription(r);
    },
    async create(owner, input, at) {
      const row: AlarmSubscriptionTable = {
        id: `sb_${randomBase32(16)}`,
        tenant_id: owner.tenantId,
        subscriber_id: owner.subscriberId,
        ...columns(input),
        created_at: at,
        updated_at: at,
      };
      await k.insertInto('alarm_subscriptions').values(row).execute();
      cache.delete(owner.tenantId);
      return toSubscription(row);
    },
    async update(owner, id, input, at) {
      const r = await k
        .updateTable('alarm_subscriptions')
        .set({ ...columns(input), updated_at: at })
        .where('tenant_id', '=', owner.tenantId)
        .where('subscriber_id', '=', owner.subscriberId)
        .where('id', '=', id)
        .executeTakeFirst();
      cache.delete(owner.tenantId);
      return Number(r.numUpdatedRows) === 0 ? undefined : store.get(owner, id);
    },
    async remove(owner, id) {
      const r = await k
        .deleteFrom('alarm_subscriptions')
        .where('tenant_id', '=', owner.tenantId)
        .where('subscriber_id', '=', owner.subscriberId)
        .where('id', '=', id)
        .executeTakeFirst();
      cache.delete(owner.tenantId);
      return Number(r.numDeletedRows) > 0;
    },
    forTenant(tenantId) {
      let p = cache.get(tenantId);
      if (!p) {
        p = k
          .selectFrom('alarm_subscriptions')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .execute()
          .then((rows) => rows.map(toSubscription));
        // A failed read is not cached: the next alarm change tries again.
        p.catch(() => cache.delete(tenantId));
        cache.set(tenantId, p);
      }
      return p;
    },
  };
  return store;
}
