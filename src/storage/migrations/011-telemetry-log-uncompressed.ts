// The ingest-log record column without compression on PostgreSQL. A record (one acknowledged
// batch, about 60 kB on the fleet workload) is over the TOAST threshold, so PostgreSQL ran pglz
// over every one on insert, and the records live only until the next compaction: on the fleet
// benchmark ingest went from 1.0–1.1 M to 2.2–2.3 M points/s with the column EXTERNAL (stored
// out of line, uncompressed; postgresql.org/docs/15/storage-toast.html). SQLite does not
// compress; nothing to do there.
import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  if (!caps.storageWithoutCompression) return;
  await sql`ALTER TABLE telemetry_ingest_log ALTER COLUMN data SET STORAGE EXTERNAL`.execute(db);
}
