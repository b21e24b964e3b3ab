// The audit log's hash chain (issue 26; GB/T 22239-2019 8.1.4.3 c) on SQLite and PostgreSQL:
// intact after concurrent appends; an edited record, a deleted one and a deleted last one are
// each found; SM3 records verify beside SHA-256 ones; `ronghe audit verify` says so and exits 1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, testPersonalKey } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit, recordAudits } from './audit.ts';
import { setAuditHash } from './audit-chain.ts';
import { verifyAuditChain } from './audit-verify.ts';

const run = promisify(execFile);

describeEachDatabase('audit hash chain', (t) => {
  let h: Awaited<ReturnType<typeof t.open>>;
  let db: Db;
  beforeAll(async () => {
    h = await t.open();
    db = h.db;
  });
  afterAll(async () => {
    setAuditHash('sha256');
    await h.dispose().catch(() => undefined); // SQLite: closed before the CLI ran
  });

  const record = (i: number) =>
    recordAudit(db.kysely, {
      tenantId: null,
      actor: 'user:us_auditor0000001',
      action: 'test.event',
      entityType: 'test',
      entityId: `e${i}`,
      details: { i, note: '审计' },
    });
  const cli = async () => {
    const env = {
      ...process.env,
      RONGHE_DATABASE_URL: h.url,
      // The key the test database's personal data is sealed with (test/databases.ts).
      RONGHE_SECRET_KEY: Buffer.from(testPersonalKey.key).toString('hex'),
    };
    try {
      const { stdout } = await run(
        process.execPath,
        ['bin/ronghe.js', 'audit', 'verify', '--json'],
        { env },
      );
      return { code: 0, report: JSON.parse(stdout) };
    } catch (e) {
      const err = e as { code: number; stdout: string };
      return { code: err.code, report: JSON.parse(err.stdout) };
    }
  };

  it('stays one unbroken chain under concurrent appends, in SHA-256 and SM3 alike', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => record(i)));
    setAuditHash('sm3');
    await Promise.all(Array.from({ length: 10 }, (_, i) => record(100 + i)));
    setAuditHash('sha256');
    const r = await verifyAuditChain(db.kysely);
    expect(r).toMatchObject({ ok: true, records: 30 });
    const hashes = await db.kysely.selectFrom('audit_log').select('hash').orderBy('seq').execute();
    expect(hashes.filter((x) => x.hash!.startsWith('sm3:'))).toHaveLength(10);
  });

  it('finds an edited record, then a deleted one, then a deleted last one', async () => {
    const at = (seq: number) =>
      db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
    const r7 = await at(7);
    await db.kysely
      .updateTable('audit_log')
      .set({ actor: 'user:someone-else' })
      .where('seq', '=', 7)
      .execute();
    expect(await verifyAuditChain(db.kysely)).toMatchObject({
      ok: false,
      problem: { seq: 7, kind: 'edited', id: r7.id },
    });
    await db.kysely
      .updateTable('audit_log')
      .set({ actor: r7.actor })
      .where('seq', '=', 7)
      .execute();
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);

    const r12 = await at(12);
    await db.kysely.deleteFrom('audit_log').where('seq', '=', 12).execute();
    expect(await verifyAuditChain(db.kysely)).toMatchObject({
      ok: false,
      records: 11,
      problem: { seq: 12, kind: 'deleted' },
    });
    await db.kysely.insertInto('audit_log').values(r12).execute();

    await db.kysely.deleteFrom('audit_log').where('seq', '=', 30).execute();
    expect(await verifyAuditChain(db.kysely)).toMatchObject({
      ok: false,
      problem: { kind: 'head' },
    });
    if (t.dialect === 'sqlite') {
      // The CLI names a database by URL only (a test schema on PostgreSQL it cannot reach).
      await db.close();
      const { code, report } = await cli();
      expect(code).toBe(1);
      expect(report).toMatchObject({ ok: false, problem: { kind: 'head' } });
    }
  });
});

describeEachDatabase('audit hash chain, entries appended together', (t) => {
  let h: Awaited<ReturnType<typeof t.open>>;
  let db: Db;
  beforeAll(async () => {
    h = await t.open();
    db = h.db;
  });
  afterAll(async () => h.dispose());
  const one = (i: number) =>
    recordAudit(db.kysely, {
      tenantId: null,
      actor: 'user:us_auditor0000001',
      action: 'test.event',
      entityType: 'test',
      entityId: `e${i}`,
    });

  // An import writes a batch's audit entries together (assets/csv.ts): the same chain.
  it('chains entries appended together as if appended one by one, beside single appends', async () => {
    const entry = (i: number) => ({
      tenantId: null,
      actor: 'user:us_auditor0000001',
      action: 'test.batch',
      entityType: 'test',
      entityId: `b${i}`,
      details: { i },
    });
    await one(200);
    await db.kysely.transaction().execute((trx) =>
      recordAudits(
        trx,
        Array.from({ length: 1_200 }, (_, i) => entry(i)),
      ),
    );
    await one(201);
    await recordAudits(db.kysely, [entry(5_000), entry(5_001)]);
    const r = await verifyAuditChain(db.kysely);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['entity_id', 'seq'])
      .where('action', '=', 'test.batch')
      .orderBy('seq')
      .execute();
    expect(rows.map((x) => x.entity_id)).toEqual([
      ...Array.from({ length: 1_200 }, (_, i) => `b${i}`),
      'b5000',
      'b5001',
    ]);
  });
});
