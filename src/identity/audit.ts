import type { Kysely } from 'kysely';
import { newId, type TenantId } from '../kernel/index.ts';
import type { Database } from '../storage/index.ts';
import { appendChained } from './audit-chain.ts';

export interface AuditEntry {
  tenantId: TenantId | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: unknown;
}

/** Appends to the audit log in the caller's transaction, so a change and its record commit together. */
export async function recordAudit(k: Kysely<Database>, e: AuditEntry): Promise<void> {
  await appendChained(k, {
    id: `au_${newId('user').slice(3)}`,
    tenant_id: e.tenantId,
    actor: e.actor,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    details: e.details === undefined ? null : JSON.stringify(e.details),
    at: Date.now(),
  });
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

export async function listAudit(
  k: Kysely<Database>,
  tenantId: TenantId,
  opts: { limit: number; offset: number; entityId?: string; customerIds?: string[] | null },
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
        .where('customer_id', 'in', customers.length ? customers : ['']),
    );
  }
  if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details === null ? null : (JSON.parse(r.details) as unknown),
    at: r.at,
  }));
}
