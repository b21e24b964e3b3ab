import { describe, expect, it } from 'vitest';
import { SKF_6205_2RS, defectFrequencies } from './bearing-geometry.ts';
import { defectEvidence } from './defect-evidence.ts';
import { envelopeAnalysis } from './envelope.ts';
import { createRng } from './rng.ts';

/** Resonance at 3 kHz rung by impacts at `rate` Hz, plus white noise: a synthetic race fault. */
function impacts(rate: number, fs: number, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  for (let t0 = 0; t0 < n; t0 += fs / rate) {
    const s = Math.round(t0);
    for (let k = 0; k < 200 && s + k < n; k++) {
      x[s + k] = (x[s + k] as number) + Math.exp(-k / 25) * Math.sin((2 * Math.PI * 3000 * k) / fs);
    }
  }
  for (let i = 0; i < n; i++) x[i] = (x[i] as number) + 0.3 * (rng() - 0.5);
  return x;
}

describe('bearing defect frequencies', () => {
  it('reproduces the CWRU multiples of shaft speed for the SKF 6205-2RS', () => {
    const f = defectFrequencies(SKF_6205_2RS, 60);
    expect(f.BPFI).toBeCloseTo(5.4152, 3);
    expect(f.BPFO).toBeCloseTo(3.5848, 3);
    expect(f.FTF).toBeCloseTo(0.39828, 3);
    expect(2 * f.BSF).toBeCloseTo(4.7135, 2);
  });
});

describe('envelope evidence', () => {
  const fs = 12000;
  const freqs = defectFrequencies(SKF_6205_2RS, 1797);

  it('finds an outer-race impact train at BPFO and not at BPFI', () => {
    const env = envelopeAnalysis(impacts(freqs.BPFO, fs, 8192, 1), fs);
    const ev = defectEvidence(env, freqs);
    const bpfo = ev.find((e) => e.kind === 'BPFO');
    const bpfi = ev.find((e) => e.kind === 'BPFI');
    expect(bpfo?.harmonics[0]?.ratioDb).toBeGreaterThan(15);
    expect(Math.abs((bpfo?.harmonics[0]?.peakHz ?? 0) - freqs.BPFO)).toBeLessThan(3);
    expect(bpfo?.meanRatioDb).toBeGreaterThan((bpfi?.meanRatioDb ?? 0) + 6);
  });

  it('finds an inner-race impact train at BPFI', () => {
    const ev = defectEvidence(envelopeAnalysis(impacts(freqs.BPFI, fs, 8192, 2), fs), freqs);
    const best = ev.reduce((a, b) => (b.meanRatioDb > a.meanRatioDb ? b : a));
    expect(best.kind).toBe('BPFI');
  });

  it('sees no defect line in noise', () => {
    const rng = createRng(3);
    const x = Float64Array.from({ length: 8192 }, () => rng() - 0.5);
    const ev = defectEvidence(envelopeAnalysis(x, fs), freqs);
    for (const e of ev) expect(e.meanRatioDb).toBeLessThan(10);
  });
});
