// Migration 037 on each database: rows written before it name users by e-mail; at start they are
// rewritten by id (a user deleted meanwhile becomes `user:deleted`), plain columns and the JSON
// of alarm comments alike, once; the chained audit log is left as it was — its chain still
// verifies — and its old labels are named at read time through the e-mail's keyed hash.
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../test/databases.ts';
import { createAsset, createModel, transitionAsset } from '../assets/index.ts';
import {
  actorNames,
  createApiKey,
  createTenant,
  createUser,
  deleteUser,
  listAudit,
  verifyAuditChain,
  type Scope,
} from '../identity/index.ts';
import { alarmToRow } from '../monitoring/store/alarm-rows.ts';
import { relabelActors } from './actor-labels.ts';
import type { Db } from './index.ts';
import type { MonitoringTables } from './monitoring-schema.ts';

describeEachDatabase('actor labels rewritten by id (037)', (t: TestDatabase) => {
  let h: Awaited<ReturnType<TestDatabase['open']>>;
  let db: Db;
  beforeEach(async () => {
    h = await t.open();
    db = h.db;
  });
  afterEach(() => h.dispose());

  it('rewrites e-mail labels outside the audit log, once, and names old audit records', async () => {
    const tenant = await createTenant(db, { slug: 'acme', name: 'Acme' }, 'test');
    const setup: Scope = { tenantId: tenant.id, customerIds: null, actor: 'test' };
    const stays = await createUser(db, setup, 'tenant_admin', {
      email: 'Stays@Acme.test',
      name: 'Wang Stays',
      role: 'engineer',
      password: 'Staying-On-2026',
    });
    const leaves = await createUser(db, setup, 'tenant_admin', {
      email: 'leaves@acme.test',
      name: 'Zhao Leaves',
      role: 'engineer',
      password: 'Leaving-Soon-2026',
    });
    // As every writer did before 037: the principal's label was `user:<e-mail>`.
    const old = (email: string): Scope => ({ ...setup, actor: `user:${email}` });
    const model = await createModel(db, setup, { name: 'Pump' });
    const asset = await createAsset(db, setup, { name: 'P1', serial: 'P-1', modelId: model.id });
    await transitionAsset(db, old('stays@acme.test'), asset.id, 'delivered', '');
    await createApiKey(db, old('leaves@acme.test'), 'tenant_admin', {
      name: 'gw',
      role: 'engineer',
    });
    const alarm = alarmToRow(
      {
        id: `${asset.id}/r/1`,
        asset: asset.id,
        ruleId: 'r',
        severity: 'major',
        active: true,
        acknowledged: true,
        acknowledgedBy: 'user:stays@acme.test',
        raisedAt: 1,
        lastRaisedAt: 1,
        repeatCount: 0,
        comments: [
          { at: 2, by: 'user:stays@acme.test', text: 'on site "user:x@y"' },
          { at: 3, by: 'user:leaves@acme.test', text: 'done' },
        ],
        escalationLevel: 0,
        targets: [],
      },
      tenant.id,
      {},
    );
    const mon = db.kysely.withTables<MonitoringTables>();
    await mon.insertInto('alarms').values(alarm).execute();
    await deleteUser(db, setup, 'tenant_admin', leaves.id);
    // The note 037 leaves, as on a database migrated from 036.
    await db.kysely
      .insertInto('personal_data_key')
      .values({ id: 'actor-labels', key_check: 'due' })
      .execute();
    const auditBefore = await listAudit(db.kysely, tenant.id, { limit: 100, order: 'asc' });

    const first = await relabelActors(db);
    expect(first.rewritten).toBe(4); // a lifecycle event, an API key, an acknowledgement, a JSON row
    expect(await relabelActors(db)).toEqual({ rewritten: 0 }); // once: the note is gone

    const lifecycle = await db.kysely
      .selectFrom('lifecycle_events')
      .select('actor')
      .orderBy('at')
      .execute();
    expect(lifecycle.map((r) => r.actor)).toEqual(['test', `user:${stays.id}`]); // created, moved
    const key = await db.kysely.selectFrom('api_keys').select('created_by').executeTakeFirst();
    expect(key?.created_by).toBe('user:deleted');
    const row = await mon
      .selectFrom('alarms')
      .select(['acknowledged_by', 'comments'])
      .executeTakeFirstOrThrow();
    expect(row.acknowledged_by).toBe(`user:${stays.id}`);
    expect(JSON.parse(row.comments)).toEqual([
      { at: 2, by: `user:${stays.id}`, text: 'on site "user:x@y"' },
      { at: 3, by: 'user:deleted', text: 'done' },
    ]);
    const left = await sql<{ n: number }>`select count(*) as n from lifecycle_events
      where actor like '%@%'`.execute(db.kysely);
    expect(Number(left.rows[0]!.n)).toBe(0);

    // The audit log is as it was, its chain intact, its old labels named where the user exists.
    const auditAfter = await listAudit(db.kysely, tenant.id, { limit: 100, order: 'asc' });
    expect(auditAfter).toEqual(auditBefore);
    expect(auditAfter.map((r) => r.actor)).toContain('user:stays@acme.test');
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
    const names = await actorNames(db, [
      'user:stays@acme.test',
      `user:${stays.id}`,
      'user:leaves@acme.test',
      `user:${leaves.id}`,
      'user:deleted',
      'apikey:ak_1',
    ]);
    expect(Object.fromEntries(names)).toEqual({
      'user:stays@acme.test': 'Wang Stays',
      [`user:${stays.id}`]: 'Wang Stays',
      'user:leaves@acme.test': null,
      [`user:${leaves.id}`]: null,
      'user:deleted': null,
    });
  });
});
