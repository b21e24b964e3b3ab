// Materials (BOM items) in stock with their replenishment lead time, and purchase orders: open
// ones are the scheduled receipts of material requirements planning; receiving one adds its
// quantity to stock. Stock never goes negative (material issue checks it in its transaction).
import { RongheError, invalid, notFound } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { round6 } from '../materials/requirements.ts';
import { audit, mfg, mfgId } from './store.ts';

export interface MaterialInput {
  item: string;
  unit: string;
  onHand: number;
  leadTimeDays: number;
}

export interface Material extends MaterialInput {
  updatedAt: number;
}

export interface PurchaseOrderInput {
  item: string;
  quantity: number;
  dueAt: number;
  supplier?: string;
}

export interface PurchaseOrder {
  id: string;
  item: string;
  unit: string;
  quantity: number;
  dueAt: number;
  supplier: string;
  status: 'open' | 'received';
  receivedAt: number | null;
  createdAt: number;
}

/** Stock, purchasing and requirements are the manufacturer's own business, not a customer's. */
export function requireInternal(scope: Scope): void {
  if (scope.customerIds !== null)
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: 'Materials, purchase orders and requirements are internal to the manufacturer.',
      'zh-CN': '物料、采购订单和物料需求属于制造商内部信息。',
    });
}

export async function listMaterials(db: Db, scope: Scope): Promise<Material[]> {
  requireInternal(scope);
  const rows = await mfg(db)
    .selectFrom('mfg_materials')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('item')
    .execute();
  return rows.map((r) => ({
    item: r.item,
    unit: r.unit,
    onHand: round6(Number(r.on_hand)),
    leadTimeDays: Number(r.lead_time_days),
    updatedAt: Number(r.updated_at),
  }));
}

/** Sets the stock (a count) and lead time of materials, all or none. */
export async function setMaterials(
  db: Db,
  scope: Scope,
  rows: MaterialInput[],
): Promise<Material[]> {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.item))
      throw invalid(`rows[${i}].item`, {
        en: `'${r.item}' is listed twice`,
        'zh-CN': `“${r.item}”列出了两次`,
      });
    seen.add(r.item);
  });
  const now = Date.now();
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      for (const r of rows) {
        const values = {
          unit: r.unit,
          on_hand: r.onHand,
          lead_time_days: r.leadTimeDays,
          updated_at: now,
        };
        await tx
          .insertInto('mfg_materials')
          .values({ tenant_id: scope.tenantId, item: r.item, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'item']).doUpdateSet(values))
          .execute();
      }
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'material.stock-count',
        entityType: 'mfg_material',
        entityId: rows
          .map((r) => r.item)
          .join(',')
          .slice(0, 200),
        details: { rows },
      });
    });
  return rows.map((r) => ({ ...r, updatedAt: now }));
}

type PoRow = {
  id: string;
  item: string;
  quantity: number;
  due_at: number;
  supplier: string;
  status: string;
  received_at: number | null;
  created_at: number;
  unit: string;
};
const toPurchaseOrder = (r: PoRow): PurchaseOrder => ({
  id: r.id,
  item: r.item,
  unit: r.unit,
  quantity: round6(Number(r.quantity)),
  dueAt: Number(r.due_at),
  supplier: r.supplier,
  status: r.status as PurchaseOrder['status'],
  receivedAt: r.received_at === null ? null : Number(r.received_at),
  createdAt: Number(r.created_at),
});

const purchaseRows = (db: Db, scope: Scope) =>
  mfg(db)
    .selectFrom('mfg_purchase_orders as p')
    .innerJoin('mfg_materials as m', (j) =>
      j.onRef('m.tenant_id', '=', 'p.tenant_id').onRef('m.item', '=', 'p.item'),
    )
    .select([
      'p.id',
      'p.item',
      'p.quantity',
      'p.due_at',
      'p.supplier',
      'p.status',
      'p.received_at',
      'p.created_at',
      'm.unit',
    ])
    .where('p.tenant_id', '=', scope.tenantId);

export async function listPurchaseOrders(
  db: Db,
  scope: Scope,
  status?: PurchaseOrder['status'],
): Promise<PurchaseOrder[]> {
  requireInternal(scope);
  let q = purchaseRows(db, scope);
  if (status) q = q.where('p.status', '=', status);
  return (await q.orderBy('p.due_at').orderBy('p.id').execute()).map(toPurchaseOrder);
}

export async function createPurchaseOrder(
  db: Db,
  scope: Scope,
  input: PurchaseOrderInput,
): Promise<PurchaseOrder> {
  const material = (await listMaterials(db, scope)).find((m) => m.item === input.item);
  if (!material)
    throw invalid('item', {
      en: `no material '${input.item}'; set its stock and unit first`,
      'zh-CN': `没有物料“${input.item}”；请先设置其库存和单位`,
    });
  if (!(input.quantity > 0))
    throw invalid('quantity', { en: 'must be more than 0', 'zh-CN': '必须大于 0' });
  const row = {
    id: mfgId('pu'),
    tenant_id: scope.tenantId,
    item: input.item,
    quantity: input.quantity,
    due_at: input.dueAt,
    supplier: input.supplier ?? '',
    status: 'open',
    received_at: null,
    created_at: Date.now(),
  };
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('mfg_purchase_orders').values(row).execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'purchase-order.create',
        entityType: 'mfg_purchase_order',
        entityId: row.id,
        details: { item: row.item, quantity: row.quantity, dueAt: row.due_at },
      });
    });
  return toPurchaseOrder({ ...row, unit: material.unit });
}

/** Receives an open purchase order in full: its quantity goes into stock. */
export async function receivePurchaseOrder(
  db: Db,
  scope: Scope,
  id: string,
  now = Date.now(),
): Promise<PurchaseOrder> {
  const po = (await listPurchaseOrders(db, scope)).find((p) => p.id === id);
  if (!po) throw notFound('Purchase order', id);
  if (po.status !== 'open')
    throw new RongheError('RONGHE_INVALID_TRANSITION', {
      en: `Purchase order '${id}' is ${po.status}.`,
      'zh-CN': `采购订单“${id}”的状态为 ${po.status}。`,
    });
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      const res = await tx
        .updateTable('mfg_purchase_orders')
        .set({ status: 'received', received_at: now })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        throw new RongheError('RONGHE_CONFLICT', {
          en: `Purchase order '${id}' was received meanwhile.`,
          'zh-CN': `采购订单“${id}”已在此期间收货。`,
        });
      await tx
        .updateTable('mfg_materials')
        .set((eb) => ({ on_hand: eb('on_hand', '+', po.quantity), updated_at: now }))
        .where('tenant_id', '=', scope.tenantId)
        .where('item', '=', po.item)
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'purchase-order.receive',
        entityType: 'mfg_purchase_order',
        entityId: id,
        details: { item: po.item, quantity: po.quantity },
      });
    });
  return { ...po, status: 'received', receivedAt: now };
}
