// The log of health assessments: which model version scored which asset, when, with what result.
// Customer-scoped callers see only assessments of the assets their customers have *now*: the
// customer stored with an assessment is the one at scoring time, and an asset may move since.
import { getAsset, scopedAssets } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { phm } from './registry.ts';

/** What scored: the health baseline, the RUL model or the bearing diagnosis. */
export const assessmentKinds = ['health', 'rul', 'bearing'] as const;
export type AssessmentKind = (typeof assessmentKinds)[number];

export interface AssessmentRecord {
  id: string;
  kind: AssessmentKind;
  assetId: string;
  modelId: string;
  modelVersion: number;
  at: number;
  health: number;
  rul: number | null;
  lower: number | null;
  upper: number | null;
  createdAt: number;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export async function listAssessments(
  db: Db,
  scope: Scope,
  q: {
    assetId?: string;
    modelId?: string;
    kind?: AssessmentKind;
    limit?: number;
    order?: 'asc' | 'desc';
    /** Keyset paging: the createdAt and id of the previous page's last assessment. */
    after?: { value: number; id: string };
  } = {},
): Promise<AssessmentRecord[]> {
  let s = phm(db).selectFrom('phm_assessments').selectAll().where('tenant_id', '=', scope.tenantId);
  if (q.assetId) s = s.where('asset_id', '=', (await getAsset(db, scope, q.assetId)).id);
  if (scope.customerIds !== null)
    s = s.where('asset_id', 'in', scopedAssets(db, scope).select('assets.id'));
  if (q.modelId) s = s.where('model_id', '=', q.modelId);
  // Rows from before kinds were recorded (migration 023) are health assessments.
  if (q.kind === 'health')
    s = s.where((eb) => eb.or([eb('kind', '=', 'health'), eb('kind', 'is', null)]));
  else if (q.kind) s = s.where('kind', '=', q.kind);
  const desc = (q.order ?? 'desc') === 'desc';
  const after = q.after;
  if (after)
    s = s.where((eb) =>
      eb.or([
        eb('created_at', desc ? '<' : '>', after.value),
        eb.and([eb('created_at', '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await s
    .orderBy('created_at', desc ? 'desc' : 'asc')
    .orderBy('id')
    .limit(q.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: (r.kind ?? 'health') as AssessmentKind,
    assetId: r.asset_id,
    modelId: r.model_id,
    modelVersion: Number(r.model_version),
    at: Number(r.at),
    health: Number(r.health),
    rul: num(r.rul),
    lower: num(r.lower),
    upper: num(r.upper),
    createdAt: Number(r.created_at),
  }));
}

/** The newest stored assessment of one kind ('bearing', 'rul') of an asset, if any; never computes. */
export async function latestAssessmentOf(
  db: Db,
  tenantId: string,
  assetId: string,
  kind: 'bearing' | 'rul',
) {
  const r = await phm(db)
    .selectFrom('phm_assessments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('asset_id', '=', assetId)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.detail ? { ...r, detail: r.detail } : undefined;
}
