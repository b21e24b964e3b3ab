// Settlement statements: read them with their evidence, move them through
// draft → issued → accepted | disputed (contracts/statement.ts) and read their audit trail.
// The provider issues; the customer accepts or disputes (GB/T 24915-2020 §7 settlement by both).
import { listAudit, recordAudit, type Scope } from '../../identity/index.ts';
import { RongheError } from '../../kernel/index.ts';
import type { EnergyStatementTable } from '../../storage/energy-schema.ts';
import { checkStatementTransition, type StatementStatus } from '../contracts/statement.ts';
import { partyOf } from './baselines.ts';
import type { EnergyDeps } from './data.ts';
import { mustFind, parseJson, scopedStatements } from './scoped.ts';

export interface Statement {
  id: string;
  contractId: string;
  customerId: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  status: StatementStatus;
  baselineVersion: number;
  savingsKwh: number;
  amount: number;
  currency: string;
  evidence: unknown;
  note: string;
  createdAt: number;
  updatedAt: number;
}

const toStatement = (r: EnergyStatementTable): Statement => ({
  id: r.id,
  contractId: r.contract_id,
  customerId: r.customer_id,
  period: r.period,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  status: r.status as StatementStatus,
  baselineVersion: r.baseline_version,
  savingsKwh: r.savings_kwh,
  amount: r.amount,
  currency: r.currency,
  evidence: parseJson<unknown>(r.evidence),
  note: r.note,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export async function getStatement(deps: EnergyDeps, scope: Scope, id: string): Promise<Statement> {
  const r = await scopedStatements(deps.db, scope)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return toStatement(mustFind(r, 'Statement', id));
}

export async function listStatements(
  deps: EnergyDeps,
  scope: Scope,
  q: { contractId?: string; period?: string; status?: string },
) {
  let s = scopedStatements(deps.db, scope).selectAll();
  if (q.contractId) s = s.where('contract_id', '=', q.contractId);
  if (q.period) s = s.where('period', '=', q.period);
  if (q.status) s = s.where('status', '=', q.status);
  return (await s.orderBy('period', 'desc').orderBy('id').limit(1000).execute()).map(toStatement);
}

/** Who may move a statement where: the provider issues, the customer accepts or disputes. */
const mover: Record<Exclude<StatementStatus, 'draft'>, 'provider' | 'customer'> = {
  issued: 'provider',
  accepted: 'customer',
  disputed: 'customer',
};

export async function moveStatement(
  deps: EnergyDeps,
  scope: Scope,
  id: string,
  to: Exclude<StatementStatus, 'draft'>,
  note = '',
): Promise<Statement> {
  const party = partyOf(scope);
  return deps.db.kysely.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('energy_statements')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id);
    if (scope.customerIds)
      q = q.where('customer_id', 'in', scope.customerIds.length ? scope.customerIds : ['']);
    const r = mustFind(await q.executeTakeFirst(), 'Statement', id);
    checkStatementTransition(r.status as StatementStatus, to);
    if (mover[to] !== party)
      throw new RongheError(
        'RONGHE_FORBIDDEN',
        `Only the ${mover[to]} may mark a statement ${to}.`,
      );
    const next = { ...r, status: to, note: note || r.note, updated_at: Date.now() };
    await trx
      .updateTable('energy_statements')
      .set({ status: to, note: next.note, updated_at: next.updated_at })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: `energy.statement.${to}`,
      entityType: 'energy_statement',
      entityId: id,
      details: { from: r.status, to, note, party },
    });
    return toStatement(next);
  });
}

export async function statementTrail(deps: EnergyDeps, scope: Scope, id: string) {
  await getStatement(deps, scope, id);
  return listAudit(deps.db.kysely, scope.tenantId, { limit: 200, offset: 0, entityId: id });
}
