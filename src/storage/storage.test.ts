import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createDatabase, migrateToLatest, type Db } from './index.ts';

describeEachDatabase('migrations', (t) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('migrate an empty database, then again on the existing one without change', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const db: Db = h.db;
    await db.kysely
      .insertInto('tenants')
      .values({ id: 'tn_1', slug: 'acme', name: 'Acme', created_at: 1_700_000_000_000 })
      .execute();
    // Reopen the same database as a fresh process would, and migrate again.
    const again = await createDatabase(
      h.schema ? { url: h.url, schema: h.schema } : { url: h.url },
    );
    const report = await migrateToLatest(again);
    expect(report.applied).toEqual([]);
    const rows = await again.kysely.selectFrom('tenants').selectAll().execute();
    expect(rows).toEqual([
      { id: 'tn_1', slug: 'acme', name: 'Acme', created_at: 1_700_000_000_000 },
    ]);
    await again.close();
  });

  it('enforces unique tenant slugs', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const row = { id: 'tn_1', slug: 'acme', name: 'Acme', created_at: 1 };
    await h.db.kysely.insertInto('tenants').values(row).execute();
    await expect(
      h.db.kysely
        .insertInto('tenants')
        .values({ ...row, id: 'tn_2' })
        .execute(),
    ).rejects.toThrow();
  });
});
