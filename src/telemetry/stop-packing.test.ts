// Issue 21: what a clean stop leaves on disk. Appends leave the open window of a series in one
// chunk per compaction; a clean stop packs it as sealing packs a day, so the stopped data
// directory holds one row per series and window, in fewer bytes, with every point intact.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/databases.ts';
import { lp, scope, T0, useTelemetryService } from './service-harness.ts';

const MIN = 60_000;
const ASSETS = ['A0001', 'A0002', 'A0003', 'A0004'];

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

describeEachDatabase('telemetry on a clean stop', (t) => {
  const { fresh, start, open } = useTelemetryService(t);

  it('packs the open window split by compactions into one chunk per series, points intact', async () => {
    const { svc, h } = await fresh();
    // Three compactions, 7 h into the day: three generations of chunks in the open window (each
    // too long to extend the one before, compactor.ts CHUNK_TARGET_POINTS).
    for (const [a, b] of [
      [0, 150],
      [150, 290],
      [290, 420],
    ] as const) {
      await svc.ingestLineProtocol(scope, lines(a, b), 'ms');
      await svc.flush();
    }
    const stats = async () => {
      const r = await sql<{ rows: number; bytes: number }>`SELECT count(*) AS rows,
        sum(length(data)) AS bytes FROM telemetry_chunks`.execute(h.db.kysely);
      return { rows: Number(r.rows[0]!.rows), bytes: Number(r.rows[0]!.bytes) };
    };
    const pages = async () => {
      if (t.dialect !== 'sqlite') return 0;
      const r = await sql<{ b: number }>`SELECT sum(payload) AS b FROM dbstat
        WHERE name = 'telemetry_chunks'`.execute(h.db.kysely);
      return r.rows[0]!.b;
    };
    const before = await stats();
    const payloadBefore = await pages();
    expect(before.rows).toBe(3 * ASSETS.length * 3);
    const read = async (s: typeof svc) =>
      Promise.all(
        ASSETS.flatMap((asset) =>
          ['c0', 'c1', 'c2'].map(async (channel) => {
            const q = { asset, channel, from: T0, to: T0 + 86_400_000, limit: 10_000 };
            return (await s.queries.raw(scope, q)).points;
          }),
        ),
      );
    const sent = await read(svc);
    const hourly = await svc.queries.rollup(scope, {
      asset: 'A0002',
      channel: 'c1',
      from: T0,
      to: T0 + 86_400_000,
      bucketMs: 3_600_000,
    });

    await svc.close();
    open.splice(0, 1, { dispose: h.dispose });

    const after = await stats();
    expect(after.rows).toBe(ASSETS.length * 3);
    expect(after.bytes).toBeLessThan(before.bytes);
    if (t.dialect === 'sqlite') expect(await pages()).toBeLessThan(payloadBefore);

    const again = await start(h.db);
    open.push({ svc: again });
    const back = await read(again);
    expect(back).toEqual(sent);
    expect(back.every((p) => p.length === 420)).toBe(true);
    expect(
      await again.queries.rollup(scope, {
        asset: 'A0002',
        channel: 'c1',
        from: T0,
        to: T0 + 86_400_000,
        bucketMs: 3_600_000,
      }),
    ).toEqual(hourly);
  });
});
