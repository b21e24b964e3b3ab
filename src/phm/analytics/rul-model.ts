import { RongheError } from '../../kernel/index.ts';
// RUL prediction for C-MAPSS with gradient-boosted trees on window features. Pipeline:
// regime normalisation → fused health indicator (ridge fit of the capped target on the 14 sensors,
// a linear "health index" as in Wang, Yu, Siegel & Lee, PHM 2008) → window features → boosted
// trees on the capped piecewise-linear target (cap 125). A seeded 20 % of the training units is
// held out (never test truth): it stops the boosting, and its units cut at test-like points
// (rul-validation.ts) give the validation RMSE and calibrate the intervals. Intervals: Mondrian
// split-conformal on those residuals against the true, uncapped life, by predicted-RUL band (Vovk,
// Gammerman & Shafer, "Algorithmic Learning in a Random World", 2005, §4.5), at 90 % and 80 %.
// Since issue 20 the shipped model is the split model itself (an average of three members at
// learning rate 0.1, no refit on all units), so the calibration is exact split conformal rather
// than an approximation for a refitted model, at about a third of the CPU of the three refitted
// members at rate 0.03 before; figures in BENCHMARKS.md.
import { INFORMATIVE_SENSORS, cappedRul, type EngineUnit } from './engine-unit.ts';
import type { Matrix } from './gbt-binning.ts';
import { predictGbt, trainGbt, type GbtModel, type GbtParams } from './gbt.ts';
import { ridge } from './linalg.ts';
import {
  checkRegimes,
  fitConditionNormaliser,
  fitDegradationScale,
  normaliseUnit,
  type ConditionNormaliser,
} from './operating-conditions.ts';
import { createRng, shuffled } from './rng.ts';
import { stackRows, unitFeatures } from './rul-features.ts';
import { phm08Score, rmse } from './rul-metrics.ts';
import { cutPoints, type CutPoint } from './rul-validation.ts';
import { conformalQuantile } from './stats.ts';

export interface RulModel {
  kind: 'ronghe.phm.rul-gbt';
  version: 2;
  cap: number;
  window: number;
  normaliser: ConditionNormaliser;
  hi: { w: number[]; b: number };
  /** Ensemble members (different seeds); the prediction is their mean. */
  gbt: GbtModel[];
  /** The 90 % interval (files written before issue 20 hold only this one). */
  interval: RulInterval;
  /** Intervals at each nominal level (80 % and 90 %), calibrated on cut held-out units. */
  intervals?: RulInterval[];
  meta: {
    seed: number;
    trainUnits: number;
    validUnits: number;
    /** RMSE at the cut points of the held-out units against their true (uncapped) life. */
    validRmse: number;
    /** RMSE over every cycle of the held-out units against the capped target. */
    validRmseAllCycles?: number;
    validScore?: number;
    /** Interval coverage at the cut points, two-fold across the held-out units. */
    validCoverage?: { nominal: number; covered: number }[];
    /**
     * How the predictions at the cut points are spread (mean, share under 20 cycles, share at the
     * cap): the yardstick for predictions on test units without truth (`predictionSpread`). A
     * test set whose spread differs much from this one is not like the validation (issue 20).
     */
    validSpread?: PredictionSpread;
    params: GbtParams;
  };
}

export interface RulInterval {
  alpha: number;
  bands: { upTo: number; halfWidth: number }[];
}

export interface RulTrainOptions {
  seed: number;
  cap?: number;
  /** Window in cycles; default 30 for one operating regime, 20 for several. */
  window?: number;
  /**
   * Per-regime sensor scaling: 'z-score' (default) or 'degradation' (healthy level 0, failing
   * level 1 per regime). The two measured level on FD002/FD004 validation (BENCHMARKS.md).
   */
  scaling?: 'degradation' | 'z-score';
  params?: Partial<GbtParams>;
  /**
   * true refits the members on all units with the chosen tree counts (the model before issue 20);
   * its intervals are then calibrated on the split model, an approximation. Default false.
   */
  refit?: boolean;
  /**
   * Number of boosted models averaged (seeds differ); default 3. On the FD001/FD003 test units
   * three members gave 11.36 / 11.57 RMSE (mean of seeds 1–5) against 11.55 / 11.71 for one.
   */
  ensemble?: number;
  onProgress?: (message: string) => void;
  /** Trees grown so far of at most `total` (members × trees; early stopping ends sooner). */
  onStep?: (done: number, total: number) => void;
}

export interface RulPrediction {
  unit: number;
  rul: number;
  /** 90 % interval. */
  lower: number;
  upper: number;
  /** 80 % interval (models trained since issue 20). */
  lower80?: number;
  upper80?: number;
}

export interface PredictionSpread {
  mean: number;
  /** Share of predictions under 20 cycles (near failure). */
  belowTwenty: number;
  /** Share of predictions at the cap (no sign of wear yet). */
  atCap: number;
}

/** Mean and shares near failure and at the cap of predictions clamped to [0, cap]. */
export function predictionSpread(rul: readonly number[], cap: number): PredictionSpread {
  const n = Math.max(1, rul.length);
  return {
    mean: rul.reduce((s, v) => s + v, 0) / n,
    belowTwenty: rul.filter((v) => v < 20).length / n,
    atCap: rul.filter((v) => v >= cap - 0.5).length / n,
  };
}

const CHANNELS = INFORMATIVE_SENSORS.length + 1;
const BAND_EDGES = [40, 80, Infinity];

export const defaultGbtParams: Omit<GbtParams, 'seed'> = {
  trees: 400,
  learningRate: 0.1,
  maxDepth: 5,
  minLeaf: 40,
  lambda: 1,
  subsample: 0.7,
  colsample: 0.6,
  bins: 64,
  patience: 60,
};

/** Normalised sensors plus the health-indicator channel, row-major `length × 15`. */
function channels(model: Pick<RulModel, 'normaliser' | 'hi'>, u: EngineUnit): Float64Array {
  const z = normaliseUnit(model.normaliser, u);
  const m = INFORMATIVE_SENSORS.length;
  const out = new Float64Array(u.length * CHANNELS);
  for (let i = 0; i < u.length; i++) {
    let h = model.hi.b;
    for (let j = 0; j < m; j++) {
      const v = z[i * m + j] as number;
      out[i * CHANNELS + j] = v;
      h += (model.hi.w[j] as number) * v;
    }
    out[i * CHANNELS + m] = h;
  }
  return out;
}

function targets(units: readonly EngineUnit[], cap: number): Float64Array {
  const y: number[] = [];
  for (const u of units) for (let i = 0; i < u.length; i++) y.push(cappedRul(u.length, i, cap));
  return Float64Array.from(y);
}

function fitHealthIndicator(norm: ConditionNormaliser, units: readonly EngineUnit[], cap: number) {
  const m = INFORMATIVE_SENSORS.length;
  const z = units.map((u) => normaliseUnit(norm, u));
  const rows = units.reduce((s, u) => s + u.length, 0);
  const x = new Float64Array(rows * m);
  let o = 0;
  for (const zi of z) {
    x.set(zi, o);
    o += zi.length;
  }
  return ridge(x, targets(units, cap), rows, m, 1e-3);
}

function featuresOf(
  model: Pick<RulModel, 'normaliser' | 'hi' | 'window'>,
  units: readonly EngineUnit[],
): Matrix {
  return stackRows(
    units.map((u) => unitFeatures(channels(model, u), u.length, CHANNELS, model.window)),
  );
}

function meanPrediction(models: readonly GbtModel[], x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (const m of models) {
    const p = predictGbt(m, x);
    for (let i = 0; i < x.rows; i++) out[i] = (out[i] as number) + (p[i] as number) / models.length;
  }
  return out;
}

function intervalBands(pred: ArrayLike<number>, y: ArrayLike<number>, alpha: number): RulInterval {
  const bands = BAND_EDGES.map((upTo, b) => {
    const from = b === 0 ? -Infinity : (BAND_EDGES[b - 1] as number);
    const res: number[] = [];
    for (let i = 0; i < pred.length; i++) {
      if ((pred[i] as number) >= from && (pred[i] as number) < upTo)
        res.push(Math.abs((y[i] as number) - (pred[i] as number)));
    }
    return { upTo, halfWidth: conformalQuantile(res, alpha) };
  });
  return { alpha, bands };
}

/** Nominal levels of the intervals: 90 % (the one `predictRul` returns first) and 80 %. */
export const INTERVAL_ALPHAS = [0.1, 0.2] as const;
/** Cut points per held-out unit (more points steady the conformal quantiles). */
const CUTS_PER_UNIT = 10;

/**
 * Coverage of the interval procedure on units it was not calibrated on: the held-out units split
 * by parity, calibrated on one half and counted on the other, both ways (two-fold cross-conformal,
 * Vovk 2015). The shipped intervals use all held-out units, so they are at least this steady.
 */
function crossCoverage(p: number[], t: number[], cuts: readonly CutPoint[], alpha: number): number {
  let inside = 0;
  for (const half of [0, 1]) {
    const cal = cuts.map((c, i) => (c.unit % 2 === half ? i : -1)).filter((i) => i >= 0);
    const iv = intervalBands(
      cal.map((i) => p[i] as number),
      cal.map((i) => t[i] as number),
      alpha,
    );
    cuts.forEach((c, i) => {
      if (c.unit % 2 === half) return;
      const hw = halfWidth(iv, p[i] as number);
      const lo = Math.max(0, (p[i] as number) - hw);
      if ((t[i] as number) >= lo && (t[i] as number) <= (p[i] as number) + hw) inside++;
    });
  }
  return inside / cuts.length;
}

function cutScores(pred: Float64Array, cuts: readonly CutPoint[], cap: number) {
  const p = cuts.map((c) => clampRul(pred[c.row] as number, cap));
  const t = cuts.map((c) => c.truth);
  return { p, t, rmse: rmse(p, t), score: phm08Score(p, t) };
}

const clampRul = (v: number, cap: number) => Math.min(cap, Math.max(0, v));

export function trainRulModel(units: readonly EngineUnit[], opts: RulTrainOptions): RulModel {
  const cap = opts.cap ?? 125;
  const log = opts.onProgress ?? (() => {});
  if (units.length < 5)
    throw new RongheError('RONGHE_INVALID_DATA', {
      en: `training data: need at least 5 run-to-failure units (a fifth is held out for validation), got ${units.length}`,
      'zh-CN': `训练数据：至少需要 5 台运行至失效的机组（其中五分之一留作验证），实际 ${units.length} 台`,
    });
  const rng = createRng(opts.seed);
  const order = shuffled(units, rng);
  const nValid = Math.max(1, Math.round(order.length * 0.2));
  const valid = order.slice(0, nValid);
  const train = order.slice(nValid);
  // Fitted on the training part only: the degradation scale reads the units' failure times.
  const normaliser =
    opts.scaling === 'degradation' ? fitDegradationScale(train) : fitConditionNormaliser(train);
  const window = opts.window ?? (normaliser.centroids.length > 1 ? 20 : 30);
  const hi = fitHealthIndicator(normaliser, train, cap);
  const base = { normaliser, hi, window };
  const params: GbtParams = { ...defaultGbtParams, ...opts.params, seed: opts.seed };
  log(
    `rul: ${normaliser.centroids.length} regime(s), window ${window}, ${train.length}/${valid.length} train/valid units`,
  );
  const xt = featuresOf(base, train);
  const xv = featuresOf(base, valid);
  const yv = targets(valid, cap);
  const yt = targets(train, cap);
  const members = Array.from({ length: opts.ensemble ?? 3 }, (_, i) => ({
    ...params,
    seed: opts.seed + 7919 * i,
  }));
  const total = members.length * params.trees;
  const splits = members.map((p, i) =>
    trainGbt(xt, yt, p, { x: xv, y: yv }, (pr) => {
      if (pr.tree % 10 === 0) opts.onStep?.(i * params.trees + pr.tree, total);
      if (pr.tree % 100 === 0)
        log(`rul: member ${i + 1} tree ${pr.tree}, valid RMSE ${pr.validRmse?.toFixed(2)}`);
    }),
  );
  const vpred = meanPrediction(
    splits.map((s) => s.model),
    xv,
  );
  const cuts = cutPoints(
    valid.map((u) => u.length),
    CUTS_PER_UNIT,
    rng,
  );
  const cut = cutScores(vpred, cuts, cap);
  const counts = splits.map((s) => s.model.trees.length);
  log(
    `rul: best trees ${counts.join('/')}, valid RMSE at cuts ${cut.rmse.toFixed(2)} (every cycle ${rmse(vpred, yv).toFixed(2)})${opts.refit ? '; refit on all units' : ''}`,
  );
  const intervals = INTERVAL_ALPHAS.map((a) => intervalBands(cut.p, cut.t, a));
  const validCoverage = INTERVAL_ALPHAS.map((a) => ({
    nominal: 1 - a,
    covered: crossCoverage(cut.p, cut.t, cuts, a),
  }));
  const xAll = !opts.refit ? xt : featuresOf(base, units);
  const yAll = targets(units, cap);
  const gbt = splits.map((s, i) =>
    !opts.refit
      ? s.model
      : trainGbt(xAll, yAll, { ...(members[i] as GbtParams), trees: counts[i] as number }).model,
  );
  return {
    kind: 'ronghe.phm.rul-gbt',
    version: 2,
    cap,
    ...base,
    gbt,
    interval: intervals[0] as RulInterval,
    intervals,
    meta: {
      seed: opts.seed,
      trainUnits: train.length,
      validUnits: valid.length,
      validRmse: cut.rmse,
      validRmseAllCycles: rmse(vpred, yv),
      validScore: cut.score,
      validCoverage,
      validSpread: predictionSpread(cut.p, cap),
      params,
    },
  };
}

function halfWidth(interval: RulInterval, rul: number): number {
  const band =
    interval.bands.find((b) => rul < b.upTo) ?? interval.bands[interval.bands.length - 1];
  return band?.halfWidth ?? Infinity;
}

/**
 * One prediction per unit at its last cycle, clamped to [0, cap], with its 90 % conformal
 * interval (`lower`, `upper`) and, for models that carry it, the 80 % one. The upper bound may
 * exceed the cap: the true remaining life is not capped.
 */
export function predictRul(model: RulModel, units: readonly EngineUnit[]): RulPrediction[] {
  const i80 = model.intervals?.find((i) => i.alpha === 0.2);
  return units.map((u) => {
    checkRegimes(model.normaliser, u);
    const f = unitFeatures(channels(model, u), u.length, CHANNELS, model.window);
    const last: Matrix = { rows: 1, cols: f.cols, data: f.data.subarray((f.rows - 1) * f.cols) };
    const rul = clampRul(meanPrediction(model.gbt, last)[0] as number, model.cap);
    const hw = halfWidth(model.interval, rul);
    const p: RulPrediction = { unit: u.unit, rul, lower: Math.max(0, rul - hw), upper: rul + hw };
    if (i80) {
      const h = halfWidth(i80, rul);
      p.lower80 = Math.max(0, rul - h);
      p.upper80 = rul + h;
    }
    return p;
  });
}
