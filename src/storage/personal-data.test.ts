// Personal data encrypted at rest (issue #26; GB/T 22239-2019 8.1.4.8 b, 8.1.4.10): a user's
// e-mail and name are not in the database as bytes (SQLite file and WAL; PostgreSQL's raw
// columns), login by e-mail still works through the keyed hash, a deleted user's e-mail is
// nowhere, rows written in clear before are sealed at start, another key is refused; and
// technicians' names (service context) likewise sealed, read back and kept out of the audit.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, testPersonalKey } from '../../test/databases.ts';
import {
  createAuthenticator,
  createTenant,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
  type Scope,
} from '../identity/index.ts';
import { createTechnician, listTechnicians } from '../service/index.ts';
import { createDatabase, migrateToLatest, sealPersonalData, type Db } from './index.ts';
import type { ServiceTables } from './service-schema.ts';

const PASSWORD = 'Stays-Secret-2026';

async function tenantScope(db: Db): Promise<Scope> {
  const tenant = await createTenant(db, { slug: 'acme', name: 'Acme' }, 'test');
  return { tenantId: tenant.id, customerIds: null, actor: 'test:setup' };
}

/** Every stored byte of the database that is not server-private: the raw text of each row. */
async function rawText(db: Db): Promise<string> {
  const tables = ['users', 'audit_log', 'sessions', 'password_history'] as const;
  let out = '';
  for (const t of tables) {
    const rows = await db.kysely.selectFrom(t).selectAll().execute();
    out += JSON.stringify(rows);
  }
  return out;
}

describeEachDatabase('personal data at rest', (t) => {
  const opened: Array<{ dispose(): Promise<void> }> = [];
  afterAll(async () => {
    for (const o of opened) await o.dispose();
  });
  const open = async () => {
    const h = await t.open();
    opened.push(h);
    return h;
  };

  it('seals e-mail and name, finds the user by e-mail for login, refuses the same e-mail twice', async () => {
    const { db } = await open();
    const scope = await tenantScope(db);
    const user = await createUser(db, scope, 'tenant_admin', {
      email: 'Wang.Fang@Acme.test',
      name: '王芳 Wang Fang',
      role: 'engineer',
      password: PASSWORD,
    });
    expect(user).toMatchObject({ email: 'wang.fang@acme.test', name: '王芳 Wang Fang' });
    const raw = await db.kysely
      .selectFrom('users')
      .select(['email', 'name', 'email_hash'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(raw.email).toMatch(/^v1\.aes-256-gcm\./);
    expect(raw.name).toMatch(/^v1\.aes-256-gcm\./);
    expect(raw.email_hash).toMatch(/^[0-9a-f]{64}$/);
    const text = await rawText(db);
    expect(text).not.toContain('wang.fang');
    expect(text).not.toContain('王芳');
    expect((await getUser(db, scope, user.id)).name).toBe('王芳 Wang Fang');
    expect((await listUsers(db, scope)).map((u) => u.email)).toEqual(['wang.fang@acme.test']);
    const auth = createAuthenticator(db);
    const in1 = await auth.login('WANG.FANG@acme.test', PASSWORD, '10.0.0.9');
    expect(in1.id).toBe(user.id);
    await expect(auth.login('wang.fang@acme.test', 'Wrong-Pass-2026', '10.0.0.9')).rejects.toThrow(
      /Wrong email or password/,
    );
    await expect(
      createUser(db, scope, 'tenant_admin', {
        email: 'wang.fang@ACME.test',
        name: 'Another',
        role: 'technician',
        password: PASSWORD,
      }),
    ).rejects.toThrow(/already registered/);
    // What was typed for an unknown account is kept only as a keyed hash in the audit log.
    await expect(auth.login('nobody@acme.test', 'Typed-Pass-2026', '10.0.0.9')).rejects.toThrow();
    const after = await rawText(db);
    expect(after).not.toContain('nobody@acme.test');
    expect(after).toMatch(/unknown:[0-9a-f]{16}/);
  });

  it.skipIf(t.dialect !== 'postgres')(
    'nodes started at once on a fresh database record the key once, and none fails',
    async () => {
      // Cluster nodes share one PostgreSQL database; a service manager starts them together.
      const { db, url, schema } = await open();
      await db.kysely.deleteFrom('personal_data_key').execute();
      const nodes = await Promise.all(
        Array.from({ length: 4 }, () =>
          createDatabase({ url, ...(schema ? { schema } : {}), personalKey: testPersonalKey }),
        ),
      );
      try {
        await Promise.all(nodes.map((n) => sealPersonalData(n)));
      } finally {
        for (const n of nodes) await n.close();
      }
      const rows = await db.kysely.selectFrom('personal_data_key').selectAll().execute();
      expect(rows.map((r) => r.id)).toEqual(['personal']);
      // Another key is still refused once one is recorded.
      const other = await createDatabase({
        url,
        ...(schema ? { schema } : {}),
        personalKey: { key: Buffer.alloc(32, 1), cipher: 'aes-256-gcm' },
      });
      await expect(sealPersonalData(other)).rejects.toThrow(/^RONGHE_SECRET_KEY: not the key/);
      await other.close();
    },
  );

  it('leaves no trace of a deleted user’s e-mail and name', async () => {
    const { db, url } = await open();
    const scope = await tenantScope(db);
    const user = await createUser(db, scope, 'tenant_admin', {
      email: 'leaver.li@acme.test',
      name: 'Li Leaver',
      role: 'engineer',
      password: PASSWORD,
      temporaryPassword: true,
    });
    await updateUser(db, scope, 'tenant_admin', user.id, {
      name: 'Li Leaving',
      password: 'Reset-By-Admin-2026',
    });
    await deleteUser(db, scope, 'tenant_admin', user.id);
    const text = await rawText(db);
    for (const needle of ['leaver.li', 'Li Leaver', 'Li Leaving'])
      expect(text).not.toContain(needle);
    if (t.dialect === 'sqlite') {
      // The file and its WAL byte by byte (a checkpoint ran in deleteUser).
      const dir = join(url, '..');
      const files = readdirSync(dir)
        .filter((f) => f.startsWith('ronghe.db'))
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).isFile());
      expect(files.length).toBeGreaterThan(0);
      for (const f of files)
        for (const needle of ['leaver.li@acme.test', 'Li Leav'])
          expect(readFileSync(f).includes(Buffer.from(needle)), `${f}: ${needle}`).toBe(false);
    } else {
      const r = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db.kysely);
      expect(r.rows[0]!.n).toBe(0);
    }
  });

  it("seals technicians' names, reads them back in order, and keeps them out of the audit log", async () => {
    const { db } = await open();
    const scope = await tenantScope(db);
    const techs = db.kysely.withTables<ServiceTables>();
    const base = {
      userId: null,
      skills: ['chiller'],
      homeLat: null,
      homeLon: null,
      region: '华东',
    };
    const zhao = await createTechnician(db, scope, { ...base, name: '赵师傅 Zhao' });
    await createTechnician(db, scope, { ...base, name: 'Chen Gong' });
    expect(zhao.name).toBe('赵师傅 Zhao');
    const raw = await techs.selectFrom('service_technicians').select('name').execute();
    for (const r of raw) expect(r.name).toMatch(/^v1\.aes-256-gcm\./);
    const text = (await rawText(db)) + JSON.stringify(raw);
    expect(text).not.toContain('赵师傅');
    expect(text).not.toContain('Chen Gong');
    expect((await listTechnicians(db, scope)).map((x) => x.name)).toEqual([
      'Chen Gong',
      '赵师傅 Zhao',
    ]);
    // A name stored in clear before sealing: sealed at the next start, read the same.
    await techs
      .updateTable('service_technicians')
      .set({ name: 'Old Clear Name' })
      .where('id', '=', zhao.id)
      .execute();
    await migrateToLatest(db);
    const row = await techs
      .selectFrom('service_technicians')
      .select('name')
      .where('id', '=', zhao.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toMatch(/^v1\./);
    expect((await listTechnicians(db, scope)).map((x) => x.name)).toContain('Old Clear Name');
  });

  it('seals rows written in clear before 034 at start', async () => {
    const { db } = await open();
    const scope = await tenantScope(db);
    const user = await createUser(db, scope, 'tenant_admin', {
      email: 'old@acme.test',
      name: 'Old Row',
      role: 'technician',
      password: PASSWORD,
    });
    // The row as a platform before 034 wrote it.
    await db.kysely
      .updateTable('users')
      .set({ email: 'old@acme.test', name: 'Old Row', email_hash: null })
      .where('id', '=', user.id)
      .execute();
    await migrateToLatest(db);
    const raw = await db.kysely
      .selectFrom('users')
      .select(['email', 'name', 'email_hash'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(raw.email).toMatch(/^v1\./);
    expect(raw.name).toMatch(/^v1\./);
    expect((await createAuthenticator(db).login('old@acme.test', PASSWORD)).id).toBe(user.id);
  });
});

describe('personal data key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-pii-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a database sealed with another key, naming RONGHE_SECRET_KEY', async () => {
    const url = join(dir, 'keyed.db');
    const first = await createDatabase({ url, personalKey: testPersonalKey });
    await migrateToLatest(first);
    await first.close();
    const other = await createDatabase({
      url,
      personalKey: { key: Buffer.alloc(32, 1), cipher: 'aes-256-gcm' },
    });
    await expect(migrateToLatest(other)).rejects.toThrow(/^RONGHE_SECRET_KEY: not the key/);
    await other.close();
  });

  it('stores nothing about a person without the key: the error names RONGHE_SECRET_KEY', async () => {
    const db = await createDatabase({ url: join(dir, 'keyless.db') });
    await migrateToLatest(db);
    const scope = await tenantScope(db);
    const e = (await createUser(db, scope, 'tenant_admin', {
      email: 'x@acme.test',
      name: 'X',
      role: 'technician',
      password: PASSWORD,
    }).catch((x: unknown) => x)) as { code: string; message: string };
    expect(e).toMatchObject({ code: 'RONGHE_UNAVAILABLE' });
    expect(e.message).toContain('RONGHE_SECRET_KEY');
    expect((await db.kysely.selectFrom('users').selectAll().execute()).length).toBe(0);
    await db.close();
  });

  it('seals with SM4 and HMAC-SM3 under 国密 and logs in by e-mail', async () => {
    const db = await createDatabase({
      url: join(dir, 'sm4.db'),
      personalKey: { key: testPersonalKey.key, cipher: 'sm4-ctr-hmac-sm3' },
    });
    await migrateToLatest(db);
    const scope = await tenantScope(db);
    const u = await createUser(db, scope, 'tenant_admin', {
      email: 'zhao.lei@acme.test',
      name: '赵磊',
      role: 'technician',
      password: PASSWORD,
    });
    const raw = await db.kysely
      .selectFrom('users')
      .select(['email', 'name'])
      .executeTakeFirstOrThrow();
    expect(raw.email).toMatch(/^v1\.sm4-ctr-hmac-sm3\./);
    expect(raw.name).toMatch(/^v1\.sm4-ctr-hmac-sm3\./);
    expect((await createAuthenticator(db).login('zhao.lei@acme.test', PASSWORD)).id).toBe(u.id);
    await db.close();
  });
});
