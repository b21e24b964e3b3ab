import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { MAX_SYMBOLS, planAns, readAns, writeAns } from './ans.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import { decodeChunk, encodeChunk } from './chunk.ts';
import { blockRanges, rangePackedBytes } from './range-packed.ts';
import { writeValues } from './values.ts';

// Deterministic pseudo-random numbers (the kernel's mulberry32) so failures reproduce.
const rng = createRng;

/** n values from `first`, each step drawn from `weights` (relative) over lo, lo + 1, …. */
function drawn(n: number, lo: number, weights: number[], seed: number): number[] {
  const r = rng(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  const xs = n ? [1000] : [];
  for (let i = 1; i < n; i++) {
    let u = r() * total;
    let s = 0;
    while (s < weights.length - 1 && (u -= weights[s]!) >= 0) s++;
    xs.push(xs[i - 1]! + lo + s);
  }
  return xs;
}

function stepRange(xs: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 1; i < xs.length; i++) {
    lo = Math.min(lo, xs[i]! - xs[i - 1]!);
    hi = Math.max(hi, xs[i]! - xs[i - 1]!);
  }
  return [lo, hi];
}

/** Plans (with no budget), writes, reads back and compares; returns the bytes written. */
function roundTrip(xs: number[]): number {
  const w = new ByteWriter();
  if (xs.length > 1) {
    const plan = planAns(xs, blockRanges(xs), Infinity);
    expect(plan).toBeDefined();
    writeAns(w, xs, plan!);
  } else {
    writeAns(w, xs, {
      lo: 0,
      prec: 2,
      freq: [4],
      bytes: 0,
      symbols: new Uint8Array(1),
      escapes: [],
    });
  }
  w.byte(0xab); // whatever follows must stay in place
  const bytes = w.finish();
  const r = new ByteReader(bytes);
  const out = new Float64Array(xs.length);
  readAns(r, out);
  expect(Array.from(out)).toEqual(xs);
  expect(r.byte()).toBe(0xab);
  return bytes.length - 1;
}

/** Bytes writeValues spends on a column, and the coding it chose. */
function column(values: number[]): { bytes: number; kind: number } {
  const w = new ByteWriter();
  writeValues(w, values);
  return { bytes: w.pos, kind: w.buf[0]! };
}

describe('rANS-coded integer sequences', () => {
  it('round-trips n = 0, 1, 2 and one repeated step', () => {
    expect(roundTrip([])).toBe(0);
    roundTrip([-7]);
    roundTrip([5, 3]);
    roundTrip(Array.from({ length: 300 }, (_, i) => 40 - 3 * i));
  });

  it('round-trips alphabets of 2 to 64 steps, peaked, uniform and lopsided', () => {
    for (let size = 2; size <= MAX_SYMBOLS; size += size < 8 ? 1 : 7) {
      const peaked = Array.from({ length: size }, (_, s) => (s === size >> 1 ? 200 : 1));
      const uniform = Array.from({ length: size }, () => 1);
      const lopsided = Array.from({ length: size }, (_, s) => 2 ** (-s * 0.7));
      for (const weights of [peaked, uniform, lopsided]) {
        for (const n of [3, 64, 65, 289, 2000]) {
          roundTrip(drawn(n, -(size >> 1), weights, size * 7 + n));
        }
      }
    }
  });

  it('round-trips a step seen once among thousands, and steps far from zero', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => (i >= 2500 ? 1 : 0));
    roundTrip(xs);
    roundTrip(drawn(500, 2 ** 40, [5, 1, 1, 5], 3));
    roundTrip(drawn(500, -(2 ** 45), [1, 30, 1], 4));
  });

  it('spends near the entropy on peaked steps: 0 with p = 0.9, ±1 otherwise', () => {
    const xs = drawn(2881, -1, [5, 90, 5], 5);
    // Entropy 0.569 bits a step; the table and state add a few bytes.
    expect(roundTrip(xs) * 8).toBeLessThan(2880 * 0.6 + 80);
  });

  it('round-trips steps spread over more than 64 values, the outer ones escaped', () => {
    const xs = drawn(300, 0, new Array<number>(MAX_SYMBOLS + 1).fill(1), 6);
    const [lo, hi] = stepRange(xs);
    expect(hi - lo + 1).toBe(MAX_SYMBOLS + 1);
    roundTrip(xs);
    expect(column(xs.map((x) => x / 100)).kind).toBe(4); // but mixed radix is smaller there
  });

  it('escapes the steps outside the core: a setpoint that holds, then jumps', () => {
    const r = rng(10);
    let v = 5000;
    const setpoint = Array.from({ length: 288 }, () => {
      if (r() < 0.01) v += Math.round((r() - 0.5) * 500);
      return v;
    });
    expect(planAns(setpoint, blockRanges(setpoint), Infinity)!.escapes.length).toBeGreaterThan(0);
    // Three or so jumps of up to 250 and 285 zero steps: a few bytes, where FOR spends 8 bits a
    // step in every block with a jump.
    expect(roundTrip(setpoint)).toBeLessThan(20);
    // Jumps far from the core both ways, noise around it, a jump in every block.
    const wild = drawn(700, -2, [1, 3, 10, 3, 1], 11).map(
      (x, i) => x + (i % 50 === 7 ? 2 ** 45 : i % 50 === 31 ? -(2 ** 45) : 0) * Math.floor(i / 50),
    );
    roundTrip(wild);
    roundTrip(drawn(400, -40, [5, ...new Array<number>(78).fill(0), 1, 100, 1, 0, 0, 3], 12));
  });

  it('rejects a truncated or corrupt stream', () => {
    const xs = drawn(300, -1, [1, 8, 1], 7);
    const w = new ByteWriter();
    writeAns(w, xs, planAns(xs, blockRanges(xs), Infinity)!);
    const bytes = w.finish();
    const out = new Float64Array(xs.length);
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(() => readAns(new ByteReader(cut), out)).toThrow(/truncated|corrupt/);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 1]! ^= 0x10;
    expect(() => readAns(new ByteReader(flipped), out)).toThrow(/truncated|corrupt/);
  });
});

describe('value columns with rANS', () => {
  it('chosen for peaked 0.01-resolution readings, at well under 1 bit a value', () => {
    const r = rng(8);
    let v = 2000;
    const values = Array.from({ length: 288 }, () => {
      const u = r();
      v += u < 0.05 ? -1 : u > 0.95 ? 1 : 0;
      return v / 100;
    });
    const { bytes, kind } = column(values);
    expect(kind).toBe(5);
    // Mixed radix spends log2 3 = 1.58 bits a step here; with ANS off this bound fails.
    expect((bytes * 8) / 288).toBeLessThan(1);
    const ts = values.map((_, i) => 1_700_000_000_000 + i * 60_000);
    expect(Array.from(decodeChunk(encodeChunk(ts, values)).values)).toEqual(values);
  });

  it('not chosen for near-uniform steps, and never larger than mixed radix', () => {
    const r = rng(9);
    const shapes: number[][] = [
      [1, 1, 1],
      [1, 6, 1],
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      [1, 40, 1],
    ];
    shapes.push(Array.from({ length: 21 }, (_, s) => Math.exp(-((s - 10) ** 2) / 18)));
    for (const weights of shapes) {
      for (const n of [2, 3, 20, 60, 288, 430]) {
        const ints = drawn(n, -(weights.length >> 1), weights, Math.floor(r() * 1e9));
        const { bytes, kind } = column(ints.map((x) => x / 100));
        const ranges = blockRanges(ints);
        const rangeSize = 2 + 2 + rangePackedBytes(ranges, n); // kind, exponent, first value
        expect(bytes).toBeLessThanOrEqual(rangeSize);
        if (weights.length === 11) expect(kind).toBe(4);
      }
    }
  });

  it('reads this exact rANS chunk (the format is fixed once written)', () => {
    const ts = Array.from({ length: 120 }, (_, i) => 1_700_000_000_000 + i * 60_000);
    const vs = [2000];
    for (let i = 1; i < 120; i++) vs.push(vs[i - 1]! + (i % 13 === 0 ? 1 : i % 17 === 0 ? -1 : 0));
    const values = vs.map((v) => v / 100);
    const hex = '017880a0abfef96280d30e01760502a01fb2c503035c6619faddb2d9efa5269a9acafc';
    expect(Buffer.from(encodeChunk(ts, values)).toString('hex')).toBe(hex);
    const back = decodeChunk(Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(Array.from(back.values)).toEqual(values);
    expect(Array.from(back.ts)).toEqual(ts);
  });
});
