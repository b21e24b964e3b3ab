// Monitoring tables (src/monitoring): rules per model / asset, alarms (one open per asset and
// rule, enforced by a partial unique index that both SQLite and PostgreSQL support), the
// activation log for ISA-18.2 KPIs, shelves and maintenance windows.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('monitoring_rules')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_rules_pk', ['tenant_id', 'scope', 'scope_id', 'rule_id'])
    .execute();

  await db.schema
    .createTable('alarms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('acknowledged', 'integer', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('last_raised_at', 'bigint', (c) => c.notNull())
    .addColumn('repeat_count', 'integer', (c) => c.notNull())
    .addColumn('cleared_at', 'bigint')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('assignee', 'text')
    .addColumn('comments', 'text', (c) => c.notNull())
    .addColumn('escalation_level', 'integer', (c) => c.notNull())
    .addColumn('escalate_at', 'bigint')
    .addColumn('suppressed_by', 'text')
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('customer_id', 'text')
    .addColumn('model_id', 'text')
    .execute();
  await db.schema
    .createIndex('alarms_one_open')
    .on('alarms')
    .columns(['tenant_id', 'asset_id', 'rule_id'])
    .unique()
    .where(sql.ref('open'), '=', 1)
    .execute();
  await db.schema
    .createIndex('alarms_tenant_raised')
    .on('alarms')
    .columns(['tenant_id', 'raised_at'])
    .execute();

  await db.schema
    .createTable('alarm_activations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('alarm_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('cleared_at', 'bigint')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('suppressed', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('model_id', 'text')
    .execute();
  await db.schema
    .createIndex('alarm_activations_tenant_raised')
    .on('alarm_activations')
    .columns(['tenant_id', 'raised_at'])
    .execute();

  await db.schema
    .createTable('alarm_shelves')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('shelved_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('until', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alarm_shelves_pk', ['tenant_id', 'rule_id', 'asset_id'])
    .execute();

  await db.schema
    .createTable('asset_maintenance')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_maintenance_pk', ['tenant_id', 'asset_id'])
    .execute();
}
