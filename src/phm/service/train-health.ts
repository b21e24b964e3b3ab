// Training of the health-index baseline of an asset model from live telemetry: the hourly means
// of the model's channels over a period the engineer declares healthy, pooled over the model's
// assets, fitted with Hotelling's T² on a shrunk covariance (src/phm/analytics/health-index.ts),
// optionally on the residuals after regressing on operating-condition channels (`conditions`).
// Assets that stand out from their peers are left out and named (a fault already present in
// the period), and every fifth day (or hour) is held out: the validation metrics say how the
// stored baseline scores healthy hours it never saw (src/phm/analytics/fleet-baseline.ts).
// `normalisers` divide extensive channels (flow, heat, power) by a numeric nameplate property of
// each asset, so that units of different sizes share one baseline (src/phm/analytics/nameplate.ts).
import { getModel, searchAssets, type Asset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError, invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { fitFleetBaseline, type AssetHours } from '../analytics/fleet-baseline.ts';
import type { Normaliser } from '../analytics/nameplate.ts';
import { outputChannels } from './channels.ts';
import { hourlyRows, type HourlyRow } from './hourly-rows.ts';
import { getRegisteredModel, registerModel, type RegisteredModel } from './registry.ts';

export interface TrainHealthOptions {
  modelId: string;
  from: number;
  to: number;
  /** Channels to use; default every numeric channel of the model except PHM's own outputs. */
  channels?: string[];
  /**
   * Channels that set the operating point (speed, load, outdoor temperature): the others are
   * scored on their residuals after a linear fit on these. Must be among the channels used.
   */
  conditions?: string[];
  /**
   * Channels divided by a numeric nameplate property of each asset (flow by design load): the
   * property must be declared by the asset model and set on every asset.
   */
  normalisers?: Normaliser[];
}

/** Rows needed: enough for a covariance of p channels and a day of hours at the least. */
export const minTrainingRows = (p: number): number => Math.max(24, 5 * p);

/** Longest training or assessment range: a year of hourly rows per channel and asset. */
export const MAX_RANGE_MS = 366 * 86_400_000;

export function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from))
    throw invalid('from', { en: 'must be a time (epoch ms)', 'zh-CN': '必须是时间（毫秒时间戳）' });
  if (!Number.isFinite(to))
    throw invalid('to', { en: 'must be a time (epoch ms)', 'zh-CN': '必须是时间（毫秒时间戳）' });
  if (to <= from) throw invalid('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
  if (to - from > MAX_RANGE_MS)
    throw invalid('from', {
      en: 'the range may span at most 366 days',
      'zh-CN': '时间范围最多 366 天',
    });
}

function pickChannels(
  declared: { key: string; dataType: string }[],
  requested?: string[],
): string[] {
  const numeric = declared.filter((c) => c.dataType !== 'boolean').map((c) => c.key);
  if (!requested) return numeric.filter((k) => !outputChannels.includes(k));
  if (requested.length === 0)
    throw invalid('channels', { en: 'name at least one channel', 'zh-CN': '请至少指定一个通道' });
  if (new Set(requested).size !== requested.length)
    throw invalid('channels', { en: 'names a channel twice', 'zh-CN': '通道重复' });
  const unknown = requested.filter((c) => !numeric.includes(c));
  if (unknown.length)
    throw invalid('channels', {
      en: `not numeric channels of the asset model: ${unknown.join(', ')}`,
      'zh-CN': `不是该资产型号的数值通道：${unknown.join('、')}`,
    });
  return requested;
}

async function modelAssets(db: Db, scope: Scope, modelId: string): Promise<Asset[]> {
  const out: Asset[] = [];
  for (let page = 1; ; page++) {
    const r = await searchAssets(db, scope, { modelId, page, pageSize: 500 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

function checkConditions(channels: string[], conditions?: string[]): string[] {
  if (!conditions) return [];
  if (new Set(conditions).size !== conditions.length)
    throw invalid('conditions', { en: 'names a channel twice', 'zh-CN': '通道重复' });
  const unknown = conditions.filter((c) => !channels.includes(c));
  if (unknown.length)
    throw invalid('conditions', {
      en: `not among the channels used: ${unknown.join(', ')}`,
      'zh-CN': `不在所用通道之中：${unknown.join('、')}`,
    });
  if (conditions.length >= channels.length)
    throw invalid('conditions', {
      en: 'leave at least one channel that is not a condition',
      'zh-CN': '至少保留一个不作为工况的通道',
    });
  return conditions;
}

function checkNormalisers(
  model: { properties: { key: string; dataType: string }[] },
  channels: string[],
  normalisers?: Normaliser[],
): Normaliser[] {
  if (!normalisers) return [];
  const numeric = model.properties.filter((p) => p.dataType === 'number').map((p) => p.key);
  for (const n of normalisers) {
    if (!channels.includes(n.channel))
      throw invalid('normalisers', {
        en: `'${n.channel}' is not among the channels used`,
        'zh-CN': `“${n.channel}”不在所用通道之中`,
      });
    if (!numeric.includes(n.property))
      throw invalid('normalisers', {
        en: `'${n.property}' is not a numeric property of the asset model`,
        'zh-CN': `“${n.property}”不是该资产型号的数值属性`,
      });
  }
  if (new Set(normalisers.map((n) => n.channel)).size !== normalisers.length)
    throw invalid('normalisers', {
      en: 'normalises a channel twice',
      'zh-CN': '同一通道归一化了两次',
    });
  return normalisers;
}

/** Hourly rows of every asset of the model visible to the scope, and which assets gave any. */
async function collectRows(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  modelId: string,
  channels: string[],
  range: { from: number; to: number },
): Promise<AssetHours[]> {
  const out: AssetHours[] = [];
  for (const a of await modelAssets(db, scope, modelId)) {
    const rows: HourlyRow[] = await hourlyRows(
      telemetry,
      scope,
      a.id,
      channels,
      range.from,
      range.to,
    );
    if (rows.length) out.push({ asset: a.id, rows, properties: a.properties });
  }
  return out;
}

export async function trainHealthBaseline(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  o: TrainHealthOptions,
): Promise<RegisteredModel> {
  checkRange(o.from, o.to);
  const model = await getModel(db, scope, o.modelId);
  const channels = pickChannels(model.channels, o.channels);
  if (channels.length === 0)
    throw invalid('channels', {
      en: 'the asset model has no numeric channel',
      'zh-CN': '该资产型号没有数值通道',
    });
  const conditions = checkConditions(channels, o.conditions);
  const normalisers = checkNormalisers(model, channels, o.normalisers);
  const assets = await collectRows(db, telemetry, scope, model.id, channels, o);
  const rows = assets.flatMap((a) => a.rows);
  const needed = minTrainingRows(channels.length);
  if (rows.length < needed)
    throw new RongheError(
      'RONGHE_BAD_REQUEST',
      {
        en: `insufficient-data: ${rows.length} hours with every channel (${channels.join(', ')}) between from and to over ${assets.length} assets; need at least ${needed}. Widen from/to or wait for more telemetry.`,
        'zh-CN': `insufficient-data：from 与 to 之间 ${assets.length} 台资产上各通道（${channels.join('、')}）齐全的只有 ${rows.length} 小时，至少需要 ${needed} 小时。请放宽 from/to 或等待更多遥测数据。`,
      },
      { status: 'insufficient-data', field: 'from', rows: rows.length, needed },
    );
  const fit = fitFleetBaseline(assets, channels, {
    conditions,
    normalisers,
    from: o.from,
    to: o.to,
    minRows: needed,
  });
  const used = fit.used;
  return registerModel(db, scope, {
    kind: 'health-baseline',
    assetModelId: model.id,
    training: {
      assets: used,
      assetCount: used.length,
      from: o.from,
      to: o.to,
      points: rows.length,
      channels,
      ...(conditions.length ? { conditions } : {}),
      ...(normalisers.length ? { normalisers } : {}),
      excluded: fit.excluded,
    },
    metrics: { ...fit.metrics },
    model: fit.baseline,
  });
}

/**
 * Retraining on demand: a new version of a registered health baseline over a new healthy period,
 * with the same asset model and channels (RUL and bearing models are retrained from their files
 * with `ronghe phm rul|bearing train`).
 */
export async function retrainHealthBaseline(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  id: string,
  range: { from: number; to: number },
): Promise<RegisteredModel> {
  const prev = await getRegisteredModel(db, scope, id);
  if (prev.kind !== 'health-baseline')
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: `Model '${id}' is a ${prev.kind} model; only health baselines retrain from live telemetry.`,
      'zh-CN': `模型“${id}”是 ${prev.kind} 模型；只有健康基线可以用实时遥测重新训练。`,
    });
  return trainHealthBaseline(db, telemetry, scope, {
    modelId: prev.assetModelId,
    channels: prev.training.channels,
    ...(prev.training.conditions ? { conditions: prev.training.conditions } : {}),
    ...(prev.training.normalisers ? { normalisers: prev.training.normalisers } : {}),
    ...range,
  });
}
