// The ingest-log record: one acknowledged batch, kept only until compaction. Version 3 stores
// the columns nearly as they are in memory — series ids and values as raw little-endian arrays,
// times as run-length deltas (a row's points share one time) — because this encode runs for
// every acknowledged batch on the ingest path, while compression pays off only in chunks.
// SQLite hands the freed pages back after compaction (incremental vacuum), so the larger log
// does not stay on disk. Version 2 (compressed with the chunk codecs) is still read on replay.
import { ByteReader, ByteWriter } from '../codec/bytes.ts';
import { readIntSeq, writeIntSeq } from '../codec/int-seq.ts';
import { readValues } from '../codec/values.ts';

const V2 = 2;
const V3 = 3;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface LogPoints {
  seriesId: Uint32Array;
  ts: Float64Array;
  values: Float64Array;
}

export function encodeLogRecord(p: LogPoints, n: number): Uint8Array {
  const w = new ByteWriter(64 + n * 13);
  w.byte(V3);
  w.uvarint(n);
  writeIntSeq(w, p.ts.subarray(0, n), 1);
  // Raw columns start 8-byte aligned within the record so decoding can view them in place.
  while (w.pos % 8 !== 0) w.byte(0);
  w.bytes(bytesOf(p.values.subarray(0, n)));
  w.bytes(bytesOf(p.seriesId.subarray(0, n)));
  // Whole 8-byte words, so the segment log checksums and writes the record without a copy.
  while (w.pos % 8 !== 0) w.byte(0);
  return w.buf.subarray(0, w.pos);
}

function bytesOf(a: Float64Array | Uint32Array): Uint8Array {
  if (!littleEndian) throw new Error('ingest log records need a little-endian host');
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function decodeLogRecord(data: Uint8Array): LogPoints {
  const r = new ByteReader(data);
  const version = r.byte();
  const n = r.uvarint();
  if (version === V3) {
    const ts = new Float64Array(n);
    readIntSeq(r, ts, 1);
    const at = r.pos + ((8 - (r.pos % 8)) % 8);
    // Copy out: the record's buffer may not be aligned for typed-array views (and a Buffer's
    // slice() is a view, not a copy).
    if (data.length < at + n * 12) throw new RangeError('ingest log record truncated');
    const raw = new Uint8Array(n * 12);
    raw.set(data.subarray(at, at + n * 12));
    const values = new Float64Array(raw.buffer, 0, n);
    const seriesId = new Uint32Array(raw.buffer, n * 8, n);
    return { seriesId, ts, values };
  }
  if (version !== V2) throw new RangeError(`ingest log record version ${version} unknown`);
  const ids = new Float64Array(n);
  readIntSeq(r, ids, 1);
  const ts = new Float64Array(n);
  readIntSeq(r, ts, 1);
  const values = readValues(r, n);
  return { seriesId: Uint32Array.from(ids), ts, values };
}
