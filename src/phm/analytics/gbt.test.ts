import { describe, expect, it } from 'vitest';
import type { Matrix } from './gbt-binning.ts';
import { predictGbt, trainGbt, type GbtParams } from './gbt.ts';
import { createRng } from './rng.ts';
import { phm08Score, rmse } from './rul-metrics.ts';

const params: GbtParams = {
  trees: 150,
  learningRate: 0.1,
  maxDepth: 4,
  minLeaf: 5,
  lambda: 1,
  subsample: 0.8,
  colsample: 1,
  bins: 64,
  seed: 3,
};

function data(n: number, seed: number): { x: Matrix; y: Float64Array } {
  const rng = createRng(seed);
  const x: Matrix = { rows: n, cols: 3, data: new Float64Array(n * 3) };
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng() * 4;
    const b = rng() * 4;
    x.data.set([a, b, rng()], i * 3);
    y[i] = (a > 2 ? 10 : 0) + b * b + 0.1 * (rng() - 0.5);
  }
  return { x, y };
}

describe('gradient-boosted trees', () => {
  it('learns a step plus a curve and ignores a noise column', () => {
    const tr = data(2000, 1);
    const te = data(500, 2);
    const { model } = trainGbt(tr.x, tr.y, params);
    expect(rmse(predictGbt(model, te.x), te.y)).toBeLessThan(0.5);
    const used = new Set(model.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
    expect(used.has(0) && used.has(1)).toBe(true);
  });

  it('is deterministic for a seed and stops early on a validation set', () => {
    const tr = data(800, 4);
    const va = data(200, 5);
    const a = trainGbt(tr.x, tr.y, { ...params, trees: 400 }, va);
    const b = trainGbt(tr.x, tr.y, { ...params, trees: 400 }, va);
    expect(predictGbt(a.model, va.x)).toEqual(predictGbt(b.model, va.x));
    const best = Math.min(...a.validRmse);
    expect(a.validRmse[a.model.trees.length - 1]).toBe(best);
  });
});

describe('PHM08 metrics', () => {
  it('punishes late predictions harder than early ones', () => {
    expect(phm08Score([10], [0])).toBeCloseTo(Math.E - 1, 12);
    expect(phm08Score([0], [13])).toBeCloseTo(Math.E - 1, 12);
    expect(phm08Score([5], [0])).toBeGreaterThan(phm08Score([0], [5]));
    expect(rmse([1, 3], [1, 1])).toBeCloseTo(Math.SQRT2, 12);
  });
});
