// What an engine start loads from the store, per series: its identity (the registry), where
// its newest chunk lies (the compaction state), its latest value (query q1) and, while they fit
// the recent tail's budget, the newest chunks' points (the tail). Issue 21: a start decoded
// every series' newest chunk and seeded the tail with it, and the tail, holding a share of
// 2 M points, swept all series again every few thousand seeds (quadratic in the series): 113 µs
// of CPU a series, two minutes at a million. Now the latest value is a column of the chunk row
// (migration 043), the spans come without their data, and the tail is seeded only when the
// newest chunks fit its budget; else each series is covered from just after its stored points.
import { decodeChunk } from '../codec/chunk.ts';
import type { Db } from '../../storage/index.ts';
import { NewestChunks } from './newest-chunks.ts';
import type { SeriesRegistry } from './series-registry.ts';
import { chunkData, loadSeries, newestSpans, type NewestSpan } from './store.ts';
import type { Tail } from './tail.ts';

/** Chunks decoded per query at start (their blobs are held only that long). */
const DECODE_PART = 10_000;

export async function loadStoredState(
  db: Db,
  registry: SeriesRegistry,
  tail: Tail,
): Promise<NewestChunks> {
  for (const s of await loadSeries(db)) registry.add(s);
  const spans = await newestSpans(db);
  const compacted = new NewestChunks();
  let points = 0;
  for (const s of spans) points += s.points;
  // Seeding more than three quarters of the budget would only trigger sweeps (tail-store.ts).
  const seed = points <= tail.options.budget * 0.75;
  const decode: NewestSpan[] = [];
  for (const s of spans) {
    compacted.set(s.series_id, s);
    if (seed || s.last_value === null) decode.push(s);
    else {
      registry.noteLatest(s.series_id, s.max_ts, s.last_value);
      tail.coverAfter(s.series_id, s.max_ts);
    }
  }
  for (let i = 0; i < decode.length; i += DECODE_PART) {
    for (const c of await chunkData(db, decode.slice(i, i + DECODE_PART))) {
      const p = decodeChunk(c.data);
      const n = p.ts.length;
      if (n > 0) registry.noteLatest(c.series_id, p.ts[n - 1]!, p.values[n - 1]!);
      if (seed) tail.seed(c.series_id, p);
      else tail.coverAfter(c.series_id, c.max_ts);
    }
  }
  return compacted;
}
