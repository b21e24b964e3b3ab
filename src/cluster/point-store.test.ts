// The shared store of cluster mode on real PostgreSQL (cluster mode refuses SQLite): a batch is
// one upsert, the batch's own duplicates collapse with the later message winning, a batch
// delivered again leaves one point per series and time, and a batch far larger than one
// statement's parameter limit (65,535 on PostgreSQL) goes in whole. A stale owner's write is
// refused once a newer lease epoch wrote the partition (migration 044).
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { FencedOut, readPoints, storeMessages } from './point-store.ts';

const pg = testDatabases.find((t) => t.dialect === 'postgres');
if (!pg) console.warn('cluster point store test skipped: RONGHE_TEST_PG_URL is not set');

const point = (ts: number, value: number) => ({
  assetId: 'a1',
  channel: 'temp',
  ts,
  value,
  customerId: null,
});

describe.skipIf(!pg)('cluster point store [postgres]', () => {
  it('upserts each batch in one statement; duplicates and redeliveries are one point', async () => {
    const { db, dispose } = await pg!.open();
    try {
      const big = Array.from({ length: 30_000 }, (_, i) => point(1_000_000 + i, i));
      const batch = [
        { tenantId: 't1', points: big },
        // The same series and time again in a later message of the batch: the later wins.
        { tenantId: 't1', points: [point(1_000_000, -1)] },
      ];
      expect(await storeMessages(db, batch)).toBe(30_000);
      // Delivered again after a failover (its ack was lost): nothing new.
      await storeMessages(db, batch);
      const q = { tenantId: 't1', assetId: 'a1', channel: 'temp', from: 0, to: 2e6, limit: 1e6 };
      const got = await readPoints(db, q);
      expect(got).toHaveLength(30_000);
      expect(got[0]).toEqual({ ts: 1_000_000, value: -1 });
      expect(got[29_999]).toEqual({ ts: 1_029_999, value: 29_999 });
      expect(await readPoints(db, { ...q, tenantId: 't2' })).toEqual([]);
    } finally {
      await dispose();
    }
  });

  // The numeric columns go to PostgreSQL as array literals built by a join (rollups.ts,
  // natscost24): every double comes back bit for bit, the extremes and a 2^53-ish time too.
  it('stores every double and time exactly', async () => {
    const { db, dispose } = await pg!.open();
    try {
      const values = [0.1 + 0.2, 1e-7, -1.7976931348623157e308, 5e-324, 1e21, -123.456, 2 ** 53];
      const pts = values.map((v, i) => point(i === 6 ? 2 ** 53 - 1 : i - 3, v));
      await storeMessages(db, [{ tenantId: 't1', points: pts, seq: 2 ** 40 }]);
      const q = {
        tenantId: 't1',
        assetId: 'a1',
        channel: 'temp',
        from: -10,
        to: 2 ** 53,
        limit: 10,
      };
      expect(await readPoints(db, q)).toEqual(pts.map(({ ts, value }) => ({ ts, value })));
    } finally {
      await dispose();
    }
  });

  it('of two writes of one series and time, the later in the stream wins in any apply order', async () => {
    const { db, dispose } = await pg!.open();
    try {
      const q = { tenantId: 't1', assetId: 'a1', channel: 'temp', from: 0, to: 10, limit: 10 };
      const older = { tenantId: 't1', points: [point(1, 10)], seq: 5 };
      const newer = { tenantId: 't1', points: [point(1, 20)], seq: 9 };
      // The newer message was applied, then a failover redelivers the older one.
      await storeMessages(db, [newer]);
      await storeMessages(db, [older]);
      expect(await readPoints(db, q)).toEqual([{ ts: 1, value: 20 }]);
      // Both in one fetched batch, the older last: still the newer.
      await storeMessages(db, [
        { ...newer, points: [point(2, 21)] },
        { ...older, points: [point(2, 11)] },
      ]);
      expect(await readPoints(db, q)).toEqual([
        { ts: 1, value: 20 },
        { ts: 2, value: 21 },
      ]);
      // A later write of the same point (a higher sequence) replaces it.
      await storeMessages(db, [{ tenantId: 't1', points: [point(1, 30)], seq: 12 }]);
      expect((await readPoints(db, q))[0]).toEqual({ ts: 1, value: 30 });
    } finally {
      await dispose();
    }
  });

  it("refuses a stale owner's write once a newer epoch wrote the partition", async () => {
    const { db, dispose } = await pg!.open();
    try {
      const fence = (owner: string, epoch: number, generation = 1_000) => ({
        partition: 7,
        generation,
        epoch,
        owner,
      });
      const q = { tenantId: 't1', assetId: 'a1', channel: 'temp', from: 0, to: 1e6, limit: 100 };
      // a held partition 7 at epoch 5 and wrote; its stalled writes keep working while no
      // newer owner has written (a lease it renewed, at the same epoch, writes again).
      await storeMessages(db, [{ tenantId: 't1', points: [point(1, 1)], seq: 1 }], fence('a', 5));
      await storeMessages(db, [{ tenantId: 't1', points: [point(2, 2)], seq: 2 }], fence('a', 5));
      // b took the partition (a's lease lapsed unseen by a) and wrote at epoch 9.
      await storeMessages(db, [{ tenantId: 't1', points: [point(3, 3)], seq: 3 }], fence('b', 9));
      // a's next commit is refused, whole: nothing of it is stored.
      await expect(
        storeMessages(db, [{ tenantId: 't1', points: [point(4, 4)], seq: 4 }], fence('a', 5)),
      ).rejects.toBeInstanceOf(FencedOut);
      expect(await readPoints(db, q)).toEqual([
        { ts: 1, value: 1 },
        { ts: 2, value: 2 },
        { ts: 3, value: 3 },
      ]);
      // A recreated lease bucket (a newer generation) starts its epochs again at 1.
      await storeMessages(
        db,
        [{ tenantId: 't1', points: [point(5, 5)], seq: 5 }],
        fence('c', 1, 2_000),
      );
      await expect(
        storeMessages(db, [{ tenantId: 't1', points: [point(6, 6)], seq: 6 }], fence('b', 9)),
      ).rejects.toBeInstanceOf(FencedOut);
      expect((await readPoints(db, q)).map((p) => p.ts)).toEqual([1, 2, 3, 5]);
    } finally {
      await dispose();
    }
  });
});
