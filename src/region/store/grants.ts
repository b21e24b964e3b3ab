// Grants of aggregate platform indicators across tenants (issue #22 §3). An enterprise tenant
// grants a region tenant read access to the fixed set of aggregates of platform.ts and may
// revoke it; without an active grant the region tenant sees nothing of the enterprise, not even
// that it exists. Granting, revoking and every read are audited in both tenants' logs.
import * as identity from '../../identity/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import { invalid, RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { RegionGrantTable } from '../../storage/region-schema.ts';
import { PLATFORM_INDICATOR_KEYS, platformIndicators } from '../platform.ts';
import type { PlatformIndicators, PlatformSources } from '../platform.ts';
import { audit, kOf, notFound, regionId, type K } from './common.ts';

export interface Grant {
  id: string;
  enterpriseTenant: { id: string; slug: string; name: string };
  regionTenant: { id: string; slug: string; name: string };
  indicators: readonly string[];
  revenueFen: number | null;
  grantedBy: string;
  grantedAt: number;
  revokedBy: string | null;
  revokedAt: number | null;
}

async function tenantRef(db: Db, id: string) {
  const t = await identity.getTenant(db, id as TenantId);
  return { id, slug: t?.slug ?? '', name: t?.name ?? '' };
}

async function toGrant(db: Db, r: RegionGrantTable): Promise<Grant> {
  return {
    id: r.id,
    enterpriseTenant: await tenantRef(db, r.tenant_id),
    regionTenant: await tenantRef(db, r.region_tenant_id),
    indicators: PLATFORM_INDICATOR_KEYS,
    revenueFen: r.revenue_fen === null ? null : Number(r.revenue_fen),
    grantedBy: r.granted_by,
    grantedAt: Number(r.granted_at),
    revokedBy: r.revoked_by,
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

/** The same event in the enterprise's log and in the region's. */
async function auditBoth(
  k: K,
  g: { enterprise: string; region: string; id: string },
  actor: string,
  action: string,
  details?: unknown,
) {
  for (const [tenantId, side] of [
    [g.enterprise, 'enterprise'],
    [g.region, 'region'],
  ] as const)
    await audit(k, {
      tenantId: tenantId as TenantId,
      actor,
      action,
      entityType: 'region_grant',
      entityId: g.id,
      details: {
        side,
        enterpriseTenantId: g.enterprise,
        regionTenantId: g.region,
        ...(details ?? {}),
      },
    });
}

export async function createGrant(
  db: Db,
  scope: Scope,
  input: { regionTenant: string; revenueFen?: number | null },
  now = Date.now(),
): Promise<Grant> {
  const region = await identity.findTenantBySlug(db, input.regionTenant);
  if (!region)
    throw invalid('regionTenant', {
      en: `no tenant '${input.regionTenant}'`,
      'zh-CN': `没有租户“${input.regionTenant}”`,
    });
  if (region.id === scope.tenantId)
    throw invalid('regionTenant', {
      en: 'a tenant cannot grant itself',
      'zh-CN': '租户不能授权给自己',
    });
  const rev = input.revenueFen ?? null;
  if (rev !== null && !(Number.isSafeInteger(rev) && rev > 0))
    throw invalid('revenueFen', {
      en: 'expected a positive whole number of fen',
      'zh-CN': '应为正整数（单位：分）',
    });
  const k = kOf(db);
  const active = await k
    .selectFrom('region_grants')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('region_tenant_id', '=', region.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (active)
    throw new RongheError('RONGHE_CONFLICT', {
      en: `an active grant to '${input.regionTenant}' exists (${active.id})`,
      'zh-CN': `已存在对“${input.regionTenant}”的有效授权（${active.id}）`,
    });
  const row: RegionGrantTable = {
    id: regionId('rg'),
    tenant_id: scope.tenantId,
    region_tenant_id: region.id,
    revenue_fen: rev,
    granted_by: scope.actor,
    granted_at: now,
    revoked_by: null,
    revoked_at: null,
  };
  await k.transaction().execute(async (t) => {
    await t.insertInto('region_grants').values(row).execute();
    await auditBoth(
      t,
      { enterprise: row.tenant_id, region: row.region_tenant_id, id: row.id },
      scope.actor,
      'region.grant.create',
      { indicators: PLATFORM_INDICATOR_KEYS },
    );
  });
  return toGrant(db, row);
}

export async function revokeGrant(
  db: Db,
  scope: Scope,
  id: string,
  now = Date.now(),
): Promise<Grant> {
  const k = kOf(db);
  const row = await k
    .selectFrom('region_grants')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Grant', id);
  if (row.revoked_at !== null)
    throw RongheError.of('RONGHE_INVALID_TRANSITION', { reason: 'the grant is already revoked' });
  await k.transaction().execute(async (t) => {
    await t
      .updateTable('region_grants')
      .set({ revoked_at: now, revoked_by: scope.actor })
      .where('id', '=', id)
      .execute();
    await auditBoth(
      t,
      { enterprise: row.tenant_id, region: row.region_tenant_id, id },
      scope.actor,
      'region.grant.revoke',
    );
  });
  return toGrant(db, { ...row, revoked_at: now, revoked_by: scope.actor });
}

/** Grants the caller's tenant has given (as an enterprise), revoked ones included. */
export async function listGivenGrants(db: Db, scope: Scope): Promise<Grant[]> {
  const rows = await kOf(db)
    .selectFrom('region_grants')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('granted_at', 'desc')
    .execute();
  return Promise.all(rows.map((r) => toGrant(db, r)));
}

export interface EnterpriseIndicators {
  grantId: string;
  enterpriseTenant: { id: string; slug: string; name: string };
  indicators: PlatformIndicators;
  at: number;
}

/** The aggregates of every enterprise with an active grant to the caller's (region) tenant;
 * each read is audited in both tenants. `enterpriseTenantId` narrows to one (404 without a grant). */
export async function readPlatformIndicators(
  src: PlatformSources,
  scope: Scope,
  /** The enterprise tenant's id, or its slug (as a grant names the region tenant). */
  enterpriseTenant?: string,
  now = Date.now(),
): Promise<EnterpriseIndicators[]> {
  const { db } = src;
  const enterpriseTenantId =
    enterpriseTenant && !/^te_/.test(enterpriseTenant)
      ? ((await identity.findTenantBySlug(db, enterpriseTenant))?.id ?? enterpriseTenant)
      : enterpriseTenant;
  let q = kOf(db)
    .selectFrom('region_grants')
    .selectAll()
    .where('region_tenant_id', '=', scope.tenantId)
    .where('revoked_at', 'is', null);
  if (enterpriseTenantId) q = q.where('tenant_id', '=', enterpriseTenantId);
  const grants = await q.orderBy('granted_at').execute();
  // Not "forbidden": without a grant the enterprise is simply not there for this tenant.
  if (enterpriseTenant && !grants.length) throw notFound('Enterprise', enterpriseTenant);
  const out: EnterpriseIndicators[] = [];
  for (const g of grants) {
    const enterpriseScope: Scope = {
      tenantId: g.tenant_id as TenantId,
      customerIds: null,
      actor: `region:${scope.tenantId}`,
    };
    const indicators = await platformIndicators(
      src,
      enterpriseScope,
      g.revenue_fen === null ? null : Number(g.revenue_fen),
      now,
    );
    await kOf(db)
      .transaction()
      .execute((t) =>
        auditBoth(
          t,
          { enterprise: g.tenant_id, region: g.region_tenant_id, id: g.id },
          scope.actor,
          'region.indicators.read',
        ),
      );
    out.push({
      grantId: g.id,
      enterpriseTenant: await tenantRef(db, g.tenant_id),
      indicators,
      at: now,
    });
  }
  return out;
}
