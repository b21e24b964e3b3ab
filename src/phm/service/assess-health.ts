// Health of one live asset: its recent hourly means scored against the active health baseline of
// its asset model (0–100 per hour, with each channel's share of the latest deviation), a trend
// RUL in hours from the decline of that score (src/phm/analytics/degradation-trend.ts), and an
// assessment row recording which model version produced the figures. Optionally the scores are
// written back as the telemetry channel `health_index` — only when the asset model declares
// that channel or allows new ones; otherwise the result says why nothing was written. Each
// hour's score is stamped at the hour start (aligned with the channels' hourly rollups), and the
// latest also at the asset's latest telemetry time so that monitoring rules on health_index
// (e.g. a threshold "health_index below 30") see it.
import { getAsset, getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import type { ChannelContribution, HealthBaseline } from '../analytics/health-index.ts';
import { healthScore } from '../analytics/health-index.ts';
import { trendRul } from '../analytics/degradation-trend.ts';
import { HEALTH_CHANNEL, RUL_CHANNEL } from './channels.ts';
import { HOUR_MS, hourlyRows } from './hourly-rows.ts';
import { activeModel, phm, phmId } from './registry.ts';
import { checkRange } from './train-health.ts';

export { HEALTH_CHANNEL, RUL_CHANNEL } from './channels.ts';

const conditionNames = (b: HealthBaseline): string[] =>
  b.regression?.conditionIndex.map((j) => b.channels[j] as string) ?? [];

export type RulEstimate =
  | { kind: 'no-trend'; reason: string }
  /** Hours until the score reaches 20; `upper` null when the slower bound never gets there. */
  | { kind: 'trend'; hours: number; lower: number; upper: number | null; slopePerHour: number };

export type WriteBack =
  | { status: 'written'; points: number }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

export type HealthAssessment =
  | {
      status: 'insufficient-data';
      assetId: string;
      modelId: string;
      modelVersion: number;
      reason: string;
    }
  | {
      status: 'ok';
      assetId: string;
      modelId: string;
      modelVersion: number;
      assessmentId: string;
      trend: { t: number; health: number }[];
      /** Hours with data left out because their operating point lay outside the baseline's. */
      outOfRangeHours: number;
      latest: { t: number; health: number; t2: number; contributions: ChannelContribution[] };
      rul: RulEstimate;
      writeBack: WriteBack;
      /** The trend RUL as `rul_hours` at the latest stamp. */
      rulWriteBack: WriteBack;
    };

/** What an assessment keeps (phm_assessments.detail), so that reading health never computes. */
export interface StoredHealth {
  trend: { t: number; health: number }[];
  latest: { t: number; health: number; t2: number; contributions: ChannelContribution[] };
  rul: RulEstimate;
  outOfRangeHours: number;
}

export interface AssessOptions {
  from: number;
  to: number;
  /** Write the hourly scores back as the `health_index` channel, and the RUL as `rul_hours`. */
  writeBack?: boolean;
}

function rulOf(points: { t: number; health: number }[]): RulEstimate {
  const t0 = points[0]?.t ?? 0;
  const r = trendRul(points.map((p) => ({ t: (p.t - t0) / HOUR_MS, score: p.health })));
  if (r.kind === 'no-trend') return { kind: 'no-trend', reason: r.reason };
  return {
    kind: 'trend',
    hours: r.rul,
    lower: r.lower,
    upper: Number.isFinite(r.upper) ? r.upper : null,
    slopePerHour: r.slope,
  };
}

type Point = { asset: string; ts: number; values: Record<string, number> };

/** What the assessment says of each written-back channel (HealthAssessment's two fields). */
interface WriteBacks {
  writeBack: WriteBack;
  rulWriteBack: WriteBack;
}

const undeclared = (channel: string): WriteBack => ({
  status: 'skipped',
  reason: `asset model declares no '${channel}' channel and allows no new channels`,
});

/**
 * The hourly scores as `health_index`, and the trend RUL as `rul_hours` at the latest stamps
 * only (it is one estimate, not a series), each where the asset model declares the channel or
 * allows new ones. One ingest, so a rule sees both at the same time.
 */
async function writeBack(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  asset: { id: string; modelId: string },
  trend: { t: number; health: number }[],
  rul: RulEstimate,
): Promise<WriteBacks> {
  const model = await getModel(db, scope, asset.modelId);
  const may = (ch: string) => model.allowNewChannels || model.channels.some((c) => c.key === ch);
  const health = may(HEALTH_CHANNEL);
  const hours = rul.kind === 'trend' && Number.isFinite(rul.hours) ? rul.hours : undefined;
  // A model trained on recorded failures knows more than the trend of a health index: when the
  // asset model has an active RUL model, rul_hours is its to write (assess-rul.ts).
  const rulModel = await activeModel(db, scope, 'rul', asset.modelId);
  const rulSkip: WriteBack | undefined = rulModel
    ? {
        status: 'skipped',
        reason: `the asset model's active RUL model (version ${rulModel.meta.version}) writes ${RUL_CHANNEL}`,
      }
    : hours === undefined
      ? {
          status: 'skipped',
          reason: `no RUL trend (${rul.kind === 'no-trend' ? rul.reason : 'unbounded'})`,
        }
      : !may(RUL_CHANNEL)
        ? undeclared(RUL_CHANNEL)
        : undefined;
  if (!health && rulSkip) return { writeBack: undeclared(HEALTH_CHANNEL), rulWriteBack: rulSkip };
  const all = { tenantId: scope.tenantId, customerIds: null };
  const points: Point[] = trend.map((p) => ({
    asset: asset.id,
    ts: p.t,
    values: health ? { [HEALTH_CHANNEL]: p.health } : ({} as Record<string, number>),
  }));
  // The monitoring engine moves forward in time per asset and ignores older points, so hourly
  // scores stamped at the hour start would never reach a rule. The latest score is therefore
  // also stamped at the asset's latest telemetry time when that lies in the last scored hour.
  const last = points[points.length - 1];
  const latest = await telemetry.queries.latest(all, {
    assets: [asset.id],
    channels: model.channels.map((c) => c.key),
  });
  const newest = Math.max(...latest.map((l) => l.ts));
  const stamps = [last];
  if (last && newest > last.ts && newest < last.ts + HOUR_MS) {
    const at = { asset: asset.id, ts: newest, values: { ...last.values } };
    points.push(at);
    stamps.push(at);
  }
  if (!rulSkip) for (const p of stamps) if (p) p.values[RUL_CHANNEL] = hours!;
  const written = points.filter((p) => Object.keys(p.values).length > 0);
  const count = (ch: string) => written.filter((p) => p.values[ch] !== undefined).length;
  try {
    await telemetry.ingestJson(all, written);
    return {
      writeBack: health
        ? { status: 'written', points: count(HEALTH_CHANNEL) }
        : undeclared(HEALTH_CHANNEL),
      rulWriteBack: rulSkip ?? { status: 'written', points: count(RUL_CHANNEL) },
    };
  } catch (e) {
    const failed: WriteBack = {
      status: 'failed',
      reason: e instanceof Error ? e.message : String(e),
    };
    return {
      writeBack: health ? failed : undeclared(HEALTH_CHANNEL),
      rulWriteBack: rulSkip ?? failed,
    };
  }
}

/** The assessment row: which model version gave which health and RUL for the asset. */
async function recordAssessment(
  db: Db,
  scope: Scope,
  asset: { id: string; customerId: string | null },
  model: { id: string; version: number },
  r: { at: number; health: number; rul: RulEstimate; detail: StoredHealth },
): Promise<string> {
  const id = phmId('pa');
  const trend = r.rul.kind === 'trend' ? r.rul : undefined;
  await phm(db)
    .insertInto('phm_assessments')
    .values({
      id,
      tenant_id: scope.tenantId,
      asset_id: asset.id,
      customer_id: asset.customerId,
      model_id: model.id,
      model_version: model.version,
      at: r.at,
      health: r.health,
      rul: trend ? trend.hours : null,
      lower: trend ? trend.lower : null,
      upper: trend ? trend.upper : null,
      created_at: Date.now(),
      kind: 'health',
      detail: JSON.stringify(r.detail),
    })
    .execute();
  return id;
}

const notRequested: WriteBack = { status: 'skipped', reason: 'not requested' };

export async function assessAsset(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  assetId: string,
  o: AssessOptions,
): Promise<HealthAssessment> {
  checkRange(o.from, o.to);
  const asset = await getAsset(db, scope, assetId);
  if (!asset.modelId)
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: `Asset '${assetId}' has no asset model.`,
      'zh-CN': `资产“${assetId}”没有资产型号。`,
    });
  const active = await activeModel<HealthBaseline>(db, scope, 'health-baseline', asset.modelId);
  if (!active)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      {
        en: `No active health baseline for asset model '${asset.modelId}'; train one with POST /api/v1/phm/models/health-baseline.`,
        'zh-CN': `资产型号“${asset.modelId}”没有启用的健康基线，请用 POST /api/v1/phm/models/health-baseline 训练一个。`,
      },
      { resource: 'health-baseline', id: asset.modelId },
    );
  const b = active.model;
  const ref = { assetId: asset.id, modelId: active.meta.id, modelVersion: active.meta.version };
  const rows = await hourlyRows(telemetry, scope, asset.id, b.channels, o.from, o.to);
  if (rows.length === 0)
    return {
      status: 'insufficient-data',
      ...ref,
      reason: `no hour between from and to with every channel (${b.channels.join(', ')})`,
    };
  // Hours at an operating point the baseline never saw are left out, not scored as faults.
  const scored = rows
    .map((r) => ({ t: r.t, s: healthScore(b, r.values, asset.properties) }))
    .filter((r) => r.s.inRange);
  const lastScored = scored[scored.length - 1];
  if (!lastScored)
    return {
      status: 'insufficient-data',
      ...ref,
      reason: `all ${rows.length} hours lie outside the operating range of the baseline (conditions ${conditionNames(b).join(', ')})`,
    };
  const trend = scored.map((r) => ({ t: r.t, health: r.s.score }));
  const last = { t: lastScored.t };
  const now = lastScored.s;
  const contributions = [...now.contributions].sort((x, y) => y.value - x.value);
  const rul = rulOf(trend);
  const latest = { t: last.t, health: now.score, t2: now.t2, contributions };
  const outOfRangeHours = rows.length - scored.length;
  const assessmentId = await recordAssessment(db, scope, asset, active.meta, {
    at: last.t,
    health: now.score,
    rul,
    detail: { trend, latest, rul, outOfRangeHours },
  });
  return {
    status: 'ok',
    ...ref,
    assessmentId,
    trend,
    outOfRangeHours,
    latest,
    rul,
    ...(o.writeBack
      ? await writeBack(db, telemetry, scope, { id: asset.id, modelId: asset.modelId }, trend, rul)
      : { writeBack: notRequested, rulWriteBack: notRequested }),
  };
}
