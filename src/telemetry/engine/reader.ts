// Reads for queries: raw points and buckets of many series at once. A series whose recent tail
// (tail.ts) covers the range is read from memory alone. Otherwise stored chunks are merged with
// the frozen and active heads so acknowledged points are visible before compaction; bucketed
// reads then use the coarsest stored rollup that nests in the requested buckets (1d, 1h, 1m),
// and raw chunks otherwise or where the heads still hold points of the series.
import type { Points, RollupColumns } from '../codec/chunk.ts';
import type { Bucket, Resolution } from '../types.ts';
import { WINDOW_MS } from './compactor.ts';
import { DecodeCache } from './decode-cache.ts';
import type { Engine } from './engine.ts';
import type { SeriesHead } from './head.ts';
import { lowerBound, mergePoints, type PointList } from './points.ts';
import { SLICE_POINTS, unguarded, type ReadGuard } from './read-guard.ts';
import { DAY, HOUR, MINUTE, bucketStart, mergeBucket, rebucket, rollupPoints } from './rollup.ts';
import { chunkSpans, chunksFor, rollupsFor, type ChunkSpan, type RollupRow } from './store.ts';

/** Decoded blocks shared by all readers of the process (about 64 MiB at most). */
const cache = new DecodeCache();

/** Counters of the read paths, for tests that check what a query touched. */
export const readStats = { chunkRows: 0, slices: 0 };

function bucketAt(c: RollupColumns, i: number): Bucket {
  return {
    start: c.starts[i]!,
    count: c.count[i]!,
    sum: c.sum[i]!,
    min: c.min[i]!,
    max: c.max[i]!,
    first: c.first[i]!,
    last: c.last[i]!,
  };
}

/**
 * Receives one bucket of the series at `index` (of the series asked for), field by field, so
 * folding a fleet's buckets into groups allocates nothing per series.
 */
export type BucketSink = (
  index: number,
  start: number,
  count: number,
  sum: number,
  min: number,
  max: number,
  first: number,
  last: number,
) => void;

export interface BucketSpec {
  from: number;
  to: number;
  size: number;
  origin: number;
}

const resolutions: [Resolution, number][] = [
  ['1d', DAY],
  ['1h', HOUR],
  ['1m', MINUTE],
];

/** Coarsest stored resolution whose buckets nest exactly inside the requested ones. */
export function pickResolution(spec: BucketSpec): Resolution {
  for (const [name, r] of resolutions) {
    if (spec.size % r === 0 && spec.from % r === 0 && spec.to % r === 0 && spec.origin % r === 0) {
      return name;
    }
  }
  return 'raw';
}

function headsOf(engine: Engine, sid: number): SeriesHead[] {
  const out: SeriesHead[] = [];
  const f = engine.frozen?.get(sid);
  if (f && f.n > 0) out.push(f);
  const a = engine.active.get(sid);
  if (a && a.n > 0) out.push(a);
  return out;
}

function slice(p: Points, from: number, to: number): Points {
  const a = lowerBound(p.ts, from);
  const b = lowerBound(p.ts, to);
  return { ts: p.ts.subarray(a, b), values: p.values.subarray(a, b) };
}

/** Does the series' active head hold a point in [from, to)? */
const activeTouches = (engine: Engine, sid: number, from: number, to: number): boolean =>
  engine.active.touches(sid, from, to);

/** Does the frozen or the active head of the series hold a point in [from, to)? */
const headsTouch = (engine: Engine, sid: number, from: number, to: number): boolean =>
  (engine.frozen?.touches(sid, from, to) ?? false) || activeTouches(engine, sid, from, to);

/**
 * The tail's points in [from, to) with those of the active heads, which it has not taken yet,
 * merged in (they are later writes: on equal times they win).
 */
function tailPoints(engine: Engine, sid: number, from: number, to: number): Points {
  const p = engine.tail.slice(sid, from, to);
  if (!activeTouches(engine, sid, from, to)) return p;
  const parts = [{ ts: p.ts, values: p.values, n: p.ts.length }, engine.active.get(sid)!];
  return slice(mergePoints(parts), from, to);
}

/** Raw points in [from, to) of each series (sorted, de-duplicated). */
export async function readRaw(
  engine: Engine,
  seriesIds: number[],
  from: number,
  to: number,
): Promise<Map<number, Points>> {
  const tail = engine.tail;
  tail.follow(engine.active);
  const now = Date.now();
  const stored: number[] = [];
  const fromTail = new Map<number, Points>();
  for (const sid of seriesIds) {
    if (!tail.covers(sid, from, now)) {
      stored.push(sid);
      continue;
    }
    const p = tailPoints(engine, sid, from, to);
    if (p.ts.length > 0) fromTail.set(sid, p);
  }
  if (stored.length === 0) return fromTail;
  const out = await readStored(engine, stored, from, to);
  for (const [sid, p] of fromTail) out.set(sid, p);
  return out;
}

/** Raw points in [from, to) from chunks and heads. */
async function readStored(
  engine: Engine,
  seriesIds: number[],
  from: number,
  to: number,
): Promise<Map<number, Points>> {
  const fromW = bucketStart(from, WINDOW_MS);
  const toW = bucketStart(to - 1, WINDOW_MS);
  const bySeries = new Map<number, PointList[]>();
  const rows = await chunksFor(engine.db, seriesIds, fromW, toW, { from, to });
  rows.sort((x, y) => x.series_id - y.series_id || x.min_ts - y.min_ts);
  readStats.chunkRows += rows.length;
  for (const r of rows) {
    if (r.max_ts < from || r.min_ts >= to) continue;
    const p = slice(cache.chunk(r.data), from, to);
    let list = bySeries.get(r.series_id);
    if (!list) bySeries.set(r.series_id, (list = []));
    list.push({ ts: p.ts, values: p.values, n: p.ts.length });
  }
  const out = new Map<number, Points>();
  for (const sid of seriesIds) {
    const parts = bySeries.get(sid) ?? [];
    if (headsTouch(engine, sid, from, to)) {
      for (const h of headsOf(engine, sid)) parts.push({ ts: h.ts, values: h.values, n: h.n });
    }
    if (parts.length === 0) continue;
    const one = parts[0]!;
    const merged =
      parts.length === 1
        ? { ts: one.ts.subarray(0, one.n), values: one.values.subarray(0, one.n) }
        : mergePoints(parts);
    const p = slice(merged, from, to);
    if (p.ts.length > 0) out.set(sid, p);
  }
  return out;
}

/**
 * Cut points of [from, to) into slices holding about `slicePoints` stored points each: a new
 * slice starts at the first chunk after the previous slice has its points (spans sorted by
 * start). A slice reads only the chunks overlapping it; heads and tail are sliced alike.
 */
export function sliceEdges(spans: ChunkSpan[], from: number, to: number, slicePoints: number) {
  const edges = [from];
  let points = 0;
  for (const s of spans) {
    if (points >= slicePoints && s.min_ts > edges[edges.length - 1]! && s.min_ts < to) {
      edges.push(s.min_ts);
      points = 0;
    }
    points += s.points;
  }
  edges.push(to);
  return edges;
}

/**
 * Raw points of one series in [from, to), slice by slice (sliceEdges): memory holds one slice,
 * and a reader that stops early (a page, a closed export) decodes nothing past it.
 */
export async function* readRawSlices(
  engine: Engine,
  sid: number,
  from: number,
  to: number,
  slicePoints = SLICE_POINTS,
): AsyncGenerator<Points> {
  const fromW = bucketStart(from, WINDOW_MS);
  const toW = bucketStart(to - 1, WINDOW_MS);
  const spans = await chunkSpans(engine.db, [sid], fromW, toW, { from, to });
  spans.sort((x, y) => x.min_ts - y.min_ts);
  const edges = sliceEdges(spans, from, to, slicePoints);
  for (let k = 0; k + 1 < edges.length; k++) {
    readStats.slices++;
    const p = (await readRaw(engine, [sid], edges[k]!, edges[k + 1]!)).get(sid);
    if (p && p.ts.length > 0) yield p;
  }
}

/** Buckets of one series from its raw points, folded slice by slice (a long raw-path read). */
async function foldSliced(
  engine: Engine,
  sid: number,
  spec: BucketSpec,
  guard: ReadGuard,
): Promise<Bucket[]> {
  const out: Bucket[] = [];
  for await (const p of readRawSlices(engine, sid, spec.from, spec.to, guard.slicePoints)) {
    for (const b of rollupPoints(p, spec.size, spec.from, spec.to, spec.origin)) {
      const last = out[out.length - 1];
      // A bucket cut by a slice edge: its later part folds into its earlier part.
      if (last && last.start === b.start) mergeBucket(last, b);
      else out.push(b);
    }
    await guard.between();
  }
  return out;
}

/**
 * Buckets from raw points. Counted from the chunks' spans before anything is decoded and, with
 * `budgeted`, checked against the point budget. Series are read together in batches of about a
 * slice's points (a fleet of small series in a few reads, not one read a series), a series
 * longer than a slice alone, slice by slice; the event loop turns between batches.
 */
async function readRawBuckets(
  engine: Engine,
  seriesIds: number[],
  spec: BucketSpec,
  guard: ReadGuard,
  out: Map<number, Bucket[]>,
  budgeted = true,
): Promise<void> {
  const fromW = bucketStart(spec.from, WINDOW_MS);
  const toW = bucketStart(spec.to - 1, WINDOW_MS);
  const range = { from: spec.from, to: spec.to };
  const perSeries = new Map<number, number>();
  let points = 0;
  for (const s of await chunkSpans(engine.db, seriesIds, fromW, toW, range)) {
    perSeries.set(s.series_id, (perSeries.get(s.series_id) ?? 0) + s.points);
    points += s.points;
  }
  for (const sid of seriesIds) {
    for (const h of headsOf(engine, sid)) {
      perSeries.set(sid, (perSeries.get(sid) ?? 0) + h.n);
      points += h.n;
    }
  }
  if (budgeted) guard.budget(points, 'Buckets not aligned to stored rollups');
  let batch: number[] = [];
  let inBatch = 0;
  const readBatch = async () => {
    const raw = await readStored(engine, batch, spec.from, spec.to);
    for (const [sid, p] of raw) {
      out.set(sid, rollupPoints(p, spec.size, spec.from, spec.to, spec.origin));
    }
    batch = [];
    inBatch = 0;
  };
  let reads = 0;
  for (const sid of seriesIds) {
    const n = perSeries.get(sid) ?? 0;
    if (n === 0) continue;
    if (n > guard.slicePoints) {
      if (reads++ > 0) await guard.between();
      const list = await foldSliced(engine, sid, spec, guard);
      if (list.length > 0) out.set(sid, list);
      continue;
    }
    if (inBatch + n > guard.slicePoints && batch.length > 0) {
      if (reads++ > 0) await guard.between();
      await readBatch();
    }
    batch.push(sid);
    inBatch += n;
  }
  if (batch.length > 0) {
    if (reads > 0) await guard.between();
    await readBatch();
  }
}

/**
 * Buckets of each series over [from, to), passed to `sink` series by series in the order of
 * `seriesIds` (buckets of one series in time order), so callers folding many series into groups
 * get the same result whichever path each series took.
 */
export async function foldBuckets(
  engine: Engine,
  seriesIds: number[],
  spec: BucketSpec,
  sink: BucketSink,
  guard: ReadGuard = unguarded(),
): Promise<void> {
  const tail = engine.tail;
  const stored = new Map<number, Bucket[]>();
  // The tail answers from its raw points (with the active heads merged in) or, for whole
  // hours, from its hourly buckets (which cannot take the heads' points in).
  const served = (sid: number, now: number) =>
    tail.coversBuckets(sid, spec, now) &&
    (spec.from >= tail.coveredFrom(sid) || !activeTouches(engine, sid, spec.from, spec.to));
  // Other series are read from the store. Ingest may move the tail on (a new heads generation,
  // span trims, budget sweeps) while a read awaits, so check again until a check finds nothing
  // left to read: from that check to the end of the fold nothing awaits.
  for (;;) {
    tail.follow(engine.active);
    const now = Date.now();
    const need = seriesIds.filter((sid) => !stored.has(sid) && !served(sid, now));
    if (need.length === 0) break;
    const got = await readStoredBuckets(engine, need, spec, guard);
    for (const sid of need) stored.set(sid, got.get(sid) ?? []);
  }
  for (let i = 0; i < seriesIds.length; i++) {
    const sid = seriesIds[i]!;
    let list = stored.get(sid);
    if (!list && activeTouches(engine, sid, spec.from, spec.to)) {
      const p = tailPoints(engine, sid, spec.from, spec.to);
      list = rollupPoints(p, spec.size, spec.from, spec.to, spec.origin);
    }
    if (!list) tail.fold(sid, spec, i, sink);
    else for (const b of list) sink(i, b.start, b.count, b.sum, b.min, b.max, b.first, b.last);
  }
}

/** Buckets of each series over [from, to). */
export async function readBuckets(
  engine: Engine,
  seriesIds: number[],
  spec: BucketSpec,
  guard: ReadGuard = unguarded(),
): Promise<Map<number, Bucket[]>> {
  const out = new Map<number, Bucket[]>();
  const sink: BucketSink = (i, start, count, sum, min, max, first, last) => {
    const sid = seriesIds[i]!;
    let list = out.get(sid);
    if (!list) out.set(sid, (list = []));
    list.push({ start, count, sum, min, max, first, last });
  };
  await foldBuckets(engine, seriesIds, spec, sink, guard);
  return out;
}

/**
 * Rows that hold a resolution. Daily buckets are the hourly rollup rebucketed while the hourly
 * rollup is kept (the compactor stores no 1d row beside it: 24 hourly buckets sum up exactly);
 * retention writes the 1d row when it drops the 1h one.
 */
const storedAs = (res: Resolution): Resolution[] => (res === '1d' ? ['1h', '1d'] : [res]);

/** Of a window's 1h and 1d rows, the 1h one: the compactor keeps it current, not the 1d one. */
function storedDays(rows: RollupRow[]): RollupRow[] {
  const hourly = new Set<string>();
  for (const r of rows) if (r.resolution === '1h') hourly.add(`${r.series_id}:${r.window_start}`);
  if (hourly.size === 0) return rows;
  return rows.filter(
    (r) => r.resolution !== '1d' || !hourly.has(`${r.series_id}:${r.window_start}`),
  );
}

/** Buckets from stored rollups, or chunks and heads where the rollups cannot answer. */
async function readStoredBuckets(
  engine: Engine,
  seriesIds: number[],
  spec: BucketSpec,
  guard: ReadGuard,
): Promise<Map<number, Bucket[]>> {
  const res = pickResolution(spec);
  const out = new Map<number, Bucket[]>();
  const needRaw: number[] = [];
  /** Series whose chunks hold at most one point a minute over the range: the minute rollup. */
  const minuteChunks: number[] = [];
  if (res === 'raw') needRaw.push(...seriesIds);
  else {
    const clean: number[] = [];
    for (const sid of seriesIds) {
      if (headsTouch(engine, sid, spec.from, spec.to)) needRaw.push(sid);
      else clean.push(sid);
    }
    const fromW = bucketStart(spec.from, WINDOW_MS);
    const toW = bucketStart(spec.to - 1, WINDOW_MS);
    const rows = storedDays(await rollupsFor(engine.db, clean, storedAs(res), fromW, toW));
    rows.sort((x, y) => x.series_id - y.series_id || x.window_start - y.window_start);
    const stored = new Map<number, Bucket[]>();
    const windows = new Map<number, number>();
    for (const r of rows) {
      windows.set(r.series_id, (windows.get(r.series_id) ?? 0) + 1);
      let list = stored.get(r.series_id);
      if (!list) stored.set(r.series_id, (list = []));
      const cols = cache.rollup(r.data);
      for (let i = 0; i < cols.starts.length; i++) {
        const start = cols.starts[i]!;
        if (start >= spec.from && start < spec.to) list.push(bucketAt(cols, i));
      }
    }
    for (const sid of clean) {
      const list = stored.get(sid);
      // A missing 1m rollup means each minute of that window holds at most one point: the raw
      // chunk is the rollup. Any window without one sends the series down the raw path; a
      // series with no 1m row in the range at all reads no more points than its minute
      // buckets, as a rollup read would (issue 21: a million series reporting once a minute
      // store no 1m rows, and the last hour in 5-minute buckets is 60 such points a series).
      const stored1m = windows.get(sid) ?? 0;
      if (res === '1m' && stored1m < (toW - fromW) / WINDOW_MS + 1) {
        (stored1m === 0 ? minuteChunks : needRaw).push(sid);
        continue;
      }
      if (!list) continue;
      if (list.length > 0) out.set(sid, rebucket(list, spec.size, spec.origin));
    }
  }
  if (needRaw.length > 0) await readRawBuckets(engine, needRaw, spec, guard, out);
  if (minuteChunks.length > 0) await readRawBuckets(engine, minuteChunks, spec, guard, out, false);
  return out;
}
