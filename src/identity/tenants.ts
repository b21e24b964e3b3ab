import { RongheError, newId, type TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';

export interface Tenant {
  id: TenantId;
  slug: string;
  name: string;
  createdAt: number;
}

const toTenant = (r: { id: string; slug: string; name: string; created_at: number }): Tenant => ({
  id: r.id as TenantId,
  slug: r.slug,
  name: r.name,
  createdAt: r.created_at,
});

export async function createTenant(
  db: Db,
  input: { slug: string; name: string },
  actor: string,
): Promise<Tenant> {
  const id = newId('tenant');
  return db.kysely.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (exists)
      throw new RongheError('RONGHE_CONFLICT', {
        en: `slug: a tenant '${input.slug}' exists already; pick another slug.`,
        'zh-CN': `slug：租户“${input.slug}”已存在，请换一个标识。`,
      });
    const row = { id, slug: input.slug, name: input.name, created_at: Date.now() };
    await trx.insertInto('tenants').values(row).execute();
    await recordAudit(trx, {
      tenantId: id,
      actor,
      action: 'tenant.create',
      entityType: 'tenant',
      entityId: id,
      details: input,
    });
    return toTenant(row);
  });
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  const rows = await db.kysely.selectFrom('tenants').selectAll().orderBy('slug').execute();
  return rows.map(toTenant);
}

export async function getTenant(db: Db, id: TenantId): Promise<Tenant | undefined> {
  const r = await db.kysely
    .selectFrom('tenants')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toTenant(r);
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  const r = await db.kysely
    .selectFrom('tenants')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
  return r && toTenant(r);
}
