// Compaction work per point must not grow with the series count (issue 21): with a generation
// of flushPoints points over many series, each series brought a couple of points to every
// compaction, which re-read and rewrote its newest chunk and its rollup rows each time — one
// chunk rewrite per 2 points here, per 4 at a million series with the default 4 M points.
// A generation now holds at least generationPointsPerSeries points a series. Counted, not timed.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { measureCompactionWork } from './work-harness.ts';

describeEachDatabase('compaction work per point at many series', (t) => {
  it('rewrites at most one chunk per 16 points at 10,000 series with 20,000-point generations', async () => {
    const h = await t.open();
    try {
      // flushPoints 20,000 over 10,000 series: 2 points a series a generation before the fix.
      const r = await measureCompactionWork(h.db, {
        assets: 1_000,
        channels: 10,
        rounds: 48,
        engine: { flushPoints: 20_000, generationPointsPerSeries: 32 },
      });
      expect(r.points).toBe(480_000);
      // 480,000 points in generations of 320,000: one full and the rest at the end.
      expect(r.generations).toBe(2);
      expect(r.perMillionPoints.chunksRewritten).toBeLessThanOrEqual(1e6 / 16);
      // 1m, 1h and 1d rows: each written once a series a generation, plus a 1m bucket turned.
      expect(r.perMillionPoints.rollupsWritten).toBeLessThanOrEqual(1e6 / 4);
    } finally {
      await h.dispose();
    }
  });
});
