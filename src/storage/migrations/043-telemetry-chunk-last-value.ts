// The value of each chunk's newest point beside its time (issue 21): a start reads every
// series' newest chunk for the latest-value index (query q1), and decoding a million chunks for
// their last value took most of a restart. Null on chunks written before this migration: the
// engine decodes those few once (engine/startup.ts), and every chunk compaction writes carries it.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('telemetry_chunks')
    .addColumn('last_value', 'double precision')
    .execute();
}
