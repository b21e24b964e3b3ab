import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { sql, type Kysely } from 'kysely';
import { createDatabase, migrateToLatest, type Db } from './index.ts';
import * as m002 from './migrations/002-telemetry.ts';
import * as m007 from './migrations/007-telemetry-clustered.ts';
import * as m008 from './migrations/008-telemetry-days-from-hours.ts';
import * as m046 from './migrations/046-telemetry-series-keyed.ts';

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
    // 015 gave every tenant a time zone, Asia/Shanghai unless set.
    expect(rows).toEqual([
      {
        id: 'tn_1',
        slug: 'acme',
        name: 'Acme',
        created_at: 1_700_000_000_000,
        time_zone: 'Asia/Shanghai',
      },
    ]);
    await again.close();
  });

  it('keeps ingest-log records uncompressed where the database would compress them (011)', async () => {
    const h = await t.open();
    dispose = h.dispose;
    // SQLite never compresses a column; PostgreSQL runs pglz over values past the TOAST threshold.
    expect(h.db.capabilities.storageWithoutCompression).toBe(t.dialect === 'postgres');
    if (t.dialect !== 'postgres') return;
    const { rows } = await sql<{ attstorage: string }>`SELECT attstorage FROM pg_attribute
      WHERE attrelid = 'telemetry_ingest_log'::regclass AND attname = 'data'`.execute(h.db.kysely);
    expect(rows).toEqual([{ attstorage: 'e' }]); // EXTERNAL: out of line, no pglz
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

it('SQLite: reclaimSpace hands the pages of deleted rows back to the file system', async () => {
  const { mkdtempSync, rmSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-reclaim-'));
  const file = join(dir, 'r.db');
  const db = await createDatabase({ url: file });
  try {
    await migrateToLatest(db);
    const { sql } = await import('kysely');
    const pages = async () =>
      (await sql<{ page_count: number }>`pragma page_count`.execute(db.kysely)).rows[0]!.page_count;
    // The schema's own pages (one or more per table and index): what must remain.
    const schemaPages = await pages();
    const data = new Uint8Array(60_000).fill(7);
    for (let id = 1; id <= 200; id++) {
      await db.kysely
        .insertInto('telemetry_ingest_log')
        .values({ id, tenant_id: 't', received_at: 0, points: 1, data })
        .execute();
    }
    await db.kysely.deleteFrom('telemetry_ingest_log').execute();
    const pageSize = (await sql<{ page_size: number }>`pragma page_size`.execute(db.kysely))
      .rows[0]!.page_size;
    expect(pageSize).toBe(8192);
    const before = await pages();
    await db.reclaimSpace();
    const after = await pages();
    // 200 × 60 kB of log rows is about 1,500 pages of 8 KiB; what remains is the schema's own.
    expect(before).toBeGreaterThan((0.97 * 200 * 60_000) / pageSize);
    expect(after).toBeLessThanOrEqual(schemaPages + 5);
    await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
    expect(statSync(file).size).toBeLessThanOrEqual((schemaPages + 5) * pageSize);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('SQLite: a database made with 4 KiB pages keeps them, with the inline limit they allow', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const SQLite = (await import('better-sqlite3')).default;
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-pages-'));
  const file = join(dir, 'old.db');
  const old = new SQLite(file); // as SQLite makes a database by default, before 8 KiB pages
  old.pragma('page_size = 4096');
  old.exec('CREATE TABLE t (x)');
  old.close();
  const db = await createDatabase({ url: file });
  try {
    const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(db.kysely);
    expect(rows[0]!.page_size).toBe(4096);
    expect(db.capabilities.maxInlineBlob).toBe(1002 - 48);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('SQLite: repack rewrites a 4 KiB database in 8 KiB pages, rows intact, and refuses while in use', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const SQLite = (await import('better-sqlite3')).default;
  const { repackSqlite } = await import('./index.ts');
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-repack-'));
  const file = join(dir, 'old.db');
  const old = new SQLite(file);
  old.pragma('page_size = 4096');
  old.exec('CREATE TABLE t (x)');
  old.close();
  const db = await createDatabase({ url: file });
  try {
    await migrateToLatest(db);
    // Day chunks of 1,200 bytes: over the 1,002 a 4 KiB page's cell holds, so each overflows.
    // A thousand of them, so that what they save outweighs the schema's empty tables, each of
    // which takes one page whatever its size (twice the bytes in 8 KiB pages).
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      series_id: i + 1,
      window_start: 0,
      points: 1440,
      min_ts: 0,
      max_ts: 86_340_000,
      data: new Uint8Array(1200).fill(i % 251),
    }));
    await db.kysely.insertInto('telemetry_chunks').values(rows).execute();
    expect(() => repackSqlite(file)).toThrow(/in use by another process/);
  } finally {
    await db.close();
  }
  try {
    const r = repackSqlite(file);
    expect([r.pageSizeBefore, r.pageSizeAfter]).toEqual([4096, 8192]);
    expect(r.bytesAfter).toBeLessThan(r.bytesBefore);
    const check = new SQLite(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const overflow = check
      .prepare(
        "SELECT count(*) AS n FROM dbstat WHERE name = 'telemetry_chunks' AND pagetype = 'overflow'",
      )
      .get() as { n: number };
    expect(overflow.n).toBe(0);
    const back = check
      .prepare('SELECT series_id, data FROM telemetry_chunks ORDER BY series_id')
      .all() as {
      series_id: number;
      data: Buffer;
    }[];
    expect(back).toHaveLength(1000);
    expect(
      back.every(
        (b, i) => b.series_id === i + 1 && b.data.length === 1200 && b.data[0] === i % 251,
      ),
    ).toBe(true);
    check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('keeps every telemetry chunk and rollup when SQLite rebuilds them in key order (007)', async () => {
  const db = await createDatabase({ url: ':memory:' });
  const k = db.kysely as unknown as Kysely<unknown>;
  await m002.up(k, db.capabilities);
  const chunk = { series_id: 3, window_start: 0, points: 2, min_ts: 5, max_ts: 9 };
  await db.kysely
    .insertInto('telemetry_chunks')
    .values([
      { ...chunk, data: Uint8Array.of(1, 2, 3) },
      { ...chunk, min_ts: 10, max_ts: 12, data: Uint8Array.of(4) },
    ])
    .execute();
  await db.kysely
    .insertInto('telemetry_rollups')
    .values({ series_id: 3, resolution: '1h', window_start: 0, data: Uint8Array.of(9, 9) })
    .execute();
  await m007.up(k, db.capabilities);
  const chunks = await db.kysely
    .selectFrom('telemetry_chunks')
    .selectAll()
    .orderBy('min_ts')
    .execute();
  expect(chunks.map((c) => [c.min_ts, Array.from(c.data)])).toEqual([
    [5, [1, 2, 3]],
    [10, [4]],
  ]);
  const rollups = await db.kysely.selectFrom('telemetry_rollups').selectAll().execute();
  expect(rollups.map((r) => Array.from(r.data))).toEqual([[9, 9]]);
  const ddl = await sql<{
    sql: string;
  }>`select sql from sqlite_schema where name in ('telemetry_chunks', 'telemetry_rollups')`.execute(
    k,
  );
  expect(ddl.rows.map((r) => /WITHOUT ROWID/.test(r.sql))).toEqual([true, true]);
  await db.close();
});

it('keeps every series and its key, without a second copy in an index, keyed on SQLite (046)', async () => {
  const db = await createDatabase({ url: ':memory:' });
  const k = db.kysely as unknown as Kysely<unknown>;
  await m002.up(k, db.capabilities);
  const series = Array.from({ length: 2_000 }, (_, i) => ({
    id: i + 1,
    tenant_id: 'tn_eq18pg6rre6t81jv',
    asset_id: `as_${(i * 7919).toString(32).padStart(16, '0')}`,
    channel: `c${i % 10}`,
    model_id: 'am_2x4tvrhf9xfz5y4d',
    customer_id: i % 3 === 0 ? null : 'cu_0000000000000001',
    created_at: 1_796_674_920_244,
  }));
  for (let i = 0; i < series.length; i += 100) {
    await db.kysely
      .insertInto('telemetry_series')
      .values(series.slice(i, i + 100))
      .execute();
  }
  const registryBytes = async () =>
    (
      await sql<{ b: number }>`select sum(pgsize) as b from dbstat
      where name like '%telemetry_series%'`.execute(k)
    ).rows[0]!.b;
  const before = await registryBytes();
  await m046.up(k, db.capabilities);
  const after = await registryBytes();
  // 2,000 series: 319,488 bytes in the table and its key index before, 212,992 in one tree.
  expect(before).toBe(319_488);
  expect(after).toBeLessThan(before * 0.7);
  const back = await db.kysely.selectFrom('telemetry_series').selectAll().orderBy('id').execute();
  expect(back.map((r) => ({ ...r, id: Number(r.id), created_at: Number(r.created_at) }))).toEqual(
    series,
  );
  // The key still holds: a second (tenant, asset, channel) is refused.
  await expect(
    db.kysely
      .insertInto('telemetry_series')
      .values({ ...series[5]!, id: 9_999 })
      .execute(),
  ).rejects.toThrow(/UNIQUE|PRIMARY/);
  const ddl = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_schema
    where tbl_name = 'telemetry_series'`.execute(k);
  expect(ddl.rows.map((r) => [r.name, /WITHOUT ROWID/.test(r.sql ?? '')])).toEqual([
    ['telemetry_series', true],
  ]);
  await db.close();
});

it('drops the 1d rollups of days that keep their 1h rollup, and only those (008)', async () => {
  const db = await createDatabase({ url: ':memory:' });
  const k = db.kysely as unknown as Kysely<unknown>;
  await m002.up(k, db.capabilities);
  const row = (series_id: number, resolution: string, window_start: number) => ({
    series_id,
    resolution,
    window_start,
    data: Uint8Array.of(series_id, window_start),
  });
  await db.kysely
    .insertInto('telemetry_rollups')
    .values([row(1, '1h', 0), row(1, '1d', 0), row(1, '1d', 1), row(2, '1d', 0), row(2, '1m', 0)])
    .execute();
  await m008.up(k);
  const left = await db.kysely
    .selectFrom('telemetry_rollups')
    .select(['series_id', 'resolution', 'window_start'])
    .orderBy('series_id')
    .orderBy('window_start')
    .orderBy('resolution')
    .execute();
  expect(left.map((r) => `${r.series_id} ${r.resolution} ${r.window_start}`)).toEqual([
    '1 1h 0',
    '1 1d 1',
    '2 1d 0',
    '2 1m 0',
  ]);
  await db.close();
});

it('runs bulk statements inside the open transaction, so a failure leaves nothing (SQLite)', async () => {
  const db = await createDatabase({ url: ':memory:' });
  await migrateToLatest(db);
  const insert = `INSERT INTO telemetry_chunks (series_id, window_start, points, min_ts, max_ts, data)
    VALUES (?, ?, ?, ?, ?, ?)`;
  const row = (minTs: number) => [1, 0, 1, minTs, minTs, Uint8Array.of(1)];
  await expect(
    db.kysely.transaction().execute(async () => {
      db.runEach!(insert, [row(1), row(2)]);
      db.runEach!(insert, [row(3), row(1)]); // the key (1, 0, 1) again
    }),
  ).rejects.toThrow(/UNIQUE constraint failed/);
  const count = () =>
    db.kysely
      .selectFrom('telemetry_chunks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
  expect(Number((await count()).n)).toBe(0);
  await db.kysely.transaction().execute(async () => db.runEach!(insert, [row(1), row(2)]));
  expect(Number((await count()).n)).toBe(2);
  await db.close();
});
