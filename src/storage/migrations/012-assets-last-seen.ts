// When an asset last sent telemetry (devices have had last_seen_at since 001-core). Written by
// the assets context's last-seen recorder at most once per asset per interval, not per point.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('assets').addColumn('last_seen_at', 'bigint').execute();
}
