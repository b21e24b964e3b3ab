// Audit retention and archives (issue 26; GB/T 22239-2019 8.1.4.3 c) on SQLite and PostgreSQL:
// records past each tenant's retention move to one 0600 file per tenant and day and leave the
// database; the chain verifies across files and table; a crash between file and delete is
// harmless; an edited archive line, a removed one and a cut tail are each found and named.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, testPersonalKey } from '../../test/databases.ts';
import type { TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { archiveAudit, readArchive, scopeDir } from './audit-archive.ts';
import { appendChained } from './audit-chain.ts';
import { auditRetentionOf, setAuditRetention } from './audit-retention.ts';
import { verifyAuditChain } from './audit-verify.ts';

const run = promisify(execFile);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const A = 'tn_archivea' as TenantId;
const B = 'tn_archiveb' as TenantId;

describeEachDatabase('audit retention and archives', (t) => {
  let h: Awaited<ReturnType<typeof t.open>>;
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    h = await t.open();
    db = h.db;
    dir = mkdtempSync(join(tmpdir(), 'ronghe-audit-archive-'));
  });
  afterAll(async () => {
    await h.dispose().catch(() => undefined); // SQLite: closed before the CLI ran
    rmSync(dir, { recursive: true, force: true });
  });

  /** 30 records, one every 10 days from 400 days ago, tenants A, B and the platform in turn. */
  const seed = async () => {
    for (let i = 0; i < 30; i++)
      await appendChained(db.kysely, {
        id: `au_archive${String(i).padStart(2, '0')}`,
        tenant_id: [A, B, null][i % 3]!,
        actor: 'user:us_0001',
        action: 'test.event',
        entity_type: 'test',
        entity_id: `e${i}`,
        details: JSON.stringify({ i, note: '审计' }),
        at: NOW - (400 - i * 10) * DAY,
      });
  };
  const live = async () =>
    (await db.kysely.selectFrom('audit_log').select(['id', 'tenant_id', 'at']).execute()).map(
      (r) => ({ ...r, age: (NOW - Number(r.at)) / DAY }),
    );
  const files = () =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));

  it('keeps 180 days by default, refuses less than six months, and archives past each retention', async () => {
    await seed();
    expect(await auditRetentionOf(db, A)).toBe(180);
    await expect(setAuditRetention(db, A, 90, 'user:us_0001')).rejects.toMatchObject({
      code: 'RONGHE_VALIDATION',
      params: { field: 'auditRetentionDays' },
    });
    await setAuditRetention(db, B, 365, 'user:us_0001');
    expect(await auditRetentionOf(db, B)).toBe(365);

    const statuses = await archiveAudit(db, dir, { now: NOW, batch: 4 });
    expect(statuses.map((s) => `${s.scope} ${s.status}`).sort()).toEqual([
      'platform ok',
      `${A} ok`,
      `${B} ok`,
    ]);
    // Ages 400, 370, …, 110 days: A and the platform keep ≤ 180 days, B ≤ 365.
    const left = await live();
    for (const r of left.filter((x) => x.tenant_id !== B && x.id.startsWith('au_archive')))
      expect(r.age).toBeLessThan(180);
    for (const r of left.filter((x) => x.tenant_id === B)) expect(r.age).toBeLessThan(365);
    expect(left.filter((x) => x.tenant_id === B).some((x) => x.age > 180)).toBe(true);
    const archivedCount = statuses.reduce((n, s) => n + s.archived, 0);
    expect(archivedCount).toBe(31 - left.length);

    // One file per scope and day, 0600 in 0700 folders, each with the chain's head.
    expect(files()).toHaveLength(archivedCount);
    expect(files()).toContain(join(scopeDir(A), '2025-10-27.jsonl'));
    for (const f of files()) {
      expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
      const { header, records } = readArchive(join(dir, f));
      expect(header).toMatchObject({ records: 1, head: { seq: 31 } });
      expect(records[0]!.hash).toMatch(/^sha256:/);
    }
    expect(statSync(join(dir, scopeDir(A))).mode & 0o777).toBe(0o700);

    expect(await verifyAuditChain(db.kysely, { archiveDir: dir })).toMatchObject({
      ok: true,
      records: 31,
      archived: archivedCount,
    });
    // Without the archives the table alone has holes where they were.
    expect(await verifyAuditChain(db.kysely)).toMatchObject({
      ok: false,
      problem: { seq: 1, kind: 'deleted' },
    });
    expect(await archiveAudit(db, dir, { now: NOW })).toEqual([]);
  });

  it('takes a record left in both places by a crash, and archives it again without a copy', async () => {
    const file = join(
      dir,
      files().find((f) => f.startsWith(scopeDir(A)))!,
    );
    const [rec] = readArchive(file).records;
    await db.kysely.insertInto('audit_log').values(rec!).execute();
    expect((await verifyAuditChain(db.kysely, { archiveDir: dir })).ok).toBe(true);
    const [again] = await archiveAudit(db, dir, { now: NOW });
    expect(again).toMatchObject({ scope: A, status: 'ok', archived: 1 });
    expect(readArchive(file).records).toHaveLength(1);
    expect((await live()).some((r) => r.id === rec!.id)).toBe(false);
  });

  it('refuses to archive a record whose archived copy differs, keeping it in the database', async () => {
    const file = join(
      dir,
      files().find((f) => f.startsWith(scopeDir(B)))!,
    );
    const [rec] = readArchive(file).records;
    await db.kysely
      .insertInto('audit_log')
      .values({ ...rec!, actor: 'user:someone-else' })
      .execute();
    const [s] = await archiveAudit(db, dir, { now: NOW });
    expect(s).toMatchObject({ scope: B, status: 'failed', archived: 0 });
    expect(s!.status === 'failed' && s!.reason).toContain(rec!.id);
    expect(await verifyAuditChain(db.kysely, { archiveDir: dir })).toMatchObject({
      ok: false,
      problem: { seq: Number(rec!.seq), kind: 'edited', where: 'database' },
    });
    await db.kysely.deleteFrom('audit_log').where('id', '=', rec!.id).execute();
    expect((await verifyAuditChain(db.kysely, { archiveDir: dir })).ok).toBe(true);
  });

  it('names an edited archive line, a removed one and a cut tail', async () => {
    const name = files().sort()[3]!;
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const [, line] = text.split('\n');
    const rec = JSON.parse(line!) as { seq: number; id: string; actor: string };

    writeFileSync(file, text.replace('"actor":"user:us_0001"', '"actor":"user:us_0002"'));
    expect(await verifyAuditChain(db.kysely, { archiveDir: dir })).toMatchObject({
      ok: false,
      records: rec.seq - 1,
      problem: { seq: rec.seq, id: rec.id, kind: 'edited', where: `${name}:2` },
    });

    writeFileSync(file, text.split('\n')[0] + '\n');
    expect(await verifyAuditChain(db.kysely, { archiveDir: dir })).toMatchObject({
      ok: false,
      problem: { seq: rec.seq, kind: 'deleted' },
    });
    writeFileSync(file, text);
    expect((await verifyAuditChain(db.kysely, { archiveDir: dir })).ok).toBe(true);

    // Every record after the archived ones cut, with the chain's head rewound to match:
    // the archives' headers still say the chain reached record 31.
    await db.kysely.deleteFrom('audit_log').where('seq', '>', 25).execute();
    const at25 = await db.kysely
      .selectFrom('audit_log')
      .select('hash')
      .where('seq', '=', 25)
      .executeTakeFirstOrThrow();
    await db.kysely.updateTable('audit_chain').set({ seq: 25, hash: at25.hash! }).execute();
    expect(await verifyAuditChain(db.kysely, { archiveDir: dir })).toMatchObject({
      ok: false,
      records: 25,
      problem: { seq: 31, kind: 'head' },
    });

    if (t.dialect === 'sqlite') {
      // The CLI names a database by URL only (a test schema on PostgreSQL it cannot reach).
      writeFileSync(file, text.replace('"actor":"user:us_0001"', '"actor":"user:us_0002"'));
      await db.close();
      const env = {
        ...process.env,
        RONGHE_DATABASE_URL: h.url,
        RONGHE_SECRET_KEY: Buffer.from(testPersonalKey.key).toString('hex'),
      };
      const out = await run(
        process.execPath,
        ['bin/ronghe.js', 'audit', 'verify', '--archive-dir', dir],
        { env },
      ).catch((e: { code: number; stdout: string }) => e);
      expect('code' in out && out.code).toBe(1);
      expect(out.stdout).toContain(`record ${rec.seq} (${rec.id}) in ${name}:2 was changed`);
    }
  });
});
