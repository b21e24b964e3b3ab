// Manufacturing tables (src/manufacturing): stations with shift calendars, product models
// (configurator specs), customer and production orders, SKUs with sales and stock for
// replenishment, proposals, stored plans and shop-floor events.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

type Builder = ReturnType<Kysely<unknown>['schema']['createTable']>;

const table = (db: Kysely<unknown>, name: string, cols: (t: Builder) => Builder) =>
  cols(db.schema.createTable(name)).execute();
const index = (
  db: Kysely<unknown>,
  name: string,
  on: string,
  columns: string[],
  unique = false,
) => {
  const b = db.schema.createIndex(name).on(on).columns(columns);
  return (unique ? b.unique() : b).execute();
};

async function configurator(db: Kysely<unknown>): Promise<void> {
  await table(db, 'mfg_stations', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('line', 'text', (c) => c.notNull())
      .addColumn('shifts', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mfg_stations_code', 'mfg_stations', ['tenant_id', 'code'], true);
  await table(db, 'mfg_product_models', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mfg_product_models_code', 'mfg_product_models', ['tenant_id', 'code'], true);
}

async function orders(db: Kysely<unknown>): Promise<void> {
  await table(db, 'mfg_customer_orders', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('bom', 'text', (c) => c.notNull())
      .addColumn('routing', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('production_order_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mfg_customer_orders_tenant', 'mfg_customer_orders', ['tenant_id', 'due_at']);
  await table(db, 'mfg_production_orders', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('release_at', 'bigint', (c) => c.notNull())
      .addColumn('due_at', 'bigint')
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('routing', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mfg_production_orders_tenant', 'mfg_production_orders', ['tenant_id', 'status']);
}

async function replenishment(db: Kysely<unknown>): Promise<void> {
  await table(db, 'mfg_skus', (t) =>
    t
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('mfg_skus_pk', ['tenant_id', 'sku']),
  );
  await table(db, 'mfg_sales', (t) =>
    t
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('store', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('mfg_sales_pk', ['tenant_id', 'sku', 'store', 'day']),
  );
  await table(db, 'mfg_stock', (t) =>
    t
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('store', 'text', (c) => c.notNull())
      .addColumn('on_hand', 'double precision', (c) => c.notNull())
      .addColumn('on_order', 'double precision', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('mfg_stock_pk', ['tenant_id', 'sku', 'store']),
  );
  await table(db, 'mfg_proposals', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('store', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('production_order_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
}

async function execution(db: Kysely<unknown>): Promise<void> {
  await table(db, 'mfg_plans', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('makespan_at', 'bigint')
      .addColumn('total_tardiness_min', 'double precision', (c) => c.notNull())
      .addColumn('operations', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull()),
  );
  await index(db, 'mfg_plans_tenant', 'mfg_plans', ['tenant_id', 'status']);
  await table(db, 'mfg_events', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('production_order_id', 'text', (c) => c.notNull())
      .addColumn('op', 'integer', (c) => c.notNull())
      .addColumn('station', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('scrap', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mfg_events_order', 'mfg_events', ['tenant_id', 'production_order_id', 'op']);
  await index(db, 'mfg_events_station', 'mfg_events', ['tenant_id', 'station', 'at']);
}

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await configurator(db);
  await orders(db);
  await replenishment(db);
  await execution(db);
}
