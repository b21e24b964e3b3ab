// A restart loads what the engine keeps per series from the store (engine/startup.ts, issue 21):
// series ids, latest values and the compaction state without decoding chunks (their last value is
// a column, migration 043), the recent tail seeded only while the newest chunks fit its budget.
// After a clean stop and a start, every series keeps its id and its latest value, and every
// query answers as before, on each path the start can take.
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { newestSpans } from './engine/store.ts';
import { createTelemetryService, type Scope, type TelemetryService } from './index.ts';
import { fleetResolver, manualEngine, openTimePolicy } from './test-support.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * Three hours back, and the test's 170 minutes inside one UTC day: the store seals a series' day
 * into one chunk and a restart seeds the tail from the newest chunks, so points across midnight
 * would seed only the new day's (covered from midnight, not two hours back). Run between 01:00
 * and 03:00 UTC, three hours back crossed midnight and both tail checks failed.
 */
const B = ((b: number) => {
  const midnight = Math.floor(b / DAY) * DAY + DAY;
  return b + 170 * MIN > midnight ? midnight - 3 * HOUR : b;
})(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR);
const scope: Scope = { tenantId: 'tn_1', customerIds: null };
const ASSETS = 4;
const CHANNELS = ['c0', 'c1', 'c2'];

const lines = (from: number, minutes: number) =>
  Array.from({ length: ASSETS }, (_, a) =>
    Array.from({ length: minutes }, (_, m) => {
      const fields = CHANNELS.map(
        (c, k) => `${c}=${(a * 100 + k * 10 + Math.sin(m / 7)).toFixed(3)}`,
      );
      return `chiller,asset=A${String(a + 1).padStart(4, '0')} ${fields.join(',')} ${from + m * MIN}`;
    }),
  )
    .flat()
    .join('\n');

describeEachDatabase('restart', (t) => {
  const open: TelemetryService[] = [];
  afterEach(async () => {
    for (const s of open.splice(0).reverse()) await s.close();
  });

  async function start(db: Db, tailBudget?: number) {
    const resolver = fleetResolver('tn_1', ASSETS, CHANNELS.length, () => 'cu_a');
    const svc = await createTelemetryService({
      db,
      resolver,
      engine: { ...manualEngine, ...(tailBudget ? { tail: { budget: tailBudget } } : {}) },
      policy: openTimePolicy,
    });
    open.push(svc);
    return svc;
  }

  /** Series ids, latest values and the answers of a raw and a bucketed query per series. */
  async function state(svc: TelemetryService) {
    const out: unknown[] = [];
    for (const s of [...svc.engine.registry.ofTenant('tn_1')].sort((x, y) => x.id - y.id)) {
      const asset = s.assetId.replace('as_', '');
      const q = { asset, channel: s.channel, from: B - HOUR, to: B + 4 * HOUR };
      out.push([s.id, s.assetId, s.channel, svc.engine.registry.latestOf(s.id)]);
      out.push((await svc.queries.raw(scope, { ...q, limit: 1e5 })).points);
      out.push((await svc.queries.rollup(scope, { ...q, bucketMs: 10 * MIN })).buckets);
    }
    out.push(await svc.queries.latest(scope, { channels: CHANNELS }));
    return out;
  }

  async function stored(db: Db) {
    const a = await start(db);
    await a.ingestLineProtocol(scope, lines(B, 150), 'ms');
    await a.flush();
    const before = await state(a);
    await a.close();
    open.splice(open.indexOf(a), 1);
    return before;
  }

  it('keeps ids, latest values and answers when the tail is seeded (newest chunks fit)', async () => {
    const h = await t.open();
    try {
      const before = await stored(h.db);
      const b = await start(h.db);
      expect(await state(b)).toEqual(before);
      const s = b.engine.registry.get('tn_1', 'as_A0001', 'c0')!;
      // Seeded: the tail holds its span (two hours) behind the newest stored point.
      expect(b.engine.tail.coveredFrom(s.id)).toBe(B + 149 * MIN - 2 * HOUR);
    } finally {
      await h.dispose();
    }
  });

  it('covers each series from after its stored points when they exceed the tail budget', async () => {
    const h = await t.open();
    try {
      const before = await stored(h.db);
      // 12 series × 150 points: over three quarters of a budget of 1,000 points.
      const b = await start(h.db, 1000);
      expect(await state(b)).toEqual(before);
      const s = b.engine.registry.get('tn_1', 'as_A0001', 'c0')!;
      const last = B + 149 * MIN;
      expect(b.engine.tail.coveredFrom(s.id)).toBeGreaterThan(last);
      expect(b.engine.tail.coveredFrom(s.id)).toBeLessThan(last + 1);
      // New points after the restart are served, from the tail and the store alike.
      await b.ingestLineProtocol(scope, lines(B + 150 * MIN, 20), 'ms');
      const q = { asset: 'A0001', channel: 'c0', from: B + 140 * MIN, to: B + 4 * HOUR };
      const raw = await b.queries.raw(scope, { ...q, limit: 1e5 });
      expect(raw.points.length).toBe(30);
      b.engine.tail.enabled = false;
      expect((await b.queries.raw(scope, { ...q, limit: 1e5 })).points).toEqual(raw.points);
      b.engine.tail.enabled = true;
      await b.flush();
      expect((await b.queries.raw(scope, { ...q, limit: 1e5 })).points).toEqual(raw.points);
    } finally {
      await h.dispose();
    }
  });

  it('decodes the newest chunks stored before their last value was a column', async () => {
    const h = await t.open();
    try {
      const before = await stored(h.db);
      await h.db.kysely.updateTable('telemetry_chunks').set({ last_value: null }).execute();
      const b = await start(h.db, 1000);
      expect(await state(b)).toEqual(before);
    } finally {
      await h.dispose();
    }
  });

  it("finds each series' newest chunk page by page, over several chunks a series", async () => {
    const h = await t.open();
    try {
      // Two day windows: each series has an older chunk (a day earlier) and a newer one.
      const a = await start(h.db);
      await a.ingestLineProtocol(scope, lines(B - 26 * HOUR, 30), 'ms');
      await a.flush();
      await a.ingestLineProtocol(scope, lines(B, 40), 'ms');
      await a.flush();
      const chunks = await h.db.kysely
        .selectFrom('telemetry_chunks')
        .select(['series_id', 'window_start', 'min_ts', 'max_ts', 'points', 'last_value'])
        .execute();
      const newest = new Map<number, (typeof chunks)[number]>();
      for (const c of chunks) {
        const had = newest.get(Number(c.series_id));
        if (!had || Number(c.max_ts) > Number(had.max_ts)) newest.set(Number(c.series_id), c);
      }
      expect(chunks.length).toBeGreaterThanOrEqual(2 * newest.size);
      const want = [...newest.values()]
        .map((c) => ({
          series_id: Number(c.series_id),
          window_start: Number(c.window_start),
          min_ts: Number(c.min_ts),
          max_ts: Number(c.max_ts),
          points: Number(c.points),
          last_value: c.last_value === null ? null : Number(c.last_value),
        }))
        .sort((x, y) => x.series_id - y.series_id);
      expect(want.length).toBe(ASSETS * CHANNELS.length);
      expect(want.every((w) => w.max_ts === B + 39 * MIN)).toBe(true);
      // Pages of 5 series ids: the 12 series span three pages.
      expect(await newestSpans(h.db, 5)).toEqual(want);
      expect(await newestSpans(h.db)).toEqual(want);
    } finally {
      await h.dispose();
    }
  });
});
