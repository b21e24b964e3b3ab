import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { Db } from '../../storage/index.ts';
import { readShaped } from './shaped-reads.ts';
import {
  chunkSpans,
  chunksFor,
  insertChunks,
  rollupsFor,
  upsertRollups,
  type ChunkRow,
  type RollupRow,
} from './store.ts';

const DAY = 86_400_000;
const blob = (n: number) => Uint8Array.from({ length: 8 }, (_, i) => (n * 31 + i) & 255);

describeEachDatabase('reads compiled once per shape', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await t.open());
    const rollups: RollupRow[] = [];
    const chunks: ChunkRow[] = [];
    for (let s = 1; s <= 4; s++) {
      for (let d = 0; d < 3; d++) {
        rollups.push({ series_id: s, resolution: '1h', window_start: d * DAY, data: blob(s + d) });
        rollups.push({ series_id: s, resolution: '1d', window_start: d * DAY, data: blob(s - d) });
        chunks.push({
          series_id: s,
          window_start: d * DAY,
          points: 10 + d,
          min_ts: d * DAY + 1000 * s,
          max_ts: d * DAY + 60_000 * s,
          last_value: s + d,
          data: blob(s * d),
        });
      }
    }
    await db.kysely.transaction().execute(async (tx) => {
      await upsertRollups(db, tx, rollups);
      await insertChunks(db, tx, chunks);
    });
  });
  afterAll(() => dispose());

  const keys = (rows: { series_id: number; window_start: number }[], more = '') =>
    rows.map((r) => `${r.series_id}@${r.window_start / DAY}${more}`).sort();

  it('answers each call of a shape with its own parameters, not the first call’s', async () => {
    // Same shape (one series, one resolution), three different reads in a row.
    const a = await rollupsFor(db, [1], '1h', 0, DAY);
    const b = await rollupsFor(db, [3], '1h', DAY, 2 * DAY);
    const c = await rollupsFor(db, [2], '1d', 2 * DAY, 2 * DAY);
    expect(keys(a)).toEqual(['1@0', '1@1']);
    expect(keys(b)).toEqual(['3@1', '3@2']);
    expect(keys(c)).toEqual(['2@2']);
    expect(c[0]!.resolution).toBe('1d');
    expect([...c[0]!.data]).toEqual([...blob(2 - 2)]);
    // Another shape: two series, two resolutions.
    const d = await rollupsFor(db, [2, 4], ['1h', '1d'], DAY, DAY);
    expect(d).toHaveLength(4);
  });

  it('reads chunks and spans with and without a time range, shape by shape', async () => {
    const all = await chunksFor(db, [1, 2], 0, 2 * DAY);
    expect(all).toHaveLength(6);
    const ranged = await chunksFor(db, [2], 0, 2 * DAY, { from: DAY + 2000, to: DAY + 3000 });
    expect(ranged.map((r) => [r.series_id, r.window_start, r.points])).toEqual([[2, DAY, 11]]);
    const none = await chunksFor(db, [3], 0, 2 * DAY, { from: 0, to: 1 });
    expect(none).toEqual([]);
    const spans = await chunkSpans(db, [4], 0, 2 * DAY, { from: 2 * DAY, to: 3 * DAY });
    expect(spans).toEqual([
      { series_id: 4, min_ts: 2 * DAY + 4000, max_ts: 2 * DAY + 240_000, points: 12 },
    ]);
  });

  it('refuses a shape whose parameters are listed unlike the builder binds them', async () => {
    const build = () =>
      db.kysely
        .selectFrom('telemetry_rollups')
        .select('series_id')
        .where('series_id', '=', 1)
        .where('window_start', '>=', 0);
    await expect(readShaped(db, 'test:swapped', build, [0, 1])).rejects.toThrow(
      /binds other parameters/,
    );
    expect(await readShaped(db, 'test:right', build, [1, 0])).toHaveLength(6);
  });
});
