// Reading work orders: the list (scoped to the caller's customers, filtered, keyset-paged, each
// with its contract's SLA clock) and one order's state history.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { customerFilter, kOf } from '../store.ts';
import type { WorkOrderState } from './states.ts';
import { scopedRow } from './store.ts';
import { cacheContract, toWorkOrder, type ContractCache, type WorkOrder } from './view.ts';

export interface WorkOrderQuery {
  status?: WorkOrderState;
  assetId?: string;
  customerId?: string;
  technicianId?: string;
  priority?: string;
  /** Created at or after / before (epoch ms). */
  from?: number;
  to?: number;
  order?: 'asc' | 'desc';
  limit?: number;
  /** Keyset paging: the createdAt and id of the previous page's last order. */
  after?: { value: number; id: string };
}

export async function listWorkOrders(
  db: Db,
  scope: Scope,
  q: WorkOrderQuery = {},
  now = Date.now(),
): Promise<WorkOrder[]> {
  const k = kOf(db);
  let sel = k.selectFrom('service_work_orders').selectAll().where('tenant_id', '=', scope.tenantId);
  const only = customerFilter(scope);
  if (only) sel = sel.where('customer_id', 'in', only);
  if (q.status) sel = sel.where('status', '=', q.status);
  if (q.assetId) sel = sel.where('asset_id', '=', q.assetId);
  if (q.customerId) sel = sel.where('customer_id', '=', q.customerId);
  if (q.technicianId) sel = sel.where('technician_id', '=', q.technicianId);
  if (q.priority) sel = sel.where('priority', '=', q.priority);
  if (q.from !== undefined) sel = sel.where('created_at', '>=', q.from);
  if (q.to !== undefined) sel = sel.where('created_at', '<', q.to);
  const desc = (q.order ?? 'desc') === 'desc';
  const after = q.after;
  if (after)
    sel = sel.where((eb) =>
      eb.or([
        eb('created_at', desc ? '<' : '>', after.value),
        eb.and([eb('created_at', '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await sel
    .orderBy('created_at', desc ? 'desc' : 'asc')
    .orderBy('id')
    .limit(q.limit ?? 200)
    .execute();
  const ids = [...new Set(rows.map((r) => r.contract_id).filter((c): c is string => c !== null))];
  const contracts = ids.length
    ? await k.selectFrom('service_contracts').selectAll().where('id', 'in', ids).execute()
    : [];
  const cache: ContractCache = new Map();
  const byId = new Map(contracts.map((c) => [c.id, c]));
  return rows.map((r) =>
    toWorkOrder(
      r,
      scope,
      cacheContract(cache, r.contract_id ? byId.get(r.contract_id) : undefined),
      now,
    ),
  );
}

export async function workOrderHistory(db: Db, scope: Scope, id: string) {
  const k = kOf(db);
  await scopedRow(k, scope, id);
  const rows = await k
    .selectFrom('service_work_order_events')
    .selectAll()
    .where('work_order_id', '=', id)
    .orderBy('version')
    .execute();
  return rows.map((e) => ({
    from: e.from_status,
    to: e.to_status,
    at: e.at,
    by: e.by,
    note: e.note,
  }));
}
