// The recent tail: the newest points of every series, in memory, so queries over the last hour
// or two (dashboards, fleet views) read neither SQL nor compressed chunks. Heads are empty right
// after a compaction and 1m rollups are not stored for one-point minutes, so without the tail
// such a query fetches and decodes the newest chunk of every series it touches.
//
// Exactness rests on one invariant per series: the tail holds every point of the series with
// ts ≥ coveredFrom(series), each with its latest value (same timestamp: last write wins, as in
// compaction). It is fed every acknowledged point in arrival order (Engine.appendToHeads, which
// also replays the ingest log at start) and seeded at start with each series' newest chunk. The
// compactor keeps the chunks of a series disjoint in time (appends start after the newest, a
// merge rewrites its whole window as one chunk), so that chunk holds every stored point from its
// first time on. A series the tail never saw has no stored point at all (it would have had a
// chunk to seed from or a log record to replay) and is covered from −∞. A point older than
// coveredFrom is not kept; a query reaching before coveredFrom takes the chunk path.
//
// Memory is bounded: at most `spanMs` behind the series' newest point, and a global point budget
// shared evenly between the series (a sweep trims each to its share and raises coveredFrom).
import type { Points } from '../codec/chunk.ts';
import { lowerBound } from './points.ts';
import type { BucketSpec } from './reader.ts';
import { bucketStart } from './rollup.ts';

export interface TailOptions {
  /** Time kept behind each series' newest point. */
  spanMs: number;
  /** Points kept over all series (16 bytes each, plus up to 2× for buffer growth). */
  budget: number;
  /**
   * Only ranges starting at most this long before now are served from the tail. Retention drops
   * whole days ending before now − keep, so with keep ≥ this no dropped point is ever served
   * from memory; data of series that went quiet long ago is read from the store.
   */
  maxAgeMs: number;
}

export const defaultTailOptions: TailOptions = {
  spanMs: 2 * 3_600_000,
  budget: 4_000_000,
  maxAgeMs: 86_400_000,
};

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

/** The columns of acknowledged points, as Engine.appendToHeads receives them. */
export interface TailBatch {
  seriesId: ArrayLike<number>;
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** One series' points, sorted and unique, in [start, end) of growable buffers. */
class SeriesTail {
  ts = new Float64Array(16);
  values = new Float64Array(16);
  start = 0;
  end = 0;

  get n(): number {
    return this.end - this.start;
  }

  /** Room for one more point at the end: slide to the front or grow. */
  makeRoom(): void {
    if (this.end < this.ts.length) return;
    const n = this.n;
    if (this.start >= this.ts.length >> 1) {
      this.ts.copyWithin(0, this.start, this.end);
      this.values.copyWithin(0, this.start, this.end);
    } else this.resize(this.ts.length * 2);
    this.start = 0;
    this.end = n;
  }

  resize(capacity: number): void {
    const ts = new Float64Array(capacity);
    ts.set(this.ts.subarray(this.start, this.end));
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(this.start, this.end));
    this.end = this.n;
    this.start = 0;
    this.ts = ts;
    this.values = values;
  }
}

/** Index of the first of ts[lo..hi) that is ≥ t (binary search over sorted times). */
function search(ts: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The smallest double above `x` (coverage just after a dropped point, for any timestamps). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0]! += x > 0 ? 1n : -1n;
  return f64[0];
}

export class Tail {
  /** Turned off, the tail still follows ingest but serves no query (tests compare paths). */
  enabled = true;
  private readonly byId: (SeriesTail | undefined)[] = [];
  /** coveredFrom by series id; ids beyond the array are −∞ (see the header comment). */
  private from = new Float64Array(1024).fill(-Infinity);
  /** Points held over all series. */
  points = 0;

  constructor(readonly options: TailOptions = defaultTailOptions) {}

  /** The time from which the tail holds every point of the series. */
  coveredFrom(sid: number): number {
    return sid < this.from.length ? this.from[sid]! : -Infinity;
  }

  /** True when every point of the series in [from, …) is in the tail and may be served. */
  covers(sid: number, from: number, now = Date.now()): boolean {
    return this.enabled && from >= this.coveredFrom(sid) && from >= now - this.options.maxAgeMs;
  }

  /** Copies of the series' points in [from, to) (empty when the tail holds none there). */
  slice(sid: number, from: number, to: number): Points {
    const s = this.byId[sid];
    if (!s) return { ts: new Float64Array(0), values: new Float64Array(0) };
    const a = search(s.ts, s.start, s.end, from);
    const b = search(s.ts, a, s.end, to);
    return { ts: s.ts.slice(a, b), values: s.values.slice(a, b) };
  }

  /**
   * Passes the buckets of the series' points in [from, to) to `sink`, in time order: the same
   * buckets as rollupPoints over those points, but without allocating, and with the bucket
   * start (a floating-point modulo) computed once per bucket rather than once per point.
   */
  fold(sid: number, spec: BucketSpec, index: number, sink: BucketSink): void {
    const s = this.byId[sid];
    if (!s) return;
    const { ts, values } = s;
    const b = search(ts, s.start, s.end, spec.to);
    let i = search(ts, s.start, b, spec.from);
    while (i < b) {
      const start = bucketStart(ts[i]!, spec.size, spec.origin);
      const end = start + spec.size;
      const first = values[i]!;
      let count = 0;
      let sum = 0;
      let min = first;
      let max = first;
      let last = first;
      for (; i < b && ts[i]! < end; i++) {
        const v = values[i]!;
        count++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
        last = v;
      }
      sink(index, start, count, sum, min, max, first, last);
    }
  }

  private raise(sid: number, t: number): void {
    if (sid >= this.from.length) {
      let n = this.from.length;
      while (n <= sid) n *= 2;
      const from = new Float64Array(n).fill(-Infinity);
      from.set(this.from);
      this.from = from;
    }
    if (t > this.from[sid]!) this.from[sid] = t;
  }

  /** Acknowledged points in arrival order (one batch of the ingest log). */
  appendBatch(p: TailBatch, n: number): void {
    for (let i = 0; i < n; i++) this.append(p.seriesId[i]!, p.ts[i]!, p.values[i]!);
    if (this.points > this.options.budget) this.sweep();
  }

  /** One acknowledged point; call sweep() when `points` exceeds the budget. */
  append(sid: number, t: number, v: number): void {
    if (t < this.coveredFrom(sid)) return;
    let s = this.byId[sid];
    if (!s) this.byId[sid] = s = new SeriesTail();
    const last = s.end - 1;
    if (s.end === s.start || t > s.ts[last]!) {
      s.makeRoom();
      s.ts[s.end] = t;
      s.values[s.end] = v;
      s.end++;
      this.points++;
      this.trimSpan(sid, s, t - this.options.spanMs);
    } else if (t === s.ts[last]) s.values[last] = v;
    else this.insertLate(s, t, v);
  }

  private insertLate(s: SeriesTail, t: number, v: number): void {
    const at = search(s.ts, s.start, s.end, t) - s.start;
    if (s.ts[s.start + at] === t) {
      s.values[s.start + at] = v;
      return;
    }
    s.makeRoom(); // may slide the points to the front
    const i = s.start + at;
    s.ts.copyWithin(i + 1, i, s.end);
    s.values.copyWithin(i + 1, i, s.end);
    s.ts[i] = t;
    s.values[i] = v;
    s.end++;
    this.points++;
  }

  /** Drops the points older than `cut`; every point from `cut` on stays, so coverage rises. */
  private trimSpan(sid: number, s: SeriesTail, cut: number): void {
    if (!(s.ts[s.start]! < cut)) return;
    // In steady state one point leaves per point appended: a linear step beats a search.
    let k = 0;
    while (s.start + k < s.end && s.ts[s.start + k]! < cut) k++;
    s.start += k;
    this.points -= k;
    this.raise(sid, cut);
  }

  /** Drops the `k` oldest points of a series; coverage starts just after the last dropped. */
  private dropOldest(sid: number, s: SeriesTail, k: number): void {
    if (k <= 0) return;
    this.raise(sid, nextUp(s.ts[s.start + k - 1]!));
    s.start += k;
    this.points -= k;
    if (s.n === 0) this.byId[sid] = undefined;
    else if (s.ts.length > 64 && s.n * 4 < s.ts.length) s.resize(s.n * 2);
  }

  /**
   * Seeds a series from its newest stored chunk (at start, before the ingest log is replayed):
   * every stored point from the chunk's first time on is in it.
   */
  seed(sid: number, p: Points): void {
    const n = p.ts.length;
    if (n === 0) return;
    const cut = p.ts[n - 1]! - this.options.spanMs;
    const a = lowerBound(p.ts, cut);
    const s = new SeriesTail();
    s.resize(Math.max(16, 2 ** Math.ceil(Math.log2(n - a + 1))));
    s.ts.set(p.ts.subarray(a));
    s.values.set(p.values.subarray(a));
    s.end = n - a;
    this.points -= this.byId[sid]?.n ?? 0;
    this.byId[sid] = s;
    this.points += s.n;
    this.raise(sid, a > 0 ? cut : p.ts[0]!);
    if (this.points > this.options.budget) this.sweep();
  }

  /** Retention: forget the series' points older than `t` (they are deleted from the store). */
  dropBefore(sid: number, t: number): void {
    const s = this.byId[sid];
    if (s) this.dropOldest(sid, s, search(s.ts, s.start, s.end, t) - s.start);
  }

  /**
   * Trims every series to an even share of three quarters of the budget (so sweeps stay rare)
   * and drops series whose newest point is too old to be served at all.
   */
  sweep(now = Date.now()): void {
    let live = 0;
    for (const s of this.byId) if (s && s.n > 0) live++;
    const share = Math.floor((this.options.budget * 0.75) / Math.max(1, live));
    const stale = now - this.options.maxAgeMs;
    for (let sid = 0; sid < this.byId.length; sid++) {
      const s = this.byId[sid];
      if (!s) continue;
      const old = s.ts[s.end - 1]! < stale;
      this.dropOldest(sid, s, old ? s.n : s.n - share);
    }
  }
}
