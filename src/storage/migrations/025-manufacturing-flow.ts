// The order flow of manufacturing (issue 19): quotes priced from the configurator, the
// configured BOM and configuration carried on each production order, material stock, open
// purchase orders, material issue against a production order (with lots and serials), and the
// units a finished order registered as assets with their as-built record.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

type Builder = ReturnType<Kysely<unknown>['schema']['createTable']>;
const table = (db: Kysely<unknown>, name: string, cols: (t: Builder) => Builder) =>
  cols(db.schema.createTable(name)).execute();

async function orders(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mfg_production_orders')
    .addColumn('bom', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('mfg_production_orders')
    .addColumn('configuration', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('mfg_customer_orders').addColumn('quote_id', 'text').execute();
  await db.schema.alterTable('mfg_customer_orders').addColumn('price_fen', 'bigint').execute();
  await table(db, 'mfg_quotes', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('lines', 'text', (c) => c.notNull())
      .addColumn('unit_price_fen', 'bigint', (c) => c.notNull())
      .addColumn('total_fen', 'bigint', (c) => c.notNull())
      .addColumn('valid_until', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('customer_order_id', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('mfg_quotes_tenant')
    .on('mfg_quotes')
    .columns(['tenant_id', 'created_at'])
    .execute();
}

async function materials(db: Kysely<unknown>): Promise<void> {
  await table(db, 'mfg_materials', (t) =>
    t
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('on_hand', 'double precision', (c) => c.notNull())
      .addColumn('lead_time_days', 'double precision', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('mfg_materials_pk', ['tenant_id', 'item']),
  );
  await table(db, 'mfg_purchase_orders', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('supplier', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('mfg_purchase_orders_item')
    .on('mfg_purchase_orders')
    .columns(['tenant_id', 'status', 'item'])
    .execute();
  await table(db, 'mfg_material_issues', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('production_order_id', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addColumn('lot', 'text', (c) => c.notNull())
      .addColumn('serials', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('mfg_material_issues_order')
    .on('mfg_material_issues')
    .columns(['tenant_id', 'production_order_id'])
    .execute();
}

async function units(db: Kysely<unknown>): Promise<void> {
  await table(db, 'mfg_units', (t) =>
    t
      .addColumn('asset_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('production_order_id', 'text', (c) => c.notNull())
      .addColumn('serial', 'text', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('mfg_units_order')
    .on('mfg_units')
    .columns(['tenant_id', 'production_order_id'])
    .execute();
}

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await orders(db);
  await materials(db);
  await units(db);
}
