// Service tables (src/service): contracts with their SLA terms and business calendar, the assets
// each contract covers, technicians, work orders with their state log, spare parts, warehouses,
// stock, reservations and movements, and PHM policies. `version` on work orders and the
// on_hand/reserved counters on stock are written with conditional UPDATEs (optimistic
// concurrency); `open_key` is unique while a work order from an automatic source is open.
import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

type Builder = ReturnType<Kysely<unknown>['schema']['createTable']>;

const table = (db: Kysely<unknown>, name: string, cols: (t: Builder) => Builder) =>
  cols(db.schema.createTable(name).addColumn('tenant_id', 'text', (c) => c.notNull())).execute();
const index = (db: Kysely<unknown>, name: string, on: string, cols: string[], unique = false) => {
  const b = db.schema.createIndex(name).on(on).columns(cols);
  return (unique ? b.unique() : b).execute();
};

async function contracts(db: Kysely<unknown>): Promise<void> {
  await table(db, 'service_contracts', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'bigint', (c) => c.notNull())
      .addColumn('valid_to', 'bigint', (c) => c.notNull())
      .addColumn('calendar', 'text', (c) => c.notNull())
      .addColumn('sla', 'text', (c) => c.notNull())
      .addColumn('pause_on_hold', 'integer', (c) => c.notNull())
      .addColumn('availability_target', 'double precision')
      .addColumn('entitlements', 'text', (c) => c.notNull())
      .addColumn('energy_contract_id', 'text')
      .addColumn('price_fen', 'bigint')
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'service_contracts_customer', 'service_contracts', ['tenant_id', 'customer_id']);
  await table(db, 'service_contract_assets', (t) =>
    t
      .addColumn('contract_id', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'bigint', (c) => c.notNull())
      .addColumn('valid_to', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_contract_assets_pk', ['contract_id', 'asset_id']),
  );
  await index(db, 'service_contract_assets_asset', 'service_contract_assets', [
    'tenant_id',
    'asset_id',
  ]);
}

async function workOrders(db: Kysely<unknown>): Promise<void> {
  await table(db, 'service_technicians', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('skills', 'text', (c) => c.notNull())
      .addColumn('home_lat', 'double precision')
      .addColumn('home_lon', 'double precision')
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'service_work_orders', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text')
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('contract_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_ref', 'text')
      .addColumn('open_key', 'text')
      .addColumn('skills', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('technician_id', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('responded_at', 'bigint')
      .addColumn('done_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('pauses', 'text', (c) => c.notNull())
      .addColumn('visits', 'integer', (c) => c.notNull())
      .addColumn('internal_notes', 'text', (c) => c.notNull())
      .addColumn('labour_minutes', 'integer', (c) => c.notNull())
      .addColumn('cost_fen', 'bigint', (c) => c.notNull())
      .addColumn('rating', 'integer')
      .addColumn('customer_comment', 'text')
      .addColumn('confirmed_at', 'bigint'),
  );
  await index(
    db,
    'service_work_orders_open',
    'service_work_orders',
    ['tenant_id', 'open_key'],
    true,
  );
  await index(db, 'service_work_orders_status', 'service_work_orders', ['tenant_id', 'status']);
  await index(db, 'service_work_orders_asset', 'service_work_orders', ['tenant_id', 'asset_id']);
  await index(db, 'service_work_orders_done', 'service_work_orders', ['tenant_id', 'done_at']);
  await table(db, 'service_work_order_events', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_order_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull()),
  );
  await index(db, 'service_work_order_events_wo', 'service_work_order_events', ['work_order_id']);
  await table(db, 'service_phm_policies', (t) =>
    t
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('rul_threshold_hours', 'double precision', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_phm_policies_pk', ['tenant_id', 'model_id'] as never[]),
  );
  await table(db, 'service_alarm_policies', (t) =>
    t
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('min_severity', 'text', (c) => c.notNull())
      .addColumn('priority', 'text')
      .addColumn('skills', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_alarm_policies_pk', ['tenant_id', 'rule_id'] as never[]),
  );
}

async function parts(db: Kysely<unknown>): Promise<void> {
  await table(db, 'service_parts', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('fits', 'text', (c) => c.notNull())
      .addColumn('unit_cost_fen', 'bigint', (c) => c.notNull())
      .addColumn('reorder_point', 'integer', (c) => c.notNull())
      .addColumn('reorder_qty', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'service_parts_sku', 'service_parts', ['tenant_id', 'sku'], true);
  await table(db, 'service_warehouses', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('technician_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'service_stock', (t) =>
    t
      .addColumn('warehouse_id', 'text', (c) => c.notNull())
      .addColumn('part_id', 'text', (c) => c.notNull())
      .addColumn('on_hand', 'integer', (c) => c.notNull())
      .addColumn('reserved', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_stock_pk', ['warehouse_id', 'part_id'])
      .addCheckConstraint('service_stock_non_negative', sqlCheck),
  );
  await table(db, 'service_reservations', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_order_id', 'text', (c) => c.notNull())
      .addColumn('part_id', 'text', (c) => c.notNull())
      .addColumn('warehouse_id', 'text', (c) => c.notNull())
      .addColumn('qty', 'integer', (c) => c.notNull())
      .addColumn('consumed', 'integer', (c) => c.notNull())
      .addColumn('released', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'service_reservations_wo', 'service_reservations', ['work_order_id']);
  await table(db, 'service_part_movements', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('part_id', 'text', (c) => c.notNull())
      .addColumn('warehouse_id', 'text', (c) => c.notNull())
      .addColumn('work_order_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('qty', 'integer', (c) => c.notNull())
      .addColumn('unit_cost_fen', 'bigint', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull()),
  );
  await index(db, 'service_part_movements_at', 'service_part_movements', ['tenant_id', 'at']);
}

// The last line of defence under the conditional UPDATEs: stock can never be stored negative.
const sqlCheck = sql`on_hand >= 0 and reserved >= 0 and reserved <= on_hand`;

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await contracts(db);
  await workOrders(db);
  await parts(db);
}
