// MSB-first bit writer/reader for the Gorilla XOR value coding (fallback path for values that
// are not short decimals). Fields are at most 32 bits; 64-bit words travel as hi/lo halves.
import type { ByteReader, ByteWriter } from './bytes.ts';

export class BitWriter {
  private bytes: number[] = [];
  private cur = 0;
  private used = 0; // bits used in `cur`

  /** Writes the low `n` bits of `v` (n ≤ 32), most significant first. */
  bits(v: number, n: number): void {
    while (n > 0) {
      const take = Math.min(8 - this.used, n);
      const shift = n - take;
      const part = (v >>> shift) & ((1 << take) - 1);
      this.cur = (this.cur << take) | part;
      this.used += take;
      n -= take;
      if (this.used === 8) {
        this.bytes.push(this.cur);
        this.cur = 0;
        this.used = 0;
      }
    }
  }

  /** Appends length and bytes (the final partial byte is zero-padded) to `w`. */
  flushTo(w: ByteWriter): void {
    const all = this.used > 0 ? [...this.bytes, this.cur << (8 - this.used)] : this.bytes;
    w.uvarint(all.length);
    w.bytes(Uint8Array.from(all));
  }
}

export class BitReader {
  private pos = 0; // bit position
  private readonly end: number;
  private readonly data: Uint8Array;

  constructor(r: ByteReader) {
    const len = r.uvarint();
    if (r.pos + len > r.buf.length) throw new RangeError('chunk truncated');
    this.data = r.buf.subarray(r.pos, r.pos + len);
    r.pos += len;
    this.end = len * 8;
  }

  bits(n: number): number {
    if (this.pos + n > this.end) throw new RangeError('chunk truncated');
    let v = 0;
    while (n > 0) {
      const byte = this.data[this.pos >>> 3]!;
      const off = this.pos & 7;
      const take = Math.min(8 - off, n);
      const part = (byte >>> (8 - off - take)) & ((1 << take) - 1);
      v = v * (1 << take) + part;
      this.pos += take;
      n -= take;
    }
    return v >>> 0;
  }
}
