// Protocol Buffers wire format (https://protobuf.dev/programming-guides/encoding/), just what
// Sparkplug B needs: a reader that walks the fields of one message and a writer for tests and
// replies. Written here rather than taken from protobufjs because the subset is small and a
// decoder facing the network must fail on truncated or malformed input with a clear reason,
// never read past the buffer or loop.
//
// 64-bit varints are kept as two unsigned 32-bit halves (`lo`, `hi`) so that the common case
// costs no BigInt; callers turn them into a number (exact up to 2^53) or a BigInt.

/** Malformed protobuf input; the message names the byte offset where decoding stopped. */
export class ProtobufError extends Error {
  constructor(at: number, reason: string) {
    super(`protobuf: ${reason} at byte ${at}`);
    this.name = 'ProtobufError';
  }
}

export const WireType = {
  Varint: 0,
  Fixed64: 1,
  Bytes: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;

const TWO_32 = 4294967296;
/** Groups are deprecated; nesting is bounded so hostile input cannot recurse without end. */
const MAX_GROUP_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ProtoReader {
  /** Low and high 32 bits (unsigned) of the last varint or fixed64 read. */
  lo = 0;
  hi = 0;
  /** Field number and wire type of the last tag read by `next()`. */
  field = 0;
  wire = 0;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    public pos = 0,
    private readonly end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Reads the next tag; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.end) return false;
    const at = this.pos;
    this.varint();
    const field = this.lo >>> 3;
    if (field === 0 || this.hi !== 0) throw new ProtobufError(at, 'invalid field number');
    this.field = field;
    this.wire = this.lo & 7;
    if (this.wire > 5) throw new ProtobufError(at, `invalid wire type ${this.wire}`);
    return true;
  }

  /** Reads a varint of up to 10 bytes into `lo`/`hi` (bits above 64 are dropped, as protoc does). */
  varint(): void {
    const buf = this.buf;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (p >= this.end) throw new ProtobufError(p, 'truncated varint');
      const b = buf[p++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi = bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        this.pos = p;
        return;
      }
    }
    throw new ProtobufError(this.pos, 'varint longer than 10 bytes');
  }

  /** uint32 field: the low 32 bits of the varint (the protobuf rule for narrowing). */
  uint32(): number {
    this.varint();
    return this.lo;
  }

  /** uint64 field as a number: exact up to 2^53, rounded to the nearest double above. */
  uint64(): number {
    this.varint();
    return this.hi * TWO_32 + this.lo;
  }

  /** uint64 field as an exact BigInt. */
  bigUint64(): bigint {
    this.varint();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  bool(): boolean {
    this.varint();
    return this.lo !== 0 || this.hi !== 0;
  }

  private need(n: number): number {
    const at = this.pos;
    if (n > this.end - at) throw new ProtobufError(at, `truncated: ${n} bytes expected`);
    this.pos = at + n;
    return at;
  }

  float(): number {
    return this.view.getFloat32(this.need(4), true);
  }

  double(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  /** fixed64 into `lo`/`hi`. */
  fixed64(): void {
    const at = this.need(8);
    this.lo = this.view.getUint32(at, true);
    this.hi = this.view.getUint32(at + 4, true);
  }

  private length(): number {
    const at = this.pos;
    this.varint();
    if (this.hi !== 0 || this.lo > this.end - this.pos) {
      throw new ProtobufError(at, 'truncated: length runs past the end');
    }
    return this.lo;
  }

  /** A length-delimited field's bytes (a view into the input, not a copy). */
  bytes(): Uint8Array {
    const n = this.length();
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  string(): string {
    const at = this.pos;
    try {
      return utf8.decode(this.bytes());
    } catch (e) {
      if (e instanceof ProtobufError) throw e;
      throw new ProtobufError(at, 'string is not valid UTF-8');
    }
  }

  /** A reader over an embedded message; this reader moves past it. */
  message(): ProtoReader {
    const n = this.length();
    const at = this.need(n);
    return new ProtoReader(this.buf, at, at + n);
  }

  fail(reason: string): never {
    throw new ProtobufError(this.pos, reason);
  }

  /** Fails unless the last tag has the wire type the schema gives its field. */
  expect(wire: number, what: string): void {
    if (this.wire !== wire) this.fail(`${what} (field ${this.field}) has wire type ${this.wire}`);
  }

  /** Skips the value of the last tag, whatever its wire type (unknown fields, §"Unknown fields"). */
  skip(depth = 0): void {
    switch (this.wire) {
      case WireType.Varint:
        return this.varint();
      case WireType.Fixed64:
        return void this.need(8);
      case WireType.Bytes:
        return void this.need(this.length());
      case WireType.Fixed32:
        return void this.need(4);
      case WireType.StartGroup:
        return this.skipGroup(this.field, depth + 1);
      default:
        throw new ProtobufError(this.pos, `end of group ${this.field} without a start`);
    }
  }

  private skipGroup(field: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) throw new ProtobufError(this.pos, 'groups nested too deep');
    while (this.next()) {
      if (this.wire === WireType.EndGroup) {
        if (this.field !== field) throw new ProtobufError(this.pos, 'mismatched end of group');
        return;
      }
      this.skip(depth);
    }
    throw new ProtobufError(this.pos, `truncated: group ${field} has no end`);
  }
}

/** Two's complement 64-bit value of `lo`/`hi` as a number (rounded beyond 2^53). */
export const int64Of = (lo: number, hi: number): number => (hi | 0) * TWO_32 + lo;
/** Unsigned 64-bit value of `lo`/`hi` as a number (rounded beyond 2^53). */
export const uint64Of = (lo: number, hi: number): number => hi * TWO_32 + lo;

/** Builds a message field by field; `finish()` returns the bytes. */
export class ProtoWriter {
  private readonly chunks: number[] = [];

  tag(field: number, wire: number): this {
    return this.varint(BigInt(field) * 8n + BigInt(wire));
  }

  /** A varint; negative numbers are written as their 64-bit two's complement (int32/int64). */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
    return this;
  }

  raw(bytes: Uint8Array | number[]): this {
    for (const b of bytes) this.chunks.push(b);
    return this;
  }

  float(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.raw(b);
  }

  double(value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    return this.raw(b);
  }

  bytes(value: Uint8Array | string): this {
    const b = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    return this.varint(b.length).raw(b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
