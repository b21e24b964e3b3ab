// Telemetry tables (src/telemetry): series registry, the durable ingest log, compressed raw
// chunks, compressed rollup chunks and per-tenant retention. Times are epoch ms; series ids are
// integers allocated by the engine (one compacting process per database).
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('telemetry_series')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('telemetry_series_key', ['tenant_id', 'asset_id', 'channel'])
    .execute();

  // One row per acknowledged batch, columnar binary (see src/telemetry/ingest/log-record.ts);
  // deleted once the compactor has merged it into chunks.
  await db.schema
    .createTable('telemetry_ingest_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('data', caps.binaryType, (c) => c.notNull())
    .execute();

  // Several chunks per series and day: in-order points are appended as new chunks; an
  // out-of-order or duplicate point makes the compactor merge that day into one chunk.
  await db.schema
    .createTable('telemetry_chunks')
    .addColumn('series_id', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('min_ts', 'bigint', (c) => c.notNull())
    .addColumn('max_ts', 'bigint', (c) => c.notNull())
    .addColumn('data', caps.binaryType, (c) => c.notNull())
    .addPrimaryKeyConstraint('telemetry_chunks_pk', ['series_id', 'window_start', 'min_ts'])
    .execute();

  await db.schema
    .createTable('telemetry_rollups')
    .addColumn('series_id', 'integer', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('data', caps.binaryType, (c) => c.notNull())
    .addPrimaryKeyConstraint('telemetry_rollups_pk', ['series_id', 'resolution', 'window_start'])
    .execute();

  await db.schema
    .createTable('telemetry_retention')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('keep_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('telemetry_retention_pk', ['tenant_id', 'resolution'])
    .execute();
}
