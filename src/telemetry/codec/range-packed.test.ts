import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { BitSink, BitSource } from './bit-stream.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import { decodeChunk, encodeChunk } from './chunk.ts';
import { writePacked } from './packed.ts';
import {
  BLOCK,
  MAX_RADIX,
  blockRanges,
  rangePackable,
  rangePackedBytes,
  readRangePacked,
  writeRangePacked,
} from './range-packed.ts';
import { writeValues } from './values.ts';

// Deterministic pseudo-random numbers (the kernel's mulberry32) so failures reproduce.
const rng = createRng;

/** Writes, reads back and compares xs; returns the bytes spent after the first value. */
function roundTrip(xs: number[]): number {
  const ranges = blockRanges(xs);
  expect(rangePackable(ranges)).toBe(true);
  const w = new ByteWriter();
  writeRangePacked(w, xs, ranges);
  const start = xs.length ? w.pos - rangePackedBytes(ranges, xs.length) : 0;
  w.byte(0xab); // whatever follows must stay in place
  const bytes = w.finish();
  const r = new ByteReader(bytes);
  const out = new Float64Array(xs.length);
  readRangePacked(r, out);
  expect(Array.from(out)).toEqual(xs);
  expect(r.byte()).toBe(0xab);
  return bytes.length - 1 - start;
}

/** xs[0] = first, then n - 1 deltas from `delta(i)`. */
function series(n: number, first: number, delta: (i: number) => number): number[] {
  const xs = n ? [first] : [];
  for (let i = 1; i < n; i++) xs.push(xs[i - 1]! + delta(i));
  return xs;
}

/** Bytes FOR (packed.ts) spends on the same sequence. */
function forBytes(xs: number[]): number {
  const w = new ByteWriter();
  writePacked(w, xs);
  return w.pos;
}

/** A random walk of `n` readings at 0.01 resolution with uniform steps of ±`step` units. */
function walk(n: number, step: number, seed: number): { ts: number[]; vs: number[] } {
  const r = rng(seed);
  const ts: number[] = [];
  const vs: number[] = [];
  let v = 700;
  for (let i = 0; i < n; i++) {
    v += Math.floor(r() * (2 * step + 1)) - step;
    ts.push(1_700_000_000_000 + i * 60_000);
    vs.push(v / 100);
  }
  return { ts, vs };
}

describe('mixed-radix packed integer sequences', () => {
  it('round-trips every span from 0 to 2^32 - 1, with each block reaching both ends', () => {
    const r = rng(1);
    const spans = [0, 1, 2, 3, 4, 5, 10, 11, 16, 17, 100, 255, 256, 1000, 65535, 65536, 65537];
    for (let k = 17; k <= 32; k++) spans.push(2 ** k - 1, 2 ** k - 3, Math.floor(2 ** k * 0.7));
    for (const span of spans) {
      for (const n of [1, 2, 3, 64, 65, 130, 289]) {
        const lo = -Math.floor(span / 3) - 7;
        const xs = series(n, 12345, (i) => {
          const at = (i - 1) % BLOCK;
          return lo + (at === 0 ? 0 : at === 1 ? span : Math.floor(r() * (span + 1)));
        });
        roundTrip(xs);
      }
    }
  });

  it('round-trips n = 0, 1 and 2, and partial last blocks and groups', () => {
    expect(roundTrip([])).toBe(0);
    roundTrip([-42]);
    roundTrip([5, -3]);
    const r = rng(2);
    for (let n = 3; n <= 3 * BLOCK + 2; n++) roundTrip(series(n, 0, () => Math.floor(r() * 11)));
  });

  it('round-trips falling series, wide jumps between blocks and values near ±2^50', () => {
    roundTrip(series(200, 0, () => -7)); // every delta negative, one radix
    roundTrip(series(200, 10, (i) => -3 - (i % 5))); // all negative, R = 5
    const jumps = series(
      300,
      0,
      (i) => (Math.floor((i - 1) / BLOCK) % 2 ? 2 ** 40 : -(2 ** 40)) + (i % 9), // per block
    );
    roundTrip(jumps);
    roundTrip([2 ** 50 - 1, -(2 ** 50 - 1)]); // one delta of -(2^51 - 2)
    roundTrip([2 ** 50 - 1, 1, -(2 ** 50 - 3)]); // two of them
    const low = -(2 ** 50 - 1);
    roundTrip([low, low + 2 ** 32 - 1, low + 2 ** 32 - 1]); // deltas 2^32 - 1 and 0: R = 2^32
  });

  it('says when a block spans more than 32 bits (the caller keeps varints)', () => {
    expect(rangePackable(blockRanges([0, 2 ** 33, 0]))).toBe(false);
    expect(rangePackable(blockRanges([0, MAX_RADIX - 1]))).toBe(true);
    expect(rangePackable(blockRanges([0, -(2 ** 31), 2 ** 31]))).toBe(false);
  });

  it('spends about log2 R bits a delta: ±5 steps 3.5 bits, a constant or trend none', () => {
    const r = rng(3);
    const steps = series(641, 0, () => Math.floor(r() * 11) - 5);
    // 640 deltas of 11 values: groups of 8 in 28 bits (3.5 a delta, log2 11 = 3.46), against
    // 4 bits and two header bytes a block for FOR.
    const bytes = roundTrip(steps);
    expect(bytes).toBeLessThanOrEqual(Math.ceil((640 * 3.5 + 10 * 14) / 8));
    expect(bytes).toBeLessThan(forBytes(steps) * 0.9);
    expect(roundTrip(series(640, 123, () => 0))).toBeLessThanOrEqual(3);
    expect(roundTrip(series(640, 123, () => 1_000_000))).toBeLessThanOrEqual(9);
  });

  it('beats FOR on peaked steps, mostly 0 and now and then ±1', () => {
    const r = rng(4);
    const peaked = series(300, 500, () => {
      const u = r();
      return u < 0.05 ? -1 : u > 0.95 ? 1 : 0;
    });
    expect(roundTrip(peaked)).toBeLessThan(forBytes(peaked) * 0.85);
  });

  it('rejects a truncated or corrupt stream', () => {
    const xs = series(200, 0, (i) => (i * 7) % 11);
    const w = new ByteWriter();
    writeRangePacked(w, xs, blockRanges(xs));
    const bytes = w.finish();
    const out = new Float64Array(xs.length);
    expect(() => readRangePacked(new ByteReader(bytes.subarray(0, bytes.length - 3)), out)).toThrow(
      /truncated/,
    );
    expect(() =>
      readRangePacked(new ByteReader(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0)), out),
    ).toThrow(/corrupt/);
  });
});

describe('LSB-first bit stream', () => {
  it('round-trips fields of every width and gamma codes up to 2^53 - 1', () => {
    const r = rng(5);
    const fields: [number, number][] = [];
    for (let n = 0; n <= 53; n++) {
      fields.push([n === 0 ? 0 : 2 ** n - 1, n], [Math.floor(r() * 2 ** n), n]);
    }
    const gammas = [
      1,
      2,
      3,
      4,
      255,
      256,
      2047,
      2048,
      4095,
      4096,
      4097,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 53 - 1,
      123456789012,
    ];
    const buf = new Uint8Array(1000);
    const sink = new BitSink(buf, 3);
    for (const [v, n] of fields) sink.putWide(v, n);
    for (const x of gammas) sink.putGamma(x);
    const end = sink.finish();
    const src = new BitSource(buf.subarray(0, end), 3);
    for (const [v, n] of fields) expect(src.getWide(n)).toBe(v);
    for (const x of gammas) expect(src.getGamma()).toBe(x);
    expect(src.finish()).toBe(end);
  });
});

describe('value columns in mixed radix', () => {
  it('±5 and ±8 steps at 0.01 resolution take clearly fewer bits than FOR', () => {
    for (const [step, forBits, bound] of [
      [5, 4, 3.65], // 11 values: log2 11 = 3.46
      [8, 5, 4.3], // 17 values: log2 17 = 4.09
    ] as const) {
      let bytes = 0;
      let points = 0;
      for (let seed = 0; seed < 20; seed++) {
        const { ts, vs } = walk(288, step, 100 + seed);
        const chunk = encodeChunk(ts, vs);
        const back = decodeChunk(chunk);
        expect(Array.from(back.values)).toEqual(vs);
        expect(Array.from(back.ts)).toEqual(ts);
        bytes += chunk.length - encodeChunk(ts, new Array<number>(288).fill(7)).length;
        points += 288;
      }
      // Bits a value above a constant column's chunk (times, header, first value): FOR would
      // spend forBits plus its two header bytes per block of 64.
      const bits = (bytes * 8) / points;
      expect(bits).toBeLessThan(bound);
      expect(bits).toBeLessThan(forBits);
    }
  });

  it('keeps FOR for a short column whose one step is large (it is smaller there)', () => {
    const kindOf = (values: number[]) => {
      const w = new ByteWriter();
      writeValues(w, values);
      return w.buf[0];
    };
    expect(kindOf([0, 1e6, 2e6])).toBe(3);
    expect(kindOf(walk(100, 5, 1).vs)).toBe(4);
  });

  it('reads this exact mixed-radix chunk (the format is fixed once written)', () => {
    const { ts, vs } = golden();
    const hex =
      '014680a0abfef96280d30e01440402960b285cbecd71d81e394c5f950eb5ad05965420b245783da08f460' +
      'bbac0d0e5d64e02';
    expect(Buffer.from(encodeChunk(ts, vs)).toString('hex')).toBe(hex);
    const back = decodeChunk(Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(Array.from(back.values)).toEqual(vs);
    expect(Array.from(back.ts)).toEqual(ts);
  });
});

/** 70 readings at 0.01 resolution from 7.15, steps (7i mod 11) - 5 (as in packed.test.ts). */
function golden(): { ts: number[]; vs: number[] } {
  const ts = Array.from({ length: 70 }, (_, i) => 1_700_000_000_000 + i * 60_000);
  return { ts, vs: series(70, 715, (i) => ((i * 7) % 11) - 5).map((v) => v / 100) };
}
