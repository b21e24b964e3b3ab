// Float column coding, chosen per column by what it holds:
//  - packed decimal: every value is m / 10^e for integer m (sensor readings with fixed
//    resolution, e.g. 0.01) → integer deltas bit-packed in blocks (packed.ts). Chunks written
//    before it (decimal: the deltas as zigzag varints with run lengths) are still read, and a
//    column whose deltas are too wide to pack is still written that way. This is the float→decimal
//    idea of VictoriaMetrics (Aliaksandr Valialkin, "VictoriaMetrics: achieving better
//    compression than Gorilla", 2019); the round trip is checked value by value, so it is lossless.
//  - range-packed decimal: the same scaled deltas in mixed radix per block (range-packed.ts),
//    written instead of packed whenever it is smaller, which on sensor steps it nearly always is.
//  - ANS decimal: the scaled deltas entropy-coded under a per-column model (ans.ts), for peaked
//    steps (mostly 0, now and then ±1; a setpoint that holds and jumps), written only where it is
//    smaller than both.
//  - gorilla: XOR coding for arbitrary doubles (Gorilla, VLDB 2015 §4.1.2).
//  - same-as: the column equals an earlier one in the same chunk (rollup min = max = first … when
//    every bucket holds one point).
import { planAns, readAns, writeAns } from './ans.ts';
import type { ByteReader, ByteWriter } from './bytes.ts';
import { readGorilla, writeGorilla } from './gorilla.ts';
import { readIntSeq, writeIntSeq } from './int-seq.ts';
import { blockRanges, packedBytes, readPacked, writePacked } from './packed.ts';
import {
  rangePackable,
  rangePackedBytes,
  readRangePacked,
  writeRangePacked,
} from './range-packed.ts';

const KIND_DECIMAL = 0;
const KIND_GORILLA = 1;
const KIND_SAME_AS = 2;
const KIND_PACKED = 3;
const KIND_RANGE = 4;
const KIND_ANS = 5;
const MAX_EXPONENT = 12;
const MAX_SCALED = 2 ** 50; // keeps zigzag(delta) * 2 below 2^53
const pow10 = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10 ** e);

/** Smallest e with v = round(v·10^e)/10^e exactly, or -1. */
function decimalExponent(v: number, from: number): number {
  for (let e = from; e <= MAX_EXPONENT; e++) {
    const p = pow10[e]!;
    const m = Math.round(v * p);
    if (m / p === v && Math.abs(m) < MAX_SCALED) return e;
  }
  return -1;
}

/**
 * Smallest e ≤ 12 with every value an exact decimal of e places (v = round(v·10^e)/10^e), or
 * -1: the places toDecimal scales by, for callers that need only the number (exact rollup sums).
 */
export function decimalPlaces(values: ArrayLike<number>, n = values.length): number {
  let e = 0;
  let p = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Math.round(v * p) / p === v && Number.isFinite(v)) continue;
    e = decimalExponent(v, e + 1);
    if (e < 0) return -1;
    p = pow10[e]!;
  }
  return e;
}

/**
 * Scaled integers for the whole column, or undefined when some value is not a short decimal.
 * One pass: the integers are written at the places found so far, and only when a value needs
 * more places are the earlier ones scaled again (at most 12 times, usually never) — the
 * compaction thread runs this for every chunk and rollup column it writes.
 */
function toDecimal(values: ArrayLike<number>): { e: number; ints: Float64Array } | undefined {
  const n = values.length;
  const ints = new Float64Array(n);
  let e = 0;
  let p = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let m = Math.round(v * p);
    if (m / p !== v || Math.abs(m) >= MAX_SCALED || (v === 0 && 1 / v < 0)) {
      if (v === 0) return undefined; // -0 is not an integer times a power of ten
      e = decimalExponent(v, e + 1);
      if (e < 0) return undefined;
      p = pow10[e]!;
      // Every earlier value again at the new places (re-checked: exact at e, not always at e').
      for (let k = 0; k < i; k++) {
        const u = values[k]!;
        const mk = Math.round(u * p);
        if (mk / p !== u || Math.abs(mk) >= MAX_SCALED) return undefined;
        ints[k] = mk;
      }
      m = Math.round(v * p);
    }
    ints[i] = m;
  }
  return { e, ints };
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Writes a float column; `earlier` are columns already written in this chunk, for same-as. */
export function writeValues(
  w: ByteWriter,
  values: ArrayLike<number>,
  earlier: ArrayLike<number>[] = [],
): void {
  const same = earlier.findIndex((c) => sameArray(c, values));
  if (same >= 0) {
    w.byte(KIND_SAME_AS);
    w.uvarint(same);
    return;
  }
  const dec = toDecimal(values);
  const ranges = dec && blockRanges(dec.ints);
  if (dec && ranges && rangePackable(ranges)) {
    writePackedDecimal(w, dec.e, dec.ints, ranges);
  } else if (dec) {
    w.byte(KIND_DECIMAL);
    w.byte(dec.e);
    writeIntSeq(w, dec.ints, 1);
  } else {
    w.byte(KIND_GORILLA);
    writeGorilla(w, values);
  }
}

/** Scaled integers as the smallest of FOR, mixed radix and ANS. */
function writePackedDecimal(
  w: ByteWriter,
  e: number,
  ints: Float64Array,
  ranges: readonly number[],
): void {
  const n = ints.length;
  const rangeBytes = rangePackedBytes(ranges, n);
  const forBytes = packedBytes(ranges, n);
  const budget = Math.min(rangeBytes, forBytes);
  const ans = planAns(ints, ranges, budget);
  const start = w.pos;
  if (ans) {
    w.byte(KIND_ANS);
    w.byte(e);
    writeAns(w, ints, ans);
    // The plan estimates; keep ANS only when it came out smaller, else write over it.
    if (w.pos - start - 2 - svarintBytes(ints[0]!) < budget) return;
    w.pos = start;
  }
  const range = rangeBytes < forBytes;
  w.byte(range ? KIND_RANGE : KIND_PACKED);
  w.byte(e);
  if (range) writeRangePacked(w, ints, ranges);
  else writePacked(w, ints, ranges);
}

function svarintBytes(v: number): number {
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  let size = 1;
  for (; u >= 128; size++) u = Math.floor(u / 128);
  return size;
}

export function readValues(r: ByteReader, n: number, earlier: Float64Array[] = []): Float64Array {
  const kind = r.byte();
  switch (kind) {
    case KIND_SAME_AS: {
      const src = earlier[r.uvarint()];
      if (!src) throw new RangeError('chunk corrupt: bad column reference');
      return src;
    }
    case KIND_DECIMAL: {
      const e = r.byte();
      const out = new Float64Array(n);
      readIntSeq(r, out, 1, pow10[e] ?? 10 ** e);
      return out;
    }
    case KIND_PACKED: {
      const e = r.byte();
      const out = new Float64Array(n);
      readPacked(r, out, pow10[e] ?? 10 ** e);
      return out;
    }
    case KIND_RANGE: {
      const e = r.byte();
      const out = new Float64Array(n);
      readRangePacked(r, out, pow10[e] ?? 10 ** e);
      return out;
    }
    case KIND_ANS: {
      const e = r.byte();
      const out = new Float64Array(n);
      readAns(r, out, pow10[e] ?? 10 ** e);
      return out;
    }
    case KIND_GORILLA: {
      const out = new Float64Array(n);
      readGorilla(r, out);
      return out;
    }
    default:
      throw new RangeError(`chunk corrupt: unknown value coding ${kind}`);
  }
}
