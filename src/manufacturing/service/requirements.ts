// Material requirements of the open production orders (released or in progress): what each
// order's BOM still needs after the issues reported, needed when the order's first operation
// starts in the current plan (or at its release when it is not planned), netted against stock
// and open purchase orders by the MRP core (../materials).
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import {
  planMaterials,
  type MaterialDemand,
  type Requirements,
} from '../materials/requirements.ts';
import { issuesOf, materialLines } from './material-issue.ts';
import { listMaterials, listPurchaseOrders, requireInternal } from './materials.ts';
import { listProductionOrders } from './orders.ts';
import { currentPlan } from './plans.ts';
import { mfg } from './store.ts';

export interface MaterialRequirements extends Requirements {
  asOf: number;
  /** The open production orders taken into account, with the time their materials are needed. */
  orders: { orderId: string; sku: string; quantity: number; neededAt: number; planned: boolean }[];
}

export async function materialRequirements(
  db: Db,
  scope: Scope,
  now = Date.now(),
): Promise<MaterialRequirements> {
  requireInternal(scope);
  const open = (await listProductionOrders(db, scope)).filter((p) => p.status !== 'done');
  const [issues, stock, purchases, plan] = await Promise.all([
    issuesOf(
      mfg(db),
      scope,
      open.map((p) => p.id),
    ),
    listMaterials(db, scope),
    listPurchaseOrders(db, scope, 'open'),
    currentPlan(db, scope),
  ]);
  const starts = new Map<string, number>();
  for (const op of plan?.operations ?? [])
    starts.set(op.orderId, Math.min(starts.get(op.orderId) ?? Infinity, op.start));
  const demands: MaterialDemand[] = [];
  const orders: MaterialRequirements['orders'] = [];
  for (const po of open) {
    const neededAt = starts.get(po.id) ?? po.releaseAt;
    orders.push({
      orderId: po.id,
      sku: po.sku,
      quantity: po.quantity,
      neededAt,
      planned: starts.has(po.id),
    });
    const lines = materialLines(
      po,
      issues.filter((i) => i.orderId === po.id),
    );
    for (const l of lines)
      demands.push({ orderId: po.id, item: l.item, unit: l.unit, quantity: l.remaining, neededAt });
  }
  const receipts = purchases.map((p) => ({
    purchaseOrderId: p.id,
    item: p.item,
    quantity: p.quantity,
    dueAt: p.dueAt,
  }));
  return { asOf: now, orders, ...planMaterials(demands, stock, receipts, now) };
}
