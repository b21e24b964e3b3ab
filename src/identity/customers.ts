import {
  RongheError,
  newId,
  notFound,
  subtreeIds,
  type CustomerId,
  type TenantId,
} from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import type { Scope } from './principal.ts';

export interface Customer {
  id: CustomerId;
  parentId: CustomerId | null;
  name: string;
  createdAt: number;
}

type Row = { id: string; parent_id: string | null; name: string; created_at: number };
const toCustomer = (r: Row): Customer => ({
  id: r.id as CustomerId,
  parentId: r.parent_id as CustomerId | null,
  name: r.name,
  createdAt: r.created_at,
});

const visible = (scope: Scope, id: string) =>
  scope.customerIds === null || scope.customerIds.includes(id as CustomerId);

/** The customer and all its descendants (group → plant → …), within one tenant. */
export async function customerSubtree(
  db: Db,
  tenantId: TenantId,
  root: CustomerId,
): Promise<CustomerId[]> {
  const rows = await db.kysely
    .selectFrom('customers')
    .select(['id', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return subtreeIds(rows, root) as CustomerId[];
}

export async function getCustomer(db: Db, scope: Scope, id: string): Promise<Customer> {
  const r = await db.kysely
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r || !visible(scope, r.id)) throw notFound('Customer', id);
  return toCustomer(r);
}

export async function listCustomers(db: Db, scope: Scope): Promise<Customer[]> {
  let q = db.kysely.selectFrom('customers').selectAll().where('tenant_id', '=', scope.tenantId);
  if (scope.customerIds)
    q = q.where('id', 'in', scope.customerIds.length ? scope.customerIds : ['']);
  return (await q.orderBy('name').execute()).map(toCustomer);
}

export async function createCustomer(
  db: Db,
  scope: Scope,
  input: { name: string; parentId?: string | null },
): Promise<Customer> {
  if (input.parentId) await getCustomer(db, scope, input.parentId);
  const row = {
    id: newId('customer'),
    tenant_id: scope.tenantId,
    parent_id: input.parentId ?? null,
    name: input.name,
    created_at: Date.now(),
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('customers').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'customer.create',
      entityType: 'customer',
      entityId: row.id,
      details: input,
    });
  });
  return toCustomer(row);
}

export async function updateCustomer(
  db: Db,
  scope: Scope,
  id: string,
  patch: { name?: string; parentId?: string | null },
): Promise<Customer> {
  const current = await getCustomer(db, scope, id);
  if (patch.parentId) {
    await getCustomer(db, scope, patch.parentId);
    const below = await customerSubtree(db, scope.tenantId, current.id);
    if (below.includes(patch.parentId as CustomerId)) {
      throw new RongheError('RONGHE_CONFLICT', {
        en: `parentId: '${patch.parentId}' is '${id}' or below it; a customer cannot be its own ancestor.`,
        'zh-CN': `parentId：“${patch.parentId}”就是“${id}”或在其之下；客户不能成为自己的上级。`,
      });
    }
  }
  const next = {
    name: patch.name ?? current.name,
    parent_id: patch.parentId === undefined ? current.parentId : patch.parentId,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('customers')
      .set(next)
      .where('id', '=', id)
      .where('tenant_id', '=', scope.tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'customer.update',
      entityType: 'customer',
      entityId: id,
      details: patch,
    });
  });
  return { ...current, name: next.name, parentId: next.parent_id as CustomerId | null };
}

export async function deleteCustomer(db: Db, scope: Scope, id: string): Promise<void> {
  await getCustomer(db, scope, id);
  const k = db.kysely;
  const child = await k
    .selectFrom('customers')
    .select('id')
    .where('parent_id', '=', id)
    .executeTakeFirst();
  const asset = await k
    .selectFrom('assets')
    .select('id')
    .where('customer_id', '=', id)
    .executeTakeFirst();
  const user = await k
    .selectFrom('users')
    .select('id')
    .where('customer_id', '=', id)
    .executeTakeFirst();
  if (child || asset || user) {
    throw new RongheError('RONGHE_CONFLICT', {
      en: `Customer '${id}' still has ${child ? 'sub-customers' : asset ? 'assets' : 'users'}; move or delete them first.`,
      'zh-CN': `客户“${id}”仍有${child ? '下级客户' : asset ? '资产' : '用户'}，请先移走或删除。`,
    });
  }
  await k.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('customers')
      .where('id', '=', id)
      .where('tenant_id', '=', scope.tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'customer.delete',
      entityType: 'customer',
      entityId: id,
    });
  });
}
