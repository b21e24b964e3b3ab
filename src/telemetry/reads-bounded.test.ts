// Issue 15, finding 4: reads stream or page with bounded memory. A raw page decodes only the
// chunks it returns (plus one), an export yields its rows slice by slice with the event loop
// turning in between, and JSON reads that would pass the point budget or the time limit are
// refused with RONGHE_QUERY_TOO_LARGE.
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { RongheError } from '../kernel/index.ts';
import { readStats } from './engine/reader.ts';
import { createTelemetryService, type TelemetryService } from './index.ts';
import { lp, scope, T0 } from './service-harness.ts';
import { fleetResolver, manualEngine, openTimePolicy } from './test-support.ts';
import type { TelemetryLimits } from './types.ts';

const DAY = 86_400_000;
const STEP = 10_000; // 8,640 points a day
const DAYS = 5;

describeEachDatabase('bounded telemetry reads', (t) => {
  const opened: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of opened.splice(0)) await close();
  });

  /** One series of DAYS days at STEP, compacted into day chunks, and one more point. */
  async function open(limits: Partial<TelemetryLimits> = {}) {
    const h = await t.open();
    const resolver = fleetResolver('tn_1', 2, 1);
    const svc = await createTelemetryService({
      db: h.db,
      resolver,
      engine: manualEngine,
      policy: openTimePolicy,
      limits,
    });
    opened.push(async () => {
      await svc.close();
      await h.dispose();
    });
    const lines: string[] = [];
    for (let t = T0; t < T0 + DAYS * DAY; t += STEP)
      lines.push(lp('A0001', t, { c0: (t / STEP) % 1000 }));
    await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
    await svc.flush();
    await svc.ingestLineProtocol(scope, lp('A0001', T0 + DAYS * DAY, { c0: 1 }), 'ms');
    await svc.flush();
    return svc;
  }
  const total = DAYS * (DAY / STEP) + 1;
  const q = { asset: 'A0001', channel: 'c0', from: T0, to: T0 + 10 * DAY };

  it('reads one page of a raw query without decoding the rest of the range', async () => {
    const svc = await open();
    const stored = await svc.db.kysely
      .selectFrom('telemetry_chunks')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBeGreaterThanOrEqual(DAYS);
    const before = readStats.chunkRows;
    const page = await svc.queries.raw(scope, { ...q, limit: 1 });
    expect(page.points).toEqual([[T0, (T0 / STEP) % 1000]]);
    expect(page.next).toBe(T0 + STEP);
    expect(readStats.chunkRows - before).toBeLessThanOrEqual(2);
    // Following `next` page by page gives every point once, in order.
    const all: [number, number][] = [];
    let from: number | undefined = T0;
    let pages = 0;
    while (from !== undefined) {
      const p = await svc.queries.raw(scope, { ...q, from, limit: 10_000 });
      all.push(...p.points);
      from = p.next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(total / 10_000));
    expect(all.length).toBe(total);
    for (let i = 1; i < all.length; i++) expect(all[i]![0]).toBeGreaterThan(all[i - 1]![0]);
  });

  it('exports in slices, turning the event loop between them', async () => {
    const svc = await open();
    let turns = 0;
    let on = true;
    const tick = () => {
      turns++;
      if (on) setImmediate(tick);
    };
    setImmediate(tick);
    const parts: string[] = [];
    for await (const part of svc.queries.csv(scope, { ...q, assets: ['A0001'], channels: ['c0'] }))
      parts.push(part);
    on = false;
    const lines = parts.join('').trimEnd().split('\n');
    expect(lines.length).toBe(total + 1);
    expect(lines[1]).toBe(`A0001,c0,${new Date(T0).toISOString()},${T0},${(T0 / STEP) % 1000}`);
    // A whole series is never one string: slices of at most 16,384 rows plus one stored chunk.
    const rows = parts.slice(1).map((p) => p.split('\n').length - 1);
    expect(parts.length).toBeGreaterThanOrEqual(1 + Math.ceil(total / 20_000));
    expect(Math.max(...rows)).toBeLessThanOrEqual(16_384 + 8_640);
    expect(turns).toBeGreaterThanOrEqual(parts.length - 1);
  });

  it('refuses a JSON read past the point budget with RONGHE_QUERY_TOO_LARGE', async () => {
    const svc = await open({ maxQueryPoints: 10_000 });
    // Not aligned to a stored resolution: the rollup must read raw points.
    const raw = { ...q, from: T0 + 1, bucketMs: 3_600_000 };
    const e = await svc.queries.rollup(scope, raw).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RongheError);
    expect((e as RongheError).code).toBe('RONGHE_QUERY_TOO_LARGE');
    expect((e as RongheError).status).toBe(400);
    expect((e as RongheError).message).toMatch(/10000 points/);
    const f = await svc.queries
      .fleet(scope, {
        channel: 'c0',
        from: T0 + 1,
        to: q.to,
        groupBy: 'none',
        limit: 10,
        offset: 0,
      })
      .catch((x: unknown) => x);
    expect((f as RongheError).code).toBe('RONGHE_QUERY_TOO_LARGE');
    // Stored rollups answer the aligned range within the budget.
    const ok = await svc.queries.rollup(scope, { ...q, bucketMs: DAY });
    expect(ok.buckets.reduce((n, b) => n + b.count, 0)).toBe(total);
    // Within a day's budget the raw path answers and agrees with the rollups.
    const day = await svc.queries.rollup(scope, {
      ...q,
      from: T0 + 1,
      to: T0 + DAY,
      bucketMs: DAY,
    });
    expect(day.buckets[0]!.count).toBe(DAY / STEP - 1);
  });

  it('serves 5-minute buckets of a fleet reporting once a minute from its chunks, as minute rollups', async () => {
    // Issue 21, q3 at a million series: one point a minute stores no 1m rollup rows (the chunk
    // is the minute rollup), and the last hour of 1 M series is 60 M points — refused by the
    // raw-read budget before, though reading it costs no more than reading minute rollups.
    const h = await t.open();
    const assets = 30;
    const svc = await createTelemetryService({
      db: h.db,
      resolver: fleetResolver('tn_1', assets, 1),
      engine: manualEngine,
      policy: openTimePolicy,
      limits: { maxQueryPoints: 1_000, querySlicePoints: 200 },
    });
    opened.push(async () => {
      await svc.close();
      await h.dispose();
    });
    const MIN = 60_000;
    const lines: string[] = [];
    for (let a = 1; a <= assets; a++)
      for (let m = 0; m < 120; m++)
        lines.push(lp(`A${String(a).padStart(4, '0')}`, T0 + m * MIN + a, { c0: a }));
    await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
    await svc.flush();
    const slices = readStats.slices;
    const fleet = (groupBy: 'none' | 'asset') =>
      svc.queries.fleet(scope, {
        channel: 'c0',
        from: T0,
        to: T0 + 120 * MIN,
        bucketMs: 5 * MIN,
        groupBy,
        limit: 100,
        offset: 0,
      });
    const all = await fleet('none');
    expect(all.resolution).toBe('1m');
    expect(all.groups[0]!.buckets.length).toBe(24);
    for (const b of all.groups[0]!.buckets) {
      expect(b.count).toBe(assets * 5);
      expect(b.sum).toBe((5 * assets * (assets + 1)) / 2);
    }
    const byAsset = await fleet('asset');
    expect(byAsset.total).toBe(assets);
    for (const g of byAsset.groups)
      expect(g.buckets.map((b) => b.count)).toEqual(Array(24).fill(5));
    // Many series a read, not one read (and slice) a series.
    expect(readStats.slices).toBe(slices);
    // A range not aligned to minutes still reads raw points, within the budget only.
    const e = await svc.queries
      .fleet(scope, {
        channel: 'c0',
        from: T0 + 1,
        to: T0 + 120 * MIN,
        bucketMs: 5 * MIN,
        groupBy: 'none',
        limit: 10,
        offset: 0,
      })
      .catch((x: unknown) => x);
    expect((e as RongheError).code).toBe('RONGHE_QUERY_TOO_LARGE');
  });

  it('folds a long raw-path rollup in slices with the same result as one read', async () => {
    const svc: TelemetryService = await open({ querySlicePoints: 10_000 });
    const spec = { ...q, from: T0 + 1, bucketMs: 3_600_000 };
    const before = readStats.slices;
    const r = await svc.queries.rollup(scope, spec);
    expect(readStats.slices - before).toBeGreaterThan(1);
    expect(r.buckets.reduce((n, b) => n + b.count, 0)).toBe(total - 1);
    expect(r.buckets.length).toBe(DAYS * 24 + 1);
    for (const b of r.buckets.slice(1, -1)) expect(b.count).toBe(360);
  });

  it('stops a read that passes the time limit', async () => {
    const svc = await open({ queryTimeoutMs: 0 });
    const raw = await svc.queries.raw(scope, { ...q, limit: 100_000 }).catch((x: unknown) => x);
    expect((raw as RongheError).code).toBe('RONGHE_QUERY_TOO_LARGE');
    expect((raw as RongheError).message).toMatch(/time limit/);
    const csv = async () => {
      for await (const _ of svc.queries.csv(scope, { ...q, assets: ['A0001'], channels: ['c0'] }));
    };
    await expect(csv()).rejects.toThrow(/time limit/);
  });
});
