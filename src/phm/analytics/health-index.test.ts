import { describe, expect, it } from 'vitest';
import { trendRul } from './degradation-trend.ts';
import { fitHealthBaseline, healthScore } from './health-index.ts';
import { createRng } from './rng.ts';

function gauss(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Correlated healthy telemetry: temperature follows load; vibration independent. */
function healthyRows(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const load = 50 + 10 * gauss(rng);
    return [load, 20 + 0.5 * load + gauss(rng), 2 + 0.2 * gauss(rng)];
  });
}

describe('health index', () => {
  const channels = ['load', 'temperature', 'vibration'];
  const b = fitHealthBaseline(healthyRows(500, 1), channels);

  it('scores healthy rows high and a vibration fault low, blaming vibration', () => {
    const healthy = healthyRows(200, 2).map((r) => healthScore(b, r).score);
    expect(healthy.filter((s) => s >= 50).length / healthy.length).toBeGreaterThan(0.95);
    const fault = healthScore(b, [50, 45, 3.5]);
    expect(fault.score).toBeLessThan(5);
    const top = fault.contributions.reduce((a, c) => (c.value > a.value ? c : a));
    expect(top.channel).toBe('vibration');
    const sum = fault.contributions.reduce((s, c) => s + c.value, 0);
    expect(sum).toBeCloseTo(fault.t2, 8);
  });

  it('notices a broken correlation that no single channel shows', () => {
    // Load and temperature each in their normal range, but hot at low load.
    const s = healthScore(b, [40, 32, 2]);
    expect(s.score).toBeLessThan(20);
  });

  it('refuses NaN and too few baseline rows, naming the place', () => {
    expect(() => healthScore(b, [50, NaN, 2])).toThrow(/temperature/);
    expect(() => fitHealthBaseline([[1, 2, 3]], channels)).toThrow(/need at least 5/);
  });
});

describe('degradation trend', () => {
  it('extrapolates a clear decline to the threshold with an interval around it', () => {
    const rng = createRng(5);
    const pts = Array.from({ length: 40 }, (_, t) => ({ t, score: 90 - 1.5 * t + gauss(rng) }));
    const r = trendRul(pts, { threshold: 20 });
    expect(r.kind).toBe('trend');
    if (r.kind !== 'trend') return;
    // True line reaches 20 at t = 46.7, i.e. 7.7 after the last point t = 39.
    expect(r.rul).toBeGreaterThan(6);
    expect(r.rul).toBeLessThan(9.5);
    expect(r.lower).toBeLessThan(r.rul);
    expect(r.upper).toBeGreaterThan(r.rul);
  });

  it('gives no number for a flat noisy series or too few points', () => {
    const rng = createRng(6);
    const flat = Array.from({ length: 40 }, (_, t) => ({ t, score: 80 + 3 * gauss(rng) }));
    expect(trendRul(flat).kind).toBe('no-trend');
    expect(trendRul(flat.slice(0, 3)).kind).toBe('no-trend');
  });
});
