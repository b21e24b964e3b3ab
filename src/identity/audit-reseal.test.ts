// The upgraded install (issue 26; GB/T 22239-2019 8.1.4.10): audit records chained before 037
// named users by e-mail — as actor, as the object of a failed login, in a user change's details
// with the name. Once the user is deleted, the archiver's first run re-seals them: the originals
// go whole to `resealed/<day>.jsonl`, an `audit.resealed` record chained on the old head names
// the file and its digest, and copies naming users by id follow. The deleted user's e-mail and
// name are then in no database file (SQLite: database and WAL) or text column (PostgreSQL); the
// chain verifies across the file and the table; an edit of the file is still found; a record
// written after 037 is left alone, and a second run does nothing.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { archiveAudit, readArchive } from './audit-archive.ts';
import { appendChained, type Fields } from './audit-chain.ts';
import { listAudit } from './audit.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { createTenant } from './tenants.ts';
import { createUser, deleteUser } from './users.ts';
import type { Scope } from './principal.ts';

const LEAVER = 'zhao.leaves@acme.test';
const LEAVER_NAME = 'Zhao Leaves 赵离';
const STAYER = 'wang.stays@acme.test';
const STRANGER = 'nobody@else.test';

describeEachDatabase('audit records with e-mails re-sealed after an upgrade', (t: TestDatabase) => {
  let h: Awaited<ReturnType<TestDatabase['open']>>;
  let db: Db;
  let dir: string;
  beforeEach(async () => {
    h = await t.open();
    db = h.db;
    dir = mkdtempSync(join(tmpdir(), 'ronghe-reseal-'));
  });
  afterEach(async () => {
    await h.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Where the needle is: SQLite files (checkpointed), or `table.column` on PostgreSQL. */
  async function whereHeld(needle: string): Promise<string[]> {
    if (db.dialect === 'sqlite') {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
      const { rows } = await sql<{ file: string }>`PRAGMA database_list`.execute(db.kysely);
      const folder = dirname(rows[0]!.file);
      return readdirSync(folder)
        .map((f) => join(folder, f))
        .filter((f) => statSync(f).isFile() && readFileSync(f).includes(Buffer.from(needle)));
    }
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema()
        and data_type in ('text', 'character varying', 'json', 'jsonb')`.execute(db.kysely);
    const found: string[] = [];
    for (const c of columns) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
        c.table_name,
      )} where ${sql.ref(c.column_name)}::text like ${`%${needle}%`}`.execute(db.kysely);
      if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
    }
    return found;
  }

  it('moves them whole to a file, chains copies by id on the old head, and leaves no e-mail', async () => {
    const tenant = await createTenant(db, { slug: 'acme', name: 'Acme' }, 'test');
    const setup: Scope = { tenantId: tenant.id, customerIds: null, actor: 'test' };
    const stays = await createUser(db, setup, 'tenant_admin', {
      email: STAYER,
      name: 'Wang Stays',
      role: 'engineer',
      password: 'Staying-On-2026',
    });
    const leaves = await createUser(db, setup, 'tenant_admin', {
      email: LEAVER,
      name: LEAVER_NAME,
      role: 'engineer',
      password: 'Leaving-Soon-2026',
    });
    // Records as the writers before 034 and 037 made them, in the weeks before the upgrade
    // (inside the retention: nothing here is old enough to be archived).
    const upgraded = Date.now() - 30 * 86_400_000;
    await sql`update kysely_migration set "timestamp" = ${new Date(upgraded).toISOString()}
      where name = ${'037-actor-labels'}`.execute(db.kysely);
    const old = (n: number, r: Partial<Fields>): Fields => ({
      id: `au_old${n}`,
      tenant_id: tenant.id,
      actor: 'test',
      action: 'test.event',
      entity_type: 'test',
      entity_id: `e${n}`,
      details: null,
      at: upgraded - (10 - n) * 86_400_000,
      ...r,
    });
    await appendChained(db.kysely, old(1, { actor: `user:${LEAVER}`, action: 'rule.update' }));
    await appendChained(db.kysely, old(2, { action: 'unrelated', details: '{"n":2}' }));
    await appendChained(db.kysely, old(3, { actor: `user:${STAYER}`, action: 'asset.move' }));
    await appendChained(
      db.kysely,
      old(4, {
        actor: `user:${STAYER}`,
        action: 'user.create',
        entity_type: 'user',
        entity_id: leaves.id,
        details: JSON.stringify({ email: LEAVER, name: LEAVER_NAME, role: 'engineer' }),
      }),
    );
    await appendChained(
      db.kysely,
      old(5, { action: 'login.failed', entity_type: 'user', entity_id: STRANGER }),
    );
    // Unchained, from before the chain began.
    await db.kysely
      .insertInto('audit_log')
      .values({ ...old(0, { actor: `user:${LEAVER}`, action: 'login' }), seq: null, hash: null })
      .execute();
    // After 037 nothing names a user by e-mail; a note with an address in it is left as it is.
    await appendChained(
      db.kysely,
      old(6, { action: 'mail.settings', details: '{"to":"ops@acme.test"}', at: Date.now() }),
    );
    await deleteUser(db, setup, 'tenant_admin', leaves.id);
    const head = await db.kysely.selectFrom('audit_chain').selectAll().executeTakeFirstOrThrow();
    const before = await verifyAuditChain(db.kysely, { archiveDir: dir });
    expect(before.ok).toBe(true);
    expect((await whereHeld(LEAVER)).length).toBeGreaterThan(0);

    const statuses = await archiveAudit(db, dir);
    expect(statuses).toEqual([
      { scope: 'resealed', status: 'ok', archived: 5, files: [expect.any(String)] },
    ]);
    // No trace of the deleted user (nor of the stranger's typed address) in the database.
    expect(await whereHeld(LEAVER)).toEqual([]);
    expect(await whereHeld(LEAVER_NAME)).toEqual([]);
    expect(await whereHeld(STRANGER)).toEqual([]);
    expect(await whereHeld('ops@acme.test')).not.toEqual([]);

    // The originals, whole, in the file, the old head in its header.
    const file = statuses[0]!.files[0]!;
    expect(file).toBe(join(dir, 'resealed', `${new Date().toISOString().slice(0, 10)}.jsonl`));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const archived = readArchive(file);
    expect(archived.header.head).toEqual({ seq: Number(head.seq), hash: head.hash });
    expect(archived.records.map((r) => r.id)).toEqual([
      'au_old0',
      'au_old1',
      'au_old3',
      'au_old4',
      'au_old5',
    ]);
    expect(archived.records[1]!.actor).toBe(`user:${LEAVER}`);

    // The re-seal record commits to the old head and the file; the copies follow it.
    const log = await db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const reseal = log.find((r) => r.action === 'audit.resealed')!;
    expect(Number(reseal.seq)).toBe(Number(head.seq) + 1);
    expect(JSON.parse(reseal.details!)).toMatchObject({
      oldHead: { seq: Number(head.seq), hash: head.hash },
      file: join('resealed', `${new Date().toISOString().slice(0, 10)}.jsonl`),
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      records: 5,
      copies: { firstSeq: Number(head.seq) + 2, lastSeq: Number(head.seq) + 6 },
    });
    const copies = log.filter((r) => Number(r.seq) > Number(head.seq) + 1);
    expect(copies.map((r) => [r.actor, r.entity_id, Number(r.at)])).toEqual([
      ['user:deleted', 'e0', old(0, {}).at],
      ['user:deleted', 'e1', old(1, {}).at],
      [`user:${stays.id}`, 'e3', old(3, {}).at],
      [`user:${stays.id}`, leaves.id, old(4, {}).at],
      ['test', '(e-mail removed)', old(5, {}).at],
    ]);
    expect(JSON.parse(copies[3]!.details!)).toEqual({
      email: '(e-mail removed)',
      name: '(name removed)',
      role: 'engineer',
    });
    // The tenant's audit list shows the copies at their times, the untouched records as they were.
    const listed = await listAudit(db.kysely, tenant.id, { limit: 100, order: 'asc' });
    expect(listed.map((r) => r.action)).toEqual([
      'login',
      'rule.update',
      'unrelated',
      'asset.move',
      'user.create',
      'login.failed',
      'tenant.create',
      'user.create',
      'user.create',
      'mail.settings',
      'user.delete',
    ]);

    // The chain holds across the file and the table; once only.
    const after = await verifyAuditChain(db.kysely, { archiveDir: dir });
    expect(after).toMatchObject({ ok: true, records: before.records + 6, unchained: 1 });
    expect(await archiveAudit(db, dir)).toEqual([]);

    // A chained original edited in the file is found there (line 3: the header, then au_old0).
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(`user:${LEAVER}`, 'user:someone@x.test');
    writeFileSync(file, lines.join('\n'));
    expect((await verifyAuditChain(db.kysely, { archiveDir: dir })).problem).toMatchObject({
      kind: 'edited',
      where: 'resealed/' + `${new Date().toISOString().slice(0, 10)}.jsonl:3`,
    });
  });

  it('does nothing on a fresh install, where no record predates 037', async () => {
    const tenant = await createTenant(db, { slug: 'fresh', name: 'Fresh' }, 'test');
    const setup: Scope = { tenantId: tenant.id, customerIds: null, actor: 'test' };
    const u = await createUser(db, setup, 'tenant_admin', {
      email: LEAVER,
      name: LEAVER_NAME,
      role: 'engineer',
      password: 'Leaving-Soon-2026',
    });
    await deleteUser(db, setup, 'tenant_admin', u.id);
    expect(await archiveAudit(db, dir)).toEqual([]);
    expect(await whereHeld(LEAVER)).toEqual([]);
    expect((await verifyAuditChain(db.kysely, { archiveDir: dir })).ok).toBe(true);
  });
});
