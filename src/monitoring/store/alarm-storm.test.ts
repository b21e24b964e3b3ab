// An alarm storm on each database (issue #18): a few hundred assets cross one threshold in the
// same evaluation batch. The alarm service writes the batch in one transaction: every alarm is
// raised once, with its activation and journal row, and announced once after the commit; a
// failure in the middle of the batch leaves nothing written and nothing in memory, and the
// same storm then goes through whole. Per asset, a raise, clear and return in one batch keep
// their order in the journal and the activation log. Then the benchmark's storm, 10,000 assets
// at once: written in ten batches of 1,000 (one transaction each), every alarm and journal
// entry once; a batch failing once in the middle is retried with the batches behind it waiting,
// and a batch failing for good rejects only its own thousand.
import type { Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { Database } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { AlarmEffect } from '../alarms/index.ts';
import { createChannelLayout } from '../expressions/index.ts';
import { compileRule, createRuleEngine } from '../rules/index.ts';
import { createAlarmService, type AlarmServiceOptions } from './alarm-service.ts';

const N = 300;
const T = Date.UTC(2026, 11, 1);
const tenantId = 'tn_storm';

describeEachDatabase('monitoring alarm storm', (t) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  async function setup(n = N, extra: Partial<AlarmServiceOptions> = {}) {
    const h = await t.open();
    dispose = h.dispose;
    const k = h.db.kysely.withTables<MonitoringTables>() as Kysely<Database & MonitoringTables>;
    const announced: AlarmEffect[][] = [];
    const opts: AlarmServiceOptions = {
      tenantId,
      assetInfo: () => ({ ancestors: ['site-1'], customer: 'cu_site', model: 'am_pump' }),
      onEffects: (effects) => announced.push(effects),
      ...extra,
    };
    const alarms = await createAlarmService(h.db, opts);
    const layout = createChannelLayout(['pressure']);
    const rule = compileRule(
      {
        id: 'trip',
        severity: 'critical',
        kind: 'threshold',
        value: 'pressure',
        op: 'above',
        limit: 10,
      },
      layout,
    );
    const pending: Promise<AlarmEffect[]>[] = [];
    const engine = createRuleEngine((e) => pending.push(alarms.onRuleEvent(e)));
    for (let a = 0; a < n; a++) engine.addAsset(`as-${a}`, layout, [rule], { startMs: 0 });
    for (let a = 0; a < n; a++) engine.ingest(a, 0, T - 60_000, 5);
    const count = async (table: 'alarms' | 'alarm_activations' | 'alarm_journal') =>
      Number(
        (
          await k
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', tenantId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Every asset crosses at `at`, in one evaluation batch; resolves when all settled. */
    const storm = (at: number, value: number) => {
      for (let a = 0; a < n; a++) engine.ingest(a, 0, at, value);
      return Promise.allSettled(pending.splice(0));
    };
    /** Another tenant's activation row under `id`: the insert of the alarm's own fails. */
    const block = (id: string) =>
      k
        .insertInto('alarm_activations')
        .values({
          id,
          tenant_id: 'tn_other',
          alarm_id: 'x',
          asset_id: 'x',
          rule_id: 'x',
          severity: 'critical',
          raised_at: 0,
          cleared_at: null,
          acknowledged_at: null,
          suppressed: 0,
          customer_id: null,
          model_id: null,
        })
        .execute();
    return { h, k, opts, alarms, announced, count, storm, block };
  }

  it('raises every alarm once, journals each, and announces the batch once after the commit', async () => {
    const s = await setup();
    const settled = await s.storm(T, 15);
    expect(settled).toHaveLength(N);
    expect(settled.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(s.announced).toHaveLength(1); // one batch, one announcement
    expect(s.announced[0]!.filter((e) => e.change === 'raised')).toHaveLength(N);
    expect(s.alarms.openAlarms()).toHaveLength(N);
    expect(await s.count('alarms')).toBe(N);
    expect(await s.count('alarm_activations')).toBe(N);
    const journal = await s.k
      .selectFrom('alarm_journal')
      .select(['asset_id', 'action'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(journal).toHaveLength(N);
    expect(new Set(journal.map((j) => j.asset_id)).size).toBe(N);
    expect(journal.every((j) => j.action === 'raised')).toBe(true);

    // Still high: nothing new. Back to normal: every alarm cleared once, in one batch.
    await s.storm(T + 60_000, 16);
    expect(await s.count('alarm_journal')).toBe(N);
    await s.storm(T + 120_000, 5);
    expect(s.announced).toHaveLength(2);
    expect(await s.count('alarm_journal')).toBe(2 * N);
    const uncleared = await s.k
      .selectFrom('alarm_activations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('cleared_at', 'is', null)
      .execute();
    expect(uncleared).toEqual([]);

    // A restart reads the same open (cleared, unacknowledged) alarms back.
    const again = await createAlarmService(s.h.db, s.opts);
    expect(again.openAlarms()).toHaveLength(N);
    expect(again.openAlarms().every((a) => !a.active)).toBe(true);
  });

  it('a failure in the middle of a batch leaves nothing half-written; the storm then goes through', async () => {
    const s = await setup();
    // An activation row in the way of the 151st alarm's: its insert fails after the alarm rows
    // and the first activations of the batch were written.
    const blocker = `as-150/trip/${T}#0`;
    await s.block(blocker);
    const failed = await s.storm(T, 15);
    expect(failed.every((r) => r.status === 'rejected')).toBe(true);
    expect(s.announced).toEqual([]);
    expect(s.alarms.openAlarms()).toEqual([]);
    expect(await s.count('alarms')).toBe(0);
    expect(await s.count('alarm_activations')).toBe(0);
    expect(await s.count('alarm_journal')).toBe(0);

    // The obstacle gone, the next crossing raises every alarm, once. (The failed batch's raises
    // were tried three times, then rejected to their callers.)
    await s.k.deleteFrom('alarm_activations').where('id', '=', blocker).execute();
    await s.storm(T + 60_000, 5);
    expect(await s.count('alarm_journal')).toBe(0); // clearing what never opened writes nothing
    const ok = await s.storm(T + 120_000, 15);
    expect(ok.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(s.alarms.openAlarms()).toHaveLength(N);
    expect(await s.count('alarms')).toBe(N);
    expect(await s.count('alarm_activations')).toBe(N);
    expect(await s.count('alarm_journal')).toBe(N);
  });

  it('a write failing for a moment is tried again: the storm is raised once, nothing lost', async () => {
    const s = await setup();
    const blocker = `as-150/trip/${T}#0`;
    await s.block(blocker);
    // The obstacle goes after the first try failed, before the second.
    const tries: number[] = [];
    const again = await createAlarmService(s.h.db, {
      ...s.opts,
      onWriteFailed: async (_e, attempt) => {
        tries.push(attempt);
        await s.k.deleteFrom('alarm_activations').where('id', '=', blocker).execute();
      },
    });
    const pending: Promise<unknown>[] = [];
    for (let a = 0; a < N; a++)
      pending.push(
        again.onRuleEvent({
          kind: 'raise',
          asset: `as-${a}`,
          ruleId: 'trip',
          severity: 'critical',
          ts: T,
          value: 15,
        }),
      );
    const results = await Promise.allSettled(pending);
    expect(tries).toEqual([1]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(again.openAlarms()).toHaveLength(N);
    expect(await s.count('alarms')).toBe(N);
    expect(await s.count('alarm_activations')).toBe(N);
    expect(await s.count('alarm_journal')).toBe(N);
    expect(s.announced).toHaveLength(1);
  });

  it('keeps the order per asset when a raise, clear and return share a batch', async () => {
    const s = await setup();
    const rule = { asset: 'as-7', ruleId: 'trip' };
    const acts = [
      s.alarms.apply({ type: 'raise', ...rule, severity: 'critical', at: T }),
      s.alarms.apply({ type: 'raise', asset: 'as-8', ruleId: 'trip', severity: 'major', at: T }),
      s.alarms.apply({ type: 'clear', ...rule, at: T + 1000 }),
      s.alarms.apply({ type: 'raise', ...rule, severity: 'critical', at: T + 2000 }),
      s.alarms.apply({ type: 'acknowledge', ...rule, by: 'li.wei', at: T + 3000 }),
    ];
    await Promise.all(acts);
    expect(s.announced).toHaveLength(1);
    const journal = await s.k
      .selectFrom('alarm_journal')
      .select(['action', 'at'])
      .where('asset_id', '=', 'as-7')
      .orderBy('id')
      .execute();
    expect(journal.map((j) => j.action)).toEqual(['raised', 'cleared', 'returned', 'acknowledged']);
    const activations = await s.k
      .selectFrom('alarm_activations')
      .select(['id', 'cleared_at', 'acknowledged_at'])
      .where('asset_id', '=', 'as-7')
      .orderBy('raised_at')
      .execute();
    expect(activations).toEqual([
      { id: `as-7/trip/${T}#0`, cleared_at: T + 1000, acknowledged_at: T + 3000 },
      { id: `as-7/trip/${T}#1`, cleared_at: null, acknowledged_at: T + 3000 },
    ]);
    const [row] = await s.k
      .selectFrom('alarms')
      .selectAll()
      .where('asset_id', '=', 'as-7')
      .execute();
    expect(row).toMatchObject({ active: 1, acknowledged: 1, repeat_count: 1 });
  });

  // The storm of `npm run bench -- monitoring`: 10,000 assets at once, written in batches of at
  // most 1,000 actions (the service's default).
  const STORM = 10_000;
  const BATCH = 1000;
  /** Asset numbers raised per announcement, in the order announced. */
  const raisedPerBatch = (announced: AlarmEffect[][]) =>
    announced.map((effects) =>
      effects.filter((e) => e.change === 'raised').map((e) => Number(e.alarm.asset.slice(3))),
    );
  /** Journal rows of the tenant: how many, and how many distinct assets and alarms. */
  const journalOf = async (s: Awaited<ReturnType<typeof setup>>) => {
    const rows = await s.k
      .selectFrom('alarm_journal')
      .select(['asset_id', 'alarm_id', 'action'])
      .where('tenant_id', '=', tenantId)
      .execute();
    return {
      rows: rows.length,
      assets: new Set(rows.map((r) => r.asset_id)).size,
      alarms: new Set(rows.map((r) => r.alarm_id)).size,
      actions: [...new Set(rows.map((r) => r.action))],
    };
  };

  it('10,000 simultaneous crossings: 10,000 alarms and journal entries, each once, in batches of 1,000', async () => {
    const s = await setup(STORM);
    const settled = await s.storm(T, 15);
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(STORM);
    const batches = raisedPerBatch(s.announced);
    expect(batches.map((b) => b.length)).toEqual(Array(STORM / BATCH).fill(BATCH));
    // Announced in the order the crossings arrived, each asset once.
    expect(batches.flat()).toEqual(Array.from({ length: STORM }, (_, i) => i));
    expect(s.alarms.openAlarms()).toHaveLength(STORM);
    expect(await s.count('alarms')).toBe(STORM);
    expect(await s.count('alarm_activations')).toBe(STORM);
    expect(await journalOf(s)).toEqual({
      rows: STORM,
      assets: STORM,
      alarms: STORM,
      actions: ['raised'],
    });
    // All back to normal at once: every alarm cleared once, again in ten batches.
    await s.storm(T + 60_000, 5);
    expect(s.announced).toHaveLength(2 * (STORM / BATCH));
    expect(await s.count('alarm_journal')).toBe(2 * STORM);
    const uncleared = await s.k
      .selectFrom('alarm_activations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('cleared_at', 'is', null)
      .execute();
    expect(uncleared).toEqual([]);
  }, 300_000);

  it('10,000 crossings with a batch failing once in the middle: retried, nothing lost, none twice', async () => {
    // The 6th batch's write meets an obstacle, gone before its second try.
    const blocker = `as-5500/trip/${T}#0`;
    const tries: number[] = [];
    const s = await setup(STORM, {
      onWriteFailed: async (_e, attempt) => {
        tries.push(attempt);
        await s.k.deleteFrom('alarm_activations').where('id', '=', blocker).execute();
      },
    });
    await s.block(blocker);
    const settled = await s.storm(T, 15);
    expect(tries).toEqual([1]);
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(STORM);
    // The batches behind the failed one waited for its retry: the order holds.
    const batches = raisedPerBatch(s.announced);
    expect(batches).toHaveLength(STORM / BATCH);
    expect(batches.flat()).toEqual(Array.from({ length: STORM }, (_, i) => i));
    expect(s.alarms.openAlarms()).toHaveLength(STORM);
    expect(await s.count('alarms')).toBe(STORM);
    expect(await s.count('alarm_activations')).toBe(STORM);
    expect(await journalOf(s)).toEqual({
      rows: STORM,
      assets: STORM,
      alarms: STORM,
      actions: ['raised'],
    });
  }, 300_000);

  it('10,000 crossings with a batch failing for good: only its own actions are rejected', async () => {
    const s = await setup(STORM, { retryDelaysMs: [10, 10] });
    await s.block(`as-5500/trip/${T}#0`);
    const settled = await s.storm(T, 15);
    const rejected = settled.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    // The 6th batch (assets 5,000…5,999) only; the batches before and after it committed.
    expect(rejected).toEqual(Array.from({ length: BATCH }, (_, i) => 5000 + i));
    expect(raisedPerBatch(s.announced).flat()).toEqual(
      Array.from({ length: STORM }, (_, i) => i).filter((i) => i < 5000 || i >= 6000),
    );
    // Memory as the database: a restart reads the same 9,000 open alarms back.
    expect(s.alarms.openAlarms()).toHaveLength(STORM - BATCH);
    expect(await s.count('alarms')).toBe(STORM - BATCH);
    expect(await s.count('alarm_journal')).toBe(STORM - BATCH);
    expect(await s.count('alarm_activations')).toBe(STORM - BATCH);
    const again = await createAlarmService(s.h.db, s.opts);
    expect(again.openAlarms()).toHaveLength(STORM - BATCH);
  }, 300_000);
});
