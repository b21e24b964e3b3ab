// The ingest-log record: one acknowledged batch as three little-endian columns
// (series id u32, time f64 epoch ms, value f64) after a u32 count. Fixed-width so encoding and
// replay are plain typed-array copies; the record lives only until the compactor merges it.

export interface LogPoints {
  seriesId: Uint32Array;
  ts: Float64Array;
  values: Float64Array;
}

export function encodeLogRecord(p: LogPoints, n: number): Buffer {
  const buf = Buffer.allocUnsafe(8 + n * 20);
  buf.writeUInt32LE(n, 0);
  buf.writeUInt32LE(0, 4); // padding keeps the f64 columns 8-byte aligned
  const body = new Uint8Array(buf.buffer, buf.byteOffset + 8, n * 20);
  body.set(new Uint8Array(p.ts.buffer, p.ts.byteOffset, n * 8), 0);
  body.set(new Uint8Array(p.values.buffer, p.values.byteOffset, n * 8), n * 8);
  body.set(new Uint8Array(p.seriesId.buffer, p.seriesId.byteOffset, n * 4), n * 16);
  return buf;
}

export function decodeLogRecord(data: Uint8Array): LogPoints {
  if (data.length < 8) throw new RangeError('ingest log record truncated');
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  const n = view.getUint32(0, true);
  if (data.length !== 8 + n * 20) throw new RangeError('ingest log record has the wrong size');
  // Copy into fresh, aligned buffers (driver buffers may be unaligned views).
  const copy = new Uint8Array(n * 20);
  copy.set(data.subarray(8));
  return {
    ts: new Float64Array(copy.buffer, 0, n),
    values: new Float64Array(copy.buffer, n * 8, n),
    seriesId: new Uint32Array(copy.buffer, n * 16, n),
  };
}
