// Cluster mode's query surface (queries.ts) over the owners' rollups on real PostgreSQL: rollup
// and fleet answers — hour and minute rollups with raw edges, sizes no rollup fits, a single
// fleet bucket, calendar days in two time zones — equal the buckets computed here from the
// raw points, after redelivered and rewritten batches.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import {
  calendarRollup,
  type AssetLookup,
  type Bucket,
  type SinkPoint,
} from '../telemetry/index.ts';
import { storeMessages } from './point-store.ts';
import { clusterQueries } from './queries.ts';
import { HOUR_MS, MINUTE_MS } from './rollups.ts';
import { insertFleet } from './test-fleet.ts';

const pg = testDatabases.find((t) => t.dialect === 'postgres');
if (!pg) console.warn('cluster queries test skipped: RONGHE_TEST_PG_URL is not set');

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const scope = { tenantId: 't1', customerIds: null };
const assetFor = ((_s, key) => Promise.resolve({ assetId: key })) as AssetLookup;

/** The engine's bucket rule over raw points: start = origin + ⌊(t − origin) / size⌋ · size. */
function reference(
  points: { ts: number; value: number }[],
  s: { from: number; to: number; size: number; origin: number },
): Bucket[] {
  const out = new Map<number, Bucket>();
  for (const p of [...points].sort((a, b) => a.ts - b.ts)) {
    if (p.ts < s.from || p.ts >= s.to) continue;
    const start = s.origin + Math.floor((p.ts - s.origin) / s.size) * s.size;
    const b = out.get(start);
    if (!b)
      out.set(start, {
        start,
        count: 1,
        sum: p.value,
        min: p.value,
        max: p.value,
        first: p.value,
        last: p.value,
      });
    else
      Object.assign(b, {
        count: b.count + 1,
        sum: b.sum + p.value,
        min: Math.min(b.min, p.value),
        max: Math.max(b.max, p.value),
        last: p.value,
      });
  }
  return [...out.values()].map((b) => ({ ...b, mean: b.sum / b.count }));
}

describe.skipIf(!pg)('cluster queries over rollups [postgres]', () => {
  it('answer as the raw points do, for every bucket shape', async () => {
    const { db, dispose } = await pg!.open();
    try {
      await insertFleet(db, 't1', [{ id: 'a1' }, { id: 'a2' }]);
      // Two assets, a point every 37 s for 26 h (2 s apart), values in quarters (exact sums).
      const truth = new Map<string, Map<number, number>>([
        ['a1', new Map()],
        ['a2', new Map()],
      ]);
      const batch: SinkPoint[] = [];
      let i = 0;
      for (let t = T0 + 5_000; t < T0 + 26 * HOUR_MS; t += 37_000)
        for (const [k, assetId] of ['a1', 'a2'].entries())
          batch.push({
            assetId,
            channel: 'c',
            ts: t + k * 2_000, // no two assets at one time: first and last are well defined
            value: ((i++ * 7919) % 400) / 4,
            customerId: null,
          });
      for (let k = 0; k < batch.length; k += 5_000)
        await storeMessages(db, [{ tenantId: 't1', points: batch.slice(k, k + 5_000) }]);
      // Redelivered, and part of it rewritten with other values.
      await storeMessages(db, [{ tenantId: 't1', points: batch.slice(0, 3_000) }]);
      const rewritten = batch.slice(1_000, 1_400).map((p) => ({ ...p, value: -p.value - 0.5 }));
      await storeMessages(db, [{ tenantId: 't1', points: rewritten }]);
      for (const p of [...batch, ...rewritten]) truth.get(p.assetId)!.set(p.ts, p.value);
      const pts = (a: string) => [...truth.get(a)!].map(([ts, value]) => ({ ts, value }));

      const q = clusterQueries(db, assetFor, {
        maxPoints: Infinity,
        timeoutMs: 60_000,
        slicePoints: 65_536,
      });
      const from = T0 + 17 * MINUTE_MS + 3_000; // not on a minute
      const to = T0 + 25 * HOUR_MS + 11 * MINUTE_MS + 29_000;
      for (const bucketMs of [HOUR_MS, 5 * MINUTE_MS, 90_000, 86_400_000]) {
        const r = await q.rollup(scope, { asset: 'a1', channel: 'c', from, to, bucketMs });
        expect(r.buckets, `bucket ${bucketMs}`).toEqual(
          reference(pts('a1'), { from, to, size: bucketMs, origin: 0 }),
        );
      }
      const one = await q.fleet(scope, {
        channel: 'c',
        from,
        to,
        groupBy: 'asset',
        limit: 10,
        offset: 0,
      });
      expect(one.groups).toEqual(
        ['a1', 'a2'].map((key) => ({
          key,
          buckets: reference(pts(key), { from, to, size: to - from, origin: from }),
        })),
      );
      const all = await q.fleet(scope, {
        channel: 'c',
        from,
        to,
        bucketMs: HOUR_MS,
        groupBy: 'none',
        limit: 10,
        offset: 0,
      });
      expect(all.groups).toEqual([
        {
          key: 'all',
          buckets: reference([...pts('a1'), ...pts('a2')], { from, to, size: HOUR_MS, origin: 0 }),
        },
      ]);
      for (const timeZone of ['Asia/Shanghai', 'Asia/Kolkata']) {
        const calendar = { unit: { kind: 'day' as const, days: 1 }, timeZone };
        const got = await q.rollup(scope, { asset: 'a2', channel: 'c', from, to, calendar });
        const want = await calendarRollup(from, to, calendar, (base) =>
          Promise.resolve(reference(pts('a2'), base)),
        );
        expect(got.buckets, timeZone).toEqual(want.buckets);
        expect(got.buckets.length).toBeGreaterThan(1);
      }
    } finally {
      await dispose();
    }
  });

  it("lists each asset's channels from the store", async () => {
    const { db, dispose } = await pg!.open();
    try {
      await insertFleet(db, 't1', [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }]);
      const p = (assetId: string, channel: string, ts: number) => ({
        assetId,
        channel,
        ts,
        value: 1,
        customerId: null,
      });
      await storeMessages(db, [
        { tenantId: 't1', points: [p('a1', 'z', 1), p('a1', 'b', 2), p('a1', 'b', 3)] },
        { tenantId: 't1', points: [p('a1', 'm', 4), p('a2', 'b', 5)] },
        { tenantId: 't2', points: [p('a3', 'x', 6)] },
      ]);
      const q = clusterQueries(db, assetFor, {
        maxPoints: Infinity,
        timeoutMs: 60_000,
        slicePoints: 65_536,
      });
      const got = await q.channelsByAsset!('t1', ['a1', 'a2', 'a3']);
      expect(got).toEqual(
        new Map([
          ['a1', new Set(['b', 'm', 'z'])],
          ['a2', new Set(['b'])],
          ['a3', new Set()],
        ]),
      );
    } finally {
      await dispose();
    }
  });
});
