// Issue 21: bytes of the open window. A burst is compacted in generations (4 M points each);
// each generation's chunk is appended to the series' newest one as a coded part (compactor.ts
// PART_RATIO), so the open window holds one row per series, not one per compaction, with every
// point intact; the day is coded as one run when the series moves on.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/databases.ts';
import { lp, scope, T0, useTelemetryService } from './service-harness.ts';
import { isChunkOfParts } from './codec/chunk.ts';

const MIN = 60_000;
const ASSETS = ['A0001', 'A0002', 'A0003', 'A0004'];
const CHANNELS = ['c0', 'c1', 'c2'];

/** A fixed workload: per asset three channels a minute, a smooth wave in 0.01 steps. */
function lines(fromMinute: number, toMinute: number): string {
  const out: string[] = [];
  for (let m = fromMinute; m < toMinute; m++) {
    ASSETS.forEach((a, i) => {
      const v = (k: number) => Math.round(2000 + 500 * Math.sin((m + 37 * i) / (20 + k))) / 100;
      out.push(lp(a, T0 + m * MIN, { c0: v(0), c1: v(7), c2: v(13) }));
    });
  }
  return out.join('\n');
}

describeEachDatabase('telemetry chunks of the open window', (t) => {
  const { fresh, start, open } = useTelemetryService(t);

  it('keeps one chunk per series through compaction generations and the drained tail', async () => {
    const { svc, h } = await fresh();
    // 7 h into the day in three compactions, the last a short tail (the drain after a burst):
    // each too long to extend the one before under CHUNK_TARGET_POINTS (256 points).
    for (const [a, b] of [
      [0, 150],
      [150, 360],
      [360, 420],
    ] as const) {
      await svc.ingestLineProtocol(scope, lines(a, b), 'ms');
      await svc.flush();
    }
    const { rows } = await sql<{ rows: number; bytes: number }>`SELECT count(*) AS rows,
      sum(length(data)) AS bytes FROM telemetry_chunks`.execute(h.db.kysely);
    const payload = async () =>
      (
        await sql<{ b: number }>`SELECT sum(payload) AS b FROM dbstat
        WHERE name = 'telemetry_chunks'`.execute(h.db.kysely)
      ).rows[0]!.b;
    // Before: 36 rows (three per series), 3,752 bytes of chunk data; the parts are the same
    // coded runs, with a byte length each.
    expect(Number(rows[0]!.rows)).toBe(ASSETS.length * CHANNELS.length);
    expect(Number(rows[0]!.bytes)).toBeLessThan(3_900);
    // The pages' view (dbstat): cells with their keys and headers, before: 4,773 bytes.
    if (t.dialect === 'sqlite') expect(await payload()).toBeLessThan(4_400);

    const read = async (s: typeof svc) =>
      Promise.all(
        ASSETS.flatMap((asset) =>
          CHANNELS.map(async (channel) => {
            const q = { asset, channel, from: T0, to: T0 + 86_400_000, limit: 10_000 };
            return (await s.queries.raw(scope, q)).points;
          }),
        ),
      );
    const hourly = { asset: 'A0002', channel: 'c1', from: T0, to: T0 + 86_400_000 };
    const got = await read(svc);
    const buckets = await svc.queries.rollup(scope, { ...hourly, bucketMs: 3_600_000 });
    expect(got.every((p) => p.length === 420)).toBe(true);
    expect(got[4]![200]).toEqual([
      T0 + 200 * MIN,
      Math.round(2000 + 500 * Math.sin((200 + 37) / 27)) / 100,
    ]);

    // After a restart the same points and buckets are read back from the stored chunk.
    await svc.close();
    open.splice(0, 1, { dispose: h.dispose });
    const again = await start(h.db);
    open.push({ svc: again });
    expect(await read(again)).toEqual(got);
    expect(await again.queries.rollup(scope, { ...hourly, bucketMs: 3_600_000 })).toEqual(buckets);

    // The series moves into the next day: the day is sealed, coded as one run again.
    await again.ingestLineProtocol(scope, lines(1440, 1450), 'ms');
    await again.flush();
    const sealed = await sql<{ data: Uint8Array; points: number }>`SELECT data, points
      FROM telemetry_chunks WHERE window_start = ${T0}`.execute(h.db.kysely);
    expect(sealed.rows.map((r) => [Number(r.points), isChunkOfParts(r.data)])).toEqual(
      Array.from({ length: 12 }, () => [420, false]),
    );
    expect((await read(again)).map((p) => p.slice(0, 420))).toEqual(got);
  });

  // A generation that rewrites a stored point (a merge of the window) and brings many new ones:
  // the merged window is split into rows by size, and a later row starts after the old newest
  // chunk. That row is the merge's, not an append to the newest chunk: joined to it, it took the
  // newest chunk's start as its own, beside the merge's first row with the same start, and the
  // step failed on the chunks' primary key, for ever (compaction retries the same heads).
  it('does not join a merged window’s rows to the newest chunk they replace', async () => {
    const { svc } = await fresh();
    // Noisy values (0.01 steps of a hash) so a day does not fit one inline row.
    const v = (m: number, k = 0) => (((m * 2_654_435_761 + k) >>> 0) % 100_000) / 100;
    const write = async (minutes: number[], k = 0) => {
      const body = minutes.map((m) => lp('A0001', T0 + m * MIN, { c0: v(m, k) })).join('\n');
      await svc.ingestLineProtocol(scope, body, 'ms');
      await svc.flush();
    };
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    await write(range(0, 150));
    await write([10, ...range(150, 1_400)], 1);
    const q = { asset: 'A0001', channel: 'c0', from: T0, to: T0 + 86_400_000, limit: 10_000 };
    const points = (await svc.queries.raw(scope, q)).points;
    expect(points).toHaveLength(1_400);
    expect(points[10]).toEqual([T0 + 10 * MIN, v(10, 1)]);
    expect(points[1_399]).toEqual([T0 + 1_399 * MIN, v(1_399, 1)]);
    expect(points[100]).toEqual([T0 + 100 * MIN, v(100)]);
  });
});
