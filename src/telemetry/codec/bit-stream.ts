// LSB-first bit stream over a byte buffer, for the mixed-radix and ANS value codings. Unlike the
// MSB-first BitWriter of bits.ts (Gorilla) it writes straight into the chunk's buffer and keeps
// its pending bits in one int32, so the hot paths stay on 32-bit operators: fields up to 24 bits
// go in one step, wider ones (≤ 32) as 16 + rest, and header fields up to 53 bits in 24-bit parts.
// Headers use Elias gamma codes (Elias, "Universal codeword sets and representations of the
// integers", IEEE Trans. Inf. Theory 21(2), 1975): a small number costs a few bits, any number
// below 2^53 at most 105.

const TWO24 = 2 ** 24;

/** 2^k without Math.pow, which V8 calls out of line for a variable exponent. */
const pow2 = (k: number): number => (k < 30 ? 1 << k : 2 ** k);

/** Bits needed to write v (0 ≤ v < 2^53). */
export function bitLength(v: number): number {
  if (v < 2 ** 32) return 32 - Math.clz32(v);
  return 32 + bitLength(Math.floor(v / 2 ** 32));
}

/** Bits of gamma(x) for an integer x ≥ 1. */
export const gammaBits = (x: number): number => 2 * bitLength(x) - 1;

/** Zigzag map of a signed integer, so small magnitudes get small codes. */
export const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
export const unzigzag = (u: number): number => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

export class BitSink {
  // Pending bits, fewer than 8 between calls. Public so that hot loops can take them into locals
  // and give them back (see range-packed.ts).
  acc = 0;
  used = 0;

  /** Writes into `buf` from byte `at`; the caller has made room for every byte it will write. */
  constructor(
    private readonly buf: Uint8Array,
    public at: number,
  ) {}

  /** Appends the low n bits of v (0 ≤ v < 2^n, n ≤ 32). No recursion, so V8 inlines it. */
  put(v: number, n: number): void {
    const buf = this.buf;
    let acc = this.acc;
    let used = this.used;
    let at = this.at;
    if (n > 24) {
      // The low 16 bits first: used + 16 < 24, and two whole bytes go out at once.
      acc |= (v & 0xffff) << used;
      buf[at++] = acc & 255;
      buf[at++] = (acc >>> 8) & 255;
      acc >>>= 16;
      v = Math.floor(v / 65536);
      n -= 16;
    }
    acc |= v << used; // v < 2^24 and used < 8: below 2^31, no sign trouble
    used += n;
    while (used >= 8) {
      buf[at++] = acc & 255;
      acc >>>= 8;
      used -= 8;
    }
    this.acc = acc;
    this.used = used;
    this.at = at;
  }

  /** Appends the low n bits of v (0 ≤ v < 2^n, n ≤ 53). */
  putWide(v: number, n: number): void {
    while (n > 24) {
      const low = v % TWO24;
      this.put(low, 24);
      v = (v - low) / TWO24;
      n -= 24;
    }
    this.put(v, n);
  }

  /** Elias gamma code of x (1 ≤ x < 2^53): bitLength(x) - 1 zeros, a one, the bits below it. */
  putGamma(x: number): void {
    const len = bitLength(x);
    const top = pow2(len - 1);
    this.putWide(top, len);
    this.putWide(x - top, len - 1);
  }

  /** Writes the last partial byte, zero-padded; returns the position after the stream. */
  finish(): number {
    if (this.used > 0) this.buf[this.at++] = this.acc & 255;
    this.acc = 0;
    this.used = 0;
    return this.at;
  }
}

export class BitSource {
  acc = 0; // unread bits: fewer than 8 after get, up to 31 after getGamma looks ahead
  used = 0;

  private readonly end: number;

  constructor(
    private readonly buf: Uint8Array,
    public at: number,
  ) {
    this.end = buf.length;
  }

  /** Next n bits (n ≤ 32). Reads past the end give zeros; `finish` reports them. */
  get(n: number): number {
    const buf = this.buf;
    let acc = this.acc;
    let used = this.used;
    let at = this.at;
    let low = -1;
    if (n > 24) {
      // The low 16 bits first, then n - 16 ≤ 16 more as below.
      while (used < 16) {
        if (at < this.end) acc |= buf[at]! << used;
        at++;
        used += 8;
      }
      low = acc & 0xffff;
      acc >>>= 16;
      used -= 16;
      n -= 16;
    }
    while (used < n) {
      if (at < this.end) acc |= buf[at]! << used; // used < 24: below 2^31
      at++;
      used += 8;
    }
    this.acc = acc >>> n;
    this.used = used - n;
    this.at = at;
    const v = acc & ((1 << n) - 1);
    return low < 0 ? v : low + v * 65536;
  }

  getWide(n: number): number {
    let v = 0;
    let mul = 1;
    while (n > 24) {
      v += this.get(24) * mul;
      mul *= TWO24;
      n -= 24;
    }
    return v + this.get(n) * mul;
  }

  getGamma(): number {
    // Short codes (≤ 23 bits, values below 2^11) in one read: the zeros are the trailing zeros
    // of the next 24 bits.
    while (this.used < 24) {
      if (this.at < this.end) this.acc |= this.buf[this.at]! << this.used;
      this.at++;
      this.used += 8;
    }
    const next = this.acc & 0xffffff;
    const zeros = 31 - Math.clz32(next & -next);
    if (next !== 0 && zeros <= 11) return (1 << zeros) + (this.get(2 * zeros + 1) >>> (zeros + 1));
    return this.getLongGamma();
  }

  /**
   * A unary count: the zeros before the next one bit, both consumed (Rice codes' quotients,
   * rollup-predicted.ts). Up to 24 zeros a step, from the trailing zeros as in getGamma.
   */
  getUnary(): number {
    let q = 0;
    for (;;) {
      while (this.used < 24) {
        if (this.at < this.end) this.acc |= this.buf[this.at]! << this.used;
        this.at++;
        this.used += 8;
      }
      const next = this.acc & 0xffffff;
      if (next !== 0) {
        const zeros = 31 - Math.clz32(next & -next);
        this.acc >>>= zeros + 1;
        this.used -= zeros + 1;
        return q + zeros;
      }
      if (this.at > this.end + 4) throw new RangeError('chunk truncated');
      q += 24;
      this.acc >>>= 24;
      this.used -= 24;
    }
  }

  private getLongGamma(): number {
    let zeros = 0;
    while (this.get(1) === 0) {
      if (++zeros > 52) throw new RangeError('chunk corrupt: gamma code');
    }
    return pow2(zeros) + this.getWide(zeros);
  }

  /** Position after the stream (the last partial byte included); throws if it ran past the end. */
  finish(): number {
    const end = this.at - (this.used >> 3); // whole bytes getGamma looked ahead at stay unread
    if (end > this.buf.length) throw new RangeError('chunk truncated');
    this.at = end;
    this.acc = 0;
    this.used = 0;
    return end;
  }
}
