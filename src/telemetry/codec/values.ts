// Float column coding, chosen per column by what it holds:
//  - packed decimal: every value is m / 10^e for integer m (sensor readings with fixed
//    resolution, e.g. 0.01) → integer deltas bit-packed in blocks (packed.ts). Chunks written
//    before it (decimal: the deltas as zigzag varints with run lengths) are still read, and a
//    column whose deltas are too wide to pack is still written that way. This is the float→decimal
//    idea of VictoriaMetrics (Aliaksandr Valialkin, "VictoriaMetrics: achieving better
//    compression than Gorilla", 2019); the round trip is checked value by value, so it is lossless.
//  - range-packed decimal: the same scaled deltas in mixed radix per block (range-packed.ts),
//    written instead of packed whenever it is smaller, which on sensor steps it nearly always is.
//  - gorilla: XOR coding for arbitrary doubles (Gorilla, VLDB 2015 §4.1.2).
//  - same-as: the column equals an earlier one in the same chunk (rollup min = max = first … when
//    every bucket holds one point).
import type { ByteReader, ByteWriter } from './bytes.ts';
import { readGorilla, writeGorilla } from './gorilla.ts';
import { readIntSeq, writeIntSeq } from './int-seq.ts';
import { packedBytes, readPacked, writePacked } from './packed.ts';
import {
  blockRanges,
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

/** Scaled integers for the whole column, or undefined when some value is not a short decimal. */
function toDecimal(values: ArrayLike<number>): { e: number; ints: Float64Array } | undefined {
  let e = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const p = pow10[e]!;
    if (Math.round(v * p) / p === v && Object.is(v, -0) === false) continue;
    if (Object.is(v, -0)) return undefined;
    e = decimalExponent(v, e + 1);
    if (e < 0) return undefined;
  }
  const p = pow10[e]!;
  const ints = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const m = Math.round(v * p);
    if (m / p !== v || Math.abs(m) >= MAX_SCALED) return undefined; // re-check at the common e
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
    const n = dec.ints.length;
    const range = rangePackedBytes(ranges, n) < packedBytes(ranges, n);
    w.byte(range ? KIND_RANGE : KIND_PACKED);
    w.byte(dec.e);
    if (range) writeRangePacked(w, dec.ints, ranges);
    else writePacked(w, dec.ints);
  } else if (dec) {
    w.byte(KIND_DECIMAL);
    w.byte(dec.e);
    writeIntSeq(w, dec.ints, 1);
  } else {
    w.byte(KIND_GORILLA);
    writeGorilla(w, values);
  }
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
    case KIND_GORILLA: {
      const out = new Float64Array(n);
      readGorilla(r, out);
      return out;
    }
    default:
      throw new RangeError(`chunk corrupt: unknown value coding ${kind}`);
  }
}
