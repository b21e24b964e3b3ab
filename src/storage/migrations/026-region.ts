// Region (issue #22): pilot programmes with batches and units (enterprise, cluster, zone,
// project), funding and milestones, annual reports with their review history, imported
// statistics per area and year, and the grants by which an enterprise tenant lets a region
// tenant read its aggregate platform indicators (revocable: revoked rows stay as the record).
import type { Kysely } from 'kysely';

type Builder = ReturnType<Kysely<unknown>['schema']['createTable']>;

const table = (db: Kysely<unknown>, name: string, cols: (t: Builder) => Builder) =>
  cols(db.schema.createTable(name).addColumn('tenant_id', 'text', (c) => c.notNull())).execute();

const index = (db: Kysely<unknown>, name: string, on: string, columns: string[]) =>
  db.schema.createIndex(name).on(on).columns(columns).execute();

async function registry(db: Kysely<unknown>): Promise<void> {
  await table(db, 'region_programmes', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('system', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'region_batches', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('programme_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('selected_on', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'region_units', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('programme_id', 'text', (c) => c.notNull())
      .addColumn('batch_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('county', 'text', (c) => c.notNull())
      .addColumn('industry_code', 'text', (c) => c.notNull())
      .addColumn('paths', 'text', (c) => c.notNull())
      .addColumn('lead_unit_id', 'text')
      .addColumn('member_ids', 'text', (c) => c.notNull())
      .addColumn('enterprise_tenant_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'region_units_programme', 'region_units', ['tenant_id', 'programme_id']);
  await table(db, 'region_funding', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('on_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'region_milestones', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
}

async function reporting(db: Kysely<unknown>): Promise<void> {
  await table(db, 'region_reports', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('programme_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn('period', 'integer', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('indicator_values', 'text', (c) => c.notNull())
      .addColumn('narrative', 'text', (c) => c.notNull())
      .addColumn('attachments', 'text', (c) => c.notNull())
      .addColumn('history', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
  // One report per unit and year.
  await db.schema
    .createIndex('region_reports_unit_period')
    .on('region_reports')
    .columns(['tenant_id', 'unit_id', 'period'])
    .unique()
    .execute();
  await table(db, 'region_statistics', (t) =>
    t
      .addColumn('programme_id', 'text', (c) => c.notNull())
      .addColumn('unit_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('indicator_values', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'bigint', (c) => c.notNull()),
  );
  // One row per area and year of a programme: a re-import replaces it.
  await db.schema
    .createIndex('region_statistics_key')
    .on('region_statistics')
    .columns(['tenant_id', 'programme_id', 'unit_key', 'year'])
    .unique()
    .execute();
  await table(db, 'region_grants', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('region_tenant_id', 'text', (c) => c.notNull())
      .addColumn('revenue_fen', 'bigint')
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_by', 'text')
      .addColumn('revoked_at', 'bigint'),
  );
  await index(db, 'region_grants_region', 'region_grants', ['region_tenant_id', 'revoked_at']);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await registry(db);
  await reporting(db);
}
