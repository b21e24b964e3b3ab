// Stored data (issue 26; GB/T 22239-2019 8.1.4.7–8.1.4.8, 8.1.4.10): the database, its WAL and
// the ingest-log segments are readable by the platform's own user only, and a deleted user's
// password hash is gone from the files, not left in free pages.
import { testPersonalKey } from '../../test/databases.ts';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentLog } from '../telemetry/engine/segment-log.ts';
import { createDatabase, migrateToLatest } from './index.ts';
import { createTenant, createUser, deleteUser } from '../identity/index.ts';
import { snapshotSqlite } from './backup.ts';

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ronghe-private-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o777;

describe('private data files', () => {
  it('creates the database, its WAL, a backup and log segments 0600, the data directory 0700', async () => {
    const dir = join(newDir(), 'data');
    const url = join(dir, 'ronghe.db');
    const db = await createDatabase({ url });
    await migrateToLatest(db);
    expect(mode(dir)).toBe(0o700);
    expect(mode(url)).toBe(0o600);
    expect(mode(`${url}-wal`)).toBe(0o600);
    const log = new SegmentLog(`${url}-ingest-log`);
    await log.append({ id: 1, data: Uint8Array.from([1, 2, 3]) });
    await log.close();
    for (const f of readdirSync(`${url}-ingest-log`))
      expect(mode(join(`${url}-ingest-log`, f))).toBe(0o600);
    const copy = join(newDir(), 'backup.db');
    snapshotSqlite(url, copy);
    expect(mode(copy)).toBe(0o600);
    await db.close();
  });

  it('leaves no trace of a deleted user’s password hash in the database files', async () => {
    const url = join(newDir(), 'ronghe.db');
    const db = await createDatabase({ url, personalKey: testPersonalKey });
    await migrateToLatest(db);
    const tenant = await createTenant(db, { slug: 'acme', name: 'Acme' }, 'test');
    const scope = { tenantId: tenant.id, customerIds: null, actor: 'test' };
    const user = await createUser(db, scope, 'tenant_admin', {
      email: 'leaver@acme.test',
      name: 'Leaver',
      role: 'engineer',
      password: 'Leaving-Soon-2026',
    });
    const { password_hash: hash } = await db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const files = () =>
      readdirSync(join(url, '..'))
        .filter((f) => f.startsWith('ronghe.db'))
        .map((f) => join(url, '..', f))
        .filter((f) => statSync(f).isFile());
    const holds = (needle: string) =>
      files().some((f) => readFileSync(f).includes(Buffer.from(needle)));
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
    expect(holds(hash)).toBe(true);
    await deleteUser(db, scope, 'tenant_admin', user.id);
    expect(holds(hash)).toBe(false);
    await db.close();
  });
});
