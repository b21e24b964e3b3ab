// Compaction: turns a frozen snapshot of the heads into compressed chunks and rollups (see
// window-work.ts for the append and merge paths), then deletes the ingest-log records the
// snapshot covered. A crash before the log delete only means the log is replayed on restart:
// replayed points equal stored ones, and equal timestamps resolve by last write wins.
import type { Db } from '../../storage/index.ts';
import type { Heads, SeriesHead } from './head.ts';
import type { NewestChunk, NewestChunks } from './newest-chunks.ts';
import { isStrictlySorted } from './points.ts';
import { bucketStart } from './rollup.ts';
import { appendChunk, decodeChunk } from '../codec/chunk.ts';
import {
  chunksFor,
  deleteChunks,
  deleteWindows,
  insertChunks,
  rollupsFor,
  upsertRollups,
  type ChunkRow,
  type RollupRow,
} from './store.ts';
import {
  WINDOW_MS,
  appendWindow,
  chunkRows,
  isPacked,
  mergeWindow,
  type WindowWork,
} from './window-work.ts';

export { WINDOW_MS } from './window-work.ts';

const SERIES_PER_STEP = 500;

/** Per-series compaction state: the newest chunk decides append versus merge. */
export type CompactedMax = NewestChunks;
export type { NewestChunk };

/**
 * Appends extend the newest chunk until it holds this many points, so a slow trickle (one
 * point per series per compaction) still ends in well-compressed chunks, and a rewrite never
 * costs more than one chunk's worth of coding.
 */
const CHUNK_TARGET_POINTS = 256;

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
      added: { ts: ts.subarray(i, j), values: values.subarray(i, j), n: j - i },
    });
    i = j;
  }
  return out;
}

interface StepPlan {
  append: WindowWork[];
  merge: WindowWork[];
}

const NO_POINTS = { ts: new Float64Array(0), values: new Float64Array(0), n: 0 };

/**
 * In-order points: appended to their window, except that a window the series has moved past is
 * sealed, its chunks and any new points merged into one chunk. Appends leave a day in many
 * small chunks (one or more per compaction); sealed, it pays one chunk header and one row, and
 * its values pack in longer runs. A seal with nothing new and one chunk already is skipped.
 */
function planInOrder(p: StepPlan, sid: number, h: SeriesHead, prev: NewestChunk | undefined) {
  const work = windowsOf(sid, h.ts, h.values, h.n);
  const last = work.pop()!;
  p.merge.push(...work);
  p.append.push(last);
  const first = work[0] ?? last;
  if (prev && prev.window_start < first.window) {
    p.merge.push({ seriesId: sid, window: prev.window_start, added: NO_POINTS });
  }
}

function plan(heads: Heads, ids: number[], compacted: CompactedMax): StepPlan {
  const p: StepPlan = { append: [], merge: [] };
  for (const sid of ids) {
    const h = heads.get(sid);
    if (!h || h.n === 0) continue;
    const prev = compacted.get(sid);
    const inOrder = isStrictlySorted(h.ts, h.n) && h.ts[0]! > (prev?.max_ts ?? -Infinity);
    if (inOrder) planInOrder(p, sid, h, prev);
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

/** What one compaction step writes, in one transaction (see `writeStep`). */
interface StepWrite {
  /** Windows whose chunks are all replaced by a merged chunk. */
  replaced: { series_id: number; window_start: number }[];
  /** Small newest chunks replaced by their extension. */
  extended: ChunkRow[];
  chunks: ChunkRow[];
  rollups: RollupRow[];
}

/** Reads and computes one step (no writes), so it can run on another thread than the writes. */
async function buildStep(
  db: Db,
  heads: Heads,
  ids: number[],
  compacted: CompactedMax,
): Promise<StepWrite> {
  const p = plan(heads, ids, compacted);
  const maxBytes = db.capabilities.maxInlineBlob;
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
        compacted.get(w.seriesId)?.max_ts ?? NaN,
        maxBytes,
      );
      if (!done) p.merge.push(w);
      else {
        chunks.push(...done.chunks);
        rollups.push(...done.rollups);
      }
    }
  }
  const replaced: { series_id: number; window_start: number }[] = [];
  if (p.merge.length > 0) {
    const existing = await chunksOfWindows(db, p.merge);
    for (const w of p.merge) {
      const stored = existing.get(key(w.seriesId, w.window)) ?? [];
      if (w.added.n === 0 && isPacked(stored, maxBytes)) continue; // sealed already
      const built = mergeWindow(w, stored, maxBytes);
      replaced.push({ series_id: w.seriesId, window_start: w.window });
      chunks.push(...built.chunks);
      rollups.push(...built.rollups);
    }
  }
  // Only appended chunks may join the newest stored one: a merged window's rows replace that
  // chunk already (one of them starts where it did).
  const merged = new Set(replaced.map((r) => key(r.series_id, r.window_start)));
  const extension = await extendNewest(db, chunks, compacted, maxBytes, merged);
  return { replaced, extended: extension.deleted, chunks: extension.chunks, rollups };
}

/**
 * The stored chunks of each (series, window) to merge, by key. Read window by window: one range
 * over all of them would, for a step sealing yesterday and merging a late point of last month,
 * read a month of every sealed series' chunks.
 */
async function chunksOfWindows(db: Db, work: WindowWork[]): Promise<Map<string, ChunkRow[]>> {
  const byWindow = new Map<number, Set<number>>();
  for (const w of work) {
    const sids = byWindow.get(w.window) ?? new Set<number>();
    sids.add(w.seriesId);
    byWindow.set(w.window, sids);
  }
  const existing = new Map<string, ChunkRow[]>();
  for (const [window, sids] of byWindow) {
    for (const c of await chunksFor(db, [...sids], window, window)) {
      const k = key(c.series_id, c.window_start);
      const list = existing.get(k);
      if (list) list.push(c);
      else existing.set(k, [c]);
    }
  }
  return existing;
}

/**
 * What compaction wrote in this thread since the process started: deterministic work counters
 * (a harness divides them by the points compacted; wall time on a shared host is not).
 * The compaction thread keeps its own; the engine's `compactionThread: false` counts here.
 */
export const compactionCounters = {
  /** Generations compacted. */
  generations: 0,
  /** Points of the heads compacted. */
  points: 0,
  /** Chunk rows inserted (new, extended or merged). */
  chunksWritten: 0,
  /** Stored chunk rows read back and replaced: small newest chunks extended, windows merged. */
  chunksRewritten: 0,
  /** Rollup rows upserted (1m, 1h, 1d). */
  rollupsWritten: 0,
};

/** Writes one step atomically. */
async function writeStep(db: Db, w: StepWrite): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    if (w.replaced.length > 0) await deleteWindows(db, tx, w.replaced);
    if (w.extended.length > 0) await deleteChunks(db, tx, w.extended);
    await insertChunks(db, tx, w.chunks);
    await upsertRollups(db, tx, w.rollups);
  });
  compactionCounters.chunksWritten += w.chunks.length;
  compactionCounters.chunksRewritten += w.extended.length + w.replaced.length;
  compactionCounters.rollupsWritten += w.rollups.length;
}

/** The compaction state of a chunk (a stored row carries its blob too; this does not). */
export const newestOf = (c: NewestChunk): NewestChunk => ({
  window_start: c.window_start,
  min_ts: c.min_ts,
  max_ts: c.max_ts,
  points: c.points,
});

/** After a step is written: its chunks are now the newest of their series. */
function noteWritten(compacted: CompactedMax, chunks: ChunkRow[]): void {
  for (const c of chunks) {
    const cur = compacted.get(c.series_id);
    if (!cur || c.max_ts >= cur.max_ts) compacted.set(c.series_id, newestOf(c));
  }
}

/**
 * A new chunk of at least 1/8 of the newest one's points, past CHUNK_TARGET_POINTS, is appended
 * to it as one more coded part while the two fit inline (codec/chunk.ts `appendChunk`), so a
 * burst's compaction generations (4 M points each) end in one row per series and open window
 * rather than one each: every row costs its key, cell header and page slack (issue 21: 10,000
 * series 7 h into a day held 2–4 rows each, 0.04–0.1 bytes a point). Appending copies bytes;
 * coding the two again cost 0.05 CPU-s per million points (BENCHMARKS.md, branch bytes21). The
 * ratio keeps a trickle of small generations from making many small parts: those start a chunk
 * of their own, extended by coding again up to the point target as before.
 */
const PART_RATIO = 8;

/** How a new chunk joins the newest stored one: coded again with it, or appended as a part. */
function joinNewest(prev: ChunkRow, c: ChunkRow, maxBytes: number): ChunkRow[] | undefined {
  if (prev.points + c.points <= CHUNK_TARGET_POINTS) {
    const a = decodeChunk(prev.data);
    const b = decodeChunk(c.data);
    const ts = new Float64Array(a.ts.length + b.ts.length);
    ts.set(a.ts);
    ts.set(b.ts, a.ts.length);
    const values = new Float64Array(ts.length);
    values.set(a.values);
    values.set(b.values, a.ts.length);
    return chunkRows(c.series_id, c.window_start, { ts, values }, maxBytes);
  }
  if (c.points * PART_RATIO < prev.points || prev.data.length + c.data.length > maxBytes) {
    return undefined;
  }
  const data = appendChunk(prev.data, c.data);
  if (data.length > maxBytes) return undefined;
  return [{ ...c, points: prev.points + c.points, min_ts: prev.min_ts, data }];
}

/** Could `c` join the series' newest stored chunk `n` (see `joinNewest`)? */
function mayJoin(n: NewestChunk | undefined, c: ChunkRow, maxBytes: number): boolean {
  if (!n || n.window_start !== c.window_start || n.max_ts >= c.min_ts) return false;
  if (n.points + c.points <= CHUNK_TARGET_POINTS) return true;
  return c.points * PART_RATIO >= n.points && c.data.length < maxBytes;
}

/**
 * Returns `chunks` with each new chunk that directly follows the newest chunk of the same
 * series and window joined to it where `joinNewest` allows, and the old chunks to delete.
 * Chunks of the `merged` windows (series:window keys) are left as they are.
 */
async function extendNewest(
  db: Db,
  chunks: ChunkRow[],
  compacted: CompactedMax,
  maxBytes: number,
  merged: ReadonlySet<string>,
): Promise<{ chunks: ChunkRow[]; deleted: ChunkRow[] }> {
  const candidates = chunks.filter(
    (c) =>
      !merged.has(key(c.series_id, c.window_start)) &&
      mayJoin(compacted.get(c.series_id), c, maxBytes),
  );
  if (candidates.length === 0) return { chunks, deleted: [] };
  const sids = candidates.map((c) => c.series_id);
  const lo = Math.min(...candidates.map((c) => c.window_start));
  const hi = Math.max(...candidates.map((c) => c.window_start));
  const since = Math.min(...sids.map((sid) => compacted.get(sid)!.max_ts));
  const old = new Map<string, ChunkRow>();
  for (const c of await chunksFor(db, sids, lo, hi, { from: since, to: Number.MAX_SAFE_INTEGER })) {
    old.set(`${c.series_id}:${c.min_ts}`, c);
  }
  const deleted: ChunkRow[] = [];
  const out: ChunkRow[] = [];
  const extend = new Set(candidates);
  const done = new Set<number>(); // a split append makes several candidates; extend its first
  for (const c of chunks) {
    const prev =
      extend.has(c) &&
      !done.has(c.series_id) &&
      old.get(`${c.series_id}:${compacted.get(c.series_id)!.min_ts}`);
    const joined = prev ? joinNewest(prev, c, maxBytes) : undefined;
    // Only the series' first new chunk may join: a later one joined past it would leave rows
    // out of time order.
    if (extend.has(c)) done.add(c.series_id);
    if (!prev || !joined) {
      out.push(c);
      continue;
    }
    out.push(...joined);
    deleted.push(prev);
  }
  return { chunks: out, deleted };
}

/**
 * Writes `heads` into chunks and rollups, one transaction on `db` per step, calling `afterStep`
 * after each. Deleting the covered ingest-log records is the caller's last step.
 */
export async function compactHeads(
  db: Db,
  heads: Heads,
  compacted: CompactedMax,
  afterStep?: () => void,
): Promise<void> {
  const ids = [...heads.ids];
  compactionCounters.generations++;
  compactionCounters.points += heads.points;
  for (let i = 0; i < ids.length; i += SERIES_PER_STEP) {
    const step = await buildStep(db, heads, ids.slice(i, i + SERIES_PER_STEP), compacted);
    await writeStep(db, step);
    noteWritten(compacted, step.chunks);
    afterStep?.();
    // Yield between steps so ingest and queries interleave with a long compaction.
    await new Promise((r) => setImmediate(r));
  }
}
