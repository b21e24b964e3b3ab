// The recent tail's read side (what queries ask of it), its seeding at start and retention's
// cut (see tail-store.ts for what it holds and the invariant that makes its answers exact).
import type { Points } from '../codec/chunk.ts';
import type { BucketSink, BucketSpec } from './reader.ts';
import { bucketStart } from './rollup.ts';
import { acc, ceilHour, hourAligned, nextUp, scan, search } from './tail-points.ts';
import {
  B,
  END,
  FROM,
  HOUR,
  HOUR_END,
  LAST,
  M,
  RING_FROM,
  START,
  TailStore,
} from './tail-store.ts';

export { defaultTailOptions, type TailOptions } from './tail-store.ts';

export class Tail extends TailStore {
  enabled = true; // off: it still follows ingest but serves no query (tests compare paths)

  /**
   * Seeds a series from its newest stored chunk (at start, before the ingest log is replayed):
   * every stored point from the chunk's first time on is in it.
   */
  seed(sid: number, p: Points): void {
    const n = p.ts.length;
    if (n === 0) return;
    const o = sid * M;
    if (o >= this.meta.length) this.grow(sid);
    const meta = this.meta;
    const cut = p.ts[n - 1]! - this.options.spanMs;
    let a = 0;
    while (p.ts[a]! < cut) a++;
    const size = Math.max(16, 2 ** Math.ceil(Math.log2(n - a + 1))) * 2;
    const buf = this.bufs[sid] === undefined ? this.firstBuffer(sid, size) : new Float64Array(size);
    if (buf === undefined) return this.coverAfter(sid, p.ts[n - 1]!); // MIN_SHARE (tail-store.ts)
    for (let i = a; i < n; i++) {
      buf[(i - a) * 2] = p.ts[i]!;
      buf[(i - a) * 2 + 1] = p.values[i]!;
    }
    this.points += n - a - (meta[o + END]! - meta[o + START]!);
    this.bufs[sid] = buf;
    meta[o + FROM] = a > 0 ? cut : p.ts[0]!;
    meta[o + LAST] = p.ts[n - 1]!;
    meta[o + START] = 0;
    meta[o + END] = n - a;
    if (meta[o + RING_FROM] === Infinity) this.newRing(sid);
    if (this.points > this.options.budget) this.sweep();
  }

  /**
   * A series whose stored points all lie at or before `t` and are not seeded (a start with more
   * stored points than the budget holds, see startup.ts): covered from just after `t`, as if
   * its points had been swept out; a read reaching earlier takes the chunk path.
   */
  coverAfter(sid: number, t: number): void {
    const o = sid * M;
    if (o >= this.meta.length) this.grow(sid);
    this.meta[o + FROM] = nextUp(t);
    this.meta[o + LAST] = t;
  }

  /** Retention: forget the series' points older than `t` (they are deleted from the store). */
  dropBefore(sid: number, t: number): void {
    this.intake(Infinity); // points taken later would be older than the cut
    const o = sid * M;
    if (o >= this.meta.length) return;
    const buf = this.bufs[sid];
    const start = this.meta[o + START]!;
    if (buf) this.dropOldest(sid, search(buf, start, this.meta[o + END]!, t) - start);
    this.meta[o + RING_FROM] = Math.max(this.meta[o + RING_FROM]!, ceilHour(t));
  }

  /** The time from which the tail holds every point of the series. */
  coveredFrom(sid: number): number {
    return sid * M < this.meta.length ? this.meta[sid * M + FROM]! : -Infinity;
  }

  /** True when every point of the series in [from, …) is in the tail and may be served. */
  covers(sid: number, from: number, now = Date.now()): boolean {
    return this.enabled && from >= this.coveredFrom(sid) && from >= now - this.options.maxAgeMs;
  }

  /**
   * True when the tail can answer `spec` for the series: from the raw points, or, for buckets
   * of whole hours, from the hourly buckets when no hour of the range is unknown.
   */
  coversBuckets(sid: number, spec: BucketSpec, now = Date.now()): boolean {
    if (!this.enabled || spec.from < now - this.options.maxAgeMs) return false;
    if (spec.from >= this.coveredFrom(sid)) return true;
    const o = sid * M;
    if (!hourAligned(spec) || o >= this.meta.length || !(spec.from >= this.lowestHour(o))) {
      return false;
    }
    const newest = this.meta[o + HOUR_END]! - HOUR;
    for (let h = spec.from; h < spec.to && h <= newest; h += HOUR) {
      if (h === newest ? this.meta[o + FROM]! > h : this.ringAt(sid, h)?.[this.at + 1] === -1) {
        return false;
      }
    }
    return true;
  }

  private at = 0; // offset of the bucket the last ringAt found

  /** The ring holding a bucket for `hour`, if any (no bucket: no point in that hour). */
  private ringAt(sid: number, hour: number): Float64Array | undefined {
    const ring = this.rings[sid];
    this.at = this.slot(hour);
    return ring && ring[this.at] === hour ? ring : undefined;
  }

  /** Copies of the series' points in [from, to) (empty when the tail holds none there). */
  slice(sid: number, from: number, to: number): Points {
    const buf = this.bufs[sid];
    const o = sid * M;
    if (!buf) return { ts: new Float64Array(0), values: new Float64Array(0) };
    const a = search(buf, this.meta[o + START]!, this.meta[o + END]!, from);
    const b = search(buf, a, this.meta[o + END]!, to);
    const ts = new Float64Array(b - a);
    const values = new Float64Array(b - a);
    for (let i = a; i < b; i++) {
      ts[i - a] = buf[i * 2]!;
      values[i - a] = buf[i * 2 + 1]!;
    }
    return { ts, values };
  }

  /**
   * Passes the buckets of the series in [from, to) to `sink`, in time order (coversBuckets said
   * the tail can). From raw points: the same buckets as rollupPoints over them, without
   * allocating, the bucket start (a floating-point modulo) computed once per bucket. From hourly
   * buckets: hours merged in time order, as stored 1h rollups are.
   */
  fold(sid: number, spec: BucketSpec, index: number, sink: BucketSink): void {
    if (spec.from < this.coveredFrom(sid)) return this.foldHours(sid, spec, index, sink);
    const buf = this.bufs[sid];
    if (!buf) return;
    const o = sid * M;
    const b = search(buf, this.meta[o + START]!, this.meta[o + END]!, spec.to);
    let i = search(buf, this.meta[o + START]!, b, spec.from);
    while (i < b) {
      const start = bucketStart(buf[i * 2]!, spec.size, spec.origin);
      i = scan(buf, i, b, start + spec.size);
      sink(index, start, acc[0]!, acc[1]!, acc[2]!, acc[3]!, acc[5]!, acc[4]!);
    }
  }

  private foldHours(sid: number, spec: BucketSpec, index: number, sink: BucketSink): void {
    const o = sid * M;
    const newest = this.meta[o + HOUR_END]! - HOUR;
    const out = new Float64Array(6); // the bucket being merged, fields as in acc
    const emit = () => sink(index, start, out[0]!, out[1]!, out[2]!, out[3]!, out[5]!, out[4]!);
    let start = NaN;
    for (let h = spec.from; h < spec.to && h <= newest; h += HOUR) {
      let b: Float64Array | undefined = acc;
      let at = -1; // fields at b[at + 1 …]
      if (h === newest) {
        const buf = this.bufs[sid]!;
        scan(
          buf,
          search(buf, this.meta[o + START]!, this.meta[o + END]!, h),
          this.meta[o + END]!,
          h + HOUR,
        );
      } else [b, at] = [this.ringAt(sid, h), this.at];
      if (!b || !(b[at + 1]! > 0)) continue; // no point in that hour
      const bucket = bucketStart(h, spec.size, spec.origin);
      if (bucket !== start) {
        if (!Number.isNaN(start)) emit();
        start = bucket;
        out.set(b.subarray(at + 1, at + B));
        continue;
      }
      out[0]! += b[at + 1]!;
      out[1]! += b[at + 2]!;
      if (b[at + 3]! < out[2]!) out[2] = b[at + 3]!;
      if (b[at + 4]! > out[3]!) out[3] = b[at + 4]!;
      out[4] = b[at + 5]!;
    }
    if (!Number.isNaN(start)) emit();
  }
}
