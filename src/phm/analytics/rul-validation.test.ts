import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { cutPoints } from './rul-validation.ts';

describe('test-like cut points of held-out units', () => {
  it('cuts every unit inside its own rows, leaving 5–145 cycles or at least 20 kept', () => {
    const lengths = [300, 128, 30, 200];
    const cuts = cutPoints(lengths, 50, createRng(3));
    expect(cuts).toHaveLength(200);
    const starts = [0, 300, 428, 458];
    for (const c of cuts) {
      const len = lengths[c.unit] as number;
      const kept = c.row - (starts[c.unit] as number) + 1;
      expect(kept).toBeGreaterThanOrEqual(Math.min(20, len));
      expect(kept).toBeLessThanOrEqual(len);
      // The truth is the life left after the last kept cycle.
      expect(c.truth).toBe(len - kept);
    }
    const long = cuts.filter((c) => c.unit === 0).map((c) => c.truth);
    expect(Math.min(...long)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...long)).toBeLessThanOrEqual(145);
    // Spread over the range, not bunched: both ends of 5–145 are reached.
    expect(Math.min(...long)).toBeLessThan(40);
    expect(Math.max(...long)).toBeGreaterThan(110);
    // A 30-cycle unit keeps its first 20 cycles at least, so at most 10 are left.
    expect(Math.max(...cuts.filter((c) => c.unit === 2).map((c) => c.truth))).toBeLessThanOrEqual(
      10,
    );
  });

  it('is fixed by the seed', () => {
    expect(cutPoints([200, 250], 5, createRng(9))).toEqual(cutPoints([200, 250], 5, createRng(9)));
    expect(cutPoints([200, 250], 5, createRng(9))).not.toEqual(
      cutPoints([200, 250], 5, createRng(10)),
    );
  });
});
