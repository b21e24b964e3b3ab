// Compaction: merges a frozen snapshot of the heads into per-series, per-day compressed chunks,
// recomputes the window's rollups from the merged raw points, then deletes the ingest-log
// records the snapshot covered. Every step is an idempotent merge (last write wins), so a crash
// between steps only means the log is replayed into the same result on restart.
import type { Db } from '../../storage/index.ts';
import { decodeChunk, encodeChunk, encodeRollup } from '../codec/chunk.ts';
import type { Heads } from './head.ts';
import { mergePoints, type PointList } from './points.ts';
import { DAY, HOUR, MINUTE, bucketStart, rollupPoints, toColumns } from './rollup.ts';
import { chunksFor, upsertChunks, upsertRollups, type ChunkRow, type RollupRow } from './store.ts';

export const WINDOW_MS = DAY;
const SERIES_PER_STEP = 500;

interface WindowWork {
  seriesId: number;
  window: number;
  added: PointList;
}

/** Splits each head into per-window point lists (heads are mostly in one window). */
function windowsOf(heads: Heads, seriesIds: number[]): WindowWork[] {
  const out: WindowWork[] = [];
  for (const sid of seriesIds) {
    const h = heads.series.get(sid);
    if (!h || h.n === 0) continue;
    const byWindow = new Map<number, { ts: number[]; values: number[] }>();
    for (let i = 0; i < h.n; i++) {
      const w = bucketStart(h.ts[i]!, WINDOW_MS);
      let list = byWindow.get(w);
      if (!list) byWindow.set(w, (list = { ts: [], values: [] }));
      list.ts.push(h.ts[i]!);
      list.values.push(h.values[i]!);
    }
    for (const [w, l] of byWindow) {
      out.push({
        seriesId: sid,
        window: w,
        added: { ts: Float64Array.from(l.ts), values: Float64Array.from(l.values), n: l.ts.length },
      });
    }
  }
  return out;
}

/** Has some minute more than one point? Otherwise the raw chunk is its own 1m rollup. */
function needsMinuteRollup(ts: Float64Array): boolean {
  for (let i = 1; i < ts.length; i++) {
    if (bucketStart(ts[i]!, MINUTE) === bucketStart(ts[i - 1]!, MINUTE)) return true;
  }
  return false;
}

function buildRows(work: WindowWork, existing: ChunkRow | undefined) {
  const parts: PointList[] = [];
  if (existing) {
    const old = decodeChunk(existing.data);
    parts.push({ ts: old.ts, values: old.values, n: old.ts.length });
  }
  parts.push(work.added);
  const merged = mergePoints(parts);
  const n = merged.ts.length;
  const chunk: ChunkRow = {
    series_id: work.seriesId,
    window_start: work.window,
    points: n,
    min_ts: merged.ts[0]!,
    max_ts: merged.ts[n - 1]!,
    data: encodeChunk(merged.ts, merged.values),
  };
  const key = { series_id: work.seriesId, window_start: work.window };
  const rollups: RollupRow[] = [
    { ...key, resolution: '1h', data: encodeRollup(toColumns(rollupPoints(merged, HOUR))) },
    { ...key, resolution: '1d', data: encodeRollup(toColumns(rollupPoints(merged, DAY))) },
  ];
  if (needsMinuteRollup(merged.ts)) {
    rollups.push({
      ...key,
      resolution: '1m',
      data: encodeRollup(toColumns(rollupPoints(merged, MINUTE))),
    });
  }
  return { chunk, rollups };
}

/** Writes `heads` into chunks and rollups, then drops the covered ingest-log records. */
export async function compactHeads(db: Db, heads: Heads): Promise<void> {
  const ids = [...heads.series.keys()];
  for (let i = 0; i < ids.length; i += SERIES_PER_STEP) {
    const step = ids.slice(i, i + SERIES_PER_STEP);
    const work = windowsOf(heads, step);
    if (work.length === 0) continue;
    let minW = Infinity;
    let maxW = -Infinity;
    for (const w of work) {
      minW = Math.min(minW, w.window);
      maxW = Math.max(maxW, w.window);
    }
    const existing = new Map<string, ChunkRow>();
    for (const c of await chunksFor(db, step, minW, maxW)) {
      existing.set(`${c.series_id}:${c.window_start}`, c);
    }
    const chunks: ChunkRow[] = [];
    const rollups: RollupRow[] = [];
    for (const w of work) {
      const built = buildRows(w, existing.get(`${w.seriesId}:${w.window}`));
      chunks.push(built.chunk);
      rollups.push(...built.rollups);
    }
    await db.kysely.transaction().execute(async (tx) => {
      await upsertChunks(db, tx, chunks);
      await upsertRollups(db, tx, rollups);
    });
    // Yield between steps so ingest and queries interleave with a long compaction.
    await new Promise((r) => setImmediate(r));
  }
  await db.kysely.deleteFrom('telemetry_ingest_log').where('id', '<=', heads.maxLogId).execute();
}
