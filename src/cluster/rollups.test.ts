// The owners' rollups (migration 042, rollups.ts) on real PostgreSQL: after batches with new
// points, points delivered again, points rewritten with another value and points arriving out
// of order, every minute and hour row equals the aggregate computed from the raw rows.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import type { ClusterTables } from '../storage/cluster-schema.ts';
import { storeMessages } from './point-store.ts';
import { HOUR_MS, MINUTE_MS } from './rollups.ts';

const pg = testDatabases.find((t) => t.dialect === 'postgres');
if (!pg) console.warn('cluster rollups test skipped: RONGHE_TEST_PG_URL is not set');

const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

/** Every rollup row, and the same aggregates computed here from the raw rows. */
async function both(db: Db, size: number) {
  const k = db.kysely.withTables<ClusterTables>();
  const raw = await k.selectFrom('cluster_points').selectAll().orderBy('ts').execute();
  const want = new Map<string, Record<string, number>>();
  for (const p of raw) {
    const ts = Number(p.ts);
    const start = ts - (((ts % size) + size) % size);
    const key = `${p.tenant_id}/${p.asset_id}/${p.channel}/${start}`;
    const b = want.get(key);
    if (!b)
      want.set(key, {
        count: 1,
        sum: p.value,
        min: p.value,
        max: p.value,
        first_ts: ts,
        first: p.value,
        last_ts: ts,
        last: p.value,
      });
    else
      Object.assign(b, {
        count: b.count! + 1,
        sum: b.sum! + p.value,
        min: Math.min(b.min!, p.value),
        max: Math.max(b.max!, p.value),
        last_ts: ts,
        last: p.value,
      });
  }
  const rows = await k
    .selectFrom('cluster_rollups')
    .selectAll()
    .where('size_ms', '=', size)
    .execute();
  const got = new Map<string, Record<string, number>>();
  for (const r of rows)
    got.set(`${r.tenant_id}/${r.asset_id}/${r.channel}/${Number(r.start)}`, {
      count: Number(r.count),
      sum: r.sum,
      min: r.min,
      max: r.max,
      first_ts: Number(r.first_ts),
      first: r.first,
      last_ts: Number(r.last_ts),
      last: r.last,
    });
  return { got, want };
}

describe.skipIf(!pg)('cluster rollups [postgres]', () => {
  it('equal the raw aggregates after new, redelivered, rewritten and late points', async () => {
    const { db, dispose } = await pg!.open();
    try {
      // Deterministic pseudo-random stream: 3 series, points every 7 s over 3 h, in batches
      // that overlap (redelivery), rewrite some values, and send an early hour late.
      let seed = 42;
      const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 100;
      const series = [
        ['a1', 'temp'],
        ['a1', 'flow'],
        ['a2', 'temp'],
      ] as const;
      const points = (from: number, to: number, shift = 0) =>
        series.flatMap(([assetId, channel]) => {
          const out = [];
          for (let t = from; t < to; t += 7_000)
            out.push({
              assetId,
              channel,
              ts: t,
              value: Math.round(rnd() * 4) / 4 + shift,
              customerId: null,
            });
          return out;
        });
      const batches = [
        points(T0 + HOUR_MS, T0 + 2 * HOUR_MS),
        points(T0 + HOUR_MS + 30 * MINUTE_MS, T0 + 3 * HOUR_MS), // overlaps the first: rewritten
        points(T0, T0 + HOUR_MS), // an hour before: late
      ];
      for (const p of batches) await storeMessages(db, [{ tenantId: 't1', points: p }]);
      // The last batch delivered again, unchanged: nothing may count twice.
      await storeMessages(db, [{ tenantId: 't1', points: batches[2]! }]);
      // One series' point rewritten with another value, the batch's own duplicate after it.
      const one = { assetId: 'a2', channel: 'temp', ts: T0 + 7_000, customerId: null };
      await storeMessages(db, [
        { tenantId: 't1', points: [{ ...one, value: -500 }] },
        { tenantId: 't1', points: [{ ...one, value: 900 }] },
      ]);
      // Another tenant's same series is its own.
      await storeMessages(db, [{ tenantId: 't2', points: points(T0, T0 + 600_000, 1) }]);
      for (const size of [MINUTE_MS, HOUR_MS]) {
        const { got, want } = await both(db, size);
        expect(got.size).toBe(want.size);
        expect(want.size).toBeGreaterThan(size === HOUR_MS ? 9 : 500);
        for (const [key, w] of want) {
          const g = got.get(key);
          expect(g, key).toBeDefined();
          // Values are quarters, so every sum is exact in binary floating point.
          expect(g, key).toEqual(w);
        }
      }
      const { got } = await both(db, HOUR_MS);
      expect(got.get(`t1/a2/temp/${T0}`)?.max).toBe(900);
    } finally {
      await dispose();
    }
  });
});
