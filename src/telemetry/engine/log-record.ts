// The ingest-log record: one acknowledged batch, compressed with the chunk codecs so the log
// (which lives only until compaction) stays small on disk: series ids as deltas, times as
// deltas (rows share a time, so runs of zeros), values as decimal deltas or Gorilla XOR.
import { ByteReader, ByteWriter } from '../codec/bytes.ts';
import { readIntSeq, writeIntSeq } from '../codec/int-seq.ts';
import { readValues, writeValues } from '../codec/values.ts';

const VERSION = 2;

export interface LogPoints {
  seriesId: Uint32Array;
  ts: Float64Array;
  values: Float64Array;
}

export function encodeLogRecord(p: LogPoints, n: number): Uint8Array {
  const w = new ByteWriter(64 + n * 6);
  w.byte(VERSION);
  w.uvarint(n);
  writeIntSeq(w, p.seriesId.subarray(0, n), 1);
  writeIntSeq(w, p.ts.subarray(0, n), 1);
  writeValues(w, p.values.subarray(0, n));
  return w.finish();
}

export function decodeLogRecord(data: Uint8Array): LogPoints {
  const r = new ByteReader(data);
  const version = r.byte();
  if (version !== VERSION) throw new RangeError(`ingest log record version ${version} unknown`);
  const n = r.uvarint();
  const ids = new Float64Array(n);
  readIntSeq(r, ids, 1);
  const ts = new Float64Array(n);
  readIntSeq(r, ts, 1);
  const values = readValues(r, n);
  return { seriesId: Uint32Array.from(ids), ts, values };
}
