// Remaining life of one live asset by the active RUL model of its asset model: the asset's hourly
// history over the window (each hour one cycle, rul-inputs.ts) is predicted at its last hour; the
// prediction and its conformal interval are logged as an 'rul' assessment and, when asked,
// written back as `rul_hours`, `rul_lower_hours` and `rul_upper_hours` at the asset's latest
// telemetry time (the monitoring engine moves forward per asset, so a rule sees only points at
// or after the newest it has seen). Each channel is written where the asset model declares it
// or allows new channels; otherwise the result says why not.
import { getAsset, getModel, type Asset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { predictRul } from '../analytics/rul-model.ts';
import type { WriteBack } from './assess-health.ts';
import { RUL_CHANNEL, RUL_LOWER_CHANNEL, RUL_UPPER_CHANNEL } from './channels.ts';
import { hourlyRows } from './hourly-rows.ts';
import { latestAssessmentOf } from './assessments.ts';
import { activeModel, phm, phmId } from './registry.ts';
import { inputChannels, unitOfRows, type RulOnAssets } from './rul-inputs.ts';
import { checkRange } from './train-health.ts';

export type RulAssessment =
  | {
      status: 'insufficient-data';
      assetId: string;
      modelId: string;
      modelVersion: number;
      reason: string;
    }
  | ({
      status: 'ok';
      assetId: string;
      modelId: string;
      modelVersion: number;
      assessmentId: string;
      writeBack: WriteBack;
    } & StoredRul);

/** What an RUL assessment keeps (phm_assessments.detail). */
export interface StoredRul {
  /** Start of the last hour predicted at. */
  t: number;
  /** Hours (cycles) of history the prediction used. */
  cycles: number;
  rulHours: number;
  lowerHours: number;
  upperHours: number | null;
  /** The interval's nominal coverage (1 − α). */
  coverage: number;
  cap: number;
}

export async function activeRulModel(db: Db, scope: Scope, assetModelId: string) {
  return activeModel<RulOnAssets>(db, scope, 'rul', assetModelId);
}

async function writeBack(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  asset: Asset & { modelId: string },
  r: StoredRul,
  used: string[],
): Promise<WriteBack> {
  const model = await getModel(db, scope, asset.modelId);
  const may = (ch: string) => model.allowNewChannels || model.channels.some((c) => c.key === ch);
  if (!may(RUL_CHANNEL))
    return {
      status: 'skipped',
      reason: `asset model declares no '${RUL_CHANNEL}' channel and allows no new channels`,
    };
  const all = { tenantId: scope.tenantId, customerIds: null };
  const latest = await telemetry.queries.latest(all, { assets: [asset.id], channels: used });
  const ts = Math.max(r.t, ...latest.map((l) => l.ts));
  const values: Record<string, number> = { [RUL_CHANNEL]: r.rulHours };
  if (may(RUL_LOWER_CHANNEL)) values[RUL_LOWER_CHANNEL] = r.lowerHours;
  if (may(RUL_UPPER_CHANNEL) && r.upperHours !== null) values[RUL_UPPER_CHANNEL] = r.upperHours;
  try {
    await telemetry.ingestJson(all, [{ asset: asset.id, ts, values }]);
    return { status: 'written', points: 1 };
  } catch (e) {
    return { status: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}

export async function assessRul(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  assetId: string,
  o: { from: number; to: number; writeBack?: boolean },
): Promise<RulAssessment> {
  checkRange(o.from, o.to);
  const asset = await getAsset(db, scope, assetId);
  const modelId = asset.modelId;
  if (!modelId)
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: `Asset '${assetId}' has no asset model.`,
      'zh-CN': `资产“${assetId}”没有资产型号。`,
    });
  const active = await activeRulModel(db, scope, modelId);
  if (!active)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      {
        en: `No active RUL model for asset model '${modelId}'; train one with POST /api/v1/phm/models/rul.`,
        'zh-CN': `资产型号“${modelId}”没有启用的剩余寿命模型，请用 POST /api/v1/phm/models/rul 训练一个。`,
      },
      { resource: 'rul-model', id: modelId },
    );
  const m = active.model;
  const ref = { assetId: asset.id, modelId: active.meta.id, modelVersion: active.meta.version };
  const channels = inputChannels(m.inputs);
  const rows = await hourlyRows(telemetry, scope, asset.id, channels, o.from, o.to);
  if (rows.length === 0)
    return {
      status: 'insufficient-data',
      ...ref,
      reason: `no hour between from and to with every channel (${channels.join(', ')})`,
    };
  let p;
  try {
    p = predictRul(m.rul, [unitOfRows(1, m.inputs, rows)])[0]!;
  } catch (e) {
    // An operating point the model never saw (checkRegimes) is no basis for a prediction.
    if (e instanceof RongheError && e.code === 'RONGHE_INVALID_DATA')
      return { status: 'insufficient-data', ...ref, reason: e.message };
    throw e;
  }
  const h = m.hoursPerCycle;
  const stored: StoredRul = {
    t: rows[rows.length - 1]!.t,
    cycles: rows.length,
    rulHours: p.rul * h,
    lowerHours: p.lower * h,
    upperHours: Number.isFinite(p.upper) ? p.upper * h : null,
    coverage: 1 - m.rul.interval.alpha,
    cap: m.rul.cap * h,
  };
  const assessmentId = phmId('pa');
  await phm(db)
    .insertInto('phm_assessments')
    .values({
      id: assessmentId,
      tenant_id: scope.tenantId,
      asset_id: asset.id,
      customer_id: asset.customerId,
      model_id: active.meta.id,
      model_version: active.meta.version,
      at: stored.t,
      // The column is required; for an RUL assessment it holds the share of the capped horizon
      // left (100 = at or beyond the cap), not a health index.
      health: (100 * stored.rulHours) / stored.cap,
      rul: stored.rulHours,
      lower: stored.lowerHours,
      upper: stored.upperHours,
      created_at: Date.now(),
      kind: 'rul',
      detail: JSON.stringify(stored),
    })
    .execute();
  const wb: WriteBack = o.writeBack
    ? await writeBack(db, telemetry, scope, { ...asset, modelId }, stored, channels)
    : { status: 'skipped', reason: 'not requested' };
  return { status: 'ok', ...ref, assessmentId, ...stored, writeBack: wb };
}

/** The latest stored RUL assessment of an asset; never computes. */
export async function latestRul(db: Db, scope: Scope, assetId: string) {
  const asset = await getAsset(db, scope, assetId);
  const r = await latestAssessmentOf(db, scope.tenantId, asset.id, 'rul');
  if (!r?.detail)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      {
        en: `No RUL assessment of asset '${assetId}' yet; run POST /api/v1/phm/assets/${assetId}/assess with "kind": "rul", or schedule one.`,
        'zh-CN': `资产“${assetId}”尚无剩余寿命评估；请以 "kind": "rul" 调用 POST /api/v1/phm/assets/${assetId}/assess，或设置评估计划。`,
      },
      { resource: 'rul-assessment', id: assetId },
    );
  return {
    assetId: asset.id,
    assessmentId: r.id,
    modelId: r.model_id,
    modelVersion: Number(r.model_version),
    assessedAt: Number(r.created_at),
    ...(JSON.parse(r.detail) as StoredRul),
  };
}
