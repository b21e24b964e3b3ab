// Integer sequences as zigzag varint deltas with run-length tokens. Applied to timestamps it is
// delta-of-delta (Pelkonen et al., "Gorilla", VLDB 2015, §4.1.1): a regular sampling interval
// has delta-of-delta 0, and a run of zeros costs two bytes whatever its length. Applied to
// decimal-scaled values it is the delta coding VictoriaMetrics uses after float→decimal.
import type { ByteReader, ByteWriter } from './bytes.ts';

/**
 * Writes `xs` as order-`order` differences (1 = delta, 2 = delta-of-delta). Each token is
 * uvarint(zigzag(d) * 2 + run); when run = 1 a uvarint repeat count (≥ 2) follows.
 */
export function writeIntSeq(w: ByteWriter, xs: ArrayLike<number>, order: 1 | 2): void {
  const n = xs.length;
  if (n === 0) return;
  w.svarint(xs[0]!);
  let prev = xs[0]!;
  let prevDelta = 0;
  let pendingD = 0;
  let pendingRun = 0;
  for (let i = 1; i < n; i++) {
    const x = xs[i]!;
    const delta = x - prev;
    const d = order === 2 ? delta - prevDelta : delta;
    prev = x;
    prevDelta = delta;
    if (pendingRun > 0 && d === pendingD) pendingRun++;
    else {
      if (pendingRun > 0) writeToken(w, pendingD, pendingRun);
      pendingD = d;
      pendingRun = 1;
    }
  }
  if (pendingRun > 0) writeToken(w, pendingD, pendingRun);
}

function writeToken(w: ByteWriter, d: number, run: number): void {
  const zz = d >= 0 ? d * 2 : -d * 2 - 1;
  if (run === 1) w.uvarint(zz * 2);
  else {
    w.uvarint(zz * 2 + 1);
    w.uvarint(run);
  }
}

export function readIntSeq(r: ByteReader, out: Float64Array, order: 1 | 2, scale = 1): void {
  const n = out.length;
  if (n === 0) return;
  let prev = r.svarint();
  out[0] = prev / scale;
  let prevDelta = 0;
  let i = 1;
  while (i < n) {
    const tok = r.uvarint();
    const run = tok % 2 === 1 ? r.uvarint() : 1;
    const zz = Math.floor(tok / 2);
    const d = zz % 2 === 0 ? zz / 2 : -(zz + 1) / 2;
    if (i + run > n) throw new RangeError('chunk corrupt: run past end');
    for (let k = 0; k < run; k++, i++) {
      const delta = order === 2 ? prevDelta + d : d;
      prev += delta;
      prevDelta = delta;
      out[i] = scale === 1 ? prev : prev / scale;
    }
  }
}
