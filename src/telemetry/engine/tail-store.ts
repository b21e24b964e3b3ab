// The recent tail (state and upkeep; tail.ts answers queries): the newest points of every series, in memory, so queries over the last hour
// or two (dashboards, fleet views) read neither SQL nor compressed chunks. Heads are empty right
// after a compaction and 1m rollups are not stored for one-point minutes, so without the tail
// such a query fetches and decodes the newest chunk of every series it touches.
//
// Exactness rests on one invariant per series: the tail, with the heads generation it has not
// taken yet, holds every point of the series with ts ≥ coveredFrom(series), each with its latest
// value (same timestamp: last write wins, as in compaction). Engine.appendToHeads (also replaying
// the ingest log at start) shows it the active heads on every acknowledged batch; once the engine
// moves on to a new generation, the previous one is complete and joins the tail series by series
// in arrival order. Ingest so costs the tail nothing per point (the heads have grouped the points
// by series already); reads take the active heads beside the tail. At start the tail is seeded
// with each series' newest chunk: the compactor keeps a series' chunks disjoint in time (appends
// start after the newest, a merge rewrites its whole window as one chunk), so that chunk holds
// every stored point from its first time on. A series the tail never saw has no stored point (it
// would have had a chunk to seed from or a log record to replay): covered from −∞. A point older
// than coveredFrom is not kept; a query reaching before coveredFrom takes the chunk path.
//
// Behind the raw points each series keeps the buckets of its last `hours` finished hours, so
// hour-aligned reads of the last day (a day of hourly means) need no SQL either. An hour's
// bucket is computed from the raw points when the next hour starts (the newest hour is read from
// the raw points); a late or re-sent point redoes its hour from the raw points when they hold
// the whole hour, and otherwise marks it unknown, so reads touching it go to the store.
//
// Memory is bounded: raw points at most `spanMs` behind the series' newest (trimmed when a
// buffer fills; a long run in time order skips ahead, see appendRun), a point budget shared evenly (a sweep trims each series to its share and raises
// coveredFrom), hourly rings for at most a budget's worth of series, raw points for at most
// budget / MIN_SHARE series (tail-options.ts).
import type { Heads, SeriesRun } from './head.ts';
import { isStrictlySorted, lowerBound } from './points.ts';
import { bucketStart } from './rollup.ts';
import { HOUR, MIN_SHARE, defaultTailOptions, type TailOptions } from './tail-options.ts';
import { acc, ceilHour, foldRunHours, nextUp, scan, search } from './tail-points.ts';

export { HOUR, defaultTailOptions, type TailOptions } from './tail-options.ts';

/** Runs this long are worth checking for hours to skip (appendRun). */
const SKIP_MIN = 64;

// Per-series numbers, M per series (one flat array: a point in order touches only the first
// three, and the end of its buffer): the newest time, the end of the raw points, the end of the
// newest hour (NaN: no ring), coverage, the start of the raw points, where the ring starts (+∞:
// no ring).
export const LAST = 0;
export const END = 1;
export const HOUR_END = 2;
export const FROM = 3;
export const START = 4;
export const RING_FROM = 5;
export const M = 8;
/** Numbers per ring bucket: start, count (−1: unknown), sum, min, max, last, first. */
export const B = 7;

export class TailStore {
  /** Points held over all series. */
  points = 0;
  protected meta = new Float64Array(0);
  /** Raw points of each series as pairs t, v. */
  protected readonly bufs: (Float64Array | undefined)[] = [];
  /** Series with a buffer in `bufs`. */
  private buffers = 0;
  /** Finished hours, slot = hour mod `hours`. */
  protected readonly rings: (Float64Array | undefined)[] = [];
  private ringCount = 0;
  /** Points each series keeps by the last sweep (its even share of the budget); +∞ before any. */
  private share = Infinity;
  /** The heads generation the engine appends to, taken once the engine moves on from it. */
  private current: Heads | undefined;
  /** A finished generation being taken in slices (intake), and the index in its ids reached. */
  private pending: Heads | undefined;
  private pendingAt = 0;
  readonly options: TailOptions;

  constructor(options: Partial<TailOptions> = {}) {
    this.options = { ...defaultTailOptions, ...options }; // own copy: tests change it
    this.grow(1023);
  }

  protected grow(sid: number): void {
    let n = Math.max(1024, this.meta.length / M);
    while (n <= sid) n *= 2;
    const meta = new Float64Array(n * M);
    meta.set(this.meta);
    // The empty slots: one written, then copied over the rest in doubling runs. A start at a
    // million series grows here to 2^20 slots; a set() of a JS array a slot took 2.7 s of a
    // 15 s restart's profile (issue 21).
    const from = this.meta.length;
    meta.set([-Infinity, 0, NaN, -Infinity, 0, Infinity, 0, 0], from);
    for (let filled = M; from + filled < meta.length; filled *= 2) {
      meta.copyWithin(from + filled, from, from + Math.min(filled, meta.length - from - filled));
    }
    this.meta = meta;
  }

  /** First hour whose bucket is known (+∞ without a ring): `hours` finished ones are kept. */
  protected lowestHour(o: number): number {
    const window = this.meta[o + HOUR_END]! - (this.options.hours + 1) * HOUR;
    return Math.max(this.meta[o + RING_FROM]!, Number.isNaN(window) ? -Infinity : window);
  }

  protected slot(hour: number): number {
    return ((hour / HOUR) % this.options.hours) * B;
  }

  /**
   * Shown the engine's active heads on every acknowledged batch, and by every read before it
   * looks at the tail: a new generation means the previous one is complete (frozen for
   * compaction, or compacted), so its points join their series, series by series.
   *
   * `slice` bounds the points taken in this call (whole series: one longer run is taken
   * whole). Ingest passes one: taking a finished generation at once held the event loop for as
   * long as 3.3 M points of 110,000 series took to append, with budget sweeps between — 6.8 s
   * at the first batch of every generation with 10,000 MQTT devices (issue 21). The rest waits
   * for the next calls; a read (no slice) takes all of it first, so what it sees is exact.
   */
  follow(active: Heads, slice = Infinity): void {
    if (active !== this.current) {
      this.intake(Infinity); // an older generation's rest goes first: arrival order
      this.pending = this.current;
      this.pendingAt = 0;
      this.current = active;
    }
    this.intake(slice);
  }

  /** Bytes of the raw points' buffers, room included (tests, memory figures). */
  bufferBytes(): number {
    let bytes = 0;
    for (const b of this.bufs) bytes += b?.byteLength ?? 0;
    return bytes;
  }

  /** True while a finished generation is not yet wholly in the tail. */
  get taking(): boolean {
    return this.pending !== undefined;
  }

  /** Takes series of the pending generation until at least `slice` points were taken. */
  protected intake(slice: number): void {
    const done = this.pending;
    if (done === undefined) return;
    const ids = done.ids;
    let taken = 0;
    let at = this.pendingAt;
    while (at < ids.length && taken < slice) {
      const sid = ids[at++]!;
      taken += done.runOf(sid, (run) => this.appendRun(sid, run));
    }
    this.pendingAt = at;
    if (at === ids.length) this.pending = undefined;
  }

  /**
   * append() for each point of one series (values[off + i * stride]). A long run in time order
   * (a generation of backfill: hours of points at once) first skips ahead: the hours that end
   * more than the span before its newest point go straight into the ring, computed from the
   * run, and only the points from there on are kept raw, instead of each being stored and
   * then trimmed.
   */
  private appendRun(sid: number, run: SeriesRun): void {
    const { ts, n } = run;
    const o = sid * M;
    if (o >= this.meta.length) this.grow(sid);
    if (n > this.share && this.share >= 1 && this.pressed() && this.rings[sid] === undefined) {
      if (ts[0]! > this.meta[o + LAST]! && isStrictlySorted(ts, n)) {
        return this.keepNewest(sid, run, this.share);
      }
    }
    let i = 0;
    const skippable =
      n >= SKIP_MIN &&
      this.rings[sid] !== undefined &&
      ts[0]! > this.meta[o + LAST]! &&
      isStrictlySorted(ts, n);
    if (skippable) {
      // The point that opens a new hour finishes the open one from the raw points, as usual.
      const b = lowerBound(ts, this.meta[o + HOUR_END]!, n);
      const cut = bucketStart(ts[n - 1]! - this.options.spanMs, HOUR);
      if (b < n && ts[b]! < cut) {
        this.appendRange(sid, run, 0, b + 1);
        const ring = this.rings[sid];
        if (ring && this.meta[o + HOUR_END]! <= cut) {
          const a = lowerBound(ts, cut, n, b);
          foldRunHours(ring, this.options.hours, run, b, a);
          this.restartAt(sid, cut, ts[a - 1]!);
          i = a;
        } else i = b + 1;
      }
    }
    this.appendRange(sid, run, i, n);
  }

  /**
   * A run in time order longer than the series' share, for a series without hourly buckets:
   * only its newest `keep` points are kept, in place of all the series held, as the next sweep
   * would leave it. With more series than the budget holds a generation's worth of (10,000
   * MQTT devices: 110,000 series, 30 points each a generation, a share of 13), appending every
   * point grew each buffer past its share and swept it back, seven times a generation: 90 % of
   * the main thread's ingest work and 260 MiB of buffers made and freed (issue 21).
   */
  private keepNewest(sid: number, run: SeriesRun, keep: number): void {
    const { ts, values, off, stride, n } = run;
    const o = sid * M;
    const meta = this.meta;
    const drop = n - keep;
    let buf = this.bufs[sid];
    const size = Math.max(16, keep * 2) * 2;
    if (buf === undefined) buf = this.firstBuffer(sid, size);
    else if (buf.length < keep * 2 || buf.length > Math.max(32, keep * 8)) {
      buf = this.bufs[sid] = new Float64Array(size);
    }
    if (buf === undefined) return this.notKept(sid, ts[n - 1]!);
    for (let i = drop, j = off + drop * stride, k = 0; i < n; i++, j += stride, k += 2) {
      buf[k] = ts[i]!;
      buf[k + 1] = values[j]!;
    }
    this.points += keep - (meta[o + END]! - meta[o + START]!);
    meta[o + START] = 0;
    meta[o + END] = keep;
    meta[o + LAST] = ts[n - 1]!;
    const up = nextUp(ts[drop - 1]!);
    if (up > meta[o + FROM]!) meta[o + FROM] = up;
  }

  /**
   * The budget is under pressure: at least half of it held and no more rings to give. With
   * fewer points (series gone stale) runs are taken whole again, and the next sweep sets the
   * share anew.
   */
  private pressed(): boolean {
    return this.points >= this.options.budget / 2 && this.ringsFull();
  }

  /** No more series get hourly buckets: a ring hour is about 4 points' memory. */
  private ringsFull(): boolean {
    return this.ringCount >= this.options.budget / (this.options.hours * 4);
  }

  /** The raw points restart at `cut` (an hour), all earlier hours being in the ring. */
  private restartAt(sid: number, cut: number, last: number): void {
    const o = sid * M;
    const meta = this.meta;
    this.points -= meta[o + END]! - meta[o + START]!;
    meta[o + START] = 0;
    meta[o + END] = 0;
    meta[o + FROM] = cut;
    meta[o + LAST] = last;
    meta[o + HOUR_END] = cut + HOUR;
  }

  /**
   * append() for points [from, to) of a run. The common case (later than the newest, in the
   * newest hour, room in the buffer and the budget) is a tight loop over locals; anything else
   * is one append() call, after which the loop takes up again.
   */
  private appendRange(sid: number, run: SeriesRun, from: number, to: number): void {
    const { ts, values, off, stride } = run;
    const o = sid * M;
    let i = from;
    let j = off + from * stride;
    while (i < to) {
      const meta = this.meta;
      const buf = this.bufs[sid];
      const hourEnd = meta[o + HOUR_END]!;
      let end = meta[o + END]!;
      let last = meta[o + LAST]!;
      const room = buf === undefined ? 0 : (buf.length >> 1) - end;
      const stop = Math.min(to, i + Math.min(room, this.options.budget - this.points + 1));
      const i0 = i;
      for (; i < stop; i++, j += stride) {
        const t = ts[i]!;
        if (!(t > last && t < hourEnd)) break;
        buf![end * 2] = t;
        buf![end * 2 + 1] = values[j]!;
        end++;
        last = t;
      }
      meta[o + END] = end;
      meta[o + LAST] = last;
      this.points += i - i0;
      if (i < to) {
        this.append(sid, ts[i]!, values[j]!);
        i++;
        j += stride;
      }
    }
  }

  /** One acknowledged point, later in arrival than all before it. */
  append(sid: number, t: number, v: number): void {
    if (this.points > this.options.budget) this.sweep();
    const o = sid * M;
    if (o >= this.meta.length) this.grow(sid);
    const meta = this.meta;
    if (t > meta[o + LAST]!) {
      let buf = this.bufs[sid];
      if (buf === undefined || meta[o + END]! * 2 === buf.length) buf = this.makeRoom(sid);
      if (buf === undefined) {
        this.notKept(sid, t);
        if (this.rings[sid] !== undefined && !(t < meta[o + HOUR_END]!)) this.newHour(sid, t);
        return;
      }
      const end = meta[o + END]!;
      buf[end * 2] = t;
      buf[end * 2 + 1] = v;
      meta[o + END] = end + 1;
      meta[o + LAST] = t;
      this.points++;
      if (!(t < meta[o + HOUR_END]!)) this.newHour(sid, t);
      return;
    }
    if (t >= meta[o + FROM]!) this.insertLate(sid, t, v); // else not kept raw
    this.hourChanged(sid, bucketStart(t, HOUR));
  }

  /** The newest point starts a new hour: the hour before is finished, into the ring. */
  private newHour(sid: number, t: number): void {
    const o = sid * M;
    const meta = this.meta;
    if (meta[o + RING_FROM] === Infinity) return this.newRing(sid);
    if (!Number.isNaN(meta[o + HOUR_END]!)) this.finishHour(sid, meta[o + HOUR_END]! - HOUR);
    meta[o + HOUR_END] = bucketStart(t, HOUR) + HOUR;
  }

  /**
   * Puts the bucket of `hour` in the ring: from the raw points when they hold the whole hour,
   * else unknown. Returns the index after the hour's raw points.
   */
  private finishHour(sid: number, hour: number): number {
    const o = sid * M;
    const meta = this.meta;
    const buf = this.bufs[sid];
    if (!buf) return 0;
    const end = meta[o + END]!;
    const i = scan(buf, search(buf, meta[o + START]!, end, hour), end, hour + HOUR);
    const ring = this.rings[sid]!;
    const at = this.slot(hour);
    ring[at] = hour;
    if (meta[o + FROM]! <= hour && acc[0]! > 0) ring.set(acc, at + 1);
    else ring[at + 1] = -1; // unknown
    return i;
  }

  private insertLate(sid: number, t: number, v: number): void {
    const o = sid * M;
    const meta = this.meta;
    let buf = this.bufs[sid]!; // FROM is past LAST for a series without one
    const i = search(buf, meta[o + START]!, meta[o + END]!, t);
    if (i < meta[o + END]! && buf[i * 2] === t) {
      buf[i * 2 + 1] = v;
      return;
    }
    if (meta[o + END]! * 2 === buf.length) {
      buf = this.makeRoom(sid)!; // may trim by the span, and moves the points
      if (t < meta[o + FROM]!) return;
    }
    const end = meta[o + END]!;
    const j = search(buf, meta[o + START]!, end, t);
    buf.copyWithin(j * 2 + 2, j * 2, end * 2);
    buf[j * 2] = t;
    buf[j * 2 + 1] = v;
    meta[o + END] = end + 1;
    this.points++;
  }

  /**
   * Room for one more point: first drops the points older than the span (every point from the
   * cut on stays, so coverage rises to it), then slides the rest to the front or doubles.
   */
  private makeRoom(sid: number): Float64Array | undefined {
    const o = sid * M;
    const meta = this.meta;
    const buf = this.bufs[sid];
    if (!buf) return this.firstBuffer(sid, 32);
    const cut = meta[o + LAST]! - this.options.spanMs;
    const start = meta[o + START]!;
    const k = search(buf, start, meta[o + END]!, cut) - start;
    if (k > 0) {
      this.points -= k;
      if (cut > meta[o + FROM]!) meta[o + FROM] = cut;
    }
    return this.moveTo(sid, start + k, buf.length / 2);
  }

  /** Keeps points [from, END) at the front of a buffer at least twice their number. */
  private moveTo(sid: number, from: number, capacity: number): Float64Array {
    const o = sid * M;
    const meta = this.meta;
    const old = this.bufs[sid]!;
    const n = meta[o + END]! - from;
    const cap = n * 2 <= capacity && capacity >= 16 ? capacity : Math.max(16, capacity * 2);
    const buf = cap === old.length / 2 ? old : new Float64Array(cap * 2);
    if (buf === old) old.copyWithin(0, from * 2, (from + n) * 2);
    else buf.set(old.subarray(from * 2, (from + n) * 2));
    meta[o + START] = 0;
    meta[o + END] = n;
    return (this.bufs[sid] = buf);
  }

  /** Drops the `k` oldest points of a series; coverage starts just after the last dropped. */
  protected dropOldest(sid: number, k: number): void {
    const o = sid * M;
    const meta = this.meta;
    const buf = this.bufs[sid];
    if (!buf || k <= 0) return;
    const start = meta[o + START]!;
    const up = nextUp(buf[(start + k - 1) * 2]!);
    if (up > meta[o + FROM]!) meta[o + FROM] = up;
    meta[o + START] = start + k;
    this.points -= k;
    const n = meta[o + END]! - start - k;
    if (n === 0) {
      this.bufs[sid] = undefined;
      this.buffers--;
      meta[o + START] = 0;
      meta[o + END] = 0;
    } else if (buf.length > 32 && n * 8 < buf.length) this.moveTo(sid, start + k, n * 2);
  }

  /** A series' first buffer of `size` numbers, or undefined when MIN_SHARE caps the buffers. */
  protected firstBuffer(sid: number, size: number): Float64Array | undefined {
    if (this.buffers >= this.options.budget / MIN_SHARE) return undefined;
    this.buffers++;
    return (this.bufs[sid] = new Float64Array(size));
  }

  /** The series' points up to `t` are not kept (no buffer): covered from just after them. */
  private notKept(sid: number, t: number): void {
    const o = sid * M;
    const meta = this.meta;
    if (t > meta[o + LAST]!) meta[o + LAST] = t;
    const up = nextUp(meta[o + LAST]!);
    if (up > meta[o + FROM]!) meta[o + FROM] = up;
  }

  /** A ring for the series, with the finished hours its raw points hold whole. */
  protected newRing(sid: number): void {
    if (this.ringsFull()) return; // at most a budget's worth of rings
    const o = sid * M;
    const meta = this.meta;
    this.rings[sid] = new Float64Array(this.options.hours * B).fill(NaN);
    this.ringCount++;
    meta[o + RING_FROM] = ceilHour(meta[o + FROM]!);
    const newest = bucketStart(meta[o + LAST]!, HOUR);
    meta[o + HOUR_END] = newest + HOUR;
    const buf = this.bufs[sid];
    for (let i = meta[o + START]!; buf && i < meta[o + END]! && buf[i * 2]! < newest;) {
      i = this.finishHour(sid, bucketStart(buf[i * 2]!, HOUR));
    }
  }

  /**
   * A late, re-sent or too old point fell in `hour`: a finished hour is redone from the raw
   * points when they hold it whole; otherwise whether it re-sends a counted point is unknown, and
   * so is the hour. The newest hour is read from the raw points anyway.
   */
  private hourChanged(sid: number, hour: number): void {
    const o = sid * M;
    if (hour >= this.lowestHour(o) && hour < this.meta[o + HOUR_END]! - HOUR) {
      this.finishHour(sid, hour);
    }
  }

  /**
   * Trims every series to an even share of three quarters of the budget (so sweeps stay rare)
   * and drops series whose newest point is too old to be served at all.
   */
  sweep(now = Date.now()): void {
    let live = 0;
    for (const b of this.bufs) if (b) live++;
    const share = Math.floor((this.options.budget * 0.75) / Math.max(1, live));
    this.share = share;
    const stale = now - this.options.maxAgeMs;
    const meta = this.meta;
    for (let sid = 0; sid < this.bufs.length; sid++) {
      const o = sid * M;
      const n = meta[o + END]! - meta[o + START]!;
      const old = meta[o + LAST]! < stale;
      if (this.bufs[sid]) this.dropOldest(sid, old ? n : n - share);
      if (old && this.rings[sid]) {
        this.rings[sid] = undefined;
        this.ringCount--;
        meta[o + RING_FROM] = Infinity;
        meta[o + HOUR_END] = NaN;
      }
    }
  }
}
