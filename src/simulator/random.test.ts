import { describe, expect, it } from 'vitest';
import { gaussian, hashInts, smoothNoise, uniform } from './random.ts';
import { laggedResponse } from './thermal.ts';

describe('counter-based randomness', () => {
  it('is a pure function of its keys, sensitive to every key including high time bits', () => {
    expect(hashInts(1, 2, 3)).toBe(hashInts(1, 2, 3));
    expect(hashInts(1, 2, 3)).not.toBe(hashInts(1, 2, 4));
    expect(hashInts(1, 2, 3)).not.toBe(hashInts(1, 3, 2));
    expect(hashInts(1, 1_780_000_000_000)).not.toBe(hashInts(1, 1_780_000_000_000 + 2 ** 32));
  });

  it('gives uniform (0,1) values and standard normals (moments over 200 000 keys)', () => {
    const n = 200_000;
    const bins = new Array<number>(10).fill(0);
    let s1 = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = uniform(42, 7, i * 60_000);
      if (!(u > 0 && u < 1)) outside++;
      bins[Math.floor(u * 10)]!++;
      const g = gaussian(42, 7, i * 60_000);
      s1 += g;
      s2 += g * g;
    }
    // χ² with 9 degrees of freedom; 27.9 is the 0.1 % critical value.
    expect(outside).toBe(0);
    const chi2 = bins.reduce((a, b) => a + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
    expect(Math.abs(s1 / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('smooth noise is continuous and stays in [-1, 1]', () => {
    const period = 3_600_000;
    let prev = smoothNoise(period, 0, 9);
    let maxAbs = 0;
    let maxStep = 0;
    for (let t = 1000; t < 20 * period; t += 1000) {
      const x = smoothNoise(period, t, 9);
      maxAbs = Math.max(maxAbs, Math.abs(x));
      maxStep = Math.max(maxStep, Math.abs(x - prev));
      prev = x;
    }
    expect(maxAbs).toBeLessThanOrEqual(1);
    expect(maxAbs).toBeGreaterThan(0.3);
    expect(maxStep).toBeLessThan(0.01);
  });
});

describe('first-order lag by block superposition', () => {
  const tau = 600_000;
  const block = 60_000;

  it('matches the analytic step response 1 − e^(−t/τ) and holds a steady level exactly', () => {
    const step = (k: number) => (k >= 100 ? 1 : 0);
    const t0 = 100 * block;
    for (const dt of [0, 30_000, tau, 2.5 * tau, 5 * tau]) {
      expect(laggedResponse(t0 + dt, block, tau, step)).toBeCloseTo(1 - Math.exp(-dt / tau), 9);
    }
    expect(laggedResponse(12_345_678, block, tau, () => 42)).toBeCloseTo(42, 9);
  });
});
