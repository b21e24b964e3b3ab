// Rollup columns coded from one another (rollup version 3, issue 21). Version 1 codes each of
// sum, min, max, first and last as its own delta sequence: every one of them is a walk from
// bucket to bucket, so each costs about what last − first does (an hour of a sensor's steps).
// Here only that walk is coded; the rest are the small numbers that are left when each column is
// predicted from the others in the same bucket:
//   first − previous bucket's last (one sampling step), last − first (the hour's walk),
//   min(first, last) − min and max − max(first, last) (≥ 0, mostly a few steps),
//   2·sum − count·(first + last) (the walk's area against the trapezoid; 2· keeps it integer).
// Each residual column is written by writeValues as its running sum, so that its delta coding
// hands the residuals themselves to the same FOR / mixed radix / ANS choice as version 1.
// Bucket starts are coded in units of their greatest common divisor (an hour's 3.6e6 ms for 1h
// rollups): an epoch start then takes 3 bytes instead of 6, its step 1 byte instead of 4.
// Only when every column is an exact decimal at one number of places (readings of a fixed
// resolution, sums snapped by rollup.ts exactSums); other rollups stay version 1.
import type { ByteReader, ByteWriter } from './bytes.ts';
import { readIntSeq, writeIntSeq } from './int-seq.ts';
import { decimalPlaces, readValues, writeValues } from './values.ts';

/** The version byte of a rollup coded here. */
export const PREDICTED = 3;
const LIMIT = 2 ** 50; // every scaled value and running sum stays an exact double (< 2^53)

export interface RollupCols {
  starts: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  first: Float64Array;
  last: Float64Array;
}

/** Scaled integers of `col` at 10^e places, or undefined when one is not exact or too large. */
function scaled(col: Float64Array, p: number): Float64Array | undefined {
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    const m = Math.round(v * p);
    if (m / p !== v || Math.abs(m) >= LIMIT || Object.is(v, -0)) return undefined;
    out[i] = m;
  }
  return out;
}

/** The five residual columns, as running sums; undefined when a sum would leave LIMIT. */
function residuals(c: RollupCols, p: number): Float64Array[] | undefined {
  const [sum, min, max, first, last] = [c.sum, c.min, c.max, c.first, c.last].map((col) =>
    scaled(col, p),
  );
  if (!sum || !min || !max || !first || !last) return undefined;
  const n = c.starts.length;
  const out = Array.from({ length: 5 }, () => new Float64Array(n));
  const acc = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const f = first[i]!;
    const l = last[i]!;
    const r = [
      i === 0 ? f : f - last[i - 1]!,
      l - f,
      Math.min(f, l) - min[i]!,
      max[i]! - Math.max(f, l),
      2 * sum[i]! - c.count[i]! * (f + l),
    ];
    for (let k = 0; k < 5; k++) {
      acc[k]! += r[k]!;
      if (!(Math.abs(acc[k]!) < LIMIT)) return undefined;
      out[k]![i] = acc[k]!;
    }
  }
  return out;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
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
  for (let i = 0; i < n; i++) if (!Number.isSafeInteger(c.count[i]!)) return false;
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
  for (const col of cols) writeValues(w, col);
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
  const acc = Array.from({ length: 5 }, () => readValues(r, n));
  const c: RollupCols = {
    starts,
    count,
    sum: new Float64Array(n),
    min: new Float64Array(n),
    max: new Float64Array(n),
    first: new Float64Array(n),
    last: new Float64Array(n),
  };
  let prevLast = 0;
  for (let i = 0; i < n; i++) {
    const d = (k: number) => acc[k]![i]! - (i === 0 ? 0 : acc[k]![i - 1]!);
    const f = prevLast + d(0);
    const l = f + d(1);
    c.first[i] = f / p;
    c.last[i] = l / p;
    c.min[i] = (Math.min(f, l) - d(2)) / p;
    c.max[i] = (Math.max(f, l) + d(3)) / p;
    c.sum[i] = (d(4) + count[i]! * (f + l)) / 2 / p;
    prevLast = l;
  }
  return c;
}
