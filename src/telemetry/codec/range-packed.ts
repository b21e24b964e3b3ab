// Integer sequences as deltas in mixed radix, block by block: a block of 64 deltas in [lo, hi]
// has R = hi - lo + 1 possible values, and g of them at a time are written as one number
// d0 + d1·R + … + d(g-1)·R^(g-1) in ceil(log2 R^g) bits. Frame of reference (packed.ts) spends
// ceil(log2 R) bits on each delta; a sensor's steps are near-uniform over a span that is rarely a
// power of two (±5 steps: R = 11, 4 bits against log2 11 = 3.46), so on the fleet workload this
// saves about half a bit per value. This is the mixed-radix packing behind arithmetic coding of
// uniform symbols (Rissanen and Langdon, "Arithmetic coding", IBM J. Res. Dev. 23(2), 1979),
// cut into groups small enough (R^g ≤ 2^32) that plain double arithmetic stays exact and
// decoding costs a multiplication per delta. Every block header, its lo and hi as changes from the
// previous block's in gamma codes, costs a few bits instead of FOR's two bytes, and the blocks
// share one bit stream, so none is padded to a whole byte.
import { BitSink, BitSource, bitLength, gammaBits, unzigzag, zigzag } from './bit-stream.ts';
import type { ByteReader, ByteWriter } from './bytes.ts';
import { BLOCK } from './packed.ts';

export { BLOCK, blockRanges } from './packed.ts';
/** Largest radix a block may have (its deltas span at most 32 bits, like packed.ts). */
export const MAX_RADIX = 2 ** 32;
const GROUP_LIMIT = 2 ** 32;
// Decoding takes digit j of a group v as floor(v / R^j) - R·floor(v / R^(j+1)): the quotients do
// not wait on each other, so the CPU overlaps them, where repeated division by R would chain.
// Each divides as a multiplication by (1 + 2^-45) / R^j, several times faster than a division:
// for v < 2^32 the product lies in [v/D, v/D + 2^-12/D) for D = R^j, rounding included, and v/D
// is at least 1/D short of the next integer, so its floor (>>> 0, below 2^32) is floor(v / D).
const INV_SCALE = 1 + 2 ** -45;
const inverses = new Float64Array(33); // (1 + 2^-45) / R^j for the block being read
const powers = new Float64Array(33); // R^j for the block being written

/** True when every block's radix is at most MAX_RADIX. */
export function rangePackable(ranges: readonly number[]): boolean {
  for (let b = 0; b < ranges.length; b += 2)
    if (ranges[b + 1]! - ranges[b]! >= MAX_RADIX) return false;
  return true;
}

// Digits per group and bits per full group for each radix up to 2^16, filled on first use.
const CACHED = 2 ** 16;
const planDigits = new Uint8Array(CACHED + 1);
const planBits = new Uint8Array(CACHED + 1);

/** Bits of a group of k digits in radix R: enough for R^k - 1 (R^k ≤ 2^32). */
function groupBits(R: number, k: number): number {
  let p = R;
  for (let j = 1; j < k; j++) p *= R; // not R ** k: Math.pow is a slow call here
  return bitLength(p - 1);
}

/** The group size g ≤ the largest with R^g ≤ 2^32 that spends the fewest bits per digit. */
function digitsPerGroup(R: number): number {
  if (R > CACHED || R < 2) return 1;
  if (planDigits[R] === 0) {
    let most = 1;
    for (let p = R * R; p <= GROUP_LIMIT; p *= R) most++;
    let g = most;
    let bits = groupBits(R, most);
    for (let k = most - 1; k >= 1; k--) {
      const kb = groupBits(R, k);
      if (kb * g < bits * k) [g, bits] = [k, kb]; // strictly fewer bits per digit; ties keep big g
    }
    planDigits[R] = g;
    planBits[R] = bits;
  }
  return planDigits[R]!;
}

function fullGroupBits(R: number): number {
  if (R > CACHED) return bitLength(R - 1);
  digitsPerGroup(R);
  return planBits[R]!;
}

/** Bits of one block's deltas (m of them) in radix R. */
function blockBits(R: number, m: number): number {
  if (R === 1) return 0;
  const g = digitsPerGroup(R);
  const rest = m % g;
  return Math.floor(m / g) * fullGroupBits(R) + (rest ? groupBits(R, rest) : 0);
}

// Block header: lo and hi as changes from the previous block's, zigzagged, in gamma codes; for
// the first block lo itself and R = hi - lo + 1, so a steady trend (a counter's constant step)
// costs one code for its step, not two.
function headerCodes(
  b: number,
  lo: number,
  hi: number,
  prevLo: number,
  prevHi: number,
): [number, number] {
  if (b === 0) return [zigzag(lo) + 1, hi - lo + 1];
  return [zigzag(lo - prevLo) + 1, zigzag(hi - prevHi) + 1];
}

/** Bytes writeRangePacked spends on `xs` after its first value. */
export function rangePackedBytes(ranges: readonly number[], n: number): number {
  let bits = 0;
  let prevLo = 0;
  let prevHi = 0;
  for (let b = 0, from = 1; b < ranges.length; b += 2, from += BLOCK) {
    const lo = ranges[b]!;
    const hi = ranges[b + 1]!;
    const [a, c] = headerCodes(b, lo, hi, prevLo, prevHi);
    bits += gammaBits(a) + gammaBits(c);
    bits += blockBits(hi - lo + 1, Math.min(n, from + BLOCK) - from);
    prevLo = lo;
    prevHi = hi;
  }
  return Math.ceil(bits / 8);
}

/** Writes xs (integers, `rangePackable`): the first value, then per block header and groups. */
export function writeRangePacked(
  w: ByteWriter,
  xs: ArrayLike<number>,
  ranges: readonly number[],
): void {
  const n = xs.length;
  if (n === 0) return;
  w.svarint(xs[0]!);
  // Room for the worst case: two 105-bit gamma codes per block, 32 bits per delta.
  const sink = new BitSink(w.room(27 * (ranges.length / 2) + 4 * n), w.pos);
  let prevLo = 0;
  let prevHi = 0;
  for (let b = 0, from = 1; b < ranges.length; b += 2, from += BLOCK) {
    const lo = ranges[b]!;
    const hi = ranges[b + 1]!;
    const [a, c] = headerCodes(b, lo, hi, prevLo, prevHi);
    sink.putGamma(a);
    sink.putGamma(c);
    writeBlock(sink, xs, from, Math.min(n, from + BLOCK), lo, hi - lo + 1);
    prevLo = lo;
    prevHi = hi;
  }
  w.pos = sink.finish();
}

function writeBlock(
  sink: BitSink,
  xs: ArrayLike<number>,
  from: number,
  to: number,
  lo: number,
  R: number,
): void {
  if (R === 1) return;
  const g = digitsPerGroup(R);
  const bits = fullGroupBits(R);
  const pw = powers;
  for (let j = 0, p = 1; j < g; j++, p *= R) pw[j] = p;
  for (let i = from; i < to; i += g) {
    const k = Math.min(g, to - i);
    let v = 0; // the first delta is the lowest digit; the terms are independent, unlike Horner's
    for (let j = 0; j < k; j++) v += (xs[i + j]! - xs[i + j - 1]! - lo) * pw[j]!;
    sink.put(v, k === g ? bits : groupBits(R, k));
  }
}

/** Reads n values written by writeRangePacked into `out`, each divided by `scale`. */
export function readRangePacked(r: ByteReader, out: Float64Array, scale = 1): void {
  const n = out.length;
  if (n === 0) return;
  const first = r.svarint();
  out[0] = first / scale;
  const src = new BitSource(r.buf, r.pos);
  let prev = first;
  let lo = 0;
  let hi = 0;
  for (let from = 1; from < n; from += BLOCK) {
    lo += unzigzag(src.getGamma() - 1);
    hi = from === 1 ? lo + src.getGamma() - 1 : hi + unzigzag(src.getGamma() - 1);
    const R = hi - lo + 1;
    if (!(R >= 1 && R <= MAX_RADIX)) throw new RangeError('chunk corrupt: block range');
    prev = readBlock(src, out, from, Math.min(n, from + BLOCK), prev, lo, R, scale);
  }
  r.pos = src.finish();
}

/** Decodes one block into out[from … to); returns the last scaled integer. */
function readBlock(
  src: BitSource,
  out: Float64Array,
  from: number,
  to: number,
  prev: number,
  lo: number,
  R: number,
  scale: number,
): number {
  if (R === 1) {
    for (let i = from; i < to; i++) out[i] = (prev += lo) / scale;
    return prev;
  }
  const g = digitsPerGroup(R);
  const bits = fullGroupBits(R);
  const inv = inverses;
  for (let j = 1, p = R; j < g; j++, p *= R) inv[j] = INV_SCALE / p;
  for (let i = from; i < to;) {
    const k = Math.min(g, to - i);
    const v = src.get(k === g ? bits : groupBits(R, k));
    let q = v; // floor(v / R^j)
    for (let j = 1; j < k; j++) {
      const next = (v * inv[j]!) >>> 0; // floor: below 2^32
      prev += lo + (q - next * R);
      out[i++] = prev / scale;
      q = next;
    }
    prev += lo + q;
    out[i++] = prev / scale;
  }
  return prev;
}
