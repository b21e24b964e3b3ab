// Issue #18, alarms: the alarm journal (every change of every alarm, and every shelve, kept
// after the alarm closes), a webhook address and signing secret per alarm subscription, and
// the language of its e-mail, and the webhook dead-letter list (deliveries that failed after their last retry, kept until an
// operator retries or drops them). Same column types on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('alarm_journal')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    // null for a shelve of a rule that had no open alarm on the asset
    .addColumn('alarm_id', 'text')
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('actor', 'text')
    .addColumn('detail', 'text')
    .addColumn('value', 'double precision')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('model_id', 'text')
    .execute();
  await db.schema
    .createIndex('alarm_journal_tenant_at')
    .on('alarm_journal')
    .columns(['tenant_id', 'at', 'id'])
    .execute();
  await db.schema
    .createIndex('alarm_journal_alarm')
    .on('alarm_journal')
    .columns(['tenant_id', 'alarm_id'])
    .execute();

  await db.schema.alterTable('alarm_subscriptions').addColumn('webhook_url', 'text').execute();
  await db.schema.alterTable('alarm_subscriptions').addColumn('webhook_secret', 'text').execute();
  // The language of its e-mail: 'zh-CN' or 'en' (null: zh-CN, the console's default).
  await db.schema.alterTable('alarm_subscriptions').addColumn('language', 'text').execute();

  await db.schema
    .createTable('webhook_dead_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_dead_letters_subscriber')
    .on('webhook_dead_letters')
    .columns(['tenant_id', 'subscriber_id', 'at'])
    .execute();
}
