// Per-window compaction work, pure (no I/O). Two paths, chosen per series:
//  - append: every new point is later than anything compacted for the series (the normal case
//    for devices sending in time order). New points become a new chunk; rollup buckets are
//    merged incrementally (count/sum/min/max add up, `last` moves on) — exact without raw.
//  - merge: a late, out-of-order or duplicate point. The window's chunks are decoded, merged
//    with the new points (last write wins), written back as one chunk, and the window's
//    rollups are recomputed from the merged raw points.
import {
  decodeChunk,
  decodeRollup,
  encodeChunk,
  encodeRollup,
  isChunkOfParts,
} from '../codec/chunk.ts';
import { decimalPlaces } from '../codec/values.ts';
import type { Points } from '../codec/chunk.ts';
import type { Bucket } from '../types.ts';
import { mergePoints, type PointList } from './points.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  addSums,
  bucketStart,
  exactSums,
  fromColumns,
  rollupPoints,
  toColumns,
} from './rollup.ts';
import type { ChunkRow, RollupRow } from './store.ts';

export const WINDOW_MS = DAY;

export interface WindowWork {
  seriesId: number;
  window: number;
  added: PointList;
}

/**
 * Stored rollups. No 1d row: a day's hourly buckets add up to it exactly, and readers rebucket
 * them (reader.ts `storedAs`); retention writes the 1d row when it drops the 1h one.
 */
const resolutions = [
  ['1m', MINUTE],
  ['1h', HOUR],
] as const;

/** Has some minute more than one point? Otherwise the raw chunk is its own 1m rollup. */
export function needsMinuteRollup(ts: ArrayLike<number>, n = ts.length, before = NaN): boolean {
  if (n > 0 && bucketStart(ts[0]!, MINUTE) === bucketStart(before, MINUTE)) return true;
  for (let i = 1; i < n; i++) {
    const d = ts[i]! - ts[i - 1]!;
    // A minute or more apart (the usual case): not in one minute, no modulo needed.
    if (d < MINUTE && bucketStart(ts[i]!, MINUTE) === bucketStart(ts[i - 1]!, MINUTE)) return true;
  }
  return false;
}

export function chunkRow(seriesId: number, window: number, p: Points): ChunkRow {
  const n = p.ts.length;
  return {
    series_id: seriesId,
    window_start: window,
    points: n,
    min_ts: p.ts[0]!,
    max_ts: p.ts[n - 1]!,
    last_value: p.values[n - 1]!,
    data: encodeChunk(p.ts, p.values),
  };
}

/**
 * The points as chunk rows whose blobs are at most `maxBytes` each (the database's inline limit,
 * `Capabilities.maxInlineBlob`): a longer one is split into runs of equal point counts, each
 * aimed at 90 % of the limit, and any run still over is split again. Bounded chunks also bound
 * what a read of a short range has to decode.
 */
export function chunkRows(seriesId: number, window: number, p: Points, maxBytes: number) {
  const whole = chunkRow(seriesId, window, p);
  const n = p.ts.length;
  if (whole.data.length <= maxBytes || n < 2) return [whole];
  const parts = Math.max(2, Math.ceil(whole.data.length / (maxBytes * 0.9)));
  const out: ChunkRow[] = [];
  for (let k = 0; k < parts; k++) {
    const a = Math.floor((k * n) / parts);
    const b = Math.floor(((k + 1) * n) / parts);
    if (b === a) continue;
    const run = { ts: p.ts.subarray(a, b), values: p.values.subarray(a, b) };
    out.push(...chunkRows(seriesId, window, run, maxBytes));
  }
  return out;
}

/**
 * Is a window's set of chunks as packed as a merge would leave it? One chunk, or chunks in time
 * order each of which but the newest fills at least half the limit (what `chunkRows` makes).
 * Appends leave a day in small chunks, or chunks of parts (codec/chunk.ts `appendChunk`);
 * sealing merges them unless they pass this test, so a sealed day is coded as one run.
 */
export function isPacked(chunks: ChunkRow[], maxBytes: number): boolean {
  if (chunks.some((c) => isChunkOfParts(c.data))) return false;
  if (chunks.length <= 1) return true;
  const sorted = [...chunks].sort((a, b) => a.min_ts - b.min_ts);
  for (let i = 0; i < sorted.length - 1; i++) {
    if (sorted[i]!.data.length < maxBytes / 2 || sorted[i]!.max_ts >= sorted[i + 1]!.min_ts) {
      return false;
    }
  }
  return true;
}

/** Rollup rows of a window recomputed from all its raw points. */
export function rollupsFromRaw(seriesId: number, window: number, p: Points): RollupRow[] {
  const out: RollupRow[] = [];
  const places = decimalPlaces(p.values);
  for (const [res, size] of resolutions) {
    if (res === '1m' && !needsMinuteRollup(p.ts)) continue;
    const buckets = rollupPoints(p, size);
    exactSums(buckets, places);
    const data = encodeRollup(toColumns(buckets));
    out.push({ series_id: seriesId, window_start: window, resolution: res, data });
  }
  return out;
}

/** Merge path: all chunks of the window plus the new points → packed chunks, fresh rollups. */
export function mergeWindow(w: WindowWork, chunks: ChunkRow[], maxBytes: number) {
  const parts: PointList[] = [];
  for (const c of [...chunks].sort((a, b) => a.min_ts - b.min_ts)) {
    const p = decodeChunk(c.data);
    parts.push({ ts: p.ts, values: p.values, n: p.ts.length });
  }
  parts.push(w.added);
  const merged = mergePoints(parts);
  return {
    chunks: chunkRows(w.seriesId, w.window, merged, maxBytes),
    rollups: rollupsFromRaw(w.seriesId, w.window, merged),
  };
}

function appendBuckets(existing: Bucket[], added: Bucket[]): Bucket[] {
  const last = existing[existing.length - 1];
  const first = added[0];
  if (last && first && last.start === first.start) {
    addSums(last, first);
    return existing.concat(added.slice(1));
  }
  return existing.concat(added);
}

/**
 * Append path for one window. `stored` holds the window's existing rollup rows by resolution;
 * returns undefined when the window must take the merge path (a minute gains a second point
 * and no 1m rollup exists yet, so it must be built from raw).
 */
export function appendWindow(
  w: WindowWork,
  stored: Map<string, RollupRow>,
  compactedMax: number,
  maxBytes: number,
): { chunks: ChunkRow[]; rollups: RollupRow[] } | undefined {
  const p: Points = {
    ts: w.added.ts.subarray(0, w.added.n),
    values: w.added.values.subarray(0, w.added.n),
  };
  const hasRaw = stored.has('1h');
  // A window whose 1h rollup has expired but whose raw points are kept: rebuild from raw.
  if (!hasRaw && stored.has('1d')) return undefined;
  const needMinute = needsMinuteRollup(p.ts, p.ts.length, compactedMax);
  if (needMinute && hasRaw && !stored.has('1m')) return undefined;
  const rollups: RollupRow[] = [];
  const places = decimalPlaces(p.values);
  for (const [res, size] of resolutions) {
    const old = stored.get(res);
    if (res === '1m' && !old && !needMinute) continue;
    const added = rollupPoints(p, size);
    exactSums(added, places);
    const buckets = old ? appendBuckets(fromColumns(decodeRollup(old.data)), added) : added;
    rollups.push({
      series_id: w.seriesId,
      window_start: w.window,
      resolution: res,
      data: encodeRollup(toColumns(buckets)),
    });
  }
  return { chunks: chunkRows(w.seriesId, w.window, p, maxBytes), rollups };
}
