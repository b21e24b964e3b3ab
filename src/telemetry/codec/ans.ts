// Integer sequences as deltas entropy-coded with range ANS under a static model per column
// (Jarek Duda, "Asymmetric numeral systems: entropy coding combining speed of Huffman coding with
// compression rate of arithmetic coding", arXiv:1311.2540, 2013), for peaked steps: a sensor that
// mostly repeats its reading and now and then moves one unit has steps of entropy well under one
// bit, where mixed radix (range-packed.ts) still spends log2 3 = 1.58. The model is the column's
// step histogram quantized to M = 2^prec, sent as gamma codes; on near-uniform steps that table
// costs more than the entropy saves, so values.ts tries this coding only when the histogram says
// it could win and keeps it only when it is smaller. A column whose steps span more than 64
// values (a setpoint that holds, then jumps) codes a core of steps, those within ±31 of a sampled
// median, plus an escape symbol; each escaped step follows the table as a side bit and a gamma
// code of its distance from the core.
// The coder keeps a 31-bit state in [L, 256·L) with L = 2^23 and renormalizes a byte at a time
// (the streaming rANS of Duda's paper with b = 2^8, as in Fabian Giesen, "Interleaved entropy
// coders", arXiv:1402.3392, 2014), so every step stays on int32 arithmetic. It encodes the steps
// last to first, so that the decoder reads forward: the final state (4 bytes), then the bytes
// renormalization emitted, and ends in the encoder's initial state L, which it checks.
import { BitSink, BitSource, bitLength, gammaBits, unzigzag, zigzag } from './bit-stream.ts';
import type { ByteReader, ByteWriter } from './bytes.ts';

/** Widest step alphabet coded (wider columns have no peaked model worth its table). */
export const MAX_SYMBOLS = 64;
const MAX_PREC = 12;
const L = 2 ** 23;
// The symbols of the column being planned, reused: V8 allocates typed arrays over 64 bytes
// outside its heap at some 200 ns each, as much as planning a whole column otherwise costs.
let scratch = new Uint8Array(1024);
const countScratch = new Int32Array(MAX_SYMBOLS + 1); // step counts, likewise
// x / f as x · (1 + 2^-45) / f, exact after floor for x < 2^32 (the proof in range-packed.ts).
const INV_SCALE = 1 + 2 ** -45;

export interface AnsPlan {
  lo: number;
  prec: number;
  freq: number[]; // quantized frequencies of steps lo … lo + freq.length - 1, summing to 2^prec
  bytes: number; // estimated bytes after the first value
  symbols: Uint8Array; // at i, step i of xs minus lo, or the escape; valid until the next plan
  escapes: number[]; // the steps outside the core, in order; none when the core holds them all
}

/**
 * Counts of each step of xs in [lo, lo + size) into countScratch[0 … size) (not a subarray:
 * V8 makes those slowly); `symbols` gets step i - lo at i. Returns the number of symbols.
 */
function histogram(xs: ArrayLike<number>, lo: number, size: number, symbols: Uint8Array): number {
  const counts = countScratch.fill(0, 0, size);
  for (let i = 1; i < xs.length; i++) {
    const s = (xs[i]! - xs[i - 1]! - lo) | 0;
    symbols[i] = s;
    counts[s]!++;
  }
  return size;
}

/**
 * The same with an escape symbol `size` for the steps outside, which go to `escapes`; returns
 * size + 1 symbols, or 0 once more than 1 in 8 steps escape (mixed radix is smaller then).
 */
function histogramEscaping(
  xs: ArrayLike<number>,
  lo: number,
  size: number,
  symbols: Uint8Array,
  escapes: number[],
): number {
  const counts = countScratch.fill(0, 0, size + 1);
  const most = xs.length / 8;
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i]! - xs[i - 1]!;
    let s = size;
    if (d - lo >= 0 && d - lo < size) s = d - lo;
    else if (escapes.push(d) > most) return 0;
    symbols[i] = s;
    counts[s]!++;
  }
  return size + 1;
}

/** Bits of the escaped steps: a side bit and the gamma code of the distance from the core. */
function escapeBits(escapes: number[], lo: number, hi: number): number {
  let bits = 0;
  for (const d of escapes) bits += 1 + gammaBits(d > hi ? d - hi : lo - d);
  return bits;
}

// 16 steps sampled from a column, reused.
const sample = new Float64Array(16);

/**
 * The median of 16 steps spread over xs, a centre for the core that ignores rare jumps; NaN when
 * more than 2 of them lie beyond ±31 of it (so many escapes would not pay for themselves).
 */
function sampledMedian(xs: ArrayLike<number>): number {
  const n = xs.length;
  // Insertion sort as they are taken: for 16 numbers cheaper than the native sort's call, which
  // the compaction thread paid for every column it considered for ANS.
  for (let k = 0; k < 16; k++) {
    const i = 1 + Math.floor((k * (n - 1)) / 16);
    const d = xs[i]! - xs[i - 1]!;
    let j = k;
    for (; j > 0 && sample[j - 1]! > d; j--) sample[j] = sample[j - 1]!;
    sample[j] = d;
  }
  const mid = sample[8]!;
  let far = 0;
  for (let k = 0; k < 16; k++) if (Math.abs(sample[k]! - mid) > 31) far++;
  return far > 2 ? NaN : mid;
}

/**
 * The core of steps to model, [lo, hi], and whether other steps are escaped: all the steps when
 * they span at most 64 values, else those within ±31 of a sampled median.
 */
function core(xs: ArrayLike<number>, ranges: readonly number[]): [number, number, boolean] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let b = 0; b < ranges.length; b += 2) {
    lo = Math.min(lo, ranges[b]!);
    hi = Math.max(hi, ranges[b + 1]!);
  }
  if (hi - lo + 1 <= MAX_SYMBOLS) return [lo, hi, false];
  const mid = sampledMedian(xs);
  if (Number.isNaN(mid)) return [0, -1, true];
  lo = Infinity;
  hi = -Infinity;
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i]! - xs[i - 1]!;
    if (d >= mid - 31 && d <= mid + 31) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  }
  return [lo, hi, true];
}

/** Frequencies summing to 2^prec, each used step at least 1 (largest-count step absorbs rest). */
function quantize(
  counts: Int32Array,
  size: number,
  total: number,
  prec: number,
): number[] | undefined {
  const M = 1 << prec; // prec ≤ 12; shifts, since a variable 2 ** k is a slow Math.pow call
  const freq = new Array<number>(size).fill(0);
  let sum = 0;
  let top = 0;
  for (let s = 0; s < size; s++) {
    const c = counts[s]!;
    if (c === 0) continue;
    freq[s] = Math.max(1, Math.round((c * M) / total));
    sum += freq[s]!;
    if (c > counts[top]!) top = s;
  }
  freq[top]! += M - sum;
  return freq[top]! >= 1 ? freq : undefined;
}

function tableBits(lo: number, freq: number[], prec: number, escapes: number): number {
  let bits = gammaBits(zigzag(lo) + 1) + gammaBits(freq.length) + gammaBits(prec);
  bits += gammaBits(escapes + 1);
  for (let s = 0; s + 1 < freq.length; s++) bits += gammaBits(freq[s]! + 1);
  return bits;
}

/** Bits the steps cost under `freq` (their information content), without table or state. */
function payloadBits(counts: Int32Array, freq: number[], prec: number): number {
  let bits = 0;
  for (let s = 0; s < freq.length; s++) {
    const c = counts[s]!;
    if (c > 0) bits += c * (prec - Math.log2(freq[s]!));
  }
  return bits;
}

// c·log2(c) for counts up to 4096, so the entropy test on every column costs no Math.log2 calls.
const clogc = Float64Array.from({ length: 4097 }, (_, c) => (c > 0 ? c * Math.log2(c) : 0));

/** Order-0 entropy of the steps in bits, total·log2(total) - Σ c·log2(c). */
function entropyBits(counts: Int32Array, size: number, total: number): number {
  let bits = total * Math.log2(total);
  for (let s = 0; s < size; s++) {
    const c = counts[s]!;
    bits -= c < clogc.length ? clogc[c]! : c * Math.log2(c);
  }
  return bits;
}

/**
 * The model and estimated size for xs, whose block ranges (range-packed.ts) are `ranges`, or
 * undefined when it would not beat `budget` bytes (the caller's other codings).
 */
export function planAns(
  xs: ArrayLike<number>,
  ranges: readonly number[],
  budget: number,
): AnsPlan | undefined {
  const total = xs.length - 1;
  if (total < 1) return undefined;
  const [lo, hi, escaping] = core(xs, ranges);
  if (!(hi >= lo) || hi - lo + 1 + (escaping ? 1 : 0) > MAX_SYMBOLS) return undefined;
  if (scratch.length < xs.length) scratch = new Uint8Array(xs.length * 2);
  const symbols = scratch;
  const escapes: number[] = [];
  const counts = countScratch;
  const size = escaping
    ? histogramEscaping(xs, lo, hi - lo + 1, symbols, escapes)
    : histogram(xs, lo, hi - lo + 1, symbols);
  if (size === 0) return undefined;
  const sideBits = escapeBits(escapes, lo, hi) + gammaBits(escapes.length + 1);
  // No model spends less than the entropy, the initial state's 24 bits and a gamma code per step.
  let least = entropyBits(counts, size, total) + 24 + sideBits;
  least += gammaBits(zigzag(lo) + 1) + gammaBits(size);
  for (let s = 0; s + 1 < size; s++) least += counts[s]! > 0 ? 3 : 1;
  if (least / 8 >= budget) return undefined;
  let best: AnsPlan | undefined;
  // Precision trades table bits against modelling loss; the cost falls, then rises.
  for (let prec = Math.max(2, bitLength(size)); prec <= MAX_PREC; prec++) {
    const freq = quantize(counts, size, total, prec);
    if (!freq) continue;
    const bits = tableBits(lo, freq, prec, escapes.length) + payloadBits(counts, freq, prec);
    // The final state carries L's 23 bits and up to 8 more.
    const bytes = Math.ceil((bits + escapeBits(escapes, lo, hi)) / 8) + 4;
    if (best && bytes > best.bytes) break;
    if (!best || bytes < best.bytes) best = { lo, prec, freq, bytes, symbols, escapes };
  }
  return best && best.bytes < budget ? best : undefined;
}

/** Starts of each step's slots in [0, 2^prec). */
function starts(freq: number[]): number[] {
  const start = new Array<number>(freq.length).fill(0);
  for (let s = 1; s < freq.length; s++) start[s] = start[s - 1]! + freq[s - 1]!;
  return start;
}

/** Writes xs: the first value, then (n ≥ 2) the table in gamma codes and the rANS bytes. */
export function writeAns(w: ByteWriter, xs: ArrayLike<number>, plan: AnsPlan): void {
  const n = xs.length;
  if (n === 0) return;
  w.svarint(xs[0]!);
  if (n === 1) return;
  const { lo, prec, freq, escapes } = plan;
  // Room: lo and an escape ≤ 105 bits, a frequency ≤ 25, the count ≤ 2·log2 n + 1.
  const sink = new BitSink(w.room(40 + 4 * freq.length + 14 * escapes.length), w.pos);
  sink.putGamma(zigzag(lo) + 1);
  sink.putGamma(freq.length);
  sink.putGamma(prec);
  for (let s = 0; s + 1 < freq.length; s++) sink.putGamma(freq[s]! + 1);
  sink.putGamma(escapes.length + 1);
  const hi = lo + freq.length - 2; // with escapes, the last symbol is the escape
  for (const d of escapes) {
    sink.put(d > hi ? 1 : 0, 1);
    sink.putGamma(d > hi ? d - hi : lo - d);
  }
  w.pos = sink.finish();
  // Renormalization emits at most 2 bytes a step (prec ≤ 12 < 16), written back to front.
  const room = 4 + 2 * n;
  const buf = w.room(room);
  const end = w.pos + room;
  const at = encodeSteps(buf, end, plan.symbols, n, prec, freq);
  buf.copyWithin(w.pos, at, end);
  w.pos += end - at;
}

/** rANS-encodes symbols[n - 1 … 1] into buf below `end`; returns the first byte written. */
function encodeSteps(
  buf: Uint8Array,
  end: number,
  symbols: Uint8Array,
  n: number,
  prec: number,
  freq: number[],
): number {
  const start = starts(freq);
  const inv = freq.map((f) => INV_SCALE / f);
  const unit = 1 << (31 - prec); // x must stay below unit·f before a step of frequency f
  const M = 1 << prec;
  let x = L;
  let at = end;
  for (let i = n - 1; i >= 1; i--) {
    const s = symbols[i]!;
    const f = freq[s]!;
    while (x >= unit * f) {
      buf[--at] = x & 255;
      x >>>= 8;
    }
    // x → floor(x / f)·M + x mod f + start = x + start + q·(M - f): int32 throughout.
    const q = (x * inv[s]!) | 0;
    x = (x + start[s]! + Math.imul(q, M - f)) | 0;
  }
  for (let k = 0; k < 4; k++, x >>>= 8) buf[--at] = x & 255;
  return at;
}

// Decoder tables per slot of [0, 2^prec) for the column being read, reused: the step it stands
// for, that step's frequency, and slot - start of the step, so that a decoding step waits on one
// table look-up instead of two in a row.
const slotStep = new Uint8Array(2 ** MAX_PREC);
const slotFreq = new Int32Array(2 ** MAX_PREC);
const slotBias = new Int32Array(2 ** MAX_PREC);

function fillSlots(freq: number[]): void {
  for (let s = 0, start = 0; s < freq.length; start += freq[s++]!) {
    const end = start + freq[s]!;
    slotStep.fill(s, start, end);
    slotFreq.fill(freq[s]!, start, end);
    for (let slot = start; slot < end; slot++) slotBias[slot] = slot - start;
  }
}

interface Table {
  lo: number;
  prec: number;
  freq: number[];
  escapes: number[];
}

/** Reads the table and escaped steps written by writeAns (at most `n` of those). */
function readTable(r: ByteReader, n: number): Table {
  const src = new BitSource(r.buf, r.pos);
  const lo = unzigzag(src.getGamma() - 1);
  const size = src.getGamma();
  const prec = src.getGamma();
  if (size > MAX_SYMBOLS || prec > MAX_PREC) throw new RangeError('chunk corrupt: ANS table');
  const freq = new Array<number>(size).fill(0);
  let sum = 0;
  for (let s = 0; s + 1 < size; s++) sum += freq[s] = src.getGamma() - 1;
  freq[size - 1] = (1 << prec) - sum;
  if (freq[size - 1]! < 0) throw new RangeError('chunk corrupt: ANS table');
  const count = src.getGamma() - 1;
  if (count > n) throw new RangeError('chunk corrupt: ANS escapes');
  const escapes = new Array<number>(count);
  const hi = lo + size - 2;
  for (let k = 0; k < count; k++) {
    const above = src.get(1) === 1;
    const distance = src.getGamma();
    escapes[k] = above ? hi + distance : lo - distance;
  }
  r.pos = src.finish();
  return { lo, prec, freq, escapes };
}

/** Reads n values written by writeAns into `out`, each divided by `scale`. */
export function readAns(r: ByteReader, out: Float64Array, scale = 1): void {
  const n = out.length;
  if (n === 0) return;
  let prev = r.svarint();
  out[0] = prev / scale;
  if (n === 1) return;
  const { lo, prec, freq, escapes } = readTable(r, n);
  const esc = escapes.length > 0 ? freq.length - 1 : -1; // the escape symbol, if any
  let e = 0;
  fillSlots(freq);
  const buf = r.buf;
  const end = buf.length;
  let at = r.pos;
  if (at + 4 > end) throw new RangeError('chunk truncated');
  let x = ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
  at += 4;
  const mask = (1 << prec) - 1;
  for (let i = 1; i < n; i++) {
    const slot = x & mask;
    x = Math.imul(slotFreq[slot]!, x >>> prec) + slotBias[slot]!; // below 2^31
    while (x < L) x = (x << 8) | buf[at++]!; // past the end reads undefined, i.e. 0: checked below
    const s = slotStep[slot]!;
    prev += s !== esc ? lo + s : escapes[e++]!; // past the escapes reads undefined: checked below
    out[i] = prev / scale;
  }
  if (at > end) throw new RangeError('chunk truncated');
  if (x !== L || e !== escapes.length) throw new RangeError('chunk corrupt: ANS state');
  r.pos = at;
}
