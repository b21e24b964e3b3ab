// Cluster mode (issue 24): a fencing token per partition. The JetStream lease says which node
// owns a partition, but a lease holder can be wrong for a while — stalled past its lease, or
// granted alongside another by nats-server's create race up to 2.9.20 (nats-io/nats-server
// #4320) — so the owner's write transaction also claims the partition here with its lease's
// epoch (the KV revision of the create that took it, with the bucket's creation time as the
// generation) and is refused when a newer epoch already wrote. The row lock also serialises
// two owners' writes of one partition. PostgreSQL decides; no consensus of our own.
//
// Rolling upgrades: a new table; an older node never reads or writes it (its writes are not
// fenced, as before).
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('cluster_partition_fences')
    .addColumn('partition', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .execute();
}
