import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTelemetryService, type Scope } from './index.ts';
import { T0, lp, scope, useTelemetryService } from './service-harness.ts';
import { fleetResolver, manualEngine as engineOpts, openTimePolicy } from './test-support.ts';

/** Waits for the idle compaction to empty the buffer. The bound is a hang check, not a timing
 * claim: on 2 loaded cores a 100 ms idle flush has taken over 2 s to come round. */
async function drained(engine: { readonly bufferedPoints: number }, boundMs = 30_000) {
  const until = Date.now() + boundMs;
  while (engine.bufferedPoints > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDatabase('telemetry service', (t) => {
  const { start, fresh, open } = useTelemetryService(t);

  it('compacts a burst once ingest goes quiet, but lets a trickle wait for its age', async () => {
    const { svc } = await fresh({ ...engineOpts, flushPoints: 800, flushIdleMs: 100 });
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => lp('A0002', T0 + (from + i) * 1000, { c0: i })).join(
        '\n',
      );
    await svc.ingestLineProtocol(scope, rows(0, 50), 'ms'); // 50 points: below 800 / 8
    await new Promise((r) => setTimeout(r, 400));
    expect(svc.engine.bufferedPoints).toBe(50);
    await svc.ingestLineProtocol(scope, rows(50, 100), 'ms'); // 150 buffered: a burst
    await drained(svc.engine);
    expect(svc.engine.bufferedPoints).toBe(0);
    const stored = await svc.queries.raw(scope, {
      asset: 'A0002',
      channel: 'c0',
      from: T0,
      to: T0 + 200_000,
      limit: 1000,
    });
    expect(stored.points).toHaveLength(150);
  });

  it('compacts the small remainder of a load that filled whole generations once it goes quiet', async () => {
    const { svc } = await fresh({ ...engineOpts, flushPoints: 800, flushIdleMs: 100 });
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => lp('A0002', T0 + (from + i) * 1000, { c0: i })).join(
        '\n',
      );
    await svc.ingestLineProtocol(scope, rows(0, 850), 'ms'); // a generation by size
    await drained(svc.engine);
    // The load's last 30 points are fewer than 800 / 8, yet they are its tail, not a trickle.
    await svc.ingestLineProtocol(scope, rows(850, 30), 'ms');
    await drained(svc.engine);
    expect(svc.engine.bufferedPoints).toBe(0);
    // After that quiet compaction, a trickle waits for its age again.
    await svc.ingestLineProtocol(scope, rows(880, 5), 'ms');
    await new Promise((r) => setTimeout(r, 400));
    expect(svc.engine.bufferedPoints).toBe(5);
  });

  it('serves points before and after compaction, with exact rollups', async () => {
    const { svc } = await fresh();
    const lines: string[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 180; i++) {
      const v = Math.round((20 + Math.sin(i / 10) * 5) * 100) / 100;
      expected.push(v);
      lines.push(lp('A0001', T0 + i * 30_000, { c0: v, c1: i }));
    }
    const res = await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
    expect(res).toEqual({ points: 360, rows: 180, createdSeries: 2 });
    const q = { asset: 'A0001', channel: 'c0', from: T0, to: T0 + 2 * 3_600_000, limit: 1000 };
    const before = await svc.queries.raw(scope, q);
    await svc.flush();
    const after = await svc.queries.raw(scope, q);
    expect(after).toEqual(before);
    expect(after.points.map((p) => p[1])).toEqual(expected);
    const hourly = await svc.queries.rollup(scope, { ...q, bucketMs: 3_600_000 });
    expect(hourly.resolution).toBe('1h');
    const first = expected.slice(0, 120);
    expect(hourly.buckets[0]).toMatchObject({
      start: T0,
      count: 120,
      min: Math.min(...first),
      max: Math.max(...first),
      first: first[0],
      last: first[119],
    });
    expect(hourly.buckets[0]!.sum).toBeCloseTo(
      first.reduce((a, b) => a + b, 0),
      9,
    );
    expect(hourly.buckets[1]!.count).toBe(60);
  });

  it('keeps rollups exact under late, out-of-order and duplicate points', async () => {
    const { svc } = await fresh();
    const pts = (vals: [number, number][]) =>
      vals.map(([m, v]) => lp('A0002', T0 + m * 60_000, { c0: v })).join('\n');
    await svc.ingestLineProtocol(
      scope,
      pts([
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
      'ms',
    );
    await svc.flush();
    // Late point inside the hour, and an overwrite of minute 1 (last write wins).
    await svc.ingestLineProtocol(
      scope,
      pts([
        [30, 10],
        [1, -5],
      ]),
      'ms',
    );
    await svc.flush();
    await svc.ingestLineProtocol(scope, pts([[1, 7]]), 'ms'); // overwrite again, not compacted
    const q = { asset: 'A0002', channel: 'c0', from: T0, to: T0 + 3_600_000 };
    const raw = await svc.queries.raw(scope, { ...q, limit: 100 });
    expect(raw.points.map((p) => p[1])).toEqual([1, 7, 3, 10]);
    const check = async () => {
      const r = await svc.queries.rollup(scope, { ...q, bucketMs: 3_600_000 });
      expect(r.buckets).toEqual([
        { start: T0, count: 4, sum: 21, min: 1, max: 10, first: 1, last: 10, mean: 5.25 },
      ]);
    };
    await check();
    await svc.flush();
    await check();
    const daily = await svc.queries.rollup(scope, {
      ...q,
      to: T0 + 86_400_000,
      bucketMs: 86_400_000,
    });
    expect(daily.resolution).toBe('1d');
    expect(daily.buckets[0]).toMatchObject({ count: 4, sum: 21 });
  });

  it('matches brute-force rollups after many in-order and out-of-order compactions', async () => {
    const { svc } = await fresh();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const truth = new Map<number, number>();
    let t = T0 - 3 * 3_600_000; // crosses a day boundary
    for (let round = 0; round < 6; round++) {
      const lines: string[] = [];
      for (let i = 0; i < 80; i++) {
        // Mostly forward in time, some steps inside the same minute, every third round late data.
        t += rnd() < 0.2 ? 7_000 : 61_000 + Math.floor(rnd() * 120_000);
        const at = round % 3 === 2 && i % 4 === 0 ? t - 3_600_000 : t;
        const v = Math.round(rnd() * 10_000) / 100;
        truth.set(at, v);
        lines.push(lp('A0001', at, { c0: v }));
      }
      await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
      if (round % 2 === 1) await svc.flush();
    }
    await svc.flush();
    const from = T0 - 86_400_000;
    const to = T0 + 86_400_000;
    const sorted = [...truth].sort((a, b) => a[0] - b[0]);
    const raw = await svc.queries.raw(scope, {
      asset: 'A0001',
      channel: 'c0',
      from,
      to,
      limit: 10_000,
    });
    expect(raw.points).toEqual(sorted);
    for (const size of [60_000, 3_600_000, 86_400_000, 300_000]) {
      const expected = new Map<
        number,
        { count: number; sum: number; min: number; max: number; first: number; last: number }
      >();
      for (const [ts, v] of sorted) {
        const start = ts - (((ts % size) + size) % size);
        const b = expected.get(start);
        if (!b) expected.set(start, { count: 1, sum: v, min: v, max: v, first: v, last: v });
        else {
          b.count++;
          b.sum += v;
          b.min = Math.min(b.min, v);
          b.max = Math.max(b.max, v);
          b.last = v;
        }
      }
      const got = await svc.queries.rollup(scope, {
        asset: 'A0001',
        channel: 'c0',
        from,
        to,
        bucketMs: size,
      });
      expect(got.buckets.map((b) => [b.start, b.count, b.min, b.max, b.first, b.last])).toEqual(
        [...expected].map(([s, b]) => [s, b.count, b.min, b.max, b.first, b.last]),
      );
      got.buckets.forEach((b) => expect(b.sum).toBeCloseTo(expected.get(b.start)!.sum, 6));
    }
  });

  it('streams new points live to matching subscribers only', async () => {
    const { svc } = await fresh();
    const got: unknown[] = [];
    const off = await svc.subscribe(scope, { assets: ['A0001'], channels: ['c0'] }, (p) =>
      got.push(...p),
    );
    const custB: Scope = { tenantId: 'tn_1', customerIds: ['cu_b'] };
    const gotB: unknown[] = [];
    await svc.subscribe(custB, {}, (p) => gotB.push(...p));
    await svc.ingestLineProtocol(
      scope,
      [lp('A0001', T0, { c0: 1, c1: 2 }), lp('A0003', T0, { c0: 3 })].join('\n'),
      'ms',
    );
    expect(got).toEqual([{ assetId: 'as_A0001', channel: 'c0', ts: T0, value: 1 }]);
    expect(gotB).toEqual([{ assetId: 'as_A0003', channel: 'c0', ts: T0, value: 3 }]);
    off();
    await svc.ingestLineProtocol(scope, lp('A0001', T0 + 1, { c0: 5 }), 'ms');
    expect(got).toHaveLength(1);
    await expect(svc.subscribe(custB, { assets: ['A0001'] }, () => {})).rejects.toMatchObject({
      code: 'RONGHE_NOT_FOUND',
    });
  });

  it('acknowledges an MQTT batch before its live feed, then feeds the batches in order, once each', async () => {
    const { svc } = await fresh();
    const fed: number[] = [];
    svc.subscribeColumns('tn_1', (b) => {
      for (let i = 0; i < b.n; i++) fed.push(b.values[i]!);
    });
    const mqtt: Scope = { ...scope, transport: 'mqtt', liveAfterAck: true };
    await svc.ingestLineProtocol(mqtt, lp('A0001', T0, { c0: 1 }), 'ms');
    // Acknowledged (the PUBACK goes out here) before the rules saw the batch (issue 21).
    expect(fed).toEqual([]);
    await svc.ingestLineProtocol(mqtt, lp('A0001', T0 + 1, { c0: 2 }), 'ms');
    // A batch fed at once (HTTP) comes after those stored before it.
    await svc.ingestLineProtocol(scope, lp('A0001', T0 + 2, { c0: 3 }), 'ms');
    expect(fed).toEqual([1, 2, 3]);
    await svc.ingestLineProtocol(mqtt, lp('A0001', T0 + 3, { c0: 4 }), 'ms');
    await new Promise((r) => setImmediate(r));
    expect(fed).toEqual([1, 2, 3, 4]);
    await new Promise((r) => setTimeout(r, 20));
    expect(fed).toEqual([1, 2, 3, 4]);
  });

  it('rejects a batch with any bad line and writes nothing', async () => {
    const { svc } = await fresh();
    const body = [
      lp('A0001', T0, { c0: 1 }),
      'chiller,asset=A0001 c0=NaN 5',
      lp('NOPE', T0, { c0: 1 }),
      lp('A0001', T0, { zz: 1 }),
      'chiller c0=1 7',
    ].join('\n');
    const err = await svc.ingestLineProtocol(scope, body, 'ms').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RONGHE_VALIDATION' });
    const msg = (err as Error).message;
    expect(msg).toMatch(/line 2: .*NaN/);
    expect(msg).toMatch(/line 5: no tag naming the asset \('asset', 'device', 'host'\)/);
    const err2 = await svc
      .ingestLineProtocol(
        scope,
        body
          .split('\n')
          .filter((_, i) => i !== 1 && i !== 4)
          .join('\n'),
        'ms',
      )
      .catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/line 2: unknown asset 'NOPE'.*line 3: channel 'zz'/);
    await svc.flush();
    expect(await svc.queries.latest(scope, { channels: ['c0'] })).toEqual([]);
  });

  it('rejects times in the future and before the accepted past', async () => {
    const h = await t.open();
    const resolver = fleetResolver('tn_1', 1, 1);
    const svc = await createTelemetryService({ db: h.db, resolver, engine: engineOpts });
    open.push({ svc, dispose: h.dispose });
    const future = Date.now() + 2 * 3_600_000;
    await expect(
      svc.ingestLineProtocol(scope, lp('A0001', future, { c0: 1 }), 'ms'),
    ).rejects.toThrow(/future/);
    await expect(svc.ingestLineProtocol(scope, lp('A0001', 5, { c0: 1 }), 'ms')).rejects.toThrow(
      /older/,
    );
    await svc.retention.set('tn_1', 'raw', 86_400_000);
    const old = Date.now() - 2 * 86_400_000;
    await expect(svc.ingestLineProtocol(scope, lp('A0001', old, { c0: 1 }), 'ms')).rejects.toThrow(
      /older/,
    );
    await svc.ingestLineProtocol(scope, 'chiller,asset=A0001 c0=4', 'ms'); // no time: server clock
    const latest = await svc.queries.latest(scope, { assets: ['A0001'], channels: ['c0'] });
    expect(latest[0]!.value).toBe(4);
    expect(Math.abs(latest[0]!.ts - Date.now())).toBeLessThan(60_000);
  });

  it('notes last-seen for points written, not for values computed from them (issue 21)', async () => {
    const h = await t.open();
    const noted: string[][] = [];
    const svc = await createTelemetryService({
      db: h.db,
      resolver: fleetResolver('tn_1', 2, 2),
      engine: engineOpts,
      policy: openTimePolicy,
      onStored: (_scope, ids) => noted.push([...ids]),
    });
    open.push({ svc, dispose: h.dispose });
    await svc.ingestLineProtocol(scope, lp('A0001', T0, { c0: 1 }), 'ms');
    // A derived value written back, as monitoring's write-back does (main.ts).
    const derived = (s: Scope) =>
      svc.ingestColumns(
        s,
        {
          assetKey: ['A0002'],
          ts: Float64Array.of(T0),
          fieldStart: Uint32Array.of(0, 1),
          rowKeys: [['c1']],
          fieldValue: Float64Array.of(2),
          finite: true,
          label: (i) => `row ${i}`,
        },
        'derived',
        true,
      );
    expect((await derived({ ...scope, computed: true })).points).toBe(1);
    expect(noted).toEqual([['as_A0001']]);
    await derived(scope);
    expect(noted).toEqual([['as_A0001'], ['as_A0002']]);
  });

  it('replays acknowledged but uncompacted points after a crash', async () => {
    const h = await t.open();
    open.push({ dispose: h.dispose });
    const a = await start(h.db);
    await a.ingestLineProtocol(
      scope,
      [lp('A0001', T0, { c0: 1.5 }), lp('A0003', T0 + 1, { c1: 2.25 })].join('\n'),
      'ms',
    );
    await a.flush();
    await a.ingestLineProtocol(scope, lp('A0001', T0 + 60_000, { c0: 3.5 }), 'ms');
    // No close(): the second batch lives only in the ingest log, as after kill -9.
    const b = await start(h.db);
    open.push({ svc: b });
    const raw = await b.queries.raw(scope, {
      asset: 'A0001',
      channel: 'c0',
      from: T0,
      to: T0 + 86_400_000,
      limit: 10,
    });
    expect(raw.points).toEqual([
      [T0, 1.5],
      [T0 + 60_000, 3.5],
    ]);
    const latest = await b.queries.latest(scope, { channels: ['c0', 'c1'] });
    expect(latest.map((l) => [l.assetId, l.channel, l.value]).sort()).toEqual([
      ['as_A0001', 'c0', 3.5],
      ['as_A0003', 'c1', 2.25],
    ]);
    // New series after the restart get fresh ids (no clash with replayed ones).
    const r = await b.ingestLineProtocol(scope, lp('A0004', T0, { c2: 9 }), 'ms');
    expect(r.createdSeries).toBe(1);
    await b.flush();
  });

  it('aggregates the fleet grouped by asset, model and customer, within the scope', async () => {
    const { svc } = await fresh();
    const lines: string[] = [];
    for (let a = 0; a < 4; a++) {
      for (let m = 0; m < 10; m++)
        lines.push(lp(`A000${a + 1}`, T0 + m * 60_000, { c0: a * 100 + m }));
    }
    await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
    await svc.flush();
    const q = { channel: 'c0', from: T0, to: T0 + 600_000, limit: 10, offset: 0 };
    const byAsset = await svc.queries.fleet(scope, { ...q, groupBy: 'asset' });
    expect(byAsset.groups.map((g) => [g.key, g.buckets[0]!.max])).toEqual([
      ['as_A0001', 9],
      ['as_A0002', 109],
      ['as_A0003', 209],
      ['as_A0004', 309],
    ]);
    const byModel = await svc.queries.fleet(scope, { ...q, groupBy: 'model' });
    expect(byModel.groups.map((g) => [g.key, g.buckets[0]!.count, g.buckets[0]!.max])).toEqual([
      ['am_even', 20, 209],
      ['am_odd', 20, 309],
    ]);
    const fiveMin = await svc.queries.fleet(scope, { ...q, groupBy: 'none', bucketMs: 300_000 });
    expect(fiveMin.groups[0]!.buckets.map((b) => b.max)).toEqual([304, 309]);
    const custB: Scope = { tenantId: 'tn_1', customerIds: ['cu_b'] };
    const scoped = await svc.queries.fleet(custB, { ...q, groupBy: 'customer' });
    expect(scoped.groups.map((g) => g.key)).toEqual(['cu_b']);
    await expect(
      svc.queries.raw(custB, { asset: 'A0001', channel: 'c0', from: T0, to: T0 + 1, limit: 1 }),
    ).rejects.toMatchObject({ code: 'RONGHE_NOT_FOUND' });
    const page = await svc.queries.fleet(scope, { ...q, groupBy: 'asset', limit: 2, offset: 2 });
    expect([page.total, page.groups.map((g) => g.key)]).toEqual([4, ['as_A0003', 'as_A0004']]);
  });

  it('pushes back with 429 when the buffer is full, and a device writes only its asset', async () => {
    const { svc } = await fresh({ ...engineOpts, maxBufferedPoints: 5 });
    await svc.ingestLineProtocol(
      scope,
      [0, 1, 2, 3, 4].map((i) => lp('A0001', T0 + i, { c0: i })).join('\n'),
      'ms',
    );
    await expect(
      svc.ingestLineProtocol(scope, lp('A0001', T0 + 9, { c0: 1 }), 'ms'),
    ).rejects.toMatchObject({ code: 'RONGHE_TOO_MANY_REQUESTS' });
    await svc.flush();
    const device: Scope = { ...scope, deviceAssetId: 'as_A0002' };
    await expect(
      svc.ingestLineProtocol(device, lp('A0001', T0, { c0: 1 }), 'ms'),
    ).rejects.toMatchObject({ code: 'RONGHE_FORBIDDEN' });
    await svc.ingestLineProtocol(device, lp('A0002', T0, { c0: 1 }), 'ms');
  });
});
