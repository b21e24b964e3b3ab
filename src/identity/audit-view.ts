// The audit log across tenants, for the platform's audit administrator (GB/T 22239-2019
// 8.1.5.2 b, 8.1.4.3): filters by tenant, actor, action, outcome and time, keyset paging. A
// record's outcome is read from its action: `….failed` and `….refused` are failures (a
// refused login, a refused administrator request), every other record a success.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../storage/index.ts';

export interface AuditViewQuery {
  limit: number;
  /** One tenant; undefined: all (the platform's view); null: records outside any tenant. */
  tenantId?: string | null;
  actor?: string | readonly string[];
  /** An action, or a prefix ending in `.` or `*` (`auth.` or `auth.*`: every login event). */
  action?: string;
  outcome?: 'success' | 'failure';
  from?: number;
  to?: number;
  after?: { value: number; id: string };
}

export interface AuditViewRecord {
  id: string;
  tenantId: string | null;
  actor: string;
  action: string;
  outcome: 'success' | 'failure';
  entityType: string;
  entityId: string;
  details: unknown;
  at: number;
  /** Place in the hash chain; null for records written before it. */
  seq: number | null;
}

export const outcomeOf = (action: string): 'success' | 'failure' =>
  action.endsWith('.failed') || action.endsWith('.refused') ? 'failure' : 'success';

/** Newest first. */
export async function listAuditView(
  k: Kysely<Database>,
  opts: AuditViewQuery,
): Promise<AuditViewRecord[]> {
  let q = k.selectFrom('audit_log').selectAll();
  if (opts.tenantId === null) q = q.where('tenant_id', 'is', null);
  else if (opts.tenantId !== undefined) q = q.where('tenant_id', '=', opts.tenantId);
  if (opts.actor)
    q =
      typeof opts.actor === 'string'
        ? q.where('actor', '=', opts.actor)
        : q.where('actor', 'in', [...opts.actor]);
  if (opts.action) {
    const prefix = /[.*]$/.test(opts.action) ? opts.action.replace(/\*$/, '') : undefined;
    q = prefix
      ? q.where('action', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
      : q.where('action', '=', opts.action);
  }
  if (opts.outcome) {
    const failure = (eb: ExpressionBuilder<Database, 'audit_log'>) =>
      eb.or([eb('action', 'like', '%.failed'), eb('action', 'like', '%.refused')]);
    q = opts.outcome === 'failure' ? q.where(failure) : q.where((eb) => eb.not(failure(eb)));
  }
  if (opts.from !== undefined) q = q.where('at', '>=', opts.from);
  if (opts.to !== undefined) q = q.where('at', '<', opts.to);
  const after = opts.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('at', '<', after.value),
        eb.and([eb('at', '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await q.orderBy('at', 'desc').orderBy('id').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    actor: r.actor,
    action: r.action,
    outcome: outcomeOf(r.action),
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details === null ? null : (JSON.parse(r.details) as unknown),
    at: Number(r.at),
    seq: r.seq == null ? null : Number(r.seq),
  }));
}
