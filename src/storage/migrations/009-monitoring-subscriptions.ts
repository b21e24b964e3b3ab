// Per-user alarm subscriptions (src/monitoring/notify): which alarm changes a user hears about
// and over which channels. One row per subscription; list-valued fields are JSON text so the
// table is the same on SQLite and PostgreSQL. Rows belong to a (tenant, subscriber) pair, where
// the subscriber is a user id (`us_…`) or an API key id (`ak_…`).
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('alarm_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('min_severity', 'text', (c) => c.notNull())
    .addColumn('customers', 'text', (c) => c.notNull())
    .addColumn('models', 'text', (c) => c.notNull())
    .addColumn('changes', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alarm_subscriptions_subscriber')
    .on('alarm_subscriptions')
    .columns(['tenant_id', 'subscriber_id'])
    .execute();
}
