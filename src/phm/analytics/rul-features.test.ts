import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { FEATURES_PER_CHANNEL, unitFeatures } from './rul-features.ts';

// The validation protocol (rul-validation.ts) scores a held-out unit at a cut by the feature row
// of the full unit at that cycle, while a test unit is predicted from its own last row. The two
// agree only if every feature is causal: a row uses its own and earlier cycles, never later ones.
const CH = 3;
function series(len: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: len * CH }, (_, i) => Math.floor(i / CH) * 0.01 + rng());
}

describe('RUL window features', () => {
  it('give a cut unit the same last row as the full unit at the cut (causal)', () => {
    const full = series(60, 4);
    const f = unitFeatures(full, 60, CH, 20);
    for (const kept of [1, 2, 14, 15, 19, 20, 21, 45, 60]) {
      const cut = unitFeatures(full.subarray(0, kept * CH), kept, CH, 20);
      const last = Array.from(cut.data.subarray((kept - 1) * cut.cols, kept * cut.cols));
      expect(last).toEqual(Array.from(f.data.subarray((kept - 1) * f.cols, kept * f.cols)));
    }
  });

  it('use the whole history of a unit shorter than the window, without padding', () => {
    // 12 cycles, window 20 (FD004 has test units of 19 cycles against a window of 20).
    const len = 12;
    const y = series(len, 7);
    const f = unitFeatures(y, len, CH, 20);
    const last = (ch: number, k: number) =>
      f.data[(len - 1) * f.cols + ch * FEATURES_PER_CHANNEL + k];
    for (let ch = 0; ch < CH; ch++) {
      const v = Array.from({ length: len }, (_, t) => y[t * CH + ch] as number);
      const mean = v.reduce((s, x) => s + x, 0) / len;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (len - 1));
      // Padding with zeros or with repeats of the first cycle would move both.
      expect(last(ch, 2)).toBeCloseTo(mean, 12);
      expect(last(ch, 4)).toBeCloseTo(sd, 12);
    }
    // The cycle count is the unit's own age, not the window.
    expect(f.data[len * f.cols - 1]).toBe(len);
  });
});
