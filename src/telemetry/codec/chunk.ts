// A compressed run of one series' points: version, count, timestamps (delta-of-delta with run
// lengths), values (decimal or Gorilla, see values.ts). Timestamps are integer epoch ms, sorted
// and unique (the engine merges and de-duplicates before encoding).
import { ByteReader, ByteWriter } from './bytes.ts';
import { readIntSeq, writeIntSeq } from './int-seq.ts';
import { readValues, writeValues } from './values.ts';

const VERSION = 1;

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

export function decodeChunk(data: Uint8Array): Points {
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

export function encodeRollup(c: RollupColumns): Uint8Array {
  const w = new ByteWriter(64 + c.starts.length * 4);
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
