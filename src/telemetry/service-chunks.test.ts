// The telemetry service's chunk layout over time (split from service.test.ts): a slow trickle
// grows the newest chunk instead of writing tiny ones, across a restart, and a day is sealed
// into one chunk once its series has moved on.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { isChunkOfParts } from './codec/chunk.ts';
import { T0, lp, scope, useTelemetryService } from './service-harness.ts';

describeEachDatabase('telemetry service chunks', (t) => {
  const { start, fresh, open } = useTelemetryService(t);

  it('grows the newest chunk under a slow trickle instead of writing tiny chunks', async () => {
    const { svc, h } = await fresh();
    for (let i = 0; i < 30; i++) {
      await svc.ingestLineProtocol(scope, lp('A0001', T0 + i * 60_000, { c0: i / 4 }), 'ms');
      await svc.flush();
      if (i === 14) {
        // A restart in the middle: the newest chunk is found again from the database.
        await svc.close();
        const again = await start(h.db);
        open.push({ svc: again });
        Object.assign(svc, { engine: again.engine, queries: again.queries });
      }
    }
    const rows = await h.db.kysely.selectFrom('telemetry_chunks').select(['points']).execute();
    expect(rows.map((r) => Number(r.points))).toEqual([30]);
    const raw = await svc.queries.raw(scope, {
      asset: 'A0001',
      channel: 'c0',
      from: T0,
      to: T0 + 86_400_000,
      limit: 100,
    });
    expect(raw.points.map((p) => p[1])).toEqual(Array.from({ length: 30 }, (_, i) => i / 4));
  });

  it('seals a day into one chunk once the series has moved on to the next', async () => {
    const { svc, h } = await fresh();
    const day = 86_400_000;
    const chunks = async () =>
      (
        await h.db.kysely
          .selectFrom('telemetry_chunks')
          .select(['window_start', 'points', 'data'])
          .orderBy('window_start')
          .orderBy('min_ts')
          .orderBy('series_id')
          .execute()
      ).map((r) => [Number(r.window_start) - T0, Number(r.points), isChunkOfParts(r.data)]);
    // Three compactions of 200 points each leave one chunk of three coded parts a series
    // (past the 256-point limit of coding them again; compactor.ts PART_RATIO).
    const burst = (asset: string, from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        lp(asset, T0 + (from + i) * 60_000, { c0: (from + i) / 100 }),
      ).join('\n');
    for (const from of [0, 200, 400]) {
      await svc.ingestLineProtocol(
        scope,
        [burst('A0001', from, 200), burst('A0002', from, 200)].join('\n'),
        'ms',
      );
      await svc.flush();
    }
    expect(await chunks()).toEqual([
      [0, 600, true],
      [0, 600, true],
    ]);
    // A0001 crosses midnight in one compaction: its first day is merged with the new points.
    await svc.ingestLineProtocol(scope, burst('A0001', 600, 1000), 'ms');
    await svc.flush();
    // A0002 moves to the next day with nothing new for the first: that day is sealed alone.
    await svc.ingestLineProtocol(scope, burst('A0002', 1440, 10), 'ms');
    await svc.flush();
    const rows = await h.db.kysely
      .selectFrom('telemetry_chunks as c')
      .innerJoin('telemetry_series as s', 's.id', 'c.series_id')
      .select(['s.asset_id', 'c.window_start', 'c.points'])
      .orderBy('s.asset_id')
      .orderBy('c.window_start')
      .execute();
    expect(rows.map((r) => [r.asset_id, Number(r.window_start) - T0, Number(r.points)])).toEqual([
      ['as_A0001', 0, 1440],
      ['as_A0001', day, 160],
      ['as_A0002', 0, 600],
      ['as_A0002', day, 10],
    ]);
    // Sealed, each day is coded as one run.
    expect((await chunks()).filter((c) => c[0] === 0)).toEqual([
      [0, 1440, false],
      [0, 600, false],
    ]);
    const raw = await svc.queries.raw(scope, {
      asset: 'A0001',
      channel: 'c0',
      from: T0,
      to: T0 + 2 * day,
      limit: 2000,
    });
    expect(raw.points.map((p) => p[1])).toEqual(Array.from({ length: 1600 }, (_, i) => i / 100));
    const hourly = await svc.queries.rollup(scope, {
      asset: 'A0001',
      channel: 'c0',
      from: T0,
      to: T0 + day,
      bucketMs: 3_600_000,
    });
    expect(hourly.buckets.map((b) => b.count)).toEqual(Array.from({ length: 24 }, () => 60));
    expect(hourly.buckets[23]).toMatchObject({ first: 13.8, last: 14.39, min: 13.8, max: 14.39 });
  });
});
