import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from './bytes.ts';
import { decodeChunk, encodeChunk } from './chunk.ts';
import { writeIntSeq } from './int-seq.ts';
import { MAX_WIDTH, packable, readPacked, writePacked } from './packed.ts';

function roundTrip(xs: number[]): number {
  expect(packable(xs)).toBe(true);
  const w = new ByteWriter();
  writePacked(w, xs);
  w.byte(0xab); // whatever follows must stay in place
  const bytes = w.finish();
  const r = new ByteReader(bytes);
  const out = new Float64Array(xs.length);
  readPacked(r, out);
  expect(Array.from(out)).toEqual(xs);
  expect(r.byte()).toBe(0xab);
  return bytes.length;
}

describe('bit-packed integer sequences', () => {
  it('round-trips deltas of every width from 0 to 32 bits, partial last blocks included', () => {
    let seed = 9;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let width = 0; width <= MAX_WIDTH; width++) {
      for (const n of [1, 2, 63, 64, 65, 130]) {
        const xs = [Math.floor(rand() * 2000) - 1000];
        for (let i = 1; i < n; i++) {
          const d = Math.floor(rand() * 2 ** width) - 2 ** (width - 1);
          xs.push(xs[i - 1]! + (width === 0 ? 7 : d));
        }
        roundTrip(xs);
      }
    }
  });

  it('spends about the bits the steps need: ±5 steps in 4 bits, a constant in none', () => {
    const steps = [0];
    for (let i = 1; i < 640; i++) steps.push(steps[i - 1]! + ((i * 7) % 11) - 5);
    // 640 values: the first as a varint, 10 blocks of 2 header bytes and 64 × 4 bits.
    expect(roundTrip(steps)).toBeLessThanOrEqual(1 + 2 + 10 * (2 + 32) + 1);
    expect(roundTrip(Array.from({ length: 640 }, () => 123))).toBeLessThanOrEqual(2 + 10 * 2 + 1);
  });

  it('says when a block is too wide to pack (the caller keeps varints)', () => {
    expect(packable([0, 2 ** 33, 0])).toBe(false);
    expect(packable([0, 2 ** 31, 2 ** 32])).toBe(true);
  });

  it('chunks of 0.01-resolution readings take about 5 bits a value', () => {
    const ts: number[] = [];
    const vs: number[] = [];
    let v = 7;
    let seed = 3;
    for (let i = 0; i < 1440; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      v += Math.round((seed / 2 ** 31 - 0.5) * 10) / 100;
      ts.push(1_700_000_000_000 + i * 60_000);
      vs.push(Math.round(v * 100) / 100);
    }
    const bytes = encodeChunk(ts, vs);
    expect(bytes.length / 1440).toBeLessThan(0.7);
    const back = decodeChunk(bytes);
    expect(Array.from(back.values)).toEqual(vs);
    expect(Array.from(back.ts)).toEqual(ts);
  });

  it('still reads chunks whose values were written as varint deltas', () => {
    // chunk.ts layout: version 1, count, delta-of-delta times, then the values column, here of
    // kind 0 (decimal: exponent, zigzag varint deltas) as written before packing existed.
    const ts = [1e12, 1e12 + 60_000, 1e12 + 120_000];
    const w = new ByteWriter();
    w.byte(1);
    w.uvarint(3);
    writeIntSeq(w, ts, 2);
    w.byte(0);
    w.byte(2);
    writeIntSeq(w, [725, 730, 710], 1);
    const back = decodeChunk(w.finish());
    expect(Array.from(back.values)).toEqual([7.25, 7.3, 7.1]);
    expect(Array.from(back.ts)).toEqual(ts);
  });

  it('still reads chunks whose values were packed by frame of reference (kind 3)', () => {
    // Written by the encoder before mixed radix (range-packed.ts): 70 readings from 7.15 in
    // steps of (7i mod 11) - 5, 0.01 resolution, each delta in 4 bits.
    const hex =
      '014680a0abfef96280d30e01440302960b0904376a92154870a326598104376a92154870a32659810437' +
      '6a92154870a3265981090404370a';
    const ts = Array.from({ length: 70 }, (_, i) => 1_700_000_000_000 + i * 60_000);
    const vs = [715];
    for (let i = 1; i < 70; i++) vs.push(vs[i - 1]! + ((i * 7) % 11) - 5);
    const back = decodeChunk(Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(Array.from(back.values)).toEqual(vs.map((v) => v / 100));
    expect(Array.from(back.ts)).toEqual(ts);
  });
});
