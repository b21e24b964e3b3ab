// The administrator settings of a tenant, or of the platform for accounts outside tenants: a
// second factor required of administrator roles (GB/T 22239-2019 8.1.4.1 d, "应采用口令、密码
// 技术、生物技术等两种或两种以上组合的鉴别技术") and separation of duties (8.1.4.2 c, 8.1.5.1–3:
// system, security and audit administrators). The security profile sets a floor (mlps3: both
// on) that a tenant cannot lower; a tenant may turn either on for itself.
import { invalid, reason, type TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';

export interface AdminPolicy {
  /** Administrator roles must log in with a second factor (enrolment forced at next login). */
  mfaForAdmins: boolean;
  /** Platform and tenant admins lose accounts, policies and audit to the separated roles. */
  separation: boolean;
}

export const adminProfiles = {
  standard: { mfaForAdmins: false, separation: false },
  mlps3: { mfaForAdmins: true, separation: true },
} as const satisfies Record<string, AdminPolicy>;

/** The row of a tenant, or of the platform for tenant-less accounts. */
const scopeKey = (tenantId: string | null): string => tenantId ?? 'platform';

export interface EffectivePolicy extends AdminPolicy {
  /** What the security profile holds on whatever the tenant sets. */
  floor: AdminPolicy;
}

export async function adminPolicyOf(
  db: Db,
  tenantId: string | null,
  floor: AdminPolicy,
): Promise<EffectivePolicy> {
  const r = await db.kysely
    .selectFrom('security_settings')
    .select(['mfa_admins', 'separation'])
    .where('scope_id', '=', scopeKey(tenantId))
    .executeTakeFirst();
  return {
    mfaForAdmins: floor.mfaForAdmins || r?.mfa_admins === 1,
    separation: floor.separation || r?.separation === 1,
    floor,
  };
}

/** Changes a tenant's (or the platform's) settings; lowering the profile's floor is refused. */
export async function setAdminPolicy(
  db: Db,
  tenantId: TenantId | null,
  patch: Partial<AdminPolicy>,
  floor: AdminPolicy,
  actor: string,
): Promise<EffectivePolicy> {
  for (const field of ['mfaForAdmins', 'separation'] as const)
    if (patch[field] === false && floor[field])
      throw invalid(
        field,
        reason(
          {
            en: 'the security profile (RONGHE_SECURITY_PROFILE=mlps3) keeps {field} on',
            'zh-CN': '安全配置（RONGHE_SECURITY_PROFILE=mlps3）要求 {field} 保持开启',
          },
          { field },
        ),
      );
  const current = await adminPolicyOf(db, tenantId, { mfaForAdmins: false, separation: false });
  const next = { ...current, ...patch };
  const row = {
    scope_id: scopeKey(tenantId),
    mfa_admins: next.mfaForAdmins ? 1 : 0,
    separation: next.separation ? 1 : 0,
    updated_at: Date.now(),
    updated_by: actor,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('security_settings').where('scope_id', '=', row.scope_id).execute();
    await trx.insertInto('security_settings').values(row).execute();
    await recordAudit(trx, {
      tenantId,
      actor,
      action: 'security.settings.update',
      entityType: 'tenant',
      entityId: row.scope_id,
      details: { mfaForAdmins: next.mfaForAdmins, separation: next.separation },
    });
  });
  return adminPolicyOf(db, tenantId, floor);
}
