import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/shared-data.ts';
import { readCmapss, readRulTruth } from '../load/cmapss.ts';
import { SENSORS, SETTINGS, type EngineUnit } from './engine-unit.ts';
import { fitConditionNormaliser } from './operating-conditions.ts';
import { predictRul, predictionSpread, trainRulModel } from './rul-model.ts';
import { createRng } from './rng.ts';
import { rmse } from './rul-metrics.ts';

const dir = sharedDataDir('cmapss');
const fixture = new URL('../../../test/fixtures/phm/train_FD001_units1-2.txt', import.meta.url)
  .pathname;
const quick = { trees: 150, learningRate: 0.08 };
const fast = { params: quick, ensemble: 1 };

// A fleet flown in three operating regimes drawn anew each cycle (as in FD002/FD004), every
// sensor's level set by the regime and drifting with wear over the last 100 cycles.
const REGIMES = [
  [0, 0, 100],
  [20, 0.7, 100],
  [42, 0.84, 100],
];
function regimeUnit(id: number, length: number, rng: () => number, only?: number): EngineUnit {
  const settings = new Float64Array(length * SETTINGS);
  const sensors = new Float64Array(length * SENSORS);
  for (let i = 0; i < length; i++) {
    const r = only ?? Math.floor(rng() * REGIMES.length);
    settings.set(REGIMES[r]!, i * SETTINGS);
    const wear = Math.max(0, (i - (length - 100)) / 100);
    for (let s = 0; s < SENSORS; s++)
      sensors[i * SENSORS + s] = 600 - 50 * r + (4 - r) * wear + 2 * (rng() - 0.5);
  }
  return { unit: id, length, settings, sensors };
}
const prefix = (u: EngineUnit, len: number, unit = u.unit): EngineUnit => ({
  unit,
  length: len,
  settings: u.settings.slice(0, len * SETTINGS),
  sensors: u.sensors.slice(0, len * SENSORS),
});

describe('RUL model', () => {
  it('predicts every unit, even one shorter than the window or one cycle long', () => {
    const units = readCmapss(fixture);
    // Five pseudo-units cut from the fixture give the trainer its minimum.
    const train = [0, 1, 2, 3, 4].map((k) => {
      const u = units[k % 2]!;
      const len = u.length - 20 * k;
      return {
        ...u,
        unit: k + 1,
        length: len,
        settings: u.settings.slice(0, len * 3),
        sensors: u.sensors.slice(0, len * 21),
      };
    });
    const model = trainRulModel(train, { seed: 1, ...fast });
    const u = units[0]!;
    const short = [1, 10].map((len, i) => ({
      ...u,
      unit: 50 + i,
      length: len,
      settings: u.settings.slice(0, len * 3),
      sensors: u.sensors.slice(0, len * 21),
    }));
    const p = predictRul(model, short);
    expect(p.map((x) => x.unit)).toEqual([50, 51]);
    for (const x of p) {
      expect(Number.isFinite(x.rul)).toBe(true);
      expect(x.lower).toBeLessThanOrEqual(x.rul);
      expect(x.upper).toBeGreaterThanOrEqual(x.rul);
      expect(x.rul).toBeLessThanOrEqual(125);
      // The 80 % interval lies inside the 90 % one.
      expect(x.lower80).toBeGreaterThanOrEqual(x.lower);
      expect(x.upper80).toBeLessThanOrEqual(x.upper);
    }
    // A unit flown at another altitude than anything in training is refused, naming unit and cycle.
    const odd = {
      ...u,
      unit: 77,
      length: 3,
      settings: Float64Array.from([0, 0, 100, 20, 0.7, 100, 0, 0, 100]),
      sensors: u.sensors.slice(0, 63),
    };
    expect(() => predictRul(model, [odd])).toThrow(
      /unit 77, cycle 2: operational settings \(20, 0.7, 100\)/,
    );
  });

  it('predicts a test unit by the training regimes and statistics, whatever else is predicted', () => {
    // Issue 20 asked whether test units could be re-clustered or re-standardised on the test
    // set (permuted regime labels, other z-score statistics). A unit's prediction must depend on
    // its own cycles and the model only: the same alone as in any batch.
    const rng = createRng(11);
    const train = Array.from({ length: 10 }, (_, k) => regimeUnit(k + 1, 160 + 15 * k, rng));
    const model = trainRulModel(train, { seed: 3, ...fast });
    expect(model.normaliser.centroids).toHaveLength(3);
    const a = prefix(regimeUnit(101, 220, rng), 150);
    // Flown in one regime only: a set re-clustered on it would find one cluster, label 0.
    const b = prefix(regimeUnit(102, 200, rng, 2), 60);
    const c = prefix(regimeUnit(103, 180, rng), 19);
    const alone = [a, b, c].map((u) => predictRul(model, [u])[0]);
    expect(predictRul(model, [a, b, c])).toEqual(alone);
    expect(predictRul(model, [c, b])).toEqual([alone[2], alone[1]]);
    // The high-altitude unit is normalised with the 42 kft statistics fitted on training: early
    // in life it reads as healthy (a long life left), as early training cycles do.
    expect(alone[1]!.rul).toBeGreaterThan(80);
    // The spread at the validation cuts is kept as the yardstick for test predictions.
    const v = model.meta.validSpread!;
    expect(v.mean).toBeGreaterThan(0);
    expect(v.belowTwenty + v.atCap).toBeLessThanOrEqual(1);
  });

  it('summarises predictions by mean, share near failure and share at the cap', () => {
    expect(predictionSpread([0, 10, 19.9, 20, 60, 124.6, 125, 100.5], 125)).toEqual({
      mean: 57.5,
      belowTwenty: 3 / 8,
      atCap: 2 / 8,
    });
  });

  it.skipIf(!dir)('finds six operating regimes in FD002 and one in FD001', () => {
    expect(fitConditionNormaliser(readCmapss(`${dir}/train_FD002.txt`)).centroids.length).toBe(6);
    expect(fitConditionNormaliser(readCmapss(`${dir}/train_FD001.txt`)).centroids.length).toBe(1);
  });

  it.skipIf(!dir)('reaches a useful test RMSE on FD001 with a short training', () => {
    const model = trainRulModel(readCmapss(`${dir}/train_FD001.txt`), { seed: 2, ...fast });
    const pred = predictRul(model, readCmapss(`${dir}/test_FD001.txt`));
    const truth = readRulTruth(`${dir}/RUL_FD001.txt`);
    expect(pred).toHaveLength(100);
    expect(
      rmse(
        pred.map((p) => p.rul),
        truth,
      ),
    ).toBeLessThan(14);
    // Intervals calibrated on cut held-out training units hold the test truth near their level.
    const inside = (lo: (i: number) => number, hi: (i: number) => number) =>
      truth.filter((t, i) => t >= lo(i) && t <= hi(i)).length / truth.length;
    const c90 = inside(
      (i) => pred[i]!.lower,
      (i) => pred[i]!.upper,
    );
    const c80 = inside(
      (i) => pred[i]!.lower80!,
      (i) => pred[i]!.upper80!,
    );
    expect(c90).toBeGreaterThanOrEqual(0.82);
    expect(c80).toBeGreaterThanOrEqual(0.72);
    expect(c80).toBeLessThan(c90 + 1e-9);
    expect(model.meta.validCoverage?.map((c) => c.nominal)).toEqual([0.9, 0.8]);
  });
});
