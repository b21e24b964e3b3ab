// Compaction: turns a frozen snapshot of the heads into compressed chunks and rollups (see
// window-work.ts for the append and merge paths), then deletes the ingest-log records the
// snapshot covered. A crash before the log delete only means the log is replayed on restart:
// replayed points equal stored ones, and equal timestamps resolve by last write wins.
import type { Db } from '../../storage/index.ts';
import type { Heads } from './head.ts';
import { bucketStart } from './rollup.ts';
import {
  chunksFor,
  deleteWindows,
  insertChunks,
  rollupsFor,
  upsertRollups,
  type ChunkRow,
  type RollupRow,
} from './store.ts';
import { WINDOW_MS, appendWindow, mergeWindow, type WindowWork } from './window-work.ts';

export { WINDOW_MS } from './window-work.ts';

const SERIES_PER_STEP = 500;

/** Max compacted timestamp per series id: decides append versus merge. */
export type CompactedMax = Map<number, number>;

function isStrictlySorted(ts: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) if (!(ts[i]! > ts[i - 1]!)) return false;
  return true;
}

/** Splits a head into per-window point lists (a head is mostly within one window). */
function windowsOf(sid: number, ts: Float64Array, values: Float64Array, n: number): WindowWork[] {
  const out: WindowWork[] = [];
  let i = 0;
  while (i < n) {
    const w = bucketStart(ts[i]!, WINDOW_MS);
    let j = i + 1;
    while (j < n && ts[j]! >= w && ts[j]! < w + WINDOW_MS) j++;
    out.push({
      seriesId: sid,
      window: w,
      added: { ts: ts.slice(i, j), values: values.slice(i, j), n: j - i },
    });
    i = j;
  }
  return out;
}

interface StepPlan {
  append: WindowWork[];
  merge: WindowWork[];
}

function plan(heads: Heads, ids: number[], compacted: CompactedMax): StepPlan {
  const p: StepPlan = { append: [], merge: [] };
  for (const sid of ids) {
    const h = heads.get(sid);
    if (!h || h.n === 0) continue;
    const inOrder = isStrictlySorted(h.ts, h.n) && h.ts[0]! > (compacted.get(sid) ?? -Infinity);
    if (inOrder) p.append.push(...windowsOf(sid, h.ts, h.values, h.n));
    else {
      // Out of order: merge per window; group points by window first (they may interleave).
      const byWindow = new Map<number, number[]>();
      for (let i = 0; i < h.n; i++) {
        const w = bucketStart(h.ts[i]!, WINDOW_MS);
        const list = byWindow.get(w) ?? [];
        list.push(i);
        byWindow.set(w, list);
      }
      for (const [w, idx] of byWindow) {
        const ts = Float64Array.from(idx, (i) => h.ts[i]!);
        const values = Float64Array.from(idx, (i) => h.values[i]!);
        p.merge.push({ seriesId: sid, window: w, added: { ts, values, n: idx.length } });
      }
    }
  }
  return p;
}

const windowRange = (work: WindowWork[]) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const w of work) {
    lo = Math.min(lo, w.window);
    hi = Math.max(hi, w.window);
  }
  return [lo, hi] as const;
};

const key = (sid: number, window: number) => `${sid}:${window}`;

async function compactStep(db: Db, heads: Heads, ids: number[], compacted: CompactedMax) {
  const p = plan(heads, ids, compacted);
  const chunks: ChunkRow[] = [];
  const rollups: RollupRow[] = [];
  if (p.append.length > 0) {
    const [lo, hi] = windowRange(p.append);
    const stored = new Map<string, Map<string, RollupRow>>();
    for (const r of await rollupsFor(
      db,
      [...new Set(p.append.map((w) => w.seriesId))],
      ['1m', '1h', '1d'],
      lo,
      hi,
    )) {
      const k = key(r.series_id, r.window_start);
      const m = stored.get(k) ?? new Map<string, RollupRow>();
      m.set(r.resolution, r);
      stored.set(k, m);
    }
    for (const w of p.append) {
      const done = appendWindow(
        w,
        stored.get(key(w.seriesId, w.window)) ?? new Map(),
        compacted.get(w.seriesId) ?? NaN,
      );
      if (!done) p.merge.push(w);
      else {
        chunks.push(done.chunk);
        rollups.push(...done.rollups);
      }
    }
  }
  const replaced: { series_id: number; window_start: number }[] = [];
  if (p.merge.length > 0) {
    const [lo, hi] = windowRange(p.merge);
    const existing = new Map<string, ChunkRow[]>();
    for (const c of await chunksFor(db, [...new Set(p.merge.map((w) => w.seriesId))], lo, hi)) {
      const k = key(c.series_id, c.window_start);
      existing.set(k, [...(existing.get(k) ?? []), c]);
    }
    for (const w of p.merge) {
      const built = mergeWindow(w, existing.get(key(w.seriesId, w.window)) ?? []);
      replaced.push({ series_id: w.seriesId, window_start: w.window });
      chunks.push(built.chunk);
      rollups.push(...built.rollups);
    }
  }
  await db.kysely.transaction().execute(async (tx) => {
    if (replaced.length > 0) await deleteWindows(db, tx, replaced);
    await insertChunks(db, tx, chunks);
    await upsertRollups(db, tx, rollups);
  });
  for (const c of chunks) {
    if (c.max_ts > (compacted.get(c.series_id) ?? -Infinity)) compacted.set(c.series_id, c.max_ts);
  }
}

/** Writes `heads` into chunks and rollups, then drops the covered ingest-log records. */
export async function compactHeads(db: Db, heads: Heads, compacted: CompactedMax): Promise<void> {
  const ids = [...heads.ids];
  for (let i = 0; i < ids.length; i += SERIES_PER_STEP) {
    await compactStep(db, heads, ids.slice(i, i + SERIES_PER_STEP), compacted);
    // Yield between steps so ingest and queries interleave with a long compaction.
    await new Promise((r) => setImmediate(r));
  }
  await db.kysely.deleteFrom('telemetry_ingest_log').where('id', '<=', heads.maxLogId).execute();
}
