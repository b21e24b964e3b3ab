// The small heads of a frozen generation, copied into a few arrays for the compaction thread
// (Heads.share, head.ts), and the types of what goes to that thread.

/**
 * Groups and own heads of at most this many values are kept in plain memory (f64) and go to the compaction thread copied into one
 * PackedHeads rather than as arrays of their own (issue 21). postMessage looks up each
 * SharedArrayBuffer it sends among those already sent, so a message of many of them costs time
 * quadratic in their number: a generation of 10,000 devices' small row groups (two
 * SharedArrayBuffers and an id array each) took 0.2–1.1 s of the event loop to post, and the
 * engine does that at every compaction. Copying small ones costs time linear in their points;
 * large ones are still shared, not copied (the fleet benchmark's 1,000 assets write about
 * 4,000 values each per generation).
 */
export const PACK_MAX_VALUES = 1024;

/**
 * Item j of PackedHeads: k[j] series ids in `ids`, n[j] times in `ts` and n[j]·k[j] values in
 * `values` (row-major, as a row group keeps them), each item after the one before; own[j] = 1
 * for an own head (k = 1). Plain arrays, transferred to the thread (transferablesOf).
 */
export interface PackedHeads {
  k: Uint32Array;
  n: Uint32Array;
  own: Uint8Array;
  ids: Uint32Array;
  ts: Float64Array;
  values: Float64Array;
}

/** Heads as the arrays they are, to hand to another thread (shared memory: nothing copied). */
export interface SharedHeads {
  groups: { ids: Uint32Array; ts: Float64Array; values: Float64Array; n: number }[];
  own: { sid: number; ts: Float64Array; values: Float64Array; n: number }[];
  /** The small groups and own heads, copied (PACK_MAX_VALUES). */
  packed?: PackedHeads;
  maxLogId: number;
}

/** A group, or an own head (ids undefined, k = 1), to copy into PackedHeads. */
export interface Packable {
  ids: Uint32Array | undefined;
  sid: number;
  ts: Float64Array;
  values: Float64Array;
  n: number;
  k: number;
}

/**
 * Copies small groups and own heads, in order, into the six arrays of one PackedHeads. Element
 * by element: for a few dozen numbers that is several times cheaper than subarray() and set().
 * Pauses (yields) once about `step` numbers were copied since the last pause (Heads.shareSteps).
 */
export function* packSteps(items: Packable[], step: number): Generator<void, PackedHeads> {
  let nIds = 0;
  let nTs = 0;
  let nValues = 0;
  for (const it of items) {
    nIds += it.k;
    nTs += it.n;
    nValues += it.n * it.k;
  }
  const p: PackedHeads = {
    k: new Uint32Array(items.length),
    n: new Uint32Array(items.length),
    own: new Uint8Array(items.length),
    ids: new Uint32Array(nIds),
    ts: new Float64Array(nTs),
    values: new Float64Array(nValues),
  };
  const { ids, ts, values } = p;
  let work = 0;
  for (let j = 0, id = 0, t = 0, v = 0; j < items.length; j++) {
    const it = items[j]!;
    const n = it.n;
    const m = n * it.k;
    p.k[j] = it.k;
    p.n[j] = n;
    if (it.ids === undefined) {
      p.own[j] = 1;
      ids[id++] = it.sid;
    } else for (let c = 0; c < it.k; c++) ids[id++] = it.ids[c]!;
    for (let i = 0; i < n; i++) ts[t++] = it.ts[i]!;
    for (let i = 0; i < m; i++) values[v++] = it.values[i]!;
    work += n + m;
    if (work >= step) {
      work = 0;
      yield;
    }
  }
  return p;
}

/** The buffers of `share()`'s packed arrays: transferred to the thread, not cloned. */
export function transferablesOf(s: SharedHeads): ArrayBuffer[] {
  const p = s.packed;
  if (p === undefined) return [];
  return [p.k, p.n, p.own, p.ids, p.ts, p.values].map((a) => a.buffer as ArrayBuffer);
}
