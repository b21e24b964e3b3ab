// Cluster mode (issue 24, item 5): the rule hold timers a partition's owner is running. A rule
// with a `for` hold not yet elapsed is `pending`, one with a `clearFor` hold `clearing`
// (monitoring/rules/rule-state.ts); both lived in the owner's memory only, so a new owner
// restarted the hold at its first point (an alarm up to the hold late, or missed). The owner
// writes a row when a rule enters either phase and deletes it when the rule leaves it, in the
// alarm batch's transaction under the partition's fence (migration 044), and a new owner
// resumes the phase with its `since` (event time, epoch ms). Phase changes only: no write per
// point. Only cluster nodes write it; the embedded process never does.
//
// Rolling upgrades: a new table; an older node neither reads nor writes it (it restarts holds
// at a failover, as before).
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('rule_holds')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    // 'pending' (the raise hold) or 'clearing' (the clear hold).
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rule_holds_pk', ['tenant_id', 'asset_id', 'rule_id'])
    .execute();
}
