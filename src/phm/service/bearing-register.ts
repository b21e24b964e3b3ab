// A bearing model trained offline (`ronghe phm bearing train`, a model file) registered for an
// asset model and activated, as a model trained over the API is (issue 18). The registry keeps
// validation figures with every version, so a file is registered only with labelled test
// signals it did not train on: every non-overlapping window of each is diagnosed here and the
// figures (held-out window accuracy, per class) are computed on them, never taken from the file.
import { getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { diagnoseBearing, type BearingModel } from '../analytics/bearing-model.ts';
import { offlineTraining, registerModel, type RegisteredModel } from './registry.ts';

export interface BearingFileInput {
  assetModelId: string;
  model: BearingModel;
  /** Labelled test signals at the model's sample rate and speed (e.g. CWRU files it never saw). */
  test: { file: string; label: string; signal: Float64Array }[];
  /** Where the model came from, kept in the registry's metrics (e.g. the file's name). */
  source: string;
}

/** Validates the model on the test signals, then stores it as the active bearing version. */
export async function registerBearingModel(
  db: Db,
  scope: Scope,
  input: BearingFileInput,
): Promise<RegisteredModel> {
  const assetModel = await getModel(db, scope, input.assetModelId);
  const { model } = input;
  if (input.test.length === 0)
    throw invalid('test', {
      en: 'give labelled test files to validate the model on; the registry keeps validation figures',
      'zh-CN': '请给出带标签的测试文件用于验证；模型库须保存验证指标',
    });
  const classes = model.classifier.classes;
  const perClass: Record<string, { windows: number; right: number }> = {};
  let right = 0;
  let total = 0;
  for (const t of input.test) {
    if (!classes.includes(t.label))
      throw invalid('test', {
        en: `file '${t.file}': label '${t.label}' is not a class of the model (${classes.join(', ')})`,
        'zh-CN': `文件“${t.file}”：标签“${t.label}”不是模型的类别（${classes.join('、')}）`,
      });
    const setup = { fs: model.fs, rpm: model.rpm, window: model.window, source: t.file };
    const c = (perClass[t.label] ??= { windows: 0, right: 0 });
    for (const d of diagnoseBearing(model, t.signal, setup)) {
      total++;
      c.windows++;
      if (d.label === t.label) {
        right++;
        c.right++;
      }
    }
  }
  return registerModel(db, scope, {
    kind: 'bearing',
    assetModelId: assetModel.id,
    model,
    training: offlineTraining(),
    metrics: {
      protocol: 'test-files',
      heldOutWindows: total,
      heldOutAccuracy: right / total,
      perClass,
      classes,
      fs: model.fs,
      rpm: model.rpm,
      window: model.window,
      testFiles: input.test.map((t) => t.file),
      source: input.source,
    },
  });
}
