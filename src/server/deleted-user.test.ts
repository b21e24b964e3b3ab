// A deleted user leaves no personal data behind (issue 26; GB/T 22239-2019 8.1.4.10 residual
// information, PIPL art. 47): the user logs in, changes a rule, comments on and acknowledges an
// alarm and moves an asset's lifecycle — audited, journalled, stored as `createdBy`-like fields —
// and is named by the name they have at each read; once the account is deleted the records stay,
// name the user by id and show no name, and neither the e-mail nor the name nor the password hash
// is anywhere in the database: in the SQLite files (database and WAL, free pages included), and
// in any text column of any table on PostgreSQL (the server's files are not ours to read there;
// old row versions stay until VACUUM reclaims them, which the operator's autovacuum does).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { World } from '../../test/http.ts';
import {
  createMonitoringWorld,
  writeCop,
  type MonitoringWorld,
} from '../../test/monitoring-world.ts';
import { createUser } from '../identity/index.ts';

const EMAIL = 'li.leaver@acme.test';
const NAME = 'Li Leaver 李离';
const PASSWORD = 'Leaving-Soon-2026';
const settle = () => new Promise((r) => setTimeout(r, 300)); // alarm actions follow the ingest

describeEachDatabase('a deleted user who acted', (t) => {
  let world: MonitoringWorld;
  let w: World;
  beforeAll(async () => {
    ({ w } = world = await createMonitoringWorld(t));
  });
  afterAll(() => world?.close());

  /** Where the needle is found: file names on SQLite, `table.column` on PostgreSQL. */
  async function whereHeld(needle: string): Promise<string[]> {
    if (w.db.dialect === 'sqlite') {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(w.db.kysely);
      const { rows } = await sql<{ file: string }>`PRAGMA database_list`.execute(w.db.kysely);
      const dir = dirname(rows[0]!.file);
      return readdirSync(dir)
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).isFile() && readFileSync(f).includes(Buffer.from(needle)));
    }
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema()
        and data_type in ('text', 'character varying', 'json', 'jsonb')`.execute(w.db.kysely);
    const found: string[] = [];
    for (const c of columns) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
        c.table_name,
      )} where ${sql.ref(c.column_name)}::text like ${`%${needle}%`}`.execute(w.db.kysely);
      if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
    }
    return found;
  }

  it('is named while it exists, shown as deleted after, and its e-mail and name are gone', async () => {
    const user = await createUser(w.db, w.scopeA, 'tenant_admin', {
      email: EMAIL,
      name: NAME,
      role: 'engineer',
      password: PASSWORD,
    });
    const login = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: EMAIL, password: PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const as = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
      const r = await w.app.inject({
        method,
        url,
        headers: { cookie },
        ...(payload ? { payload } : {}),
      });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(200);
      return r.json();
    };

    // It acts: a rule, an alarm's comment and acknowledgement, an asset's lifecycle.
    await as('PUT', `/api/v1/monitoring/rules/models/${w.models.A}`, {
      id: 'low-cop',
      name: 'COP 过低 COP low',
      severity: 'major',
      kind: 'threshold',
      value: 'cop',
      op: 'below',
      limit: 3,
    });
    await writeCop(w, 'CH-1', [4.5, 2.5], Date.now() - 10 * 60_000);
    await settle();
    const ref = { asset: 'CH-1', ruleId: 'low-cop' };
    await as('POST', '/api/v1/alarms/comment', { ...ref, text: '现场检查中 On site' });
    await as('POST', '/api/v1/alarms/acknowledge', ref);
    await as('POST', `/api/v1/assets/${w.assets.A1}/lifecycle`, { to: 'delivered' });
    await settle();

    const label = `user:${user.id}`;
    // Read by a colleague: the leaver's own session ends with the account.
    const get = async (url: string) => {
      const r = await w.as('engineer', { method: 'GET', url });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      return r.json();
    };
    const read = async () => {
      const alarm = (await get('/api/v1/alarms?assetId=CH-1&state=all')).items[0];
      const journal = (await get('/api/v1/alarms/journal?assetId=CH-1')).items as Array<{
        action: string;
        actor: string | null;
        actorName: string | null;
      }>;
      const audit = await w.as('tenant_admin', {
        method: 'GET',
        url: `/api/v1/audit?actor=${encodeURIComponent(label)}`,
      });
      expect(audit.statusCode, audit.body).toBe(200);
      const history = await w.as('tenant_admin', {
        method: 'GET',
        url: `/api/v1/assets/${w.assets.A1}/lifecycle`,
      });
      return {
        comment: alarm.comments[0],
        acknowledged: { by: alarm.acknowledgedBy, name: alarm.acknowledgedByName },
        journal: journal.filter((r) => r.actor === label).map((r) => [r.action, r.actorName]),
        audit: (audit.json().items as Array<{ action: string; actor: string; actorName: string }>)
          .map((r) => [r.action, r.actor, r.actorName])
          .sort(),
        lifecycle: (history.json() as Array<{ actor: string; actorName: string | null }>).at(-1),
      };
    };

    const before = await read();
    expect(before.comment).toMatchObject({ by: label, byName: NAME, text: '现场检查中 On site' });
    expect(before.acknowledged).toEqual({ by: label, name: NAME });
    expect(before.journal).toEqual(
      expect.arrayContaining([
        ['commented', NAME],
        ['acknowledged', NAME],
      ]),
    );
    expect(before.audit).toEqual(
      expect.arrayContaining([
        ['auth.login', label, NAME],
        ['asset.lifecycle', label, NAME],
      ]),
    );
    expect(before.audit.length).toBeGreaterThanOrEqual(4); // login, rule, alarm actions, lifecycle
    expect(before.lifecycle).toMatchObject({ actor: label, actorName: NAME });
    const { password_hash: hash } = await w.db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    // The search finds what is there: the hash, while the user exists.
    expect(await whereHeld(hash)).not.toEqual([]);
    // Sealed at rest, and no record copies it: not even while the user exists.
    expect(await whereHeld(EMAIL)).toEqual([]);

    const gone = await w.as('tenant_admin', { method: 'DELETE', url: `/api/v1/users/${user.id}` });
    expect(gone.statusCode, gone.body).toBe(204);

    const after = await read();
    expect(after.comment).toMatchObject({ by: label, byName: null });
    expect(after.acknowledged).toEqual({ by: label, name: null });
    expect(after.journal).toEqual(
      expect.arrayContaining([
        ['commented', null],
        ['acknowledged', null],
      ]),
    );
    expect(after.audit).toEqual(before.audit.map(([action, actor]) => [action, actor, null]));
    expect(after.lifecycle).toMatchObject({ actor: label, actorName: null });
    for (const needle of [EMAIL, NAME, hash]) expect(await whereHeld(needle), needle).toEqual([]);
  });
});
