// The latest status report of each gateway-run connector (issue 23 §5): what its gateway last
// said about the connector and its mappings, when it arrived, and how often the gateway reports
// (so the API can mark a silent gateway's status stale). One row per connector, replaced.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('connector_reports')
    .addColumn('connector_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
}
