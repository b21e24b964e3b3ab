// Rollup columns coded from one another (rollup version 3, issue 21). Version 1 codes each of
// sum, min, max, first and last as its own delta sequence: every one of them is a walk from
// bucket to bucket, so each costs about what last − first does (an hour of a sensor's steps).
// Here only that walk is coded; the rest are the small numbers that are left when each column is
// predicted from the others in the same bucket:
//   first − previous bucket's last (one sampling step), last − first (the hour's walk),
//   min(first, last) − min and max − max(first, last) (≥ 0, mostly a few steps),
//   2·sum − count·(first + last) (the walk's area against the trapezoid; 2· keeps it integer).
// Each residual column is written as Rice codes (Rice, "Some practical universal noiseless
// coding techniques", JPL 79-22, 1979) with the parameter k that makes them shortest. A day's
// column is 24 numbers, too few for version 1's block headers and ANS tables to pay; Rice spends
// one byte on its header (on the bench's series 14 % fewer bytes than the residuals by
// writeValues). A column of more than 64 (minute rollups), or one whose Rice codes come out long,
// is also tried as its running sum by writeValues, whose delta coding hands the residuals to the
// FOR / mixed radix / ANS choice of version 1, and written so where that is shorter.
// Buckets of one point each stay version 1 (its same-as columns cost nothing).
// Bucket starts are coded in units of their greatest common divisor (an hour's 3.6e6 ms for 1h
// rollups): an epoch start then takes 3 bytes instead of 6, its step 1 byte instead of 4.
// Only when every column is an exact decimal at one number of places (readings of a fixed
// resolution, sums snapped by rollup.ts exactSums); other rollups stay version 1.
import { BitSink, BitSource, zigzag, unzigzag } from './bit-stream.ts';
import type { ByteReader, ByteWriter } from './bytes.ts';
import type { RollupColumns } from './chunk.ts';
import { readIntSeq, writeIntSeq } from './int-seq.ts';
import { decimalPlaces, readValues, writeValues } from './values.ts';

/** The version byte of a rollup coded here. */
export const PREDICTED = 3;
const LIMIT = 2 ** 50; // every scaled value and running sum stays an exact double (< 2^53)

/** The columns of a rollup chunk (chunk.ts), as this coding reads and writes them. */
type RollupCols = RollupColumns;

/** v·p as an integer, or NaN when v is not exact at those places, is -0 or is too large. */
function scaled(v: number, p: number): number {
  const m = Math.round(v * p);
  return m / p !== v || !(Math.abs(m) < LIMIT) || (v === 0 && 1 / v < 0) ? NaN : m;
}

/**
 * The five residual columns; undefined when a value is not exact at 10^e places (p) or a running
 * sum (what the writeValues path codes) would leave LIMIT. One pass, scaling as it goes: the
 * compaction thread codes a rollup for every series each generation.
 */
function residuals(c: RollupCols, p: number): Float64Array[] | undefined {
  const n = c.starts.length;
  const r0 = new Float64Array(n);
  const r1 = new Float64Array(n);
  const r2 = new Float64Array(n);
  const r3 = new Float64Array(n);
  const r4 = new Float64Array(n);
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let prevLast = 0;
  for (let i = 0; i < n; i++) {
    const f = scaled(c.first[i]!, p);
    const l = scaled(c.last[i]!, p);
    const lo = scaled(c.min[i]!, p);
    const hi = scaled(c.max[i]!, p);
    const sum = scaled(c.sum[i]!, p);
    // NaN fails every comparison below, so one bad value ends here.
    a0 += r0[i] = f - prevLast;
    a1 += r1[i] = l - f;
    a2 += r2[i] = Math.min(f, l) - lo;
    a3 += r3[i] = hi - Math.max(f, l);
    a4 += r4[i] = 2 * sum - c.count[i]! * (f + l);
    prevLast = l;
    const most = Math.max(Math.abs(a0), Math.abs(a1), Math.abs(a2), Math.abs(a3), Math.abs(a4));
    if (!(most < LIMIT)) return undefined;
  }
  return [r0, r1, r2, r3, r4];
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The greatest common divisor of the starts, or 1 when one is not a safe integer or all 0. */
function startUnit(starts: Float64Array): number {
  let g = 0;
  for (const s of starts) {
    if (!Number.isSafeInteger(s)) return 1;
    g = gcd(Math.abs(s), g);
  }
  return g || 1;
}

const VALUES = 255; // column tag: the running sums by writeValues; else Rice, k | UNSIGNED
const UNSIGNED = 64; // tag bit: every residual after the first is ≥ 0, written without zigzag
const MAX_K = 52;

/** Rice parameter and bits for us[1 …] (the first goes as a varint), for k near log2 of the mean. */
function ricePlan(us: Float64Array, n: number): [number, number] {
  let sum = 0;
  let most = 0;
  for (let i = 1; i < n; i++) {
    sum += us[i]!;
    if (us[i]! > most) most = us[i]!;
  }
  const mean = sum / Math.max(1, n - 1);
  // The best k of a geometric source lies near log2(mean · ln 2) (Gallager and van Voorhis,
  // IEEE Trans. Inf. Theory 21(2), 1975): one either side of log2(mean) is enough.
  const guess = mean < 1 ? 0 : Math.floor(Math.log2(mean));
  const small = most < 2 ** 32; // quotients by >>> rather than Math.floor
  let best: [number, number] = [0, Infinity];
  for (let k = Math.max(0, guess - 1); k <= Math.min(MAX_K, guess + 1); k++) {
    const p = 2 ** k;
    let bits = (k + 1) * (n - 1);
    if (small && k < 32) for (let i = 1; i < n; i++) bits += us[i]! >>> k;
    else for (let i = 1; i < n; i++) bits += Math.floor(us[i]! / p);
    if (bits < best[1]) best = [k, bits];
  }
  return best;
}

function svarintBytes(v: number): number {
  let u = zigzag(v);
  let size = 1;
  for (; u >= 128; size++) u = Math.floor(u / 128);
  return size;
}

/**
 * Columns up to this long go as Rice codes without trying writeValues (see the header): coding
 * both cost the compaction thread three times version 1's time per rollup.
 */
const SHORT = 64;

// The Rice numbers of the column being written, reused (an allocation a column showed in the
// compaction thread's profile).
let usScratch = new Float64Array(64);

/** One residual column: Rice codes, or for a long one writeValues if that is shorter. */
function writeColumn(w: ByteWriter, rs: Float64Array): void {
  const n = rs.length;
  let unsigned = true;
  for (let i = 1; i < n && unsigned; i++) unsigned = rs[i]! >= 0;
  if (usScratch.length < n) usScratch = new Float64Array(n * 2);
  const us = usScratch;
  for (let i = 1; i < n; i++) us[i] = unsigned ? rs[i]! : zigzag(rs[i]!);
  const [k, bits] = ricePlan(us, n);
  const start = w.pos;
  // Also when Rice codes come out long (a jump among small steps makes a long unary run).
  if (n > SHORT || bits > 32 * n) {
    let acc = 0;
    w.byte(VALUES);
    writeValues(
      w,
      rs.map((r) => (acc += r)),
    );
    if (w.pos - start <= 1 + svarintBytes(rs[0]!) + Math.ceil(bits / 8)) return;
    w.pos = start;
  }
  w.byte(k | (unsigned ? UNSIGNED : 0));
  w.svarint(rs[0]!);
  const sink = new BitSink(w.room(Math.ceil(bits / 8) + 8), w.pos);
  const p = 2 ** k;
  for (let i = 1; i < n; i++) {
    const u = us[i]!;
    let q = Math.floor(u / p);
    const low = u - q * p;
    for (; q >= 24; q -= 24) sink.put(0, 24);
    sink.put(1 << q, q + 1); // q zeros, then the one that ends them
    if (k > 24) sink.putWide(low, k);
    else if (k > 0) sink.put(low, k);
  }
  w.pos = sink.finish();
}

/** Reads a column written by writeColumn: its residuals. */
// Residual columns being read, reused: five typed arrays a rollup read otherwise allocated
// outside V8's heap, which the decoding profile showed as much as decoding itself.
const readScratch = Array.from({ length: 5 }, () => new Float64Array(64));

/** Reads column `slot` (its residuals), into scratch that the next read overwrites. */
function readColumn(r: ByteReader, n: number, slot: number): Float64Array {
  const tag = r.byte();
  if (tag === VALUES) {
    const sums = readValues(r, n);
    for (let i = n - 1; i > 0; i--) sums[i]! -= sums[i - 1]!;
    return sums;
  }
  const k = tag & ~UNSIGNED;
  if (k > MAX_K) throw new RangeError(`rollup corrupt: column tag ${tag}`);
  const unsigned = (tag & UNSIGNED) !== 0;
  if (readScratch[slot]!.length < n) readScratch[slot] = new Float64Array(n * 2);
  const out = readScratch[slot]!;
  if (n === 0) return out;
  out[0] = r.svarint();
  const src = new BitSource(r.buf, r.pos);
  const p = 2 ** k;
  for (let i = 1; i < n; i++) {
    const q = src.getUnary();
    const u = k === 0 ? q : q * p + (k > 24 ? src.getWide(k) : src.get(k));
    // Small codes on int32 operators: unzigzag's % on a double is a call to fmod in V8.
    if (unsigned) out[i] = u;
    else out[i] = u < 2 ** 31 ? (u >>> 1) ^ -(u & 1) : unzigzag(u);
  }
  r.pos = src.finish();
  return out;
}

/** Writes `c` as version 3 and returns true, or writes nothing and returns false. */
export function writePredictedRollup(w: ByteWriter, c: RollupCols): boolean {
  const n = c.starts.length;
  if (n === 0) return false;
  let e = 0;
  for (const col of [c.sum, c.min, c.max, c.first, c.last]) {
    const places = decimalPlaces(col);
    if (places < 0) return false;
    e = Math.max(e, places);
  }
  // Buckets of one point each (minute rollups of minute readings) have sum = min = max = first
  // = last, which version 1 writes once and then as references: no residual beats that.
  let single = true;
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(c.count[i]!)) return false;
    single &&= c.count[i] === 1;
  }
  if (single) return false;
  const cols = residuals(c, 10 ** e);
  if (!cols) return false;
  w.byte(PREDICTED);
  w.uvarint(n);
  const unit = startUnit(c.starts);
  // The unit as a·10^k: 3.6e6 takes 2 bytes so, not 4.
  let k = 0;
  const divides = (p: number) => (unit / p) % 1 === 0 && (unit / p) * p === unit;
  while (k < 15 && divides(10 ** (k + 1))) k++;
  w.byte(k);
  w.uvarint(unit / 10 ** k);
  writeIntSeq(w, unit === 1 ? c.starts : c.starts.map((s) => s / unit), 2);
  writeIntSeq(w, c.count, 1);
  w.byte(e);
  for (const col of cols) writeColumn(w, col);
  return true;
}

/** Reads a version-3 rollup; the reader stands after its version byte. */
export function readPredictedRollup(r: ByteReader): RollupCols {
  const n = r.uvarint();
  const k = r.byte();
  if (k > 15) throw new RangeError('rollup corrupt: start unit');
  const unit = r.uvarint() * 10 ** k;
  const starts = new Float64Array(n);
  readIntSeq(r, starts, 2);
  if (unit !== 1) for (let i = 0; i < n; i++) starts[i]! *= unit;
  const count = new Float64Array(n);
  readIntSeq(r, count, 1);
  const e = r.byte();
  if (e > 12) throw new RangeError(`rollup corrupt: ${e} decimal places`);
  const p = 10 ** e;
  const r0 = readColumn(r, n, 0);
  const r1 = readColumn(r, n, 1);
  const r2 = readColumn(r, n, 2);
  const r3 = readColumn(r, n, 3);
  const r4 = readColumn(r, n, 4);
  const sum = new Float64Array(n);
  const min = new Float64Array(n);
  const max = new Float64Array(n);
  const first = new Float64Array(n);
  const last = new Float64Array(n);
  let l = 0;
  for (let i = 0; i < n; i++) {
    const f = l + r0[i]!; // r0[0] is the first value itself
    l = f + r1[i]!;
    const lo = f < l ? f : l;
    const hi = f < l ? l : f;
    first[i] = f / p;
    last[i] = l / p;
    min[i] = (lo - r2[i]!) / p;
    max[i] = (hi + r3[i]!) / p;
    sum[i] = (r4[i]! + count[i]! * (f + l)) / 2 / p;
  }
  const c: RollupCols = { starts, count, sum, min, max, first, last };
  return c;
}
