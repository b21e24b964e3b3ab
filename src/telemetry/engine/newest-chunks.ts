// The compaction state of every series: where its newest stored chunk lies (compactor.ts decides
// append versus merge by it). Held in columns indexed by series id (ids are dense, see
// series-registry.ts), not a Map of objects: at a million series a Map of small objects took
// about 130 bytes a series on each of the main and the compaction thread, these columns 32, and
// they cross to the thread as one packed array instead of a million cloned objects (issue 21).

/** The newest stored chunk of a series: appends extend it while it is small. */
export interface NewestChunk {
  window_start: number;
  min_ts: number;
  max_ts: number;
  points: number;
}

const FIELDS = 4; // window_start, min_ts, max_ts, points; max_ts NaN: no chunk

export class NewestChunks {
  private cols: Float64Array;

  constructor(packed?: Float64Array) {
    this.cols = packed ?? new Float64Array(1024 * FIELDS).fill(NaN);
  }

  get(sid: number): NewestChunk | undefined {
    const o = sid * FIELDS;
    const c = this.cols;
    if (o >= c.length || Number.isNaN(c[o + 2]!)) return undefined;
    return { window_start: c[o]!, min_ts: c[o + 1]!, max_ts: c[o + 2]!, points: c[o + 3]! };
  }

  set(sid: number, n: NewestChunk): void {
    const o = sid * FIELDS;
    if (o >= this.cols.length) this.grow(sid);
    const c = this.cols;
    c[o] = n.window_start;
    c[o + 1] = n.min_ts;
    c[o + 2] = n.max_ts;
    c[o + 3] = n.points;
  }

  /** The columns, to hand to another thread (copied by postMessage, or transferred). */
  packed(): Float64Array {
    return this.cols;
  }

  private grow(sid: number): void {
    let n = Math.max(1024, this.cols.length / FIELDS);
    while (n <= sid) n *= 2;
    const cols = new Float64Array(n * FIELDS).fill(NaN);
    cols.set(this.cols);
    this.cols = cols;
  }
}

/** The state of each chunk in `chunks`, as the newest of its series. */
export function newestChunksOf(chunks: Iterable<{ series_id: number } & NewestChunk>) {
  const out = new NewestChunks();
  for (const c of chunks) out.set(c.series_id, c);
  return out;
}
