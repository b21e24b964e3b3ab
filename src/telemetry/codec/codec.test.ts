import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import {
  appendChunk,
  decodeChunk,
  decodeRollup,
  encodeChunk,
  encodeRollup,
  isChunkOfParts,
} from './chunk.ts';

// Deterministic pseudo-random numbers (the kernel's mulberry32) so failures reproduce.
const rng = createRng;

function roundTrip(ts: number[], values: number[]) {
  const bytes = encodeChunk(ts, values);
  const back = decodeChunk(bytes);
  expect(Array.from(back.ts)).toEqual(ts);
  expect(back.values.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) expect(Object.is(back.values[i], values[i])).toBe(true);
  return bytes.length;
}

describe('chunk codec', () => {
  it('round-trips regular 0.01-resolution sensor data in under 2 bytes per point', () => {
    const r = rng(1);
    const ts: number[] = [];
    const vs: number[] = [];
    let v = 55;
    for (let i = 0; i < 1440; i++) {
      ts.push(1_700_000_000_000 + i * 60_000);
      v += (r() - 0.5) * 0.4;
      vs.push(Math.round(v * 100) / 100);
    }
    const size = roundTrip(ts, vs);
    expect(size / 1440).toBeLessThan(2);
  });

  it('round-trips arbitrary doubles through the Gorilla path, irregular times included', () => {
    const r = rng(2);
    const ts: number[] = [];
    const vs: number[] = [];
    let t = 1_600_000_000_123;
    for (let i = 0; i < 1000; i++) {
      t += 1 + Math.floor(r() * 5000);
      ts.push(t);
      vs.push(i % 7 === 0 ? (vs[vs.length - 1] ?? 1) : (r() - 0.5) * 1e6 * Math.exp(r() * 10));
    }
    vs.push(-0, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1 / 3);
    for (let i = 0; i < 5; i++) ts.push((t += 1000));
    roundTrip(ts, vs);
  });

  it('handles empty, single, constant and large-integer columns', () => {
    roundTrip([], []);
    roundTrip([5], [42.5]);
    roundTrip([1, 2, 3, 4], [7, 7, 7, 7]);
    roundTrip([1, 2, 4], [2 ** 52, -(2 ** 52), 123456789012]);
  });

  it('scales the earlier values again when a later one needs more decimal places', () => {
    const ts = Array.from({ length: 300 }, (_, i) => 1_700_000_000_000 + i * 60_000);
    // Whole numbers for 200 points, then tenths, then thousandths: the column is one decimal
    // column of 3 places (a few bytes a point), not Gorilla's 64-bit noise.
    const vs = ts.map((_, i) => (i < 200 ? 20 + (i % 5) : i < 250 ? 20 + (i % 7) / 10 : 21.125));
    expect(roundTrip(ts, vs)).toBeLessThan(300 * 2);
    // A -0 after many decimals, or a value with no short decimal, still round-trips (Gorilla).
    roundTrip(ts.slice(0, 4), [1.5, 2.25, -0, 3]);
    roundTrip(ts.slice(0, 4), [1.5, 2.25, 0.1 + 0.2, 3]);
    roundTrip(ts.slice(0, 3), [1, 2, 2 ** 51]);
  });

  it('rejects a truncated chunk instead of returning garbage', () => {
    const bytes = encodeChunk([1, 2, 3], [0.5, 0.25, 0.125]);
    expect(() => decodeChunk(bytes.subarray(0, bytes.length - 2))).toThrow();
  });

  it('appends coded parts to a chunk without coding them again', () => {
    const ts = Array.from({ length: 30 }, (_, i) => 1_700_000_000_000 + i * 60_000);
    const values = ts.map((_, i) => Math.round(100 * Math.sin(i / 5)) / 100);
    const parts = [
      [0, 12],
      [12, 25],
      [25, 30],
    ].map(([a, b]) => encodeChunk(ts.slice(a, b), values.slice(a, b)));
    let data = parts[0]!;
    expect(isChunkOfParts(data)).toBe(false);
    for (const p of parts.slice(1)) data = appendChunk(data, p);
    expect(isChunkOfParts(data)).toBe(true);
    // Each part as coded, with one byte for the kind and one for each part's length.
    expect(data.length).toBe(parts.reduce((n, p) => n + p.length + 1, 1));
    const back = decodeChunk(data);
    expect(Array.from(back.ts)).toEqual(ts);
    expect(Array.from(back.values)).toEqual(values);
    expect(() => appendChunk(parts[0]!, data)).toThrow(/version-1/);
    expect(() => decodeChunk(data.subarray(0, data.length - 3))).toThrow();
  });

  it('round-trips rollup columns, sharing equal columns', () => {
    const n = 24;
    const starts = Float64Array.from({ length: n }, (_, i) => i * 3_600_000);
    const count = Float64Array.from({ length: n }, (_, i) => 60 - (i % 3));
    const sum = Float64Array.from({ length: n }, (_, i) => i * 10.5);
    const min = Float64Array.from({ length: n }, (_, i) => i * 0.01);
    const c = { starts, count, sum, min, max: sum, first: min, last: Float64Array.from(min) };
    const back = decodeRollup(encodeRollup(c));
    for (const k of Object.keys(c) as (keyof typeof c)[]) {
      expect(Array.from(back[k])).toEqual(Array.from(c[k]));
    }
  });
});

describe('chunk codec on every value coding', () => {
  it('round-trips rollup columns that pick different codings, each ending where the next starts', () => {
    const r = rng(3);
    const n = 300;
    const starts = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const count = Float64Array.from({ length: n }, () => 60);
    let level = 2000;
    // min: peaked steps (rANS); max: ±5 steps (mixed radix); sum: wide steps (varint deltas);
    // first: arbitrary doubles (Gorilla); last: equal to min (same-as).
    const min = Float64Array.from({ length: n }, () => {
      const u = r();
      level += u < 0.05 ? -1 : u > 0.95 ? 1 : 0;
      return level / 100;
    });
    let m = 5000;
    const max = Float64Array.from({ length: n }, () => (m += Math.floor(r() * 11) - 5) / 100);
    const sum = Float64Array.from({ length: n }, () => Math.floor(r() * 2 ** 40) / 10);
    const first = Float64Array.from({ length: n }, () => r() * 1e3);
    const c = { starts, count, sum, min, max, first, last: Float64Array.from(min) };
    const back = decodeRollup(encodeRollup(c));
    for (const k of Object.keys(c) as (keyof typeof c)[]) {
      expect(Array.from(back[k])).toEqual(Array.from(c[k]));
    }
  });
});

describe('ingest log record', () => {
  /** Rows of 10 channels sharing a time, as prepare.ts hands them over. */
  function batch(rowsN: number) {
    const ids = Array.from({ length: rowsN }, (_, r) =>
      Uint32Array.from({ length: 10 }, (_, c) => 1 + c + 10 * (r % 3)),
    );
    const ts = Float64Array.from({ length: rowsN }, (_, r) => 1_700_000_000_000 + r * 60_000);
    const start = Uint32Array.from({ length: rowsN + 1 }, (_, r) => r * 10);
    const values = Float64Array.from(
      { length: rowsN * 10 },
      (_, i) => Math.round(Math.sin(i) * 1e4) / 100,
    );
    return { rows: { ids, ts, start }, values };
  }

  it('round-trips a batch of rows, wherever the record sits in memory', async () => {
    const { encodeLogRecord, decodeLogRecord, pointColumns } =
      await import('../engine/log-record.ts');
    const b = batch(5);
    const bytes = encodeLogRecord(b, 50);
    // Raw ids and values (12 bytes a point), one time and one width per row, a 16-byte header,
    // padded to whole 8-byte words (676 → 680).
    expect(bytes.length).toBe(680);
    // Decoding must not depend on the record's alignment inside a larger buffer (SQLite, pg).
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    // …and a Node Buffer (what the drivers return) whose slice() is a view into a shared pool.
    const pooled = Buffer.concat([Buffer.from('xyz'), Buffer.from(bytes)]).subarray(3);
    const want = pointColumns(b, 50);
    for (const data of [bytes, shifted.subarray(3), pooled]) {
      const back = decodeLogRecord(data);
      expect(back.rows.ids.map((r) => Array.from(r))).toEqual(b.rows.ids.map((r) => Array.from(r)));
      const got = pointColumns(back, 50);
      expect([Array.from(got.seriesId), Array.from(got.ts), Array.from(got.values)]).toEqual([
        Array.from(want.seriesId),
        Array.from(want.ts),
        Array.from(want.values),
      ]);
    }
    expect(() => decodeLogRecord(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
  });

  it('writes the same bytes into a reused pool buffer as into a new one', async () => {
    const { RecordPool, encodeLogRecord, logRecordSize } = await import('../engine/log-record.ts');
    const pool = new RecordPool();
    // Odd row counts leave 4 bytes of padding at the end; the dirt must not show through.
    for (const [rowsN, points] of [
      [5, 50],
      [3, 30],
      [7, 70],
      [1, 10],
    ] as const) {
      const b = batch(rowsN);
      const fresh = encodeLogRecord(b, points);
      const buf = pool.take(logRecordSize(rowsN, points));
      buf.fill(0xa5);
      const reused = encodeLogRecord(b, points, buf);
      expect(reused.length).toBe(fresh.length);
      expect(Buffer.compare(Buffer.from(reused), Buffer.from(fresh))).toBe(0);
      pool.give([buf]);
      expect(pool.take(16)).toBe(buf);
      pool.give([buf]);
    }
  });

  it('still replays version-3 records (raw columns, a time per point), one point per row', async () => {
    const { decodeLogRecord, pointColumns } = await import('../engine/log-record.ts');
    const { ByteWriter } = await import('./bytes.ts');
    const { writeIntSeq } = await import('./int-seq.ts');
    const seriesId = Uint32Array.of(3, 4, 5, 3);
    const ts = Float64Array.of(1e12, 1e12, 1e12, 1e12 + 60_000);
    const values = Float64Array.of(7.25, 12.5, -3, 7.5);
    const w = new ByteWriter();
    w.byte(3);
    w.uvarint(4);
    writeIntSeq(w, ts, 1);
    while (w.pos % 8 !== 0) w.byte(0);
    w.bytes(new Uint8Array(values.buffer));
    w.bytes(new Uint8Array(seriesId.buffer));
    const back = decodeLogRecord(w.finish());
    expect(back.rows.ids).toHaveLength(4);
    const got = pointColumns(back, 4);
    expect([Array.from(got.seriesId), Array.from(got.ts), Array.from(got.values)]).toEqual([
      Array.from(seriesId),
      Array.from(ts),
      Array.from(values),
    ]);
  });

  it('still replays version-2 records (compressed columns) written by earlier releases', async () => {
    const { decodeLogRecord, pointColumns } = await import('../engine/log-record.ts');
    const { ByteWriter } = await import('./bytes.ts');
    const { writeIntSeq } = await import('./int-seq.ts');
    const { writeValues } = await import('./values.ts');
    const seriesId = [3, 4, 5, 3, 4, 5];
    const ts = [1e12, 1e12, 1e12, 1e12 + 60_000, 1e12 + 60_000, 1e12 + 60_000];
    const values = [7.25, 12.5, -3, 7.5, 12.25, -2.75];
    const w = new ByteWriter();
    w.byte(2);
    w.uvarint(6);
    writeIntSeq(w, seriesId, 1);
    writeIntSeq(w, ts, 1);
    writeValues(w, values);
    const got = pointColumns(decodeLogRecord(w.finish()), 6);
    expect([Array.from(got.seriesId), Array.from(got.ts), Array.from(got.values)]).toEqual([
      seriesId,
      ts,
      values,
    ]);
  });
});
