// Byte-level writer/reader with LEB128 varints and zigzag signs (Protocol Buffers encoding,
// "Base 128 Varints"). Values are JS numbers up to 2^53, so wide values use arithmetic, not
// 32-bit bit operators.

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Room for `n` more bytes: the buffer to write at pos … pos + n (then advance pos). */
  room(n: number): Uint8Array {
    this.ensure(n);
    return this.buf;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Unsigned varint of a non-negative integer below 2^53. */
  uvarint(v: number): void {
    this.ensure(8);
    const buf = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      if (p >= buf.length) {
        this.pos = p;
        this.ensure(8);
        return this.uvarint(v);
      }
      buf[p++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[p++] = v;
    this.pos = p;
  }

  /** Signed integer, zigzag-mapped so small magnitudes stay short. */
  svarint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  f64(v: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('chunk truncated');
    return this.buf[this.pos++]!;
  }

  uvarint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b === undefined) throw new RangeError('chunk truncated');
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let mul = 128;
    for (;;) {
      b = buf[this.pos++];
      if (b === undefined) throw new RangeError('chunk truncated');
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  }

  svarint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  f64(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('chunk truncated');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset).getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
}
