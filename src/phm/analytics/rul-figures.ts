// Validation figures of an RUL model on units it never trained on: RMSE and the PHM08 score of
// the prediction against the true remaining life, and the share of true values inside the
// conformal interval (the coverage the interval promises is 1 − α). Two protocols:
// - test units with their true RUL at the last cycle (C-MAPSS test_/RUL_ files), the benchmark
//   protocol of Saxena et al. (PHM08): one prediction per unit;
// - held-back run-to-failure units: each is cut at evenly spaced points of its life (as the
//   C-MAPSS test set was built) and predicted at each cut; the truth is the life left, capped
//   like the training target (the model cannot predict beyond its cap).
import { SENSORS, SETTINGS, type EngineUnit } from './engine-unit.ts';
import { predictRul, type RulModel } from './rul-model.ts';
import { phm08Score, rmse } from './rul-metrics.ts';

export interface RulValidation {
  protocol: 'test-units' | 'held-back-units';
  units: number;
  /** Predictions compared (one per test unit, or one per cut of a held-back unit). */
  predictions: number;
  rmse: number;
  /** PHM08 score summed over the predictions (lower is better; late predictions cost more). */
  score: number;
  /** Share of true values inside [lower, upper]. */
  coverage: number;
  /** The coverage the interval was calibrated for (1 − α). */
  nominalCoverage: number;
  /** Mean interval width, cycles. */
  meanWidth: number;
}

function figures(
  model: RulModel,
  protocol: RulValidation['protocol'],
  units: number,
  pairs: { rul: number; lower: number; upper: number; truth: number }[],
): RulValidation {
  const pred = pairs.map((p) => p.rul);
  const truth = pairs.map((p) => p.truth);
  const inside = pairs.filter((p) => p.truth >= p.lower && p.truth <= p.upper).length;
  const widths = pairs.map((p) => p.upper - p.lower).filter(Number.isFinite);
  return {
    protocol,
    units,
    predictions: pairs.length,
    rmse: rmse(pred, truth),
    score: phm08Score(pred, truth),
    coverage: pairs.length ? inside / pairs.length : 0,
    nominalCoverage: 1 - model.interval.alpha,
    meanWidth: widths.length ? widths.reduce((s, w) => s + w, 0) / widths.length : Infinity,
  };
}

/** Test units (truncated histories) against their true RUL at the last cycle. */
export function validateOnTestUnits(
  model: RulModel,
  units: readonly EngineUnit[],
  truth: readonly number[],
): RulValidation {
  const p = predictRul(model, units);
  return figures(
    model,
    'test-units',
    units.length,
    p.map((x, i) => ({ ...x, truth: truth[i] as number })),
  );
}

/** Cuts of the first `length` cycles of a unit (a test-like truncated history). */
function prefix(u: EngineUnit, length: number): EngineUnit {
  return {
    unit: u.unit,
    length,
    settings: u.settings.subarray(0, length * SETTINGS),
    sensors: u.sensors.subarray(0, length * SENSORS),
  };
}

/** Run-to-failure units the model never saw, each predicted at `cuts` points of its life. */
export function validateOnHeldBackUnits(
  model: RulModel,
  units: readonly EngineUnit[],
  cuts = 10,
): RulValidation {
  const pairs: { rul: number; lower: number; upper: number; truth: number }[] = [];
  for (const u of units) {
    const lengths = new Set<number>();
    for (let k = 1; k <= cuts; k++) lengths.add(Math.max(1, Math.round((u.length * k) / cuts)));
    const cut = [...lengths].map((n) => prefix(u, n));
    predictRul(model, cut).forEach((p, i) => {
      const n = (cut[i] as EngineUnit).length;
      pairs.push({ ...p, truth: Math.min(model.cap, u.length - n) });
    });
  }
  return figures(model, 'held-back-units', units.length, pairs);
}
