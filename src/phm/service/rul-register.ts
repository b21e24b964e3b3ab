// An RUL model trained offline (`ronghe phm rul train`, a model file) registered for an asset
// model and activated, as a model trained over the API is (issue 18). The registry keeps
// validation figures with every version, so a file is registered only with test units and their
// true RUL it did not train on (C-MAPSS test_/RUL_ files): the figures are computed here, on
// those units, with the same protocol as a training job given test files (analytics/
// rul-figures.ts), never taken from the file, whose own validation figures come from the units
// that stopped its boosting early and calibrated its intervals.
import { getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { EngineUnit } from '../analytics/engine-unit.ts';
import { validateOnTestUnits } from '../analytics/rul-figures.ts';
import type { RulModel } from '../analytics/rul-model.ts';
import { offlineTraining, registerModel, type RegisteredModel } from './registry.ts';
import { cmapssInputs, inputChannels, type RulOnAssets } from './rul-inputs.ts';

export interface RulFileInput {
  assetModelId: string;
  model: RulModel;
  /** Test units (truncated histories) and the true RUL at the last cycle of each, in order. */
  test: { units: EngineUnit[]; truth: number[] };
  /** Where the model came from, kept in the registry's metrics (e.g. the file's name). */
  source: string;
}

/** Validates the model on the test units, then stores it as the active RUL version. */
export async function registerRulModel(
  db: Db,
  scope: Scope,
  input: RulFileInput,
): Promise<RegisteredModel> {
  const assetModel = await getModel(db, scope, input.assetModelId);
  const { units, truth } = input.test;
  if (units.length === 0)
    throw invalid('test', {
      en: 'give test units to validate the model on; the registry keeps validation figures',
      'zh-CN': '请给出用于验证的测试单元；模型库须保存验证指标',
    });
  if (truth.length !== units.length)
    throw invalid('truth', {
      en: `${truth.length} true RUL values for ${units.length} test units; give one per unit, in order`,
      'zh-CN': `${units.length} 个测试单元却有 ${truth.length} 个真实 RUL 值；请按顺序每个单元给一个`,
    });
  const inputs = cmapssInputs();
  const wrapped: RulOnAssets = {
    kind: 'ronghe.phm.rul-on-assets',
    inputs,
    hoursPerCycle: 1,
    rul: input.model,
  };
  return registerModel(db, scope, {
    kind: 'rul',
    assetModelId: assetModel.id,
    model: wrapped,
    training: offlineTraining(inputChannels(inputs)),
    metrics: {
      validation: validateOnTestUnits(input.model, units, truth),
      trainUnits: input.model.meta.trainUnits + input.model.meta.validUnits,
      heldBackUnits: [],
      earlyStoppingRmse: input.model.meta.validRmse,
      trees: input.model.gbt.map((g) => g.trees.length),
      cap: input.model.cap,
      window: input.model.window,
      regimes: input.model.normaliser.centroids.length,
      source: input.source,
    },
  });
}
