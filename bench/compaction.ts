// `npm run bench -- compaction [--assets N] [--channels N] [--rounds N] [--flush-points N]
// [--points-per-series N]`: compaction work per point at a series count, counted, not timed
// (issue 21): chunk rows written and rewritten and rollup rows written per million points, on
// a fresh SQLite database, for today's generation sizing and for `--points-per-series 0` (a
// generation of flushPoints points however many series write, as before the fix).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, migrateToLatest } from '../src/storage/index.ts';
import { measureCompactionWork } from '../src/telemetry/work-harness.ts';

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      assets: { type: 'string', default: '1000' },
      channels: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '800' },
      'flush-points': { type: 'string', default: '4000000' },
      'points-per-series': { type: 'string' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-compaction-'));
  const db = await createDatabase({ url: join(dir, 'ronghe.db'), durability: 'os' });
  try {
    await migrateToLatest(db);
    const pps = values['points-per-series'];
    const result = await measureCompactionWork(db, {
      assets: Number(values.assets),
      channels: Number(values.channels),
      rounds: Number(values.rounds),
      engine: {
        flushPoints: Number(values['flush-points']),
        ...(pps !== undefined ? { generationPointsPerSeries: Number(pps) } : {}),
      },
    });
    return {
      flushPoints: Number(values['flush-points']),
      pointsPerSeries: pps ?? 'default',
      ...result,
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
