// The production-order list as people read it (issue #17): filtered, sorted and paged by keyset
// like every growing list of the API (src/server/paging.ts). The planner and the shop-floor
// views keep reading every open order through `listProductionOrders`.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { toProductionOrder, type ProductionOrder } from './orders.ts';
import { mfg, visibleCustomers } from './store.ts';

export interface ProductionOrderQuery {
  status?: string;
  source?: ProductionOrder['source'];
  customerId?: string;
  modelId?: string;
  sku?: string;
  /** Created (or released, with sort=releaseAt) at or after / before, epoch ms. */
  from?: number;
  to?: number;
  sort?: 'createdAt' | 'releaseAt';
  order?: 'asc' | 'desc';
  limit?: number;
  /** Keyset paging: the sort value and id of the previous page's last order. */
  after?: { value: number; id: string };
}

const column = { createdAt: 'created_at', releaseAt: 'release_at' } as const;

/** One page of production orders (newest first by default); `limit` rows at most. */
export async function pageProductionOrders(
  db: Db,
  scope: Scope,
  q: ProductionOrderQuery = {},
): Promise<ProductionOrder[]> {
  const col = column[q.sort ?? 'createdAt'];
  let sel = mfg(db)
    .selectFrom('mfg_production_orders')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId);
  const visible = visibleCustomers(scope);
  if (visible) sel = sel.where('customer_id', 'in', visible);
  if (q.status) sel = sel.where('status', '=', q.status);
  if (q.source) sel = sel.where('source', '=', q.source);
  if (q.customerId) sel = sel.where('customer_id', '=', q.customerId);
  if (q.modelId) sel = sel.where('model_id', '=', q.modelId);
  if (q.sku) sel = sel.where('sku', '=', q.sku);
  if (q.from !== undefined) sel = sel.where(col, '>=', q.from);
  if (q.to !== undefined) sel = sel.where(col, '<', q.to);
  const desc = (q.order ?? 'desc') === 'desc';
  const after = q.after;
  if (after)
    sel = sel.where((eb) =>
      eb.or([
        eb(col, desc ? '<' : '>', after.value),
        eb.and([eb(col, '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await sel
    .orderBy(col, desc ? 'desc' : 'asc')
    .orderBy('id')
    .limit(q.limit ?? 100)
    .execute();
  return rows.map(toProductionOrder);
}
