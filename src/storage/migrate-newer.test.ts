// Rolling upgrades (docs/cluster.md): a node of the previous release restarting on a database a
// newer release already migrated starts on it, as long as every migration it knows is applied;
// a database missing one of its own migrations beside a newer one is refused, naming both.
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { migrateToLatest } from './index.ts';

describeEachDatabase('migrations of a newer release', (t) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('an older release runs on a newer schema, and refuses one it cannot complete', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const table = h.schema ? sql.id(h.schema, 'kysely_migration') : sql.id('kysely_migration');
    // A newer release added 999-future.
    await sql`insert into ${table} (name, timestamp) values ('999-future', ${new Date().toISOString()})`.execute(
      h.db.kysely,
    );
    expect(await migrateToLatest(h.db)).toEqual({ applied: [], pending: [], newer: '999-future' });
    // One of this release's own migrations is not applied (it cannot come after 999-future).
    await sql`delete from ${table} where name = '041-cluster-failover'`.execute(h.db.kysely);
    await expect(migrateToLatest(h.db)).rejects.toThrow(
      'Migration 041-cluster-failover cannot be applied: the database already has 999-future',
    );
  });
});
