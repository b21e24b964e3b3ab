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
import { HOUR_MS, hourlyRows } from './hourly-rows.ts';
import { activeModel, phm, phmId } from './registry.ts';
import { checkRange } from './train-health.ts';

export const HEALTH_CHANNEL = 'health_index';

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
      latest: { t: number; health: number; t2: number; contributions: ChannelContribution[] };
      rul: RulEstimate;
      writeBack: WriteBack;
    };

export interface AssessOptions {
  from: number;
  to: number;
  /** Write the hourly scores back as the `health_index` channel. */
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

async function writeBack(
  db: Db,
  telemetry: TelemetryService,
  scope: Scope,
  asset: { id: string; modelId: string },
  trend: { t: number; health: number }[],
): Promise<WriteBack> {
  const model = await getModel(db, scope, asset.modelId);
  if (!model.allowNewChannels && !model.channels.some((c) => c.key === HEALTH_CHANNEL))
    return {
      status: 'skipped',
      reason: `asset model declares no '${HEALTH_CHANNEL}' channel and allows no new channels`,
    };
  const all = { tenantId: scope.tenantId, customerIds: null };
  const points = trend.map((p) => ({
    asset: asset.id,
    ts: p.t,
    values: { [HEALTH_CHANNEL]: p.health },
  }));
  // The monitoring engine moves forward in time per asset and ignores older points, so hourly
  // scores stamped at the hour start would never reach a rule. The latest score is therefore
  // also stamped at the asset's latest telemetry time when that lies in the last scored hour.
  const last = trend[trend.length - 1];
  const latest = await telemetry.queries.latest(all, {
    assets: [asset.id],
    channels: model.channels.map((c) => c.key),
  });
  const newest = Math.max(...latest.map((l) => l.ts));
  if (last && newest > last.t && newest < last.t + HOUR_MS)
    points.push({ asset: asset.id, ts: newest, values: { [HEALTH_CHANNEL]: last.health } });
  try {
    const r = await telemetry.ingestJson(all, points);
    return { status: 'written', points: r.points };
  } catch (e) {
    return { status: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The assessment row: which model version gave which health and RUL for the asset. */
async function recordAssessment(
  db: Db,
  scope: Scope,
  asset: { id: string; customerId: string | null },
  model: { id: string; version: number },
  r: { at: number; health: number; rul: RulEstimate },
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
    })
    .execute();
  return id;
}

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
    throw new RongheError('RONGHE_BAD_REQUEST', `Asset '${assetId}' has no asset model.`);
  const active = await activeModel<HealthBaseline>(db, scope, 'health-baseline', asset.modelId);
  if (!active)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      `No active health baseline for asset model '${asset.modelId}'; train one with POST /api/v1/phm/models/health-baseline.`,
      { resource: 'health-baseline', id: asset.modelId },
    );
  const b = active.model;
  const ref = { assetId: asset.id, modelId: active.meta.id, modelVersion: active.meta.version };
  const rows = await hourlyRows(telemetry, scope, asset.id, b.channels, o.from, o.to);
  const last = rows[rows.length - 1];
  if (!last)
    return {
      status: 'insufficient-data',
      ...ref,
      reason: `no hour between from and to with every channel (${b.channels.join(', ')})`,
    };
  const trend = rows.map((r) => ({ t: r.t, health: healthScore(b, r.values).score }));
  const now = healthScore(b, last.values);
  const contributions = [...now.contributions].sort((x, y) => y.value - x.value);
  const rul = rulOf(trend);
  const assessmentId = await recordAssessment(db, scope, asset, active.meta, {
    at: last.t,
    health: now.score,
    rul,
  });
  return {
    status: 'ok',
    ...ref,
    assessmentId,
    trend,
    latest: { t: last.t, health: now.score, t2: now.t2, contributions },
    rul,
    writeBack: o.writeBack
      ? await writeBack(db, telemetry, scope, { id: asset.id, modelId: asset.modelId }, trend)
      : { status: 'skipped', reason: 'not requested' },
  };
}
