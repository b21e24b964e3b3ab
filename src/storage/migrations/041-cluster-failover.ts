// Cluster mode (issue 24), what a failover needs from the shared database.
//
// 1. Each stored point carries the ingest stream's sequence number of the message that brought
//    it, and the owner's upsert keeps the row with the higher one. The same series and timestamp
//    written twice with different values then keeps the last *written* (acknowledged later by
//    JetStream, so later in the stream) even when a failover redelivers the older message after
//    the newer one was applied.
// 2. An index on alarm activations by (tenant, asset, rule, raised_at): a partition's new owner
//    asks, for each raise its rules emit, whether that instant lies in an episode already
//    recorded (a redelivered crossing), so the raise is dropped instead of raised twice.
//
// Rolling upgrades: the column is added with a default, so a node of the previous release,
// which inserts without it, keeps working against the migrated table (its rows get 0, and its
// upsert overwrites unconditionally as before). Only new nodes compare sequences. The index is
// new and nothing older depends on its absence.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('cluster_points')
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('alarm_activations_episode')
    .on('alarm_activations')
    .columns(['tenant_id', 'asset_id', 'rule_id', 'raised_at'])
    .execute();
}
