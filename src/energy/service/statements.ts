// Settlement statements: read them with their evidence and invoice lines, page through them, move
// them through draft → issued → accepted | disputed (contracts/statement.ts) and read their audit
// trail. The provider issues, recording the VAT invoice's number and date; the customer accepts or
// disputes (GB/T 24915-2020 §7 settlement by both). A customer's users see a statement only once it
// is issued: a draft is the provider's working copy and answers 404 to them.
import { listAudit, recordAudit, type Scope } from '../../identity/index.ts';
import { localDateKey, RongheError } from '../../kernel/index.ts';
import { checkStatementTransition, type StatementStatus } from '../contracts/statement.ts';
import { partyOf } from './baselines.ts';
import type { EnergyDeps } from './data.ts';
import { mustFind, scopedStatements, tenantClock } from './scoped.ts';
import { contractNames, rowToStatement, type Statement } from './statement-rows.ts';

export type { Statement } from './statement-rows.ts';

export async function getStatement(deps: EnergyDeps, scope: Scope, id: string): Promise<Statement> {
  const r = await scopedStatements(deps.db, scope)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  const row = mustFind(r, 'Statement', id);
  const names = await contractNames(deps, [row.contract_id]);
  return rowToStatement(row, names);
}

export const statementSorts = ['periodStart', 'updatedAt', 'amount'] as const;
export type StatementSort = (typeof statementSorts)[number];
const sortColumn = {
  periodStart: 'period_start_ms',
  updatedAt: 'updated_at',
  amount: 'amount_fen',
} as const;

export interface StatementQuery {
  contractId?: string;
  customerId?: string;
  period?: string;
  status?: StatementStatus;
  /** Periods starting at or after / before these instants (local midnights, epoch ms). */
  from?: number;
  to?: number;
  sort?: StatementSort;
  order?: 'asc' | 'desc';
  limit: number;
  /** The sort value and id of the last row of the previous page (server/paging.ts). */
  after?: { value: number; id: string };
}

/** One page of the statements in scope, filtered and sorted, keyset-paged. */
export async function listStatements(
  deps: EnergyDeps,
  scope: Scope,
  q: StatementQuery,
): Promise<{ items: Statement[]; more: boolean }> {
  const column = sortColumn[q.sort ?? 'periodStart'];
  const desc = (q.order ?? 'desc') === 'desc';
  let s = scopedStatements(deps.db, scope).selectAll();
  if (q.contractId) s = s.where('contract_id', '=', q.contractId);
  if (q.customerId) s = s.where('customer_id', '=', q.customerId);
  if (q.period) s = s.where('period', '=', q.period);
  if (q.status) s = s.where('status', '=', q.status);
  if (q.from !== undefined) s = s.where('period_start_ms', '>=', q.from);
  if (q.to !== undefined) s = s.where('period_start_ms', '<', q.to);
  const after = q.after;
  if (after)
    s = s.where((eb) =>
      eb.or([
        eb(column, desc ? '<' : '>', after.value),
        eb.and([eb(column, '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await s
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('id', 'asc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const names = await contractNames(deps, [...new Set(page.map((r) => r.contract_id))]);
  return { items: page.map((r) => rowToStatement(r, names)), more: rows.length > q.limit };
}

/** The sort value of a statement for its list's cursor. */
export const statementSortValue = (s: Statement, sort: StatementSort = 'periodStart'): number =>
  sort === 'amount' ? s.amountFen : sort === 'updatedAt' ? s.updatedAt : s.periodStartMs;

/** Who may move a statement where: the provider issues, the customer accepts or disputes. */
const mover: Record<Exclude<StatementStatus, 'draft'>, 'provider' | 'customer'> = {
  issued: 'provider',
  accepted: 'customer',
  disputed: 'customer',
};

/** The VAT invoice a provider records when it issues a statement. */
export interface InvoiceRef {
  invoiceNo: string;
  /** Local date 'YYYY-MM-DD' (default: today in the tenant's zone). */
  invoiceDate?: string;
}

export async function moveStatement(
  deps: EnergyDeps,
  scope: Scope,
  id: string,
  to: Exclude<StatementStatus, 'draft'>,
  note = '',
  invoice?: InvoiceRef,
): Promise<Statement> {
  const party = partyOf(scope);
  const clock = await tenantClock(deps.db, scope);
  const row = await deps.db.kysely
    .transaction()
    .execute(async (trx) => {
      let q = trx
        .selectFrom('energy_statements')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id);
      if (scope.customerIds)
        q = q
          .where('customer_id', 'in', scope.customerIds.length ? scope.customerIds : [''])
          .where('status', '!=', 'draft');
      const r = mustFind(await q.executeTakeFirst(), 'Statement', id);
      checkStatementTransition(r.status as StatementStatus, to);
      if (mover[to] !== party)
        throw new RongheError(
          'RONGHE_FORBIDDEN',
          `Only the ${mover[to]} may mark a statement ${to}.`,
        );
      const now = Date.now();
      const issue =
        to === 'issued'
          ? {
              invoice_no: invoice?.invoiceNo ?? null,
              invoice_date: invoice?.invoiceDate ?? localDateKey(now, clock.zone),
              issued_at: now,
            }
          : {};
      if (to === 'issued') {
        if (!invoice?.invoiceNo)
          throw RongheError.of('RONGHE_VALIDATION', {
            field: 'invoiceNo',
            reason: 'the VAT invoice number is recorded when a statement is issued',
          });
        if (invoice.invoiceDate) clock.dateMs(invoice.invoiceDate, 'invoiceDate');
        const taken = await trx
          .selectFrom('energy_statements')
          .select('id')
          .where('tenant_id', '=', scope.tenantId)
          .where('invoice_no', '=', invoice.invoiceNo)
          .executeTakeFirst();
        if (taken)
          throw new RongheError(
            'RONGHE_CONFLICT',
            `invoiceNo: invoice ${invoice.invoiceNo} is already recorded on statement ${taken.id}`,
            [{ field: 'invoiceNo', reason: 'already used' }],
          );
      }
      const next = { ...r, ...issue, status: to, note: note || r.note, updated_at: now };
      await trx
        .updateTable('energy_statements')
        .set({ ...issue, status: to, note: next.note, updated_at: now })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: `energy.statement.${to}`,
        entityType: 'energy_statement',
        entityId: id,
        details: { from: r.status, to, note, party, ...(invoice ? { invoice } : {}) },
      });
      return next;
    })
    .catch((e: unknown) => uniqueInvoice(e, invoice));
  return rowToStatement(row, await contractNames(deps, [row.contract_id]));
}

export async function statementTrail(deps: EnergyDeps, scope: Scope, id: string) {
  await getStatement(deps, scope, id);
  return listAudit(deps.db.kysely, scope.tenantId, { limit: 200, offset: 0, entityId: id });
}

/** Two issues racing for one invoice number: the unique index refuses the second (409). */
function uniqueInvoice(e: unknown, invoice?: InvoiceRef): never {
  const text = e instanceof Error ? `${e.message} ${(e as { code?: unknown }).code ?? ''}` : '';
  if (invoice && /unique|23505|SQLITE_CONSTRAINT/i.test(text))
    throw new RongheError(
      'RONGHE_CONFLICT',
      `invoiceNo: invoice ${invoice.invoiceNo} is already recorded on another statement`,
      [{ field: 'invoiceNo', reason: 'already used' }],
    );
  throw e;
}

/** Every statement in scope, page by page (the region's platform indicators sum them). */
export async function listAllStatements(deps: EnergyDeps, scope: Scope): Promise<Statement[]> {
  const out: Statement[] = [];
  let after: { value: number; id: string } | undefined;
  for (;;) {
    const page = await listStatements(deps, scope, {
      sort: 'periodStart',
      order: 'asc',
      limit: 500,
      ...(after ? { after } : {}),
    });
    out.push(...page.items);
    const last = page.items.at(-1);
    if (!page.more || !last) return out;
    after = { value: last.periodStartMs, id: last.id };
  }
}
