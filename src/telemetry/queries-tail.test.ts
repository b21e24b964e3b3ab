import { afterEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { createTelemetryService, type Scope, type TelemetryService } from './index.ts';
import { fleetResolver, manualEngine, openTimePolicy } from './test-support.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Recent data (the tail serves only ranges of the last day), on whole hours.
const B = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const scope: Scope = { tenantId: 'tn_1', customerIds: null };
const engineOpts = manualEngine;
const policy = openTimePolicy;
const assets = ['A0001', 'A0002', 'A0003', 'A0004'];

/** What every query must see: per asset, time → value, last write wins. */
type Model = Map<string, Map<number, number>>;

function lines(model: Model, points: [string, number, number][]): string {
  for (const [a, t, v] of points) {
    let m = model.get(a);
    if (!m) model.set(a, (m = new Map()));
    m.set(t, v);
  }
  return points.map(([a, t, v]) => `chiller,asset=${a} c0=${v} ${t}`).join('\n');
}

const value = (a: number, m: number) => Math.round((a * 10 + Math.sin(m / 9) * 3) * 100) / 100;

/** Sums may differ in the last bits between stored rollups and raw points. */
function rounded<T>(x: T): T {
  return JSON.parse(
    JSON.stringify(x, (k, v: unknown) =>
      (k === 'sum' || k === 'mean') && typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v,
    ),
  ) as T;
}

describeEachDatabase('queries over the recent tail', (t) => {
  const open: { svc?: TelemetryService; dispose?: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) {
      await o.svc?.close();
      await o.dispose?.();
    }
  });

  /** `crash`: never closed, as after kill -9 (its heads live on only in the ingest log). */
  async function start(db: Db, crash = false) {
    const resolver = fleetResolver('tn_1', 4, 3, (i) => (i < 2 ? 'cu_a' : 'cu_b'));
    const svc = await createTelemetryService({ db, resolver, engine: engineOpts, policy });
    if (!crash) open.push({ svc });
    return svc;
  }

  /** Every query shape, with the tail on and off: the answers must agree and match the model. */
  /** `tailFrom`: a time every series' tail is known to cover. */
  async function check(svc: TelemetryService, model: Model, tailFrom?: number) {
    const ranges = [
      [B, B + 90 * MIN],
      [B + 7 * MIN, B + 61 * MIN],
      [B - 3 * HOUR, B + 90 * MIN], // before the tail's coverage: the chunk path
      [B - 2 * HOUR, B + 2 * HOUR], // whole hours before the raw points: the hourly ring
    ] as const;
    const run = async () => {
      const out: unknown[] = [];
      for (const [from, to] of ranges) {
        for (const asset of ['A0001', 'A0004']) {
          const raw = await svc.queries.raw(scope, { asset, channel: 'c0', from, to, limit: 1e5 });
          const expected = [...(model.get(asset) ?? [])]
            .filter(([ts]) => ts >= from && ts < to)
            .sort((x, y) => x[0] - y[0]);
          expect(raw.points).toEqual(expected);
          out.push(raw);
          for (const bucketMs of [5 * MIN, HOUR, undefined]) {
            const q = { asset, channel: 'c0', from, to, ...(bucketMs ? { bucketMs } : {}) };
            out.push(await svc.queries.rollup(scope, q));
          }
        }
        for (const groupBy of ['asset', 'model', 'customer', 'none'] as const) {
          for (const bucketMs of [5 * MIN, HOUR, undefined]) {
            const q = { channel: 'c0', from, to, groupBy, limit: 100, offset: 0 };
            out.push(await svc.queries.fleet(scope, { ...q, ...(bucketMs ? { bucketMs } : {}) }));
          }
        }
        const custB: Scope = { tenantId: 'tn_1', customerIds: ['cu_b'] };
        const byAsset = await svc.queries.fleet(custB, {
          channel: 'c0',
          from,
          to,
          groupBy: 'asset',
          limit: 100,
          offset: 0,
        });
        expect(byAsset.groups.map((g) => [g.key, g.buckets[0]!.max])).toEqual(
          ['A0003', 'A0004'].map((a) => {
            const vs = [...model.get(a)!].filter(([ts]) => ts >= from && ts < to);
            return [`as_${a}`, Math.max(...vs.map(([, v]) => v))];
          }),
        );
        out.push(byAsset);
      }
      return out;
    };
    const fold = vi.spyOn(svc.engine.tail, 'fold');
    const slice = vi.spyOn(svc.engine.tail, 'slice');
    const withTail = await run();
    expect(fold.mock.calls.length + slice.mock.calls.length).toBeGreaterThan(0);
    fold.mockRestore();
    slice.mockRestore();
    for (const s of tailFrom === undefined ? [] : svc.engine.registry.ofTenant('tn_1')) {
      expect(svc.engine.tail.covers(s.id, tailFrom!)).toBe(true);
    }
    svc.engine.tail.enabled = false;
    const fromStore = await run();
    svc.engine.tail.enabled = true;
    expect(rounded(withTail)).toEqual(rounded(fromStore));
  }

  it('answers exactly as the chunk path: in order, late, duplicate, before and after compaction', async () => {
    const h = await t.open();
    open.push({ dispose: h.dispose });
    const svc = await start(h.db);
    const model: Model = new Map();
    // Three and a half hours of one point a minute, compacted in two parts.
    const pts = (m0: number, m1: number) =>
      assets.flatMap((a, i) =>
        Array.from({ length: m1 - m0 }, (_, k) => {
          const m = m0 + k;
          return [a, B + m * MIN, value(i, m)] as [string, number, number];
        }),
      );
    // Raw points kept 75 minutes behind the newest (it holds the newest hour whole): the hours
    // before come from the hourly ring.
    svc.engine.tail.options.spanMs = 75 * MIN;
    await svc.ingestLineProtocol(scope, lines(model, pts(-120, 0)), 'ms');
    await svc.flush();
    await svc.ingestLineProtocol(scope, lines(model, pts(0, 90)), 'ms');
    await check(svc, model); // the tail holds the first part, the active heads the second
    await svc.flush();
    await check(svc, model); // the tail has taken both
    const a1 = svc.engine.registry.get('tn_1', 'as_A0001', 'c0')!.id;
    const hours = { from: B - 2 * HOUR, to: B + 2 * HOUR, size: HOUR, origin: 0 };
    expect(svc.engine.tail.covers(a1, hours.from)).toBe(false);
    expect(svc.engine.tail.coversBuckets(a1, hours)).toBe(true);
    // Late points inside the coverage, a duplicate time (last write wins), an overwrite within
    // one batch, and a late point older than the raw points (stored, not kept in the tail).
    const late: [string, number, number][] = [
      ['A0001', B + 85 * MIN + 30_000, 99.5],
      ['A0001', B + 45 * MIN, -7.25],
      ['A0004', B + 88 * MIN, 1.5],
      ['A0004', B + 88 * MIN, 2.5],
      ['A0002', B - 2 * HOUR + 30_000, 55],
    ];
    await svc.ingestLineProtocol(scope, lines(model, late), 'ms');
    await check(svc, model); // late points in the active heads
    await svc.flush();
    await check(svc, model); // taken by the tail
    // A0002's hour B − 2 h got a point older than the raw points: read from the store now.
    const a2 = svc.engine.registry.get('tn_1', 'as_A0002', 'c0')!.id;
    expect(svc.engine.tail.coversBuckets(a2, hours)).toBe(false);
    expect(svc.engine.tail.coversBuckets(a1, hours)).toBe(true);
    expect(svc.engine.tail.coversBuckets(a2, { ...hours, from: B - HOUR })).toBe(true);
  });

  it('is seeded at start from the newest chunks and the ingest log', async () => {
    const h = await t.open();
    open.push({ dispose: h.dispose });
    const a = await start(h.db, true);
    const model: Model = new Map();
    const pts = assets.flatMap((asset, i) =>
      Array.from({ length: 100 }, (_, m) => [asset, B + m * MIN, value(i, m)]),
    ) as [string, number, number][];
    await a.ingestLineProtocol(scope, lines(model, pts.slice(0, 300)), 'ms');
    await a.flush();
    // Uncompacted at the restart: replayed from the log into heads and tail.
    await a.ingestLineProtocol(scope, lines(model, pts.slice(300)), 'ms');
    await a.ingestLineProtocol(scope, lines(model, [['A0001', B + 5 * MIN, 42]]), 'ms');
    const b = await start(h.db);
    const sid = b.engine.registry.get('tn_1', 'as_A0001', 'c0')!.id;
    // A0001's 100 minutes were all in the first 300 points, in one chunk per day window: the
    // newest chunk starts at B, or at midnight when the 100 minutes cross one.
    const covered = Math.max(B, Math.floor((B + 99 * MIN) / DAY) * DAY);
    expect(b.engine.tail.coveredFrom(sid)).toBe(covered);
    const raw = await b.queries.raw(scope, {
      asset: 'A0001',
      channel: 'c0',
      from: B,
      to: B + HOUR,
      limit: 1000,
    });
    expect(raw.points.length).toBe(60);
    expect(raw.points[5]).toEqual([B + 5 * MIN, 42]);
    await check(b, model, covered);
    await b.flush();
    await check(b, model, covered);
  });
});
