// Integer sequences as deltas bit-packed in blocks (frame of reference): each block of 64
// deltas stores its smallest delta and the bit width of the rest above it, then the rest at that
// width. Zigzag varints spend at least a byte on every value; a sensor's scaled steps (±5 at
// 0.01 °C, ±20 at 0.1 kW) need 4-6 bits, and a constant or steadily rising stretch needs 0.
// This is the frame-of-reference bit packing of Goldstein, Ramakrishnan and Shaft ("Compressing
// relations and indexes", ICDE 1998) and of Lemire and Boytsov's FastPFOR family, applied to the
// decimal-scaled values as VictoriaMetrics does after its float→decimal step.
import type { ByteReader, ByteWriter } from './bytes.ts';

/** Deltas per block, here and in the mixed-radix packing (range-packed.ts). */
export const BLOCK = 64;
/** Widths above this fall back to the varint coding (the caller checks with `packable`). */
export const MAX_WIDTH = 32;

const widthOf = (span: number): number => (span === 0 ? 0 : Math.floor(Math.log2(span)) + 1);

/**
 * Smallest and largest delta of each block of `xs`: [lo0, hi0, lo1, hi1, …]. A plain array: V8
 * allocates typed arrays over 64 bytes outside its heap, at some 200 ns each, per column here.
 * Computed once per column and shared by every coding that sizes or writes it.
 */
export function blockRanges(xs: ArrayLike<number>): number[] {
  const n = xs.length;
  const ranges: number[] = [];
  for (let from = 1; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const d = xs[i]! - xs[i - 1]!;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    ranges.push(lo, hi);
  }
  return ranges;
}

/** True when every block's deltas span at most MAX_WIDTH bits. */
export function packable(xs: ArrayLike<number>): boolean {
  const ranges = blockRanges(xs);
  for (let b = 0; b < ranges.length; b += 2) {
    if (widthOf(ranges[b + 1]! - ranges[b]!) > MAX_WIDTH) return false;
  }
  return true;
}

/** Bytes writePacked spends after the first value, from the column's block ranges. */
export function packedBytes(ranges: readonly number[], n: number): number {
  let size = 0;
  for (let b = 0, from = 1; b < ranges.length; b += 2, from += BLOCK) {
    const lo = ranges[b]!;
    const m = Math.min(n, from + BLOCK) - from;
    size += varintBytes(lo >= 0 ? lo * 2 : -lo * 2 - 1) + 1;
    size += Math.ceil((m * widthOf(ranges[b + 1]! - lo)) / 8);
  }
  return size;
}

function varintBytes(u: number): number {
  let size = 1;
  for (; u >= 128; size++) u = Math.floor(u / 128);
  return size;
}

/** Writes xs (integers, `packable`): the first value, then per block min delta, width, bits. */
export function writePacked(
  w: ByteWriter,
  xs: ArrayLike<number>,
  ranges: readonly number[] = blockRanges(xs),
): void {
  const n = xs.length;
  if (n === 0) return;
  w.svarint(xs[0]!);
  for (let b = 0, from = 1; from < n; b += 2, from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    const lo = ranges[b]!;
    const width = widthOf(ranges[b + 1]! - lo);
    w.svarint(lo);
    w.byte(width);
    if (width === 0) continue;
    const size = Math.ceil(((to - from) * width) / 8);
    const out = w.room(size);
    let at = w.pos;
    let acc = 0;
    let bits = 0; // bits pending in acc, < 8 between values
    for (let i = from; i < to; i++) {
      const v = xs[i]! - xs[i - 1]! - lo;
      if (width <= 24) {
        acc |= v << bits; // bits < 8, so at most 31 bits: no sign trouble for & and >>>
        bits += width;
      } else {
        // Two halves: the low 16 bits, then the rest.
        acc |= (v % 65536) << bits;
        bits += 16;
        while (bits >= 8) {
          out[at++] = acc & 255;
          acc >>>= 8;
          bits -= 8;
        }
        acc |= Math.floor(v / 65536) << bits;
        bits += width - 16;
      }
      while (bits >= 8) {
        out[at++] = acc & 255;
        acc >>>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) out[at] = acc & 255;
    w.pos += size;
  }
}

/** Reads n values written by writePacked into `out`, each divided by `scale`. */
export function readPacked(r: ByteReader, out: Float64Array, scale = 1): void {
  const n = out.length;
  if (n === 0) return;
  let prev = r.svarint();
  out[0] = prev / scale;
  for (let from = 1; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    const lo = r.svarint();
    const width = r.byte();
    if (width > MAX_WIDTH) throw new RangeError('chunk corrupt: packed width');
    const bytes = Math.ceil(((to - from) * width) / 8);
    if (r.pos + bytes > r.buf.length) throw new RangeError('chunk truncated');
    const buf = r.buf;
    let at = r.pos;
    let acc = 0;
    let bits = 0;
    const low = width <= 24 ? width : 16;
    const mask = low === 0 ? 0 : (1 << low) - 1;
    for (let i = from; i < to; i++) {
      while (bits < low) {
        acc |= buf[at++]! << bits;
        bits += 8;
      }
      let v = acc & mask;
      acc >>>= low;
      bits -= low;
      if (width > 24) {
        const high = width - 16;
        while (bits < high) {
          acc |= buf[at++]! << bits;
          bits += 8;
        }
        v += (acc & ((1 << high) - 1)) * 65536;
        acc >>>= high;
        bits -= high;
      }
      prev += lo + v;
      out[i] = scale === 1 ? prev : prev / scale;
    }
    r.pos += bytes;
  }
}
