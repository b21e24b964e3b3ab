// Webhook dead letters in the database (migration 022): deliveries that failed after their
// last attempt, per subscription, kept until their owner retries them successfully or drops
// them. Read and written per (tenant, subscriber), as subscriptions are: another subscriber's
// dead letter is simply not found.
import type { Kysely } from 'kysely';
import type { Database, Db } from '../../storage/index.ts';
import type { MonitoringTables, WebhookDeadLetterTable } from '../../storage/monitoring-schema.ts';
import type { DeadLetter } from '../notify/index.ts';
import type { SubscriptionOwner } from './subscription-store.ts';

export interface StoredDeadLetter {
  id: string;
  subscriptionId: string;
  url: string;
  body: string;
  attempts: number;
  lastError: string;
  at: number;
}

export interface DeadLetterStore {
  /** Stores a failed delivery under its subscription's tenant and subscriber. */
  add(d: DeadLetter): Promise<void>;
  list(owner: SubscriptionOwner, limit?: number): Promise<StoredDeadLetter[]>;
  get(owner: SubscriptionOwner, id: string): Promise<StoredDeadLetter | undefined>;
  remove(owner: SubscriptionOwner, id: string): Promise<boolean>;
  /** A retry failed too: one more attempt, its error and time. */
  failedAgain(owner: SubscriptionOwner, id: string, error: string, at: number): Promise<void>;
}

const view = (r: WebhookDeadLetterTable): StoredDeadLetter => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  url: r.url,
  body: r.body,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  at: Number(r.at),
});

export function createDeadLetterStore(db: Db): DeadLetterStore {
  const k: Kysely<Database & MonitoringTables> = db.kysely.withTables<MonitoringTables>();
  const mine = (o: SubscriptionOwner) =>
    k
      .selectFrom('webhook_dead_letters')
      .selectAll()
      .where('tenant_id', '=', o.tenantId)
      .where('subscriber_id', '=', o.subscriberId);
  return {
    async add(d) {
      const sub = await k
        .selectFrom('alarm_subscriptions')
        .select(['tenant_id', 'subscriber_id'])
        .where('id', '=', d.targetId)
        .executeTakeFirst();
      if (!sub) return; // the subscription was deleted meanwhile: nobody to show it to
      const row: WebhookDeadLetterTable = {
        id: d.deliveryId,
        tenant_id: sub.tenant_id,
        subscription_id: d.targetId,
        subscriber_id: sub.subscriber_id,
        url: d.url,
        body: d.body,
        attempts: d.attempts,
        last_error: d.lastError.slice(0, 1000),
        at: d.at,
      };
      const { id: _id, ...update } = row;
      await k
        .insertInto('webhook_dead_letters')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .execute();
    },
    async list(owner, limit = 200) {
      const rows = await mine(owner).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(view);
    },
    async get(owner, id) {
      const r = await mine(owner).where('id', '=', id).executeTakeFirst();
      return r && view(r);
    },
    async failedAgain(owner, id, error, at) {
      await k
        .updateTable('webhook_dead_letters')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error.slice(0, 1000),
          at,
        }))
        .where('tenant_id', '=', owner.tenantId)
        .where('subscriber_id', '=', owner.subscriberId)
        .where('id', '=', id)
        .execute();
    },
    async remove(owner, id) {
      const r = await k
        .deleteFrom('webhook_dead_letters')
        .where('tenant_id', '=', owner.tenantId)
        .where('subscriber_id', '=', owner.subscriberId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
