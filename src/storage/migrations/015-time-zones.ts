// Local time (issue 17): each tenant names its IANA time zone (default Asia/Shanghai), and a site
// (the free-text `assets.site`) may name its own. Days, weeks and months, shift calendars and
// energy periods are cut at midnight in that zone instead of at UTC midnight.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    .execute();
  await db.schema
    .createTable('site_time_zones')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_time_zones_pk', ['tenant_id', 'site'])
    .execute();
}
