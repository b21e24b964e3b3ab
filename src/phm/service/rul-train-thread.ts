// Worker-thread entry of RUL training over the API (rul-jobs.ts). With test units and their true
// RUL (C-MAPSS test_/RUL_ files) it trains on every training unit and validates on the test
// units; otherwise it holds back a seeded fifth of the run-to-failure units, trains on the rest
// and validates on the held-back ones (analytics/rul-figures.ts). The model registered is the
// one the figures describe. Posts progress, then the model and its figures.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineUnit } from '../analytics/engine-unit.ts';
import { trainRulModel } from '../analytics/rul-model.ts';
import { createRng, shuffled } from '../analytics/rng.ts';
import { validateOnHeldBackUnits, validateOnTestUnits } from '../analytics/rul-figures.ts';

export interface RulThreadInput {
  units: EngineUnit[];
  test?: { units: EngineUnit[]; truth: number[] };
  options: {
    seed: number;
    trees: number;
    ensemble: number;
    window?: number;
    cap?: number;
    alpha?: number;
  };
}

const post = (m: unknown) => parentPort?.postMessage(m);

try {
  const { units, test, options: o } = workerData as RulThreadInput;
  let train = units;
  let held: EngineUnit[] = [];
  if (!test) {
    const order = shuffled(units, createRng(o.seed + 1));
    const n = Math.max(1, Math.round(order.length * 0.2));
    held = order.slice(0, n);
    train = order.slice(n);
  }
  post({ kind: 'progress', progress: 0.02, message: `training on ${train.length} units` });
  const model = trainRulModel(train, {
    seed: o.seed,
    ensemble: o.ensemble,
    params: { trees: o.trees, patience: Math.max(20, Math.round(o.trees / 5)) },
    ...(o.window !== undefined ? { window: o.window } : {}),
    ...(o.cap !== undefined ? { cap: o.cap } : {}),
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    onStep: (done, total) =>
      post({
        kind: 'progress',
        progress: 0.02 + 0.78 * (done / total),
        message: `boosting: ${done} of at most ${total} trees`,
      }),
  });
  post({ kind: 'progress', progress: 0.9, message: 'validating on units it never saw' });
  const validation = test
    ? validateOnTestUnits(model, test.units, test.truth)
    : validateOnHeldBackUnits(model, held);
  post({
    kind: 'done',
    model,
    metrics: {
      validation,
      trainUnits: train.length,
      heldBackUnits: held.map((u) => u.unit),
      earlyStoppingRmse: model.meta.validRmse,
      trees: model.gbt.map((g) => g.trees.length),
      cap: model.cap,
      window: model.window,
      regimes: model.normaliser.centroids.length,
    },
  });
} catch (e) {
  post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
}
