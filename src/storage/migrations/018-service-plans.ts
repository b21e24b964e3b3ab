// Service, second part (issue 16): maintenance plans per asset or asset model with their usage
// state per asset and one firing row per due point (the primary key is what makes a plan fire
// exactly once per due point across restarts and concurrent ticks), checklist templates per asset
// model and the checklist items of a work order, attachments (metadata here; the bytes on disk
// under the data directory with SQLite, in `service_attachment_blobs` with PostgreSQL), the
// as-built record of an asset and the customer's sign-off of a work order.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

type Builder = ReturnType<Kysely<unknown>['schema']['createTable']>;

const table = (db: Kysely<unknown>, name: string, cols: (t: Builder) => Builder) =>
  cols(db.schema.createTable(name).addColumn('tenant_id', 'text', (c) => c.notNull())).execute();

async function plans(db: Kysely<unknown>): Promise<void> {
  await table(db, 'service_plans', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text')
      .addColumn('model_id', 'text')
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('skills', 'text', (c) => c.notNull())
      .addColumn('checklist_template_id', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('service_plans_tenant')
    .on('service_plans')
    .columns(['tenant_id', 'active'])
    .execute();
  await table(db, 'service_plan_usage', (t) =>
    t
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('usage', 'double precision', (c) => c.notNull())
      .addColumn('baseline', 'double precision')
      .addColumn('last_ts', 'bigint')
      .addColumn('last_value', 'double precision')
      .addColumn('until_ts', 'bigint', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_plan_usage_pk', ['plan_id', 'asset_id']),
  );
  await table(db, 'service_plan_firings', (t) =>
    t
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('due_key', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint')
      .addColumn('usage', 'double precision')
      .addColumn('work_order_id', 'text', (c) => c.notNull())
      .addColumn('fired_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_plan_firings_pk', ['plan_id', 'asset_id', 'due_key']),
  );
}

async function checklists(db: Kysely<unknown>): Promise<void> {
  await table(db, 'service_checklist_templates', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text')
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'service_checklist_items', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_order_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('mandatory', 'integer', (c) => c.notNull())
      .addColumn('template_id', 'text')
      .addColumn('done_at', 'bigint')
      .addColumn('done_by', 'text')
      .addColumn('note', 'text', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('service_checklist_items_wo')
    .on('service_checklist_items')
    .columns(['work_order_id', 'position'])
    .execute();
}

async function attachments(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await table(db, 'service_attachments', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('service_attachments_target')
    .on('service_attachments')
    .columns(['tenant_id', 'target_kind', 'target_id'])
    .execute();
  await table(db, 'service_attachment_blobs', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('content', caps.binaryType, (c) => c.notNull()),
  );
  await table(db, 'service_as_built', (t) =>
    t
      .addColumn('asset_id', 'text', (c) => c.primaryKey())
      .addColumn('components', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
  await table(db, 'service_sign_offs', (t) =>
    t
      .addColumn('work_order_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'bigint', (c) => c.notNull())
      .addColumn('signature_attachment_id', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull()),
  );
}

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await plans(db);
  await checklists(db);
  await attachments(db, caps);
}
