// The refusal aggregator (issue 26) on SQLite and PostgreSQL: a flood of refusals is one record
// and one count per key and minute, keys beyond the bound fold into one, and the chain verifies.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import type { AuditEntry } from './audit.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { createRefusalAudit } from './refusal-audit.ts';

const MINUTE = 60_000;

describeEachDatabase('refusal aggregator', (t) => {
  let h: Awaited<ReturnType<typeof t.open>>;
  let db: Db;
  beforeAll(async () => {
    h = await t.open();
    db = h.db;
  });
  afterAll(() => h.dispose());

  const entry = (actor: string, action: string): AuditEntry => ({
    tenantId: null,
    actor,
    action,
    entityType: 'route',
    entityId: 'GET /x',
    details: { address: '10.0.0.9' },
  });
  const rows = async (action: string) =>
    (
      await db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', action)
        .orderBy('seq')
        .execute()
    ).map((r) => ({ actor: r.actor, details: JSON.parse(r.details ?? '{}') as object }));

  it('writes the first refusal of a key at once and the count of the rest a minute later', async () => {
    let now = 10 * MINUTE + 5;
    const r = createRefusalAudit(db.kysely, { now: () => now });
    for (let i = 0; i < 50; i++) await r.refused('a', entry('user:a', 'test.flood'));
    await r.refused('b', entry('user:b', 'test.flood'));
    expect(await rows('test.flood')).toHaveLength(2);
    await r.flush(); // the minute is not over: nothing more
    expect(await rows('test.flood')).toHaveLength(2);
    now += MINUTE;
    await r.refused('a', entry('user:a', 'test.flood')); // a new minute: recorded again
    const got = await rows('test.flood');
    expect(got).toHaveLength(4);
    expect(got[2]).toEqual({
      actor: 'user:a',
      details: { address: '10.0.0.9', repeated: 49, from: 10 * MINUTE, to: 11 * MINUTE },
    });
    expect(got[3]!.details).toEqual({ address: '10.0.0.9' });
    await r.close();
    expect(await rows('test.flood')).toHaveLength(4); // b and the new a had no repeats
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it('folds keys beyond the bound into one per action', async () => {
    const r = createRefusalAudit(db.kysely, { maxKeys: 3, now: () => 42 * MINUTE });
    for (let i = 0; i < 200; i++)
      await r.refused(`k${i}`, entry(`anonymous@10.0.${i}.1`, 'test.many'));
    await r.close();
    const got = await rows('test.many');
    expect(got.map((g) => g.actor)).toEqual([
      'anonymous@10.0.0.1',
      'anonymous@10.0.1.1',
      'anonymous@10.0.2.1',
      '*',
      '*',
    ]);
    expect(got[4]!.details).toMatchObject({ many: true, repeated: 196 });
  });
});
