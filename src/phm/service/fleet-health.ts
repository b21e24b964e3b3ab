// The installed base's health in one read: for every asset with a stored health assessment, the
// figure its own page leads with (latest-health.ts `combined`: the worse of the baseline and the
// latest bearing diagnosis), worst first. The console's overview listed the latest log row of any
// kind instead, so an asset's last bearing diagnosis or RUL prediction stood in its health
// column (an RUL row's "health" is the share of the horizon left) and a healthy baseline beside
// an inner-race fault read 良好. Never computes; reads only.
import { scopedAssets } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { latestHealth } from './latest-health.ts';
import { phm } from './registry.ts';

export interface FleetHealthItem {
  assetId: string;
  modelId: string;
  modelVersion: number;
  assessedAt: number;
  /** The combined health (0–100) and which figure set it. */
  health: number;
  source: 'baseline' | 'diagnosis';
  baselineHealth: number;
  diagnosis: { label: string; level: string } | null;
  /** Trend RUL of the health assessment in hours, with its interval; null without a trend. */
  rul: number | null;
  lower: number | null;
  upper: number | null;
}

export async function fleetHealth(
  db: Db,
  scope: Scope,
  q: { assetModelId?: string } = {},
): Promise<FleetHealthItem[]> {
  let s = phm(db)
    .selectFrom('phm_assessments')
    .select('asset_id')
    .distinct()
    .where('tenant_id', '=', scope.tenantId)
    .where((eb) => eb.or([eb('kind', '=', 'health'), eb('kind', 'is', null)]))
    .where('detail', 'is not', null);
  if (scope.customerIds !== null)
    s = s.where('asset_id', 'in', scopedAssets(db, scope).select('assets.id'));
  if (q.assetModelId)
    s = s.where('asset_id', 'in', (eb) =>
      eb
        .selectFrom('assets')
        .select('assets.id')
        .where('assets.tenant_id', '=', scope.tenantId)
        .where('assets.model_id', '=', q.assetModelId!),
    );
  const out: FleetHealthItem[] = [];
  for (const { asset_id } of await s.execute()) {
    const h = await latestHealth(db, scope, asset_id);
    const c = h.combined;
    out.push({
      assetId: h.assetId,
      modelId: h.modelId,
      modelVersion: h.modelVersion,
      assessedAt: h.assessedAt,
      health: c.health,
      source: c.source,
      baselineHealth: c.baselineHealth,
      diagnosis: c.diagnosis && { label: c.diagnosis.label, level: c.diagnosis.level },
      rul: h.rul.kind === 'trend' ? h.rul.hours : null,
      lower: h.rul.kind === 'trend' ? h.rul.lower : null,
      upper: h.rul.kind === 'trend' ? h.rul.upper : null,
    });
  }
  return out.sort((a, b) => a.health - b.health || a.assetId.localeCompare(b.assetId));
}
