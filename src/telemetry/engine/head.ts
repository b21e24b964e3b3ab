// In-memory head of each series: points acknowledged (already durable in the ingest log) but not
// yet merged into compressed chunks. Queries read heads, so a point is visible once acknowledged.
//
// Devices send rows: one time and the same channels every time. Rows whose channel list (its
// series ids, one array per asset shape, see prepare.ts) repeats are kept as a row group: the
// time once per row and the values side by side, so appending a row writes one place instead of
// one place per channel. A series lives either in one group or in a head of its own for the
// whole generation; a group is split into own heads (points in arrival order, unchanged) as soon
// as one of its series is written some other way, so last-write-wins order is never mixed up.
import { noteSharedBytes } from './memory.ts';
import { PACK_MAX_VALUES, packSteps, type Packable, type SharedHeads } from './head-pack.ts';

export { PACK_MAX_VALUES, transferablesOf } from './head-pack.ts';
export type { PackedHeads, SharedHeads } from './head-pack.ts';

/** Units of work (series looked at, numbers copied) between the pauses of shareSteps(). */
const SHARE_STEP = 4096;

/**
 * Large head arrays live in shared memory: a frozen generation goes to the compaction thread as
 * references to the same arrays (frozen heads are only read, on both sides), so the main thread
 * copies nothing. Flattening 4 M points into fresh transferable arrays took about 9 % of the
 * main thread's time under the fleet benchmark. Arrays of at most PACK_MAX_VALUES numbers are
 * plain memory: they are copied into PackedHeads anyway, and plain memory is freed by V8's
 * ordinary collections, where shared memory waits for a full GC (memory.ts).
 */
const f64 = (n: number, shared: boolean): Float64Array => {
  if (!shared) return new Float64Array(n);
  noteSharedBytes(n * 8);
  return new Float64Array(new SharedArrayBuffer(n * 8));
};

/** Rows a head or row group starts with when its series had no points last generation. */
const FIRST_CAPACITY = 8;

export class SeriesHead {
  constructor(
    public ts: Float64Array,
    public values: Float64Array,
    public n = 0,
  ) {}

  /** An empty head with room for `capacity` points. */
  static empty(capacity = FIRST_CAPACITY): SeriesHead {
    const shared = capacity > PACK_MAX_VALUES;
    return new SeriesHead(f64(capacity, shared), f64(capacity, shared));
  }

  grow(): void {
    const size = Math.max(FIRST_CAPACITY, this.n * 2);
    const ts = f64(size, size > PACK_MAX_VALUES);
    ts.set(this.ts);
    const vs = f64(size, size > PACK_MAX_VALUES);
    vs.set(this.values);
    this.ts = ts;
    this.values = vs;
  }
}

/** Rows with the same series ids: ts[r] and values[r * k + c] for column c (series ids[c]). */
class RowGroup {
  /** A group over existing arrays (an empty one from `empty`, or shared by another thread). */
  constructor(
    public ids: Uint32Array,
    public ts: Float64Array,
    public values: Float64Array,
    public n = 0,
  ) {}

  static empty(ids: Uint32Array, capacity: number): RowGroup {
    const shared = capacity * ids.length > PACK_MAX_VALUES;
    return new RowGroup(ids, f64(capacity, shared), f64(capacity * ids.length, shared));
  }

  push(t: number, src: Float64Array, from: number): void {
    const k = this.ids.length;
    const r = this.n;
    if (r === this.ts.length) this.grow();
    this.ts[r] = t;
    const vs = this.values;
    for (let c = 0, at = r * k; c < k; c++) vs[at + c] = src[from + c]!;
    this.n = r + 1;
  }

  private grow(): void {
    const size = Math.max(FIRST_CAPACITY, this.n * 2);
    const shared = size * this.ids.length > PACK_MAX_VALUES;
    const ts = f64(size, shared);
    ts.set(this.ts);
    const vs = f64(size * this.ids.length, shared);
    vs.set(this.values);
    this.ts = ts;
    this.values = vs;
  }

  /** Column c's values into `out` from `at`. */
  gather(c: number, out: Float64Array, at: number): void {
    const k = this.ids.length;
    const vs = this.values;
    for (let r = 0, i = c; r < this.n; r++, i += k) out[at + r] = vs[i]!;
  }
}

/**
 * One series' points where they lie: point i is ts[i] and values[off + i * stride] (a row
 * group's column, or an own head with stride 1), for i < n.
 */
export interface SeriesRun {
  ts: Float64Array;
  values: Float64Array;
  off: number;
  stride: number;
  n: number;
}

/** The rows of one acknowledged batch, as prepare.ts maps them (values row-major). */
export interface RowBatch {
  /** Series ids of each row's fields; rows of one asset shape share one array. */
  ids: Uint32Array[];
  ts: Float64Array;
  /** Row r's values are values[start[r] .. start[r] + ids[r].length). */
  start: Uint32Array;
}

export class Heads {
  /** Own heads by series id (ids are dense). */
  private readonly own: (SeriesHead | undefined)[] = [];
  /** Group and column of each series kept in a row group. */
  private readonly groupOf: (RowGroup | undefined)[] = [];
  private readonly columnOf: number[] = [];
  /** Ids with points, in first-append order. */
  readonly ids: number[] = [];
  points = 0;
  /** Highest ingest-log id whose points are all in these heads. */
  maxLogId = 0;
  /** Wall-clock ms of the first point appended, for the age-based flush. */
  since = 0;
  /** Points each series had in the previous generation (0: none), by series id. */
  private readonly capacityHint: Uint32Array | undefined;

  /**
   * `previous`: the generation these heads follow. A series usually sends about as many points
   * per generation as in the last one, so its head starts with that capacity instead of
   * doubling its way up (copying) from a small one.
   */
  constructor(previous?: Heads) {
    if (!previous) return;
    let top = 0;
    for (const sid of previous.ids) if (sid > top) top = sid;
    // A typed array: ids arrive in no particular order, which would make a plain array sparse.
    const hint = new Uint32Array(top + 1);
    for (const sid of previous.ids) hint[sid] = previous.count(sid);
    this.capacityHint = hint;
  }

  /**
   * Room for a series' first point of the generation. Without a hint it starts small and
   * doubles: a generation holds flushPoints points over however many series write, so at a
   * million series each holds about 4 (issue 21), and 64 rows each was 16× the points in
   * empty buffers (547 MiB of heads for 32 MB of points, twice over with a frozen
   * generation). Doubling from 8 copies at most as many points again as it keeps.
   */
  private capacityFor(sid: number): number {
    const hint = this.capacityHint?.[sid];
    return !hint ? FIRST_CAPACITY : hint + (hint >> 3) + 1;
  }

  /** Points held for `sid`. */
  count(sid: number): number {
    return this.own[sid]?.n ?? this.groupOf[sid]?.n ?? 0;
  }

  private pushOwn(sid: number, t: number, v: number): void {
    let h = this.own[sid];
    if (h === undefined) {
      if (this.groupOf[sid] !== undefined) this.split(this.groupOf[sid]);
      h = this.own[sid];
      if (h === undefined) {
        h = SeriesHead.empty(this.capacityFor(sid));
        this.own[sid] = h;
        this.ids.push(sid);
      }
    }
    const k = h.n;
    if (k === h.ts.length) h.grow();
    h.ts[k] = t;
    h.values[k] = v;
    h.n = k + 1;
  }

  /** Appends a whole batch of rows; the per-point work of ingest, kept inline. */
  appendRows(rows: RowBatch, values: Float64Array): void {
    const n = rows.ids.length;
    if (n === 0) return;
    if (this.points === 0) this.since = Date.now();
    for (let r = 0; r < n; r++) {
      const ids = rows.ids[r]!;
      const from = rows.start[r]!;
      let g = this.groupOf[ids[0]!];
      if (g === undefined || g.ids !== ids) g = this.groupFor(ids);
      if (g !== undefined) g.push(rows.ts[r]!, values, from);
      else
        for (let c = 0; c < ids.length; c++) this.pushOwn(ids[c]!, rows.ts[r]!, values[from + c]!);
      this.points += ids.length;
    }
  }

  /** The row group for rows with series `ids`, or undefined when they must go point by point. */
  private groupFor(ids: Uint32Array): RowGroup | undefined {
    if (ids.length === 0) return undefined;
    const g = this.groupOf[ids[0]!];
    if (g !== undefined && sameIds(g.ids, ids)) {
      g.ids = ids; // the same list in another array (a rebuilt memo): match by identity again
      return g;
    }
    if (!this.free(ids)) {
      // Part of the list already has points elsewhere: own heads keep every order exact.
      for (const sid of ids) if (this.groupOf[sid] !== undefined) this.split(this.groupOf[sid]);
      return undefined;
    }
    const created = RowGroup.empty(ids, this.capacityFor(ids[0]!));
    ids.forEach((sid, c) => {
      this.groupOf[sid] = created;
      this.columnOf[sid] = c;
      this.ids.push(sid);
    });
    return created;
  }

  /**
   * No series of `ids` has points yet, and none is listed twice. Linear: a short list is
   * compared pairwise (cheaper than a set), a long one goes through a set — a line of 100 k
   * fields compared pairwise held the event loop for seconds.
   */
  private free(ids: Uint32Array): boolean {
    for (let c = 0; c < ids.length; c++) {
      const sid = ids[c]!;
      if (this.own[sid] !== undefined || this.groupOf[sid] !== undefined) return false;
    }
    if (ids.length <= 16) {
      for (let c = 1; c < ids.length; c++)
        for (let d = 0; d < c; d++) if (ids[d] === ids[c]) return false;
      return true;
    }
    return new Set(ids).size === ids.length;
  }

  /** Moves a group's columns to own heads, in the same order. */
  private split(g: RowGroup): void {
    g.ids.forEach((sid, c) => {
      const h = SeriesHead.empty(Math.max(16, g.n * 2));
      h.ts.set(g.ts.subarray(0, g.n));
      g.gather(c, h.values, 0);
      h.n = g.n;
      this.own[sid] = h;
      this.groupOf[sid] = undefined;
    });
  }

  /** Whether the series has a point in [from, to); reads the times in place. */
  touches(sid: number, from: number, to: number): boolean {
    const h = this.own[sid];
    const g = h === undefined ? this.groupOf[sid] : undefined;
    const ts = h?.ts ?? g?.ts;
    const n = h?.n ?? g?.n ?? 0;
    for (let i = 0; i < n; i++) if (ts![i]! >= from && ts![i]! < to) return true;
    return false;
  }

  /** The series' points (a copy of a group's column; read-only either way). */
  get(sid: number): SeriesHead | undefined {
    const h = this.own[sid];
    if (h !== undefined) return h;
    const g = this.groupOf[sid];
    if (g === undefined) return undefined;
    const values = new Float64Array(g.n);
    g.gather(this.columnOf[sid]!, values, 0);
    return new SeriesHead(g.ts.subarray(0, g.n), values, g.n);
  }

  /** Takes `ts` and `values` (not copied) as the points of a series that has none yet. */
  adopt(sid: number, ts: Float64Array, values: Float64Array): void {
    const h = new SeriesHead(ts, values, ts.length);
    this.own[sid] = h;
    this.ids.push(sid);
    this.points += h.n;
  }

  /** Passes one series' points in place to `fn` (if it has any); returns their number. */
  runOf(sid: number, fn: (run: SeriesRun) => void): number {
    const h = this.own[sid];
    if (h !== undefined) {
      fn({ ts: h.ts, values: h.values, off: 0, stride: 1, n: h.n });
      return h.n;
    }
    const g = this.groupOf[sid];
    if (g === undefined) return 0;
    fn({ ts: g.ts, values: g.values, off: this.columnOf[sid]!, stride: g.ids.length, n: g.n });
    return g.n;
  }

  /**
   * The arrays of every group and own head (see SharedHeads): large ones as they are (shared
   * memory, not copied), those of at most `packMax` values copied into one PackedHeads.
   */
  share(packMax = PACK_MAX_VALUES): SharedHeads {
    const steps = this.shareSteps(packMax);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * share() a step at a time: it pauses (yields) every few thousand series looked at or
   * numbers copied, so the compaction hand-off can give the event loop a turn between steps
   * (issue 21: 40–70 ms of CPU in one piece for 10,000 devices' 30-second generation). The
   * heads are frozen while they are handed off, so every step sees the same state.
   */
  *shareSteps(packMax = PACK_MAX_VALUES): Generator<void, SharedHeads> {
    const out: SharedHeads = { groups: [], own: [], maxLogId: this.maxLogId };
    const small: Packable[] = [];
    const seen = new Set<RowGroup>();
    let work = 0;
    for (const sid of this.ids) {
      if (++work === SHARE_STEP) {
        work = 0;
        yield;
      }
      const h = this.own[sid];
      if (h !== undefined) {
        if (h.n <= packMax)
          small.push({ ids: undefined, sid, ts: h.ts, values: h.values, n: h.n, k: 1 });
        else out.own.push({ sid, ts: h.ts, values: h.values, n: h.n });
      } else {
        const g = this.groupOf[sid]!;
        if (seen.has(g)) continue;
        seen.add(g);
        const k = g.ids.length;
        if (g.n * k <= packMax)
          small.push({ ids: g.ids, sid, ts: g.ts, values: g.values, n: g.n, k });
        else out.groups.push({ ids: g.ids, ts: g.ts, values: g.values, n: g.n });
      }
    }
    if (small.length > 0) out.packed = yield* packSteps(small, SHARE_STEP);
    return out;
  }

  /** Heads over the arrays of `share()` (on another thread): read-only, not copied. */
  static fromShared(s: SharedHeads): Heads {
    const heads = new Heads();
    const addGroup = (group: RowGroup) => {
      group.ids.forEach((sid, c) => {
        heads.groupOf[sid] = group;
        heads.columnOf[sid] = c;
        heads.ids.push(sid);
      });
      heads.points += group.n * group.ids.length;
    };
    for (const g of s.groups) addGroup(new RowGroup(g.ids, g.ts, g.values, g.n));
    const p = s.packed;
    for (let j = 0, id = 0, t = 0, v = 0; p !== undefined && j < p.n.length; j++) {
      const k = p.k[j]!;
      const n = p.n[j]!;
      const ids = p.ids.subarray(id, id + k);
      const ts = p.ts.subarray(t, t + n);
      const values = p.values.subarray(v, v + n * k);
      if (p.own[j]) heads.adopt(ids[0]!, ts, values);
      else addGroup(new RowGroup(ids, ts, values, n));
      id += k;
      t += n;
      v += n * k;
    }
    for (const o of s.own) heads.adopt(o.sid, o.ts.subarray(0, o.n), o.values.subarray(0, o.n));
    heads.maxLogId = s.maxLogId;
    return heads;
  }
}

function sameIds(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
