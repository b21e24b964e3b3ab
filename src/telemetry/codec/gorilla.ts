// Gorilla XOR float compression (Pelkonen et al., VLDB 2015, §4.1.2): each value is XORed with
// its predecessor; a zero XOR costs one bit, otherwise the meaningful bits are stored, reusing
// the previous leading/trailing-zero window when it still fits. 64-bit words as hi/lo halves.
import { BitReader, BitWriter } from './bits.ts';
import type { ByteReader, ByteWriter } from './bytes.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian hosts: [lo, hi]

const ctz32 = (x: number): number => 31 - Math.clz32(x & -x);

function writeMeaningful(bw: BitWriter, hi: number, lo: number, trail: number, len: number) {
  let h = hi;
  let l = lo;
  if (trail >= 32) {
    l = hi >>> (trail - 32);
    h = 0;
  } else if (trail > 0) {
    l = (lo >>> trail) | (hi << (32 - trail));
    h = hi >>> trail;
  }
  if (len > 32) {
    bw.bits(h, len - 32);
    bw.bits(l, 32);
  } else bw.bits(l, len);
}

export function writeGorilla(w: ByteWriter, values: ArrayLike<number>): void {
  const bw = new BitWriter();
  let prevHi = 0;
  let prevLo = 0;
  let lead = -1;
  let trail = 0;
  for (let i = 0; i < values.length; i++) {
    f64[0] = values[i]!;
    const lo = u32[0]!;
    const hi = u32[1]!;
    if (i === 0) {
      bw.bits(hi, 32);
      bw.bits(lo, 32);
    } else {
      const xh = (hi ^ prevHi) >>> 0;
      const xl = (lo ^ prevLo) >>> 0;
      if (xh === 0 && xl === 0) bw.bits(0, 1);
      else {
        const l = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
        const t = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
        if (lead >= 0 && l >= lead && t >= trail) {
          bw.bits(0b10, 2);
          writeMeaningful(bw, xh, xl, trail, 64 - lead - trail);
        } else {
          lead = Math.min(l, 31);
          trail = t;
          const len = 64 - lead - trail;
          bw.bits(0b11, 2);
          bw.bits(lead, 5);
          bw.bits(len & 63, 6); // 64 is written as 0
          writeMeaningful(bw, xh, xl, trail, len);
        }
      }
    }
    prevHi = hi;
    prevLo = lo;
  }
  bw.flushTo(w);
}

function readMeaningful(br: BitReader, trail: number, len: number): [number, number] {
  let h = 0;
  let l: number;
  if (len > 32) {
    h = br.bits(len - 32);
    l = br.bits(32);
  } else l = br.bits(len);
  if (trail >= 32) return [(l << (trail - 32)) >>> 0, 0];
  if (trail > 0) return [((h << trail) | (l >>> (32 - trail))) >>> 0, (l << trail) >>> 0];
  return [h, l];
}

export function readGorilla(r: ByteReader, out: Float64Array): void {
  const br = new BitReader(r);
  let hi = 0;
  let lo = 0;
  let lead = 0;
  let trail = 0;
  for (let i = 0; i < out.length; i++) {
    if (i === 0) {
      hi = br.bits(32);
      lo = br.bits(32);
    } else if (br.bits(1) === 1) {
      if (br.bits(1) === 1) {
        lead = br.bits(5);
        const len = br.bits(6) || 64;
        trail = 64 - lead - len;
      }
      const [xh, xl] = readMeaningful(br, trail, 64 - lead - trail);
      hi = (hi ^ xh) >>> 0;
      lo = (lo ^ xl) >>> 0;
    }
    u32[0] = lo;
    u32[1] = hi;
    out[i] = f64[0]!;
  }
}
