// Loads the records the KPIs are computed from, within the caller's scope and an optional filter
// (asset, customer, technician).
import { scopedAssets } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { cacheContract, slaOf, type ContractCache } from '../work-orders/view.ts';
import { customerFilter, invalidField, kOf } from '../store.ts';
import { computeKpis, type KpiOrder, type ServiceKpis } from './kpis.ts';

export interface KpiQuery {
  from: number;
  to: number;
  assetId?: string;
  customerId?: string;
  technicianId?: string;
}

export async function serviceKpis(db: Db, scope: Scope, q: KpiQuery): Promise<ServiceKpis> {
  if (q.to <= q.from) throw invalidField('to', 'must be after from');
  const k = kOf(db);
  const only = customerFilter(scope);
  let sel = k
    .selectFrom('service_work_orders')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('created_at', '<', q.to)
    .where((eb) => eb.or([eb('done_at', 'is', null), eb('done_at', '>=', q.from)]));
  if (only) sel = sel.where('customer_id', 'in', only);
  if (q.assetId) sel = sel.where('asset_id', '=', q.assetId);
  if (q.customerId) sel = sel.where('customer_id', '=', q.customerId);
  if (q.technicianId) sel = sel.where('technician_id', '=', q.technicianId);
  const rows = await sel.execute();
  const ids = [...new Set(rows.map((r) => r.contract_id).filter((c): c is string => c !== null))];
  const contracts = ids.length
    ? await k.selectFrom('service_contracts').selectAll().where('id', 'in', ids).execute()
    : [];
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const cache: ContractCache = new Map();
  const orders = rows.map((r): KpiOrder => {
    const sla = slaOf(
      r,
      cacheContract(cache, r.contract_id ? byId.get(r.contract_id) : undefined),
      q.to,
    );
    return {
      kind: r.kind as KpiOrder['kind'],
      status: r.status,
      createdAt: r.created_at,
      doneAt: r.done_at,
      cancelledAt: r.status === 'cancelled' ? r.updated_at : null,
      visits: r.visits,
      response: sla.response?.state ?? null,
      resolution: sla.resolution?.state ?? null,
    };
  });
  let assets = scopedAssets(db, scope).select((eb) => eb.fn.countAll<number>().as('n'));
  if (q.assetId) assets = assets.where('assets.id', '=', q.assetId);
  if (q.customerId) assets = assets.where('assets.customer_id', '=', q.customerId);
  const assetCount = Number((await assets.executeTakeFirst())?.n ?? 0);
  let mv = k
    .selectFrom('service_part_movements')
    .innerJoin('service_work_orders as wo', 'wo.id', 'service_part_movements.work_order_id')
    .select([
      'service_part_movements.part_id as partId',
      'service_part_movements.kind as kind',
      'service_part_movements.qty as qty',
      'service_part_movements.unit_cost_fen as unitCostFen',
    ])
    .where('service_part_movements.tenant_id', '=', scope.tenantId)
    .where('service_part_movements.kind', 'in', ['consume', 'return'])
    .where('service_part_movements.at', '>=', q.from)
    .where('service_part_movements.at', '<', q.to);
  if (only) mv = mv.where('wo.customer_id', 'in', only);
  if (q.assetId) mv = mv.where('wo.asset_id', '=', q.assetId);
  if (q.customerId) mv = mv.where('wo.customer_id', '=', q.customerId);
  if (q.technicianId) mv = mv.where('wo.technician_id', '=', q.technicianId);
  return computeKpis(q, assetCount, orders, await mv.execute());
}
