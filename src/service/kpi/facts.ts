// The facts a KPI report needs beside the work-order sums: part movements, asset counts (for
// MTBF and availability), the contracts in scope and their availability targets.
import { sql, type SqlBool } from 'kysely';
import { scopedAssets } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { customerFilter, kOf, type K } from '../store.ts';
import type { KpiMovement } from './kpis.ts';
import { column, filters, type KpiDimension, type KpiQuery } from './query.ts';

export async function partMovements(
  k: K,
  scope: Scope,
  q: KpiQuery,
  dim: KpiDimension | null,
): Promise<Map<string | null, KpiMovement[]>> {
  const only = customerFilter(scope);
  let mv = k
    .selectFrom('service_part_movements as m')
    .innerJoin('service_work_orders as wo', 'wo.id', 'm.work_order_id')
    .select([
      'm.part_id as partId',
      'm.kind as kind',
      sql<number>`sum(m.qty)`.as('qty'),
      'm.unit_cost_fen as unitCostFen',
    ])
    .select(sql<string | null>`${dim ? sql.ref(`wo.${column[dim]}`) : sql`null`}`.as('k'))
    .where('m.tenant_id', '=', scope.tenantId)
    .where('m.kind', 'in', ['consume', 'return'])
    .where('m.at', '>=', q.from)
    .where('m.at', '<', q.to)
    .groupBy(['m.part_id', 'm.kind', 'm.unit_cost_fen']);
  if (dim) mv = mv.groupBy(sql.ref(`wo.${column[dim]}`));
  if (only) mv = mv.where('wo.customer_id', 'in', only);
  for (const [c, v] of filters(q)) mv = mv.where(sql<SqlBool>`${sql.ref(`wo.${c}`)} = ${v}`);
  const out = new Map<string | null, KpiMovement[]>();
  for (const r of await mv.execute()) {
    const key = r.k ?? null;
    const list = out.get(key) ?? [];
    list.push({
      partId: r.partId,
      kind: r.kind,
      qty: Number(r.qty),
      unitCostFen: Number(r.unitCostFen),
    });
    out.set(key, list);
  }
  return out;
}

/** Assets per group, for MTBF and availability; null where availability means nothing. */
export async function assetCounts(
  db: Db,
  scope: Scope,
  q: KpiQuery,
  dim: KpiDimension | null,
): Promise<(key: string | null) => number | null> {
  if (dim === 'technician') return () => null;
  if (dim === 'asset') return () => 1;
  if (dim === 'contract') {
    const rows = await kOf(db)
      .selectFrom('service_contract_assets')
      .select(['contract_id', sql<number>`count(*)`.as('n')])
      .where('tenant_id', '=', scope.tenantId)
      .groupBy('contract_id')
      .execute();
    const by = new Map(rows.map((r) => [r.contract_id, Number(r.n)]));
    return (key) => (key === null ? null : (by.get(key) ?? 0));
  }
  let a = scopedAssets(db, scope);
  if (q.assetId) a = a.where('assets.id', '=', q.assetId);
  if (q.customerId) a = a.where('assets.customer_id', '=', q.customerId);
  if (q.modelId) a = a.where('assets.model_id', '=', q.modelId);
  if (q.contractId) {
    const contractId = q.contractId;
    a = a.where('assets.id', 'in', (eb) =>
      eb
        .selectFrom('service_contract_assets' as 'assets')
        .select(sql<string>`asset_id`.as('asset_id'))
        .where(sql<SqlBool>`contract_id = ${contractId}`),
    );
  }
  if (!dim) {
    const n = await a.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    const total = Number(n?.n ?? 0);
    return () => total;
  }
  const col = dim === 'model' ? 'assets.model_id' : 'assets.customer_id';
  const rows = await a
    .select([sql<string | null>`${sql.ref(col)}`.as('k'), sql<number>`count(*)`.as('n')])
    .groupBy(sql.ref(col))
    .execute();
  const by = new Map(rows.map((r) => [r.k ?? null, Number(r.n)]));
  return (key) => by.get(key) ?? 0;
}

export interface ContractFacts {
  id: string;
  name: string;
  customer_id: string;
  availability_target: number | null;
  price_fen: number | null;
  valid_from: number;
  valid_to: number;
}

export async function contractsOf(k: K, scope: Scope, q: KpiQuery): Promise<ContractFacts[]> {
  let c = k
    .selectFrom('service_contracts')
    .select([
      'id',
      'name',
      'customer_id',
      'availability_target',
      'price_fen',
      'valid_from',
      'valid_to',
    ])
    .where('tenant_id', '=', scope.tenantId);
  const only = customerFilter(scope);
  if (only) c = c.where('customer_id', 'in', only);
  if (q.customerId) c = c.where('customer_id', '=', q.customerId);
  if (q.contractId) c = c.where('id', '=', q.contractId);
  return (await c.execute()).map((r) => ({
    ...r,
    price_fen: r.price_fen === null ? null : Number(r.price_fen),
    valid_from: Number(r.valid_from),
    valid_to: Number(r.valid_to),
  }));
}

/** The contract's availability target per asset (a contract covering it during the period). */
export async function assetTargets(k: K, scope: Scope, q: KpiQuery): Promise<Map<string, number>> {
  const rows = await k
    .selectFrom('service_contract_assets as ca')
    .innerJoin('service_contracts as c', 'c.id', 'ca.contract_id')
    .select(['ca.asset_id', 'c.availability_target'])
    .where('ca.tenant_id', '=', scope.tenantId)
    .where('c.availability_target', 'is not', null)
    .where('ca.valid_from', '<', q.to)
    .where('ca.valid_to', '>', q.from)
    .orderBy('ca.valid_from')
    .execute();
  return new Map(rows.map((r) => [r.asset_id, Number(r.availability_target)]));
}
