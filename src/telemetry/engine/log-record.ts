// The ingest-log record: one acknowledged batch, kept only until compaction. Version 4 stores
// the batch as rows, nearly as it is in memory — each row's time once, then every value, every
// series id and each row's width as raw little-endian arrays behind a 16-byte header — because
// this encode runs for every acknowledged batch on the ingest path, while compression pays off
// only in chunks. Versions 2 (compressed columns) and 3 (raw columns, one time per point)
// written by earlier releases are still read on replay, one point per row.
import { ByteReader } from '../codec/bytes.ts';
import { readIntSeq } from '../codec/int-seq.ts';
import { readValues } from '../codec/values.ts';
import type { RowBatch } from './head.ts';

const V2 = 2;
const V3 = 3;
const V4 = 4;
const HEADER = 16;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A batch as rows: row r's values are values[rows.start[r] …], one per id in rows.ids[r]. */
export interface LogBatch {
  rows: RowBatch;
  values: Float64Array;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** Bytes of the v4 record of a batch of `nRows` rows and `points` points. */
export const logRecordSize = (nRows: number, points: number): number => layout(nRows, points).size;

/**
 * The v4 record of a batch, in a new buffer or, given `into` (at least logRecordSize bytes,
 * 8-byte aligned, e.g. from a RecordPool), in its first bytes: the same bytes either way, the
 * header's spare bytes and the end's padding written as zeros.
 */
export function encodeLogRecord(b: LogBatch, points: number, into?: Uint8Array): Uint8Array {
  if (!littleEndian) throw new Error('ingest log records need a little-endian host');
  const { rows } = b;
  const nRows = rows.ids.length;
  const at = layout(nRows, points);
  const out = into ? into.subarray(0, at.size) : new Uint8Array(at.size);
  if (out.length < at.size || out.byteOffset % 8 !== 0)
    throw new RangeError('ingest log record: the buffer is too small or not aligned');
  if (into) {
    out.fill(0, 0, HEADER);
    out.fill(0, at.widths + nRows * 4, at.size);
  }
  out[0] = V4;
  const base = out.byteOffset;
  const head = new Uint32Array(out.buffer, base, 4);
  head[1] = nRows;
  head[2] = points;
  new Float64Array(out.buffer, base + HEADER, nRows).set(rows.ts.subarray(0, nRows));
  new Float64Array(out.buffer, base + at.values, points).set(b.values.subarray(0, points));
  const ids = new Uint32Array(out.buffer, base + at.ids, points);
  const widths = new Uint32Array(out.buffer, base + at.widths, nRows);
  for (let r = 0; r < nRows; r++) {
    const row = rows.ids[r]!;
    const from = rows.start[r]!;
    // A loop, not set(): rows are a few ids long and set() costs a call per row.
    for (let c = 0; c < row.length; c++) ids[from + c] = row[c]!;
    widths[r] = row.length;
  }
  return out;
}

/**
 * Record buffers reused from one group commit to the next (engine.ts): a record lives only
 * until its append returns (written, or bound and sent), and a new 60 kB buffer per batch is
 * off-heap memory that V8 counts towards its next full collection (each one marks the whole
 * heap on the helper threads). Buffers grow in 64 KiB steps; a few are kept, none above 4 MiB.
 */
export class RecordPool {
  private readonly free: Uint8Array[] = [];

  take(size: number): Uint8Array {
    for (let k = this.free.length - 1; k >= 0; k--) {
      const buf = this.free[k]!;
      if (buf.length >= size) {
        this.free.splice(k, 1);
        return buf;
      }
    }
    return new Uint8Array(Math.ceil(size / 65_536) * 65_536);
  }

  give(bufs: readonly Uint8Array[]): void {
    for (const buf of bufs) {
      if (this.free.length < 16 && buf.length <= 4 * 1024 * 1024) this.free.push(buf);
    }
  }
}

/** Byte offsets of the v4 arrays; every array starts 8-byte aligned. */
function layout(nRows: number, points: number) {
  const values = HEADER + nRows * 8;
  const ids = values + points * 8;
  const widths = ids + points * 4;
  return { values, ids, widths, size: pad8(widths + nRows * 4) };
}

export function decodeLogRecord(data: Uint8Array): LogBatch {
  const version = data[0];
  if (version === V4) return decodeV4(data);
  const r = new ByteReader(data);
  r.byte();
  const n = r.uvarint();
  if (version === V3) {
    const ts = new Float64Array(n);
    readIntSeq(r, ts, 1);
    const at = r.pos + ((8 - (r.pos % 8)) % 8);
    if (data.length < at + n * 12) throw new RangeError('ingest log record truncated');
    const raw = copyOut(data, at, n * 12);
    return pointRows(new Uint32Array(raw, n * 8, n), ts, new Float64Array(raw, 0, n));
  }
  if (version !== V2) throw new RangeError(`ingest log record version ${version} unknown`);
  const ids = new Float64Array(n);
  readIntSeq(r, ids, 1);
  const ts = new Float64Array(n);
  readIntSeq(r, ts, 1);
  const values = readValues(r, n);
  return pointRows(Uint32Array.from(ids), ts, values);
}

function decodeV4(data: Uint8Array): LogBatch {
  if (data.length < HEADER) throw new RangeError('ingest log record truncated');
  const head = new Uint32Array(copyOut(data, 0, HEADER));
  const nRows = head[1]!;
  const points = head[2]!;
  const at = layout(nRows, points);
  if (data.length < at.size) throw new RangeError('ingest log record truncated');
  const raw = copyOut(data, 0, at.size);
  const ids = new Uint32Array(raw, at.ids, points);
  const widths = new Uint32Array(raw, at.widths, nRows);
  const start = new Uint32Array(nRows + 1);
  const rowIds = new Array<Uint32Array>(nRows);
  for (let r = 0; r < nRows; r++) {
    start[r + 1] = start[r]! + widths[r]!;
    rowIds[r] = ids.subarray(start[r]!, start[r + 1]!);
  }
  if (start[nRows] !== points) throw new RangeError('ingest log record: row widths do not add up');
  return {
    rows: { ids: rowIds, ts: new Float64Array(raw, HEADER, nRows), start },
    values: new Float64Array(raw, at.values, points),
  };
}

/**
 * An aligned copy of data[from, from + n): the record's buffer may not be aligned for
 * typed-array views (and a Buffer's slice() is a view, not a copy).
 */
function copyOut(data: Uint8Array, from: number, n: number): ArrayBuffer {
  const raw = new Uint8Array(n);
  raw.set(data.subarray(from, from + n));
  return raw.buffer;
}

/** Points as rows of one point each (records of earlier versions). */
function pointRows(seriesId: Uint32Array, ts: Float64Array, values: Float64Array): LogBatch {
  const n = ts.length;
  const ids = new Array<Uint32Array>(n);
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    ids[i] = seriesId.subarray(i, i + 1);
    start[i + 1] = i + 1;
  }
  return { rows: { ids, ts, start }, values };
}

/** The batch point by point: series id and time of each value (live subscribers, tests). */
export function pointColumns(b: LogBatch, points: number) {
  const seriesId = new Uint32Array(points);
  const ts = new Float64Array(points);
  const { rows } = b;
  for (let r = 0; r < rows.ids.length; r++) {
    const from = rows.start[r]!;
    seriesId.set(rows.ids[r]!, from);
    ts.fill(rows.ts[r]!, from, from + rows.ids[r]!.length);
  }
  return { seriesId, ts, values: b.values.subarray(0, points) };
}
