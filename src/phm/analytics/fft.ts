// Iterative radix-2 Cooley–Tukey FFT on split real/imaginary arrays (Cooley & Tukey, Math. Comp.
// 19, 1965; bit-reversal ordering as in Press et al., "Numerical Recipes", 3rd ed., §12.2).
// Bit-reversal and twiddle tables are cached per size because bearing windows repeat the same
// length.

interface Plan {
  rev: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

const plans = new Map<number, Plan>();

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

function plan(n: number): Plan {
  let p = plans.get(n);
  if (!p) {
    p = { rev: new Uint32Array(n), cos: new Float64Array(n / 2), sin: new Float64Array(n / 2) };
    for (let i = 1, j = 0; i < n; i++) {
      let bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      p.rev[i] = j;
    }
    for (let k = 0; k < n / 2; k++) {
      p.cos[k] = Math.cos((2 * Math.PI * k) / n);
      p.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    plans.set(n, p);
  }
  return p;
}

/** In-place transform; `inverse` uses e^{+i…} and divides by n. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (!isPowerOfTwo(n) || im.length !== n)
    throw new RangeError('fft length must be a power of two');
  const { rev, cos, sin } = plan(n);
  for (let i = 1; i < n; i++) {
    const j = rev[i] as number;
    if (i < j) {
      const tr = re[i] as number;
      re[i] = re[j] as number;
      re[j] = tr;
      const ti = im[i] as number;
      im[i] = im[j] as number;
      im[j] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step] as number;
      const wi = sign * (sin[k * step] as number);
      for (let a = k; a < n; a += size) {
        const b = a + half;
        const br = re[b] as number;
        const bi = im[b] as number;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[b] = ar - xr;
        im[b] = ai - xi;
        re[a] = ar + xr;
        im[a] = ai + xi;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] = (re[i] as number) * s;
      im[i] = (im[i] as number) * s;
    }
  }
}

/** One-sided amplitude spectrum |X_k|·2/n for k = 0..n/2 of a real signal. */
export function amplitudeSpectrum(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  fft(re, im);
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++)
    out[k] = (Math.sqrt((re[k] as number) ** 2 + (im[k] as number) ** 2) * 2) / n;
  return out;
}
