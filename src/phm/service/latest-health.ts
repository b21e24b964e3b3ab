// Reading an asset's health: the latest stored assessment (from POST …/assess or a schedule),
// never a new computation, so that a dashboard polling it neither writes nor burns CPU. The
// figure it leads with (`combined`) also hears the latest bearing diagnosis: the worse of the
// baseline health and the diagnosis mapped by severity and confidence
// (analytics/combined-health.ts), with which of the two set it.
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { SeverityLevel } from '../analytics/bearing-model.ts';
import { combineHealth, type CombinedHealth } from '../analytics/combined-health.ts';
import type { StoredHealth } from './assess-health.ts';
import { latestAssessmentOf } from './assessments.ts';
import { phm } from './registry.ts';
import type { StoredDiagnosis } from './waveforms.ts';

export interface HealthWithDiagnosis extends CombinedHealth {
  /** The latest bearing diagnosis that was combined, or null when the asset has none. */
  diagnosis: {
    assessmentId: string;
    at: number;
    label: string;
    level: SeverityLevel;
    defect: string | null;
    share: number;
    meanProbability: number;
  } | null;
}

export interface LatestHealth extends StoredHealth {
  status: 'ok';
  assetId: string;
  modelId: string;
  modelVersion: number;
  assessmentId: string;
  /** When the assessment ran (epoch ms); latest.t is the hour it scored last. */
  assessedAt: number;
  /** The health to show: the baseline's latest, or worse when the bearing diagnosis says so. */
  combined: HealthWithDiagnosis;
}

async function latestDiagnosisRow(db: Db, scope: Scope, assetId: string) {
  const r = await latestAssessmentOf(db, scope.tenantId, assetId, 'bearing');
  if (!r?.detail) return null;
  const d = JSON.parse(r.detail) as StoredDiagnosis;
  return {
    assessmentId: r.id,
    at: Number(r.at),
    label: d.label,
    level: d.severity.level,
    defect: d.severity.defect ?? null,
    share: d.share,
    meanProbability: d.meanProbability,
  };
}

export async function latestHealth(db: Db, scope: Scope, assetId: string): Promise<LatestHealth> {
  const asset = await getAsset(db, scope, assetId);
  const r = await phm(db)
    .selectFrom('phm_assessments')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('asset_id', '=', asset.id)
    .where((eb) => eb.or([eb('kind', '=', 'health'), eb('kind', 'is', null)]))
    .where('detail', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r?.detail)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      {
        en: `No health assessment of asset '${assetId}' yet; run POST /api/v1/phm/assets/${assetId}/assess or schedule assessments with PUT /api/v1/phm/schedules.`,
        'zh-CN': `资产“${assetId}”尚无健康评估；请调用 POST /api/v1/phm/assets/${assetId}/assess，或用 PUT /api/v1/phm/schedules 设置评估计划。`,
      },
      { resource: 'health-assessment', id: assetId },
    );
  const stored = JSON.parse(r.detail) as StoredHealth;
  const diagnosis = await latestDiagnosisRow(db, scope, asset.id);
  return {
    status: 'ok',
    assetId: asset.id,
    modelId: r.model_id,
    modelVersion: Number(r.model_version),
    assessmentId: r.id,
    assessedAt: Number(r.created_at),
    ...stored,
    combined: { ...combineHealth(stored.latest.health, diagnosis), diagnosis },
  };
}
