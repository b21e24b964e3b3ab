// RUL models trained over the API (issue 18): from uploaded C-MAPSS-format files (a training
// file of run-to-failure units, optionally test units with their true RUL) or from an asset
// model's own telemetry. A bad line is refused before any job starts, naming the field and line.
//
// End of life from telemetry: the request names each failed asset and when it failed
// (`failures: [{assetId, failedAt, from?}]`). The platform records repairs as work orders, but
// not every corrective order ends a life (a sensor swap, a clogged filter), and a failure is often
// logged hours after the machine stopped; an RUL target is only as good as this date, so the
// engineer states it, and the console can fill it from the work order it was reported on.
// Each failed asset's hourly history up to its failure becomes one run-to-failure unit.
import { getAsset, getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError, invalid, type Localized } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import type { EngineUnit } from '../analytics/engine-unit.ts';
import type { RulModel } from '../analytics/rul-model.ts';
import { parseCmapss, parseRulTruth } from '../load/cmapss.ts';
import { hourlyRows, HOUR_MS } from './hourly-rows.ts';
import { startTrainingJob, type Job } from './jobs.ts';
import type { TrainingSummary } from './registry.ts';
import {
  inputChannels,
  inputsOf,
  unitOfRows,
  type RulInputs,
  type RulOnAssets,
} from './rul-inputs.ts';
import type { RulThreadInput } from './rul-train-thread.ts';

export type RulSource =
  | { kind: 'cmapss'; train: string; test?: string; rul?: string }
  | {
      kind: 'telemetry';
      failures: { assetId: string; failedAt: number; from?: number }[];
    };

export interface RulTrainInput {
  assetModelId: string;
  source: RulSource;
  /** C-MAPSS: channels of the three settings (default setting_1..3). */
  settingChannels?: string[];
  /** C-MAPSS: the 14 informative sensors' channels (default sensor_2, …); telemetry: 1–14. */
  sensorChannels?: string[];
  seed?: number;
  /** Most trees per ensemble member (early stopping may use fewer); default 400. */
  trees?: number;
  /** Members averaged; default 3. */
  ensemble?: number;
  window?: number;
  cap?: number;
  /** Interval miscoverage; default 0.1 (90 % intervals). */
  alpha?: number;
}

const DAY_MS = 24 * HOUR_MS;
const MAX_HISTORY_MS = 366 * DAY_MS;

/** A malformed line of an uploaded file as a 400 naming the request field and the line. */
function parsed<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RongheError && e.code === 'RONGHE_INVALID_DATA') {
      const text: Localized = { en: e.messageIn('en'), 'zh-CN': e.messageIn('zh-CN') };
      throw new RongheError('RONGHE_VALIDATION', text, [{ field, reason: text.en }]);
    }
    throw e;
  }
}

const tooFew = (field: string, n: number, need: number) =>
  invalid(field, {
    en: `${n} run-to-failure unit(s); need at least ${need} (five to train, and units to validate on)`,
    'zh-CN': `只有 ${n} 个全寿命单元；至少需要 ${need} 个（五个用于训练，其余用于验证）`,
  });

function cmapssUnits(s: Extract<RulSource, { kind: 'cmapss' }>) {
  const units = parsed('source.train', () => parseCmapss(s.train, 'source.train'));
  if ((s.test === undefined) !== (s.rul === undefined))
    throw invalid(s.test === undefined ? 'source.test' : 'source.rul', {
      en: 'give the test file and its RUL file together, or neither',
      'zh-CN': '测试文件与其 RUL 文件须同时给出或都不给出',
    });
  if (s.test === undefined || s.rul === undefined) {
    if (units.length < 6) throw tooFew('source.train', units.length, 6);
    return { units };
  }
  const testUnits = parsed('source.test', () => parseCmapss(s.test!, 'source.test'));
  const truth = parsed('source.rul', () => parseRulTruth(s.rul!, 'source.rul'));
  if (truth.length !== testUnits.length)
    throw invalid('source.rul', {
      en: `${truth.length} true RUL values for ${testUnits.length} test units; give one per unit, in order`,
      'zh-CN': `${testUnits.length} 个测试单元却有 ${truth.length} 个真实 RUL 值；请按顺序每个单元给一个`,
    });
  if (units.length < 5) throw tooFew('source.train', units.length, 5);
  return { units, test: { units: testUnits, truth } };
}

async function telemetryUnits(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  modelId: string,
  inputs: RulInputs,
  s: Extract<RulSource, { kind: 'telemetry' }>,
): Promise<{ units: EngineUnit[]; summary: TrainingSummary }> {
  const channels = inputChannels(inputs);
  const units: EngineUnit[] = [];
  const assets: string[] = [];
  let from = Infinity;
  let to = -Infinity;
  for (const [i, f] of s.failures.entries()) {
    const field = `source.failures[${i}]`;
    const asset = await getAsset(db, scope, f.assetId);
    if (asset.modelId !== modelId)
      throw invalid(`${field}.assetId`, {
        en: `asset '${f.assetId}' is not of asset model '${modelId}'`,
        'zh-CN': `资产“${f.assetId}”不属于资产型号“${modelId}”`,
      });
    const start = f.from ?? f.failedAt - 180 * DAY_MS;
    if (!(start < f.failedAt) || f.failedAt - start > MAX_HISTORY_MS)
      throw invalid(`${field}.from`, {
        en: 'must be before failedAt, at most 366 days before',
        'zh-CN': '须早于 failedAt，且最多早 366 天',
      });
    const rows = await hourlyRows(telemetry, scope, asset.id, channels, start, f.failedAt);
    if (rows.length < 2)
      throw invalid(`${field}`, {
        en: `asset '${f.assetId}' has ${rows.length} hour(s) with every channel (${channels.join(', ')}) before its failure`,
        'zh-CN': `资产“${f.assetId}”在失效前只有 ${rows.length} 个各通道齐全的小时（${channels.join('、')}）`,
      });
    units.push(unitOfRows(i + 1, inputs, rows));
    assets.push(asset.id);
    from = Math.min(from, rows[0]!.t);
    to = Math.max(to, rows[rows.length - 1]!.t + HOUR_MS);
  }
  if (units.length < 6) throw tooFew('source.failures', units.length, 6);
  const points = units.reduce((n, u) => n + u.length, 0);
  return {
    units,
    summary: { assets, assetCount: assets.length, from, to, points, channels },
  };
}

/** Validates the source, records a running job and trains in a worker; returns the job at once. */
export async function startRulTraining(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  input: RulTrainInput,
): Promise<Job> {
  const model = await getModel(db, scope, input.assetModelId);
  const inputs = inputsOf(input.source.kind, input);
  const now = Date.now();
  let data: Pick<RulThreadInput, 'units' | 'test'>;
  let training: TrainingSummary;
  if (input.source.kind === 'cmapss') {
    data = cmapssUnits(input.source);
    training = {
      assets: [],
      assetCount: 0,
      from: now,
      to: now,
      points: data.units.reduce((n, u) => n + u.length, 0),
      channels: inputChannels(inputs),
    };
  } else {
    const t = await telemetryUnits(db, telemetry, scope, model.id, inputs, input.source);
    data = { units: t.units };
    training = t.summary;
  }
  const workerData: RulThreadInput = {
    ...data,
    options: {
      seed: input.seed ?? 1,
      trees: input.trees ?? 400,
      ensemble: input.ensemble ?? 3,
      ...(input.window !== undefined ? { window: input.window } : {}),
      ...(input.cap !== undefined ? { cap: input.cap } : {}),
      ...(input.alpha !== undefined ? { alpha: input.alpha } : {}),
    },
  };
  return startTrainingJob(db, scope, {
    kind: 'rul',
    assetModelId: model.id,
    worker: new URL('./rul-train-thread.ts', import.meta.url),
    workerData,
    training,
    wrap: (rul): RulOnAssets => ({
      kind: 'ronghe.phm.rul-on-assets',
      inputs,
      hoursPerCycle: 1,
      rul: rul as RulModel,
    }),
  });
}
