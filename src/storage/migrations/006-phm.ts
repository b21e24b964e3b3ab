// PHM tables (src/phm/service): the per-tenant model registry, with a version unique per
// (tenant, kind, asset model) and one active version, and the assessments that record which model version scored an asset.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('phm_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('asset_model_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('training', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('phm_models_version')
    .on('phm_models')
    .columns(['tenant_id', 'kind', 'asset_model_id', 'version'])
    .unique()
    .execute();
  // At most one active version per (tenant, kind, asset model), enforced by the database so two
  // concurrent activations cannot both win (partial unique index: SQLite and PostgreSQL).
  await db.schema
    .createIndex('phm_models_one_active')
    .on('phm_models')
    .columns(['tenant_id', 'kind', 'asset_model_id'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('phm_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('health', 'double precision', (c) => c.notNull())
    .addColumn('rul', 'double precision')
    .addColumn('lower', 'double precision')
    .addColumn('upper', 'double precision')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('phm_assessments_asset')
    .on('phm_assessments')
    .columns(['tenant_id', 'asset_id', 'created_at'])
    .execute();
}
