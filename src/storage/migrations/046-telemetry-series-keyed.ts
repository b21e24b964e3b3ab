// The series registry stored in key order on SQLite (WITHOUT ROWID, sqlite.org/withoutrowid.html):
// as a rowid table it kept every series' tenant, asset and channel twice, in the row and in the
// unique key's index (issue 21: 0.88 + 0.61 MB for 11,000 series of the fleet benchmark, 0.10
// bytes a point). The engine allocates the ids and reads the registry whole at start; the reads
// by key (a tenant's series, an asset's series) are prefixes of the key, so one tree keyed by it
// serves them. PostgreSQL keeps a heap and its indexes; nothing to do there.
import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  if (!caps.withoutRowid) return;
  await sql`CREATE TABLE telemetry_series_keyed (
    id integer NOT NULL, tenant_id text NOT NULL, asset_id text NOT NULL, channel text NOT NULL,
    model_id text, customer_id text, created_at bigint NOT NULL,
    PRIMARY KEY (tenant_id, asset_id, channel)) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO telemetry_series_keyed
    SELECT id, tenant_id, asset_id, channel, model_id, customer_id, created_at
    FROM telemetry_series ORDER BY tenant_id, asset_id, channel`.execute(db);
  await sql`DROP TABLE telemetry_series`.execute(db);
  await sql`ALTER TABLE telemetry_series_keyed RENAME TO telemetry_series`.execute(db);
}
