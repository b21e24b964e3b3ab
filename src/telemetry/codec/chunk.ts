// A compressed run of one series' points: version, count, timestamps (delta-of-delta with run
// lengths), values (decimal or Gorilla, see values.ts). Timestamps are integer epoch ms, sorted
// and unique (the engine merges and de-duplicates before encoding).
// A chunk of parts (version 2) is such runs one after another, each with its byte length: a
// later run appended to a stored chunk as it is coded, neither decoded nor coded again.
import { ByteReader, ByteWriter } from './bytes.ts';
import { readIntSeq, writeIntSeq } from './int-seq.ts';
import { PREDICTED, readPredictedRollup, writePredictedRollup } from './rollup-predicted.ts';
import { readValues, writeValues } from './values.ts';

const VERSION = 1;
/** A chunk of parts: the byte PARTS, then (uvarint length, version-1 chunk) for each part. */
const PARTS = 2;

export interface Points {
  ts: Float64Array;
  values: Float64Array;
}

export function encodeChunk(ts: ArrayLike<number>, values: ArrayLike<number>): Uint8Array {
  const w = new ByteWriter(64 + ts.length * 2);
  w.byte(VERSION);
  w.uvarint(ts.length);
  writeIntSeq(w, ts, 2);
  writeValues(w, values);
  return w.finish();
}

/** Is this a chunk of several coded parts (see `appendChunk`)? */
export const isChunkOfParts = (data: Uint8Array): boolean => data[0] === PARTS;

/**
 * `stored` followed by `later`, a version-1 chunk of points all after the stored ones: the
 * stored bytes are kept as they are and `later` is added as one more part. A compaction
 * generation extends the newest chunk of its series this way, at the cost of a copy instead
 * of decoding and coding the chunk again (issue 21); sealing a day codes it as one run.
 */
export function appendChunk(stored: Uint8Array, later: Uint8Array): Uint8Array {
  if (later[0] !== VERSION) throw new RangeError('only a version-1 chunk is appended');
  const w = new ByteWriter(stored.length + later.length + 8);
  if (isChunkOfParts(stored)) w.bytes(stored);
  else {
    w.byte(PARTS);
    w.uvarint(stored.length);
    w.bytes(stored);
  }
  w.uvarint(later.length);
  w.bytes(later);
  return w.finish();
}

function decodeParts(data: Uint8Array): Points {
  const r = new ByteReader(data, 1);
  const parts: Points[] = [];
  let n = 0;
  while (r.pos < data.length) {
    const len = r.uvarint();
    if (r.pos + len > data.length) throw new RangeError('chunk truncated');
    const part = data.subarray(r.pos, r.pos + len);
    if (part[0] !== VERSION) throw new RangeError(`chunk part version ${part[0]} not supported`);
    const p = decodeChunk(part);
    parts.push(p);
    n += p.ts.length;
    r.pos += len;
  }
  if (parts.length === 1) return parts[0]!;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    ts.set(p.ts, at);
    values.set(p.values, at);
    at += p.ts.length;
  }
  return { ts, values };
}

export function decodeChunk(data: Uint8Array): Points {
  if (isChunkOfParts(data)) return decodeParts(data);
  const r = new ByteReader(data);
  const version = r.byte();
  if (version !== VERSION) throw new RangeError(`chunk version ${version} not supported`);
  const n = r.uvarint();
  const ts = new Float64Array(n);
  readIntSeq(r, ts, 2);
  const values = readValues(r, n);
  return { ts, values };
}

/** A rollup chunk: bucket starts plus the columns count, sum, min, max, first, last. */
export interface RollupColumns {
  starts: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  first: Float64Array;
  last: Float64Array;
}

/** Version 3 (rollup-predicted.ts) where its columns are exact decimals, else version 1. */
export function encodeRollup(c: RollupColumns): Uint8Array {
  const w = new ByteWriter(64 + c.starts.length * 4);
  if (writePredictedRollup(w, c)) return w.finish();
  return encodeRollupV1(c, w);
}

/** Version 1: each value column delta-coded on its own (exported for the version tests). */
export function encodeRollupV1(c: RollupColumns, w = new ByteWriter(64 + c.starts.length * 4)) {
  w.byte(VERSION);
  w.uvarint(c.starts.length);
  writeIntSeq(w, c.starts, 2);
  writeIntSeq(w, c.count, 1);
  const cols = [c.sum, c.min, c.max, c.first, c.last];
  for (let i = 0; i < cols.length; i++) writeValues(w, cols[i]!, cols.slice(0, i));
  return w.finish();
}

export function decodeRollup(data: Uint8Array): RollupColumns {
  const r = new ByteReader(data);
  const version = r.byte();
  if (version === PREDICTED) return readPredictedRollup(r);
  if (version !== VERSION) throw new RangeError(`rollup version ${version} not supported`);
  const n = r.uvarint();
  const starts = new Float64Array(n);
  readIntSeq(r, starts, 2);
  const count = new Float64Array(n);
  readIntSeq(r, count, 1);
  const cols: Float64Array[] = [];
  for (let i = 0; i < 5; i++) cols.push(readValues(r, n, cols));
  const [sum, min, max, first, last] = cols as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return { starts, count, sum, min, max, first, last };
}
