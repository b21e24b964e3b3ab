import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { RetentionPolicies } from './retention.ts';
import { lp, scope, T0, useTelemetryService } from './service-harness.ts';

describeEachDatabase('telemetry retention', (t) => {
  const { fresh } = useTelemetryService(t);

  it('drops windows past the retention of each resolution', async () => {
    const { svc, h } = await fresh();
    const now = Date.now();
    const day = 86_400_000;
    const old = Math.floor((now - 10 * day) / 60_000) * 60_000; // two points in one minute
    await svc.ingestLineProtocol(
      scope,
      [
        lp('A0001', old, { c0: 1 }),
        lp('A0001', old + 1000, { c0: 2 }),
        lp('A0001', now - 1000, { c0: 3 }),
      ].join('\n'),
      'ms',
    );
    await svc.flush();
    await svc.retention.set('tn_1', 'raw', 3 * day);
    await svc.retention.set('tn_1', '1m', 3 * day);
    await svc.retention.set('tn_1', '1h', 3 * day);
    const removed = await svc.applyRetention(now);
    expect(removed).toBe(3); // old window: raw chunk, 1m (two points in a minute) and 1h rollups
    // Days are stored as their hours; dropping the old day's hours wrote its 1d row.
    const rows = await h.db.kysely.selectFrom('telemetry_rollups').select('resolution').execute();
    expect(rows.map((r) => r.resolution).sort()).toEqual(['1d', '1h']);
    const oldDay = Math.floor(old / day) * day;
    const daily = await svc.queries.rollup(scope, {
      asset: 'A0001',
      channel: 'c0',
      from: oldDay,
      to: oldDay + day,
      bucketMs: day,
    });
    expect(daily.buckets).toEqual([
      { start: oldDay, count: 2, sum: 3, min: 1, max: 2, first: 1, last: 2, mean: 1.5 },
    ]);
  });

  it('writes each day from its hours, in batches, when the hours expire before the days', async () => {
    const { svc, h } = await fresh();
    const day = 86_400_000;
    const now = T0 + 10 * day;
    const assets = ['A0001', 'A0002', 'A0003'];
    // Four days of one point every 20 minutes for three assets, compacted twice a day.
    for (let d = 0; d < 4; d++) {
      for (const half of [0, 1]) {
        const lines: string[] = [];
        for (const [k, a] of assets.entries()) {
          for (let m = half * 720; m < half * 720 + 720; m += 20) {
            lines.push(lp(a, T0 + d * day + m * 60_000, { c0: (d * 1440 + m + k) / 100 }));
          }
        }
        await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
        await svc.flush();
      }
    }
    const daily = async () => {
      const out: unknown[] = [];
      for (const asset of assets) {
        const q = { asset, channel: 'c0', from: T0, to: T0 + 4 * day, bucketMs: day };
        out.push((await svc.queries.rollup(scope, q)).buckets);
      }
      return out;
    };
    const before = await daily();
    expect((before[0] as unknown[]).length).toBe(4);
    // Hours kept 5 days, days forever: the first four days turn into 1d rows, two at a time.
    const policies = new RetentionPolicies(h.db, 2);
    await policies.load();
    await policies.set('tn_1', '1h', 5 * day);
    expect(await policies.apply(now)).toBe(12);
    const left = await h.db.kysely.selectFrom('telemetry_rollups').select(['resolution']).execute();
    expect(left.map((r) => r.resolution)).toEqual(Array.from({ length: 12 }, () => '1d'));
    // The same days; sums (and means) may differ in the last ulp: a 1d row holds the exact
    // decimal sum, while hours rebucketed at query time are added as doubles.
    const after = await daily();
    const close = (bs: unknown) =>
      (bs as Record<string, number>[]).map((b) => ({
        ...b,
        sum: expect.closeTo(b.sum!, 9),
        mean: expect.closeTo(b.mean!, 9),
      }));
    expect(after).toEqual(before.map(close));
    expect(after.flat()).toContainEqual(expect.objectContaining({ sum: 511.92 }));
  });

  it('forgets expired recent data in memory too: no query serves a deleted point', async () => {
    const { svc } = await fresh();
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day) * day;
    const yesterday = today - day + 1000;
    await svc.ingestLineProtocol(
      scope,
      [lp('A0001', yesterday, { c0: 1 }), lp('A0001', Date.now() - 1000, { c0: 2 })].join('\n'),
      'ms',
    );
    await svc.flush();
    const raw = () =>
      svc.queries.raw(scope, {
        asset: 'A0001',
        channel: 'c0',
        from: today - day,
        to: today,
        limit: 10,
      });
    expect((await raw()).points).toEqual([[yesterday, 1]]);
    // (Raw chunks of one-point minutes also serve as the 1m rollup: expire both.)
    await svc.retention.set('tn_1', 'raw', 3_600_000);
    await svc.retention.set('tn_1', '1m', 3_600_000);
    // Two hours into today, yesterday's window ended more than an hour ago: it expires.
    await svc.applyRetention(today + 2 * 3_600_000);
    expect((await raw()).points).toEqual([]);
  });
});

describeEachDatabase('telemetry retention per channel', (t) => {
  const { fresh } = useTelemetryService(t);
  const day = 86_400_000;

  it('expires each series by its most specific rule: channel and model, channel, tenant', async () => {
    const { svc, h } = await fresh();
    const now = Date.now();
    const old = Math.floor((now - 10 * day) / 60_000) * 60_000;
    const lines = ['A0001', 'A0002'].flatMap((a) => [
      lp(a, old, { c0: 1, c1: 1 }),
      lp(a, now - 1000, { c0: 2, c1: 2 }),
    ]);
    await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
    await svc.flush();
    // A0002's series belong to model am_2 (as the resolver would record it).
    const a2 = await h.db.kysely
      .selectFrom('telemetry_series')
      .select('asset_id')
      .where('channel', '=', 'c0')
      .execute();
    const assetIds = a2.map((r) => r.asset_id).sort();
    await h.db.kysely
      .updateTable('telemetry_series')
      .set({ model_id: 'am_2' })
      .where('asset_id', '=', assetIds[1]!)
      .execute();
    const p = svc.retention;
    await p.set('tn_1', 'raw', 3 * day);
    await p.set('tn_1', '1m', 3 * day);
    await p.setChannel('tn_1', 'c0', null, 'raw', null); // c0 keeps raw for ever…
    await p.setChannel('tn_1', 'c0', null, '1m', null);
    await p.setChannel('tn_1', 'c0', 'am_2', 'raw', 5 * day); // …but on model am_2 five days
    await p.setChannel('tn_1', 'c0', 'am_2', '1m', 5 * day);
    expect(p.effective('tn_1', 'c0', null)).toEqual({});
    expect(p.effective('tn_1', 'c0', 'am_2')).toEqual({ raw: 5 * day, '1m': 5 * day });
    expect(p.effective('tn_1', 'c1', 'am_2')).toEqual({ raw: 3 * day, '1m': 3 * day });
    // A channel kept for ever lets old points in; the pass drops what its own rule does not keep.
    expect(p.oldestAllowed('tn_1', now)).toBe(-Infinity);

    const fresh2 = new RetentionPolicies(h.db);
    await fresh2.load(); // the rules persist
    expect(fresh2.channels('tn_1')).toHaveLength(2);
    await svc.applyRetention(now);
    const left = await h.db.kysely
      .selectFrom('telemetry_chunks as c')
      .innerJoin('telemetry_series as s', 's.id', 'c.series_id')
      .select(['s.asset_id', 's.channel', 'c.window_start'])
      .where('c.window_start', '<', now - 4 * day)
      .execute();
    // Only A0001's c0 (channel rule: for ever) keeps its old day; c1 and am_2's c0 lose it.
    expect(left.map((r) => `${r.asset_id}/${r.channel}`)).toEqual([`${assetIds[0]}/c0`]);

    // Removing the overrides gives the series back to the tenant's three days.
    for (const res of ['raw', '1m'] as const) {
      await p.setChannel('tn_1', 'c0', null, res, undefined);
      await p.setChannel('tn_1', 'c0', 'am_2', res, undefined);
    }
    expect(p.channels('tn_1')).toEqual([]);
    await svc.applyRetention(now);
    const none = await h.db.kysely
      .selectFrom('telemetry_chunks')
      .select('series_id')
      .where('window_start', '<', now - 4 * day)
      .execute();
    expect(none).toEqual([]);
  });
});
