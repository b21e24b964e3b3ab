import type { Kysely } from 'kysely';
import { newId, type TenantId } from '../kernel/index.ts';
import type { Database } from '../storage/index.ts';
import { appendChained, appendChainedMany, type Fields } from './audit-chain.ts';

export interface AuditEntry {
  tenantId: TenantId | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: unknown;
}

/** Appends to the audit log in the caller's transaction, so a change and its record commit together. */
const auditRow = (e: AuditEntry): Fields => ({
  id: `au_${newId('user').slice(3)}`,
  tenant_id: e.tenantId,
  actor: e.actor,
  action: e.action,
  entity_type: e.entityType,
  entity_id: e.entityId,
  details: e.details === undefined ? null : JSON.stringify(e.details),
  at: Date.now(),
});

/** Appends to the audit log in the caller's transaction, so a change and its record commit together. */
export async function recordAudit(k: Kysely<Database>, e: AuditEntry): Promise<void> {
  await appendChained(k, auditRow(e));
}

/** recordAudit for several entries, in order, with a few statements for all (audit-chain.ts). */
export async function recordAudits(k: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  await appendChainedMany(k, entries.map(auditRow));
}

export interface AuditRecord {
  id: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details: unknown;
  at: number;
}

/** Filters, sort and keyset of the audit list (the API's paging convention, server/paging.ts). */
export interface AuditQuery {
  limit: number;
  /** Rows to skip, for in-process readers (statements, passports); the API pages by `after`. */
  offset?: number;
  entityId?: string;
  entityType?: string;
  /** One label, or several naming one user (identity/actor-names.ts actorAliases). */
  actor?: string | readonly string[];
  action?: string;
  /** At or after / before, epoch ms. */
  from?: number;
  to?: number;
  order?: 'asc' | 'desc';
  /** The `at` and id of the previous page's last record. */
  after?: { value: number; id: string };
  customerIds?: readonly string[] | null;
}

/** One page of a tenant's audit log, newest first unless `order` is asc. */
export async function listAudit(
  k: Kysely<Database>,
  tenantId: TenantId,
  opts: AuditQuery,
): Promise<AuditRecord[]> {
  let q = k.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  // A customer's users read what was done to the users of their customers (a provider's
  // password reset among it), nothing of the provider's other work.
  const customers = opts.customerIds;
  if (customers) {
    q = q.where('entity_type', '=', 'user').where('entity_id', 'in', (sub) =>
      sub
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('customer_id', 'in', customers.length ? [...customers] : ['']),
    );
  }
  if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
  if (opts.entityType) q = q.where('entity_type', '=', opts.entityType);
  if (opts.actor)
    q =
      typeof opts.actor === 'string'
        ? q.where('actor', '=', opts.actor)
        : q.where('actor', 'in', [...opts.actor]);
  if (opts.action) q = q.where('action', '=', opts.action);
  if (opts.from !== undefined) q = q.where('at', '>=', opts.from);
  if (opts.to !== undefined) q = q.where('at', '<', opts.to);
  const desc = (opts.order ?? 'desc') === 'desc';
  const after = opts.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('at', desc ? '<' : '>', after.value),
        eb.and([eb('at', '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await q
    .orderBy('at', desc ? 'desc' : 'asc')
    .orderBy('id')
    .limit(opts.limit)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details === null ? null : (JSON.parse(r.details) as unknown),
    at: Number(r.at),
  }));
}
