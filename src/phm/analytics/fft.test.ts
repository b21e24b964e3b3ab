import { describe, expect, it } from 'vitest';
import { amplitudeSpectrum, fft } from './fft.ts';
import { createRng } from './rng.ts';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const or = new Float64Array(n);
  const oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      or[k] = (or[k] as number) + (re[t] as number) * Math.cos(a) - (im[t] as number) * Math.sin(a);
      oi[k] = (oi[k] as number) + (re[t] as number) * Math.sin(a) + (im[t] as number) * Math.cos(a);
    }
  }
  return [or, oi];
}

describe('fft', () => {
  it('matches a direct DFT and inverts exactly', () => {
    const rng = createRng(7);
    const re = Float64Array.from({ length: 64 }, () => rng() - 0.5);
    const im = Float64Array.from({ length: 64 }, () => rng() - 0.5);
    const [er, ei] = naiveDft(re, im);
    const r = re.slice();
    const i = im.slice();
    fft(r, i);
    for (let k = 0; k < 64; k++) {
      expect(r[k]).toBeCloseTo(er[k] as number, 9);
      expect(i[k]).toBeCloseTo(ei[k] as number, 9);
    }
    fft(r, i, true);
    for (let k = 0; k < 64; k++) expect(r[k]).toBeCloseTo(re[k] as number, 12);
  });

  it('gives the amplitude of a sine on its bin', () => {
    const x = Array.from({ length: 1024 }, (_, t) => 3 * Math.sin((2 * Math.PI * 50 * t) / 1024));
    const a = amplitudeSpectrum(x);
    expect(a[50]).toBeCloseTo(3, 9);
    expect(a[49]).toBeLessThan(1e-9);
  });

  it('refuses lengths that are not powers of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
  });
});
