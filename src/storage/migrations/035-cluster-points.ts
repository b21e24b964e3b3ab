// Cluster mode (issue 24, src/cluster): the points a partition's owner node takes from the
// replicated JetStream ingest log. One row per series and timestamp (the primary key), so a
// batch delivered twice — a node died after its write committed but before its ack reached
// the stream — is written once: the write is an upsert, the last value wins as in the engine.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('cluster_points')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('cluster_points_pk', ['tenant_id', 'asset_id', 'channel', 'ts'])
    .execute();
}
