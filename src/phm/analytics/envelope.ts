import { RongheError } from '../../kernel/index.ts';
// Envelope analysis of a vibration window (Randall & Antoni, MSSP 25 (2011) §3): band-pass and
// Hilbert transform in one step in the frequency domain (keep the band's positive frequencies,
// doubled; the inverse FFT is the analytic band signal), squared envelope, and its spectrum (the
// squared envelope spectrum, SES). The band is the candidate with the highest spectral kurtosis of
// the complex envelope, a coarse one-level kurtogram (Antoni, MSSP 21 (2007) 108–124).
// The band signal is shifted to baseband and inverse-transformed at the smallest power-of-two
// length holding twice the band (complex demodulation), which keeps the SES free of aliasing
// while making each band several times cheaper than a full-length inverse FFT.
import { fft } from './fft.ts';

export interface Spectrum {
  re: Float64Array;
  im: Float64Array;
  fs: number;
}

export interface EnvelopeResult {
  /** Frequency step of `ses` in Hz. */
  df: number;
  /** One-sided SES amplitude, index k ↔ k·df Hz. */
  ses: Float64Array;
  band: [number, number];
  kurtosis: number;
}

/** FFT of a window with its mean removed (length a power of two). */
export function spectrumOf(x: ArrayLike<number>, fs: number): Spectrum {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) re[i] = (x[i] as number) - mean;
  fft(re, im);
  return { re, im, fs };
}

/** Candidate bands of width fs/8 stepped by fs/16, from fs/32 up to just under fs/2. */
export function candidateBands(fs: number): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = fs / 32; lo + fs / 8 <= fs / 2; lo += fs / 16) out.push([lo, lo + fs / 8]);
  return out;
}

/** Squared envelope of the band [lo, hi] at a reduced rate; returns it and its length ratio. */
function squaredEnvelope(s: Spectrum, lo: number, hi: number): Float64Array {
  const n = s.re.length;
  const k0 = Math.max(1, Math.ceil((lo * n) / s.fs));
  const k1 = Math.min(n / 2 - 1, Math.floor((hi * n) / s.fs));
  let m = 2;
  while (m < 2 * (k1 - k0 + 1) && m < n) m <<= 1;
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  // Scale so that amplitudes match a full-length inverse transform (fft divides by m, not n).
  const g = (2 * m) / n;
  for (let k = k0; k <= k1; k++) {
    br[k - k0] = g * (s.re[k] as number);
    bi[k - k0] = g * (s.im[k] as number);
  }
  fft(br, bi, true);
  const e = new Float64Array(m);
  for (let i = 0; i < m; i++) e[i] = (br[i] as number) ** 2 + (bi[i] as number) ** 2;
  return e;
}

/** Spectral kurtosis of a complex envelope from its squared magnitude: E|y|⁴/(E|y|²)² − 2. */
function spectralKurtosis(e2: Float64Array): number {
  let s2 = 0;
  let s4 = 0;
  for (const v of e2) {
    s2 += v;
    s4 += v * v;
  }
  const n = e2.length;
  return s2 > 0 ? s4 / n / (s2 / n) ** 2 - 2 : 0;
}

function sesOf(e2: Float64Array): Float64Array {
  const m = e2.length;
  let mean = 0;
  for (const v of e2) mean += v;
  mean /= m;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < m; i++) re[i] = (e2[i] as number) - mean;
  fft(re, im);
  const out = new Float64Array(m / 2 + 1);
  for (let k = 0; k <= m / 2; k++)
    out[k] = (Math.sqrt((re[k] as number) ** 2 + (im[k] as number) ** 2) * 2) / m;
  return out;
}

/**
 * Envelope analysis from a window's spectrum. With `band`, that band is used; otherwise the
 * candidate band with the highest spectral kurtosis. The SES step is fs/n whatever the band.
 */
export function envelopeOfSpectrum(s: Spectrum, band?: [number, number]): EnvelopeResult {
  let best: { e2: Float64Array; band: [number, number]; k: number } | undefined;
  for (const b of band ? [band] : candidateBands(s.fs)) {
    const e2 = squaredEnvelope(s, b[0], b[1]);
    const k = spectralKurtosis(e2);
    if (!best || k > best.k) best = { e2, band: b, k };
  }
  if (!best)
    throw new RongheError(
      'RONGHE_INVALID_DATA',
      'sampling rate: no envelope band fits below fs/2; check --fs',
    );
  return { df: s.fs / s.re.length, ses: sesOf(best.e2), band: best.band, kurtosis: best.k };
}

/** Envelope analysis of one window (length a power of two) sampled at fs. */
export function envelopeAnalysis(
  x: ArrayLike<number>,
  fs: number,
  band?: [number, number],
): EnvelopeResult {
  return envelopeOfSpectrum(spectrumOf(x, fs), band);
}
