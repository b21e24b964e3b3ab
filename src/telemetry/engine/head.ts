// In-memory head of each series: points acknowledged (already durable in the ingest log) but not
// yet merged into compressed chunks. Queries read heads, so a point is visible once acknowledged.

export class SeriesHead {
  ts: Float64Array;
  values: Float64Array;
  n = 0;

  constructor(capacity = 64) {
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  grow(): void {
    const ts = new Float64Array(Math.max(16, this.n * 2));
    ts.set(this.ts);
    const vs = new Float64Array(ts.length);
    vs.set(this.values);
    this.ts = ts;
    this.values = vs;
  }
}

export class Heads {
  /** Heads by series id (ids are dense). */
  readonly byId: (SeriesHead | undefined)[] = [];
  /** Ids with a head, in first-append order. */
  readonly ids: number[] = [];
  points = 0;
  /** Highest ingest-log id whose points are all in these heads. */
  maxLogId = 0;
  /** Wall-clock ms of the first point appended, for the age-based flush. */
  since = 0;

  /**
   * `previous`: the generation these heads follow. A series usually sends about as many points
   * per generation as in the last one, so its head starts with that capacity instead of
   * doubling its way up (copying) from a small one.
   */
  constructor(previous?: Heads) {
    if (!previous) return;
    const hint: number[] = [];
    for (const sid of previous.ids) hint[sid] = previous.byId[sid]!.n;
    this.capacityHint = hint;
  }

  private capacityHint: number[] | undefined;

  /** Appends a whole acknowledged batch; the per-point work of ingest, kept inline. */
  appendBatch(seriesId: Uint32Array, ts: Float64Array, values: Float64Array, n: number): void {
    if (n === 0) return;
    if (this.points === 0) this.since = Date.now();
    const byId = this.byId;
    for (let i = 0; i < n; i++) {
      const sid = seriesId[i]!;
      let h = byId[sid];
      if (h === undefined) {
        const hint = this.capacityHint?.[sid];
        h = new SeriesHead(hint === undefined ? 64 : Math.max(16, hint + (hint >> 3)));
        byId[sid] = h;
        this.ids.push(sid);
      }
      const k = h.n;
      if (k === h.ts.length) h.grow();
      h.ts[k] = ts[i]!;
      h.values[k] = values[i]!;
      h.n = k + 1;
    }
    this.points += n;
  }

  get(seriesId: number): SeriesHead | undefined {
    return this.byId[seriesId];
  }
}

/** Heads as four flat arrays, to hand to another thread without copying per series. */
export interface FlatHeads {
  ids: Uint32Array;
  /** Points of ids[k] are [offsets[k], offsets[k+1]). */
  offsets: Uint32Array;
  ts: Float64Array;
  values: Float64Array;
  maxLogId: number;
}

export function flattenHeads(heads: Heads): FlatHeads {
  const ids = Uint32Array.from(heads.ids);
  const offsets = new Uint32Array(ids.length + 1);
  const ts = new Float64Array(heads.points);
  const values = new Float64Array(heads.points);
  let at = 0;
  ids.forEach((sid, k) => {
    const h = heads.byId[sid]!;
    ts.set(h.ts.subarray(0, h.n), at);
    values.set(h.values.subarray(0, h.n), at);
    at += h.n;
    offsets[k + 1] = at;
  });
  return { ids, offsets, ts, values, maxLogId: heads.maxLogId };
}

export function unflattenHeads(f: FlatHeads): Heads {
  const heads = new Heads();
  f.ids.forEach((sid, k) => {
    const h = new SeriesHead(0);
    h.ts = f.ts.subarray(f.offsets[k]!, f.offsets[k + 1]!);
    h.values = f.values.subarray(f.offsets[k]!, f.offsets[k + 1]!);
    h.n = h.ts.length;
    heads.byId[sid] = h;
    heads.ids.push(sid);
    heads.points += h.n;
  });
  heads.maxLogId = f.maxLogId;
  return heads;
}
