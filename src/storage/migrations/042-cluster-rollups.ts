// Cluster mode (issue 24, src/cluster): rollups the partitions' owners maintain as they write
// cluster_points, per series and per minute (size_ms 60,000) and per hour (3,600,000): count,
// sum, min, max, and the first and last value with their times (so partial aggregates merge:
// first is the one with the smallest first_ts). Rollup and fleet queries over long ranges read
// these rows instead of every raw point (src/cluster/queries.ts). The writer derives each
// change only from the raw rows its upsert actually inserted or changed, so a redelivered
// batch changes nothing here either (src/cluster/point-store.ts).
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('cluster_rollups')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('size_ms', 'integer', (c) => c.notNull())
    .addColumn('start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('min', 'double precision', (c) => c.notNull())
    .addColumn('max', 'double precision', (c) => c.notNull())
    .addColumn('first_ts', 'bigint', (c) => c.notNull())
    .addColumn('first', 'double precision', (c) => c.notNull())
    .addColumn('last_ts', 'bigint', (c) => c.notNull())
    .addColumn('last', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('cluster_rollups_pk', [
      'tenant_id',
      'asset_id',
      'channel',
      'size_ms',
      'start',
    ])
    .execute();
}
