import { describe, expect, it } from 'vitest';
import { decodeChunk, decodeRollup, encodeChunk, encodeRollup } from './chunk.ts';

// Deterministic pseudo-random numbers (mulberry32) so failures reproduce.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

  it('rejects a truncated chunk instead of returning garbage', () => {
    const bytes = encodeChunk([1, 2, 3], [0.5, 0.25, 0.125]);
    expect(() => decodeChunk(bytes.subarray(0, bytes.length - 2))).toThrow();
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

describe('ingest log record', () => {
  it('round-trips a batch of rows sharing timestamps', async () => {
    const { encodeLogRecord, decodeLogRecord } = await import('../engine/log-record.ts');
    const n = 50;
    const seriesId = Uint32Array.from(
      { length: n },
      (_, i) => 1 + (i % 10) + 10 * Math.floor(i / 10),
    );
    const ts = Float64Array.from(
      { length: n },
      (_, i) => 1_700_000_000_000 + Math.floor(i / 10) * 60_000,
    );
    const values = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i) * 1e4) / 100);
    const bytes = encodeLogRecord({ seriesId, ts, values }, n);
    // Raw ids and values (12 bytes a point) plus a few bytes of run-length times.
    expect(bytes.length).toBeLessThan(n * 12 + 40);
    // Decoding must not depend on the record's alignment inside a larger buffer (SQLite, pg).
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    // …and a Node Buffer (what the drivers return) whose slice() is a view into a shared pool.
    const pooled = Buffer.concat([Buffer.from('xyz'), Buffer.from(bytes)]).subarray(3);
    for (const data of [bytes, shifted.subarray(3), pooled]) {
      const back = decodeLogRecord(data);
      expect([Array.from(back.seriesId), Array.from(back.ts), Array.from(back.values)]).toEqual([
        Array.from(seriesId),
        Array.from(ts),
        Array.from(values),
      ]);
    }
  });

  it('still replays version-2 records (compressed columns) written by earlier releases', async () => {
    const { decodeLogRecord } = await import('../engine/log-record.ts');
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
    const back = decodeLogRecord(w.finish());
    expect([Array.from(back.seriesId), Array.from(back.ts), Array.from(back.values)]).toEqual([
      seriesId,
      ts,
      values,
    ]);
  });
});
