// Audit retention per tenant (issue 26; GB/T 22239-2019 8.1.4.3 c, Cybersecurity Law art. 21:
// network logs kept no less than six months): how many days a tenant's (or, as `platform`, the
// records outside tenants') audit records stay in the database before they are moved to archive
// files (identity/audit-archive.ts). No row: the default of 180 days.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('audit_retention')
    .addColumn('scope_id', 'text', (c) => c.primaryKey())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}
