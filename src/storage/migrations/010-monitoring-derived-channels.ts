// Derived channels per asset model (src/monitoring: COP = cooling_load / power): one row per
// channel, the list replaced as a whole by the HTTP API. `position` keeps the order the user
// gave (the engine orders by dependency itself); the primary key makes a name unique per model.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('monitoring_derived_channels')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('expression', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_derived_channels_pk', ['tenant_id', 'model_id', 'name'])
    .execute();
}
