// Alarm services of several nodes on one PostgreSQL database (cluster mode, issue 24): each
// was started before the others' changes, so its memory is stale. A raise redelivered to a new
// owner (same crossing, or the same episode seen from a later point) raises nothing; an
// acknowledgement on a node that never saw the alarm works; a clear redelivered to the old
// owner changes nothing; a new episode after the last one is raised once. Cluster mode refuses
// SQLite, and the shared service locks rows (FOR UPDATE), so this runs on PostgreSQL only.
import { expect, it } from 'vitest';
import { describe } from 'vitest';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/databases.ts';
import { createAlarmService, type AlarmServiceOptions } from './alarm-service.ts';

const pg = testDatabases.find((t) => t.dialect === 'postgres');
if (!pg) console.warn('shared alarm service test skipped: RONGHE_TEST_PG_URL is not set');

const opts: AlarmServiceOptions = {
  tenantId: 'tn_maker',
  assetInfo: () => ({ ancestors: [], customer: 'cu_acme', model: 'P-200' }),
  shared: true,
};
const raise = (at: number) =>
  ({
    kind: 'raise',
    asset: 'pump-1',
    ruleId: 'hi',
    severity: 'critical',
    ts: at,
    value: 99,
  }) as const;
const clear = (at: number) =>
  ({
    kind: 'clear',
    asset: 'pump-1',
    ruleId: 'hi',
    severity: 'critical',
    ts: at,
    value: 1,
  }) as const;

describe.skipIf(!pg)('alarm services of several nodes on one database [postgres]', () => {
  it('raises each episode once, whichever node applies it and how often', async () => {
    const h = await pg!.open();
    try {
      // Three nodes' services, all started before any alarm existed.
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => createAlarmService(h.db, opts)));
      const changes = (effects: { change: string }[]) => effects.map((e) => e.change);
      // Node A owns the partition: the crossing at 1,000 raises.
      expect(changes(await a!.onRuleEvent(raise(1_000)))).toEqual(['raised']);
      // A dies; B takes over and its rules see the redelivered crossing again, then (its hold
      // timer restarted later) the same episode from a later point: nothing new.
      expect(await b!.onRuleEvent(raise(1_000))).toEqual([]);
      expect(await b!.onRuleEvent(raise(1_500))).toEqual([]);
      // An operator on C, which never saw the alarm, acknowledges it.
      expect(
        changes(
          await c!.apply({
            type: 'acknowledge',
            asset: 'pump-1',
            ruleId: 'hi',
            by: 'li',
            at: 1_800,
          }),
        ),
      ).toEqual(['acknowledged']);
      // B sees the return to normal: cleared, and closed (it was acknowledged on C).
      expect(changes(await b!.onRuleEvent(clear(2_000)))).toEqual(['cleared', 'closed']);
      // The old owner A, stale (it still holds the alarm active), gets the clear redelivered.
      expect(await a!.onRuleEvent(clear(2_000))).toEqual([]);
      // A very late redelivery of the crossing, after the episode closed: still nothing.
      expect(await a!.onRuleEvent(raise(1_000))).toEqual([]);
      expect(await c!.onRuleEvent(raise(1_200))).toEqual([]);
      // A new crossing after the episode is a new alarm, raised once though two nodes see it.
      expect(changes(await b!.onRuleEvent(raise(3_000)))).toEqual(['raised']);
      expect(await a!.onRuleEvent(raise(3_000))).toEqual([]);
      // A clear stamped before the open alarm's raise (a replay of old data) does not clear it.
      expect(await c!.onRuleEvent(clear(2_500))).toEqual([]);

      const k = h.db.kysely;
      const alarms = await sql<{ id: string; status: string }>`
        select id, status from alarms where tenant_id = 'tn_maker' order by raised_at`.execute(k);
      expect(alarms.rows).toEqual([
        { id: 'pump-1/hi/1000', status: 'cleared' },
        { id: 'pump-1/hi/3000', status: 'active' },
      ]);
      const acts = await sql<{ raised_at: string; cleared_at: string | null }>`
        select raised_at, cleared_at from alarm_activations where tenant_id = 'tn_maker'
        order by raised_at`.execute(k);
      expect(
        acts.rows.map((r) => [Number(r.raised_at), r.cleared_at && Number(r.cleared_at)]),
      ).toEqual([
        [1_000, 2_000],
        [3_000, null],
      ]);
      expect((await c!.storedActive(['pump-1', 'pump-2'])).map((x) => x.ruleId)).toEqual(['hi']);
    } finally {
      await h.dispose();
    }
  });
  it('a backlog evaluated at once: a clear and the next crossing in one batch both count', async () => {
    const h = await pg!.open();
    try {
      const a = await createAlarmService(h.db, opts);
      expect((await a.onRuleEvent(raise(1_000))).map((e) => e.change)).toEqual(['raised']);
      // A new owner evaluates a backlog: the clear of the stored episode, the next episode's
      // crossing and its clear, all in one evaluation batch (one transaction).
      const b = await createAlarmService(h.db, opts);
      const done = await Promise.all([
        b.onRuleEvent(clear(2_000)),
        b.onRuleEvent(raise(3_000)),
        b.onRuleEvent(clear(4_000)),
      ]);
      expect(done.map((fx) => fx.map((e) => e.change).join(','))).toEqual([
        'cleared',
        'repeated',
        'cleared',
      ]);
      const acts = await sql<{ raised_at: string; cleared_at: string | null }>`
        select raised_at, cleared_at from alarm_activations where tenant_id = 'tn_maker'
        order by raised_at`.execute(h.db.kysely);
      expect(
        acts.rows.map((r) => [Number(r.raised_at), r.cleared_at && Number(r.cleared_at)]),
      ).toEqual([
        [1_000, 2_000],
        [3_000, 4_000],
      ]);
    } finally {
      await h.dispose();
    }
  });
  it('escalates an alarm and ends an expired shelf once, however many nodes tick', async () => {
    const h = await pg!.open();
    try {
      const k = h.db.kysely;
      const policy = { ...opts, escalateAfterMs: { critical: 1_000 }, maxEscalationLevel: 3 };
      const first = await createAlarmService(h.db, policy);
      await first.onRuleEvent(raise(1_000));
      await first.onRuleEvent({ ...raise(1_000), asset: 'pump-2' });
      await first.apply({
        type: 'shelve',
        shelf: {
          asset: 'pump-2',
          ruleId: 'hi',
          by: 'li',
          reason: 'valve work',
          at: 1_100,
          until: 2_500,
        },
      });
      // Three nodes' services, each with the alarms and the shelf in memory, tick at once and
      // again: the first deadline (2,000) has passed, and so has the shelf's end (2,500).
      const nodes = await Promise.all([1, 2, 3].map(() => createAlarmService(h.db, policy)));
      const ticks = async (at: number) =>
        (await Promise.all(nodes.map((n) => n.apply({ type: 'tick', at })))).flat();
      const seen = [...(await ticks(2_600)), ...(await ticks(2_700))];
      expect(seen.map((e) => `${e.alarm.asset} ${e.change}`).sort()).toEqual([
        'pump-1 escalated',
        'pump-2 unsuppressed',
      ]);
      const journal = await sql<{ asset_id: string; action: string }>`
        select asset_id, action from alarm_journal
        where tenant_id = 'tn_maker' and action in ('escalated', 'unsuppressed')
        order by asset_id`.execute(k);
      expect(journal.rows).toEqual([
        { asset_id: 'pump-1', action: 'escalated' },
        { asset_id: 'pump-2', action: 'unsuppressed' },
      ]);
      const shelves = await sql`select 1 from alarm_shelves where tenant_id = 'tn_maker'`.execute(
        k,
      );
      expect(shelves.rows).toEqual([]);
      // The next deadline (3,000) passes: escalated to level 2, once.
      const later = await ticks(3_100);
      expect(later.map((e) => `${e.alarm.asset} ${e.change} ${e.alarm.escalationLevel}`)).toEqual([
        'pump-1 escalated 2',
      ]);
    } finally {
      await h.dispose();
    }
  });
});
