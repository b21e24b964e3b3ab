// How long audit records stay in the database, per tenant (and `platform` for the records
// outside tenants): GB/T 22239-2019 8.1.4.3 c ("审计记录…留存时间符合法律法规要求") and the
// Cybersecurity Law art. 21 ("留存相关的网络日志不少于六个月"). Past it, records are moved to
// archive files (audit-archive.ts), not dropped; a shorter setting than six months is refused.
import { invalid, reason, type TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';

/** Six months of 30 days and a margin: the legal floor, and the default. */
export const AUDIT_RETENTION_MIN_DAYS = 180;
export const AUDIT_RETENTION_MAX_DAYS = 36_500;

const scopeKey = (tenantId: string | null): string => tenantId ?? 'platform';

/** Days of every scope that has a setting; scopes without one keep the default. */
export async function auditRetentions(db: Db): Promise<Map<string, number>> {
  const rows = await db.kysely.selectFrom('audit_retention').select(['scope_id', 'days']).execute();
  return new Map(rows.map((r) => [r.scope_id, Number(r.days)]));
}

export async function auditRetentionOf(db: Db, tenantId: string | null): Promise<number> {
  const r = await db.kysely
    .selectFrom('audit_retention')
    .select('days')
    .where('scope_id', '=', scopeKey(tenantId))
    .executeTakeFirst();
  return r ? Number(r.days) : AUDIT_RETENTION_MIN_DAYS;
}

/** Sets a scope's retention, audited as `audit.retention.update`. */
export async function setAuditRetention(
  db: Db,
  tenantId: TenantId | null,
  days: number,
  actor: string,
): Promise<number> {
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_MIN_DAYS || days > AUDIT_RETENTION_MAX_DAYS)
    throw invalid(
      'auditRetentionDays',
      reason(
        {
          en: 'a whole number of days from {min} to {max}: audit records are kept at least six months (GB/T 22239-2019 8.1.4.3 c, Cybersecurity Law art. 21)',
          'zh-CN':
            '应为 {min} 至 {max} 之间的整数天：审计记录至少留存六个月（GB/T 22239-2019 8.1.4.3 c，《网络安全法》第二十一条）',
        },
        { min: AUDIT_RETENTION_MIN_DAYS, max: AUDIT_RETENTION_MAX_DAYS },
      ),
    );
  const row = {
    scope_id: scopeKey(tenantId),
    days,
    updated_at: Date.now(),
    updated_by: actor,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('audit_retention').where('scope_id', '=', row.scope_id).execute();
    await trx.insertInto('audit_retention').values(row).execute();
    await recordAudit(trx, {
      tenantId,
      actor,
      action: 'audit.retention.update',
      entityType: 'tenant',
      entityId: row.scope_id,
      details: { days },
    });
  });
  return days;
}
