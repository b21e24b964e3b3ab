// Stock per warehouse (库存) and its movements: receive, reserve against a work order (预留),
// consume (领用), release, return (退库) and transfer (调拨). Stock never goes negative: every
// decrement is a conditional UPDATE (… WHERE on_hand - reserved >= qty) checked by the rows it
// touched, so of two reservations of the last unit at once one gets a 409 naming what is left; a
// CHECK constraint in the table backs it up.
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServiceWorkOrderTable } from '../../storage/service-schema.ts';
import { openStates } from '../work-orders/states.ts';
import { scopedRow } from '../work-orders/store.ts';
import { audit, conflict, invalidField, kOf, serviceId, type K } from '../store.ts';
import { checkWarehouse, partRow } from './catalogue.ts';

export interface StockLevel {
  warehouseId: string;
  partId: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface Reservation {
  id: string;
  workOrderId: string;
  partId: string;
  warehouseId: string;
  qty: number;
  consumed: number;
  released: number;
}

type Kind =
  'receive' | 'reserve' | 'release' | 'consume' | 'return' | 'transfer_out' | 'transfer_in';

async function move(
  k: K,
  scope: Scope,
  m: {
    partId: string;
    warehouseId: string;
    workOrderId?: string | null;
    kind: Kind;
    qty: number;
    unitCostFen: number;
  },
  at: number,
) {
  await k
    .insertInto('service_part_movements')
    .values({
      id: serviceId('mv'),
      tenant_id: scope.tenantId,
      part_id: m.partId,
      warehouse_id: m.warehouseId,
      work_order_id: m.workOrderId ?? null,
      kind: m.kind,
      qty: m.qty,
      unit_cost_fen: m.unitCostFen,
      at,
      by: scope.actor,
    })
    .execute();
}

async function addOnHand(k: K, tenantId: string, warehouseId: string, partId: string, qty: number) {
  await k
    .insertInto('service_stock')
    .values({
      tenant_id: tenantId,
      warehouse_id: warehouseId,
      part_id: partId,
      on_hand: qty,
      reserved: 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['warehouse_id', 'part_id'])
        .doUpdateSet((eb) => ({ on_hand: eb('service_stock.on_hand', '+', qty) })),
    )
    .execute();
}

async function available(k: K, warehouseId: string, partId: string): Promise<number> {
  const s = await k
    .selectFrom('service_stock')
    .select(['on_hand', 'reserved'])
    .where('warehouse_id', '=', warehouseId)
    .where('part_id', '=', partId)
    .executeTakeFirst();
  return s ? s.on_hand - s.reserved : 0;
}

/** Takes `qty` off the available stock (reserve: into reserved; transfer: out of on hand). */
async function takeAvailable(
  k: K,
  warehouseId: string,
  partId: string,
  qty: number,
  into: 'reserved' | 'gone',
) {
  const res = await k
    .updateTable('service_stock')
    .set((eb) =>
      into === 'reserved'
        ? { reserved: eb('reserved', '+', qty) }
        : { on_hand: eb('on_hand', '-', qty) },
    )
    .where('warehouse_id', '=', warehouseId)
    .where('part_id', '=', partId)
    .where((eb) => eb(eb('on_hand', '-', eb.ref('reserved')), '>=', qty))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const left = await available(k, warehouseId, partId);
    throw conflict(
      {
        en: `Part ${partId}: ${qty} wanted but only ${left} available in warehouse ${warehouseId}.`,
        'zh-CN': `备件 ${partId}：需要 ${qty}，仓库 ${warehouseId} 仅有 ${left} 可用。`,
      },
      { partId, warehouseId, wanted: qty, available: left },
    );
  }
}

export async function receiveStock(
  db: Db,
  scope: Scope,
  input: { warehouseId: string; partId: string; qty: number },
  now = Date.now(),
): Promise<StockLevel> {
  const k = kOf(db);
  await k.transaction().execute(async (tx) => {
    const part = await partRow(tx, scope.tenantId, input.partId);
    await checkWarehouse(tx, scope.tenantId, input.warehouseId, 'warehouseId');
    await addOnHand(tx, scope.tenantId, input.warehouseId, part.id, input.qty);
    await move(tx, scope, { ...input, kind: 'receive', unitCostFen: part.unit_cost_fen }, now);
  });
  return (
    await stockLevels(db, scope, { partId: input.partId, warehouseId: input.warehouseId })
  )[0]!;
}

async function openOrder(k: K, scope: Scope, id: string): Promise<ServiceWorkOrderTable> {
  const wo = await scopedRow(k, scope, id);
  if (!(openStates as readonly string[]).includes(wo.status))
    throw invalidField('workOrderId', {
      en: `work order ${id} is ${wo.status}; parts go only to open orders`,
      'zh-CN': `工单 ${id} 的状态为 ${wo.status}；备件只能发给未关闭的工单`,
    });
  return wo;
}

export async function reservePart(
  db: Db,
  scope: Scope,
  input: { workOrderId: string; partId: string; warehouseId: string; qty: number },
  now = Date.now(),
): Promise<Reservation> {
  const id = serviceId('rv');
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await openOrder(tx, scope, input.workOrderId);
      const part = await partRow(tx, scope.tenantId, input.partId);
      await checkWarehouse(tx, scope.tenantId, input.warehouseId, 'warehouseId');
      await takeAvailable(tx, input.warehouseId, part.id, input.qty, 'reserved');
      await tx
        .insertInto('service_reservations')
        .values({
          id,
          tenant_id: scope.tenantId,
          work_order_id: input.workOrderId,
          part_id: part.id,
          warehouse_id: input.warehouseId,
          qty: input.qty,
          consumed: 0,
          released: 0,
          created_by: scope.actor,
          created_at: now,
        })
        .execute();
      await move(tx, scope, { ...input, kind: 'reserve', unitCostFen: part.unit_cost_fen }, now);
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.part.reserve',
        entityType: 'service_work_order',
        entityId: input.workOrderId,
        details: {
          reservation: id,
          partId: part.id,
          warehouseId: input.warehouseId,
          qty: input.qty,
        },
      });
    });
  return { id, ...input, consumed: 0, released: 0 };
}

async function reservationRow(k: K, scope: Scope, id: string) {
  const r = await k
    .selectFrom('service_reservations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Reservation', id);
  await scopedRow(k, scope, r.work_order_id);
  return r;
}

const toReservation = (r: {
  id: string;
  work_order_id: string;
  part_id: string;
  warehouse_id: string;
  qty: number;
  consumed: number;
  released: number;
}): Reservation => ({
  id: r.id,
  workOrderId: r.work_order_id,
  partId: r.part_id,
  warehouseId: r.warehouse_id,
  qty: r.qty,
  consumed: r.consumed,
  released: r.released,
});

/** Consumes (领用) or releases part of a reservation; `qty` defaults to all that is left. */
export async function settleReservation(
  db: Db,
  scope: Scope,
  id: string,
  input: { action: 'consume' | 'release'; qty?: number },
  now = Date.now(),
): Promise<Reservation> {
  return kOf(db)
    .transaction()
    .execute(async (tx) => {
      const r = await reservationRow(tx, scope, id);
      const left = r.qty - r.consumed - r.released;
      const qty = input.qty ?? left;
      if (qty <= 0 || qty > left)
        throw invalidField('qty', {
          en: `${left} of reservation ${id} left to ${input.action}`,
          'zh-CN': `预留 ${id} 只剩 ${left} 可${input.action === 'consume' ? '消耗' : '释放'}`,
        });
      if (input.action === 'consume') await openOrder(tx, scope, r.work_order_id);
      const part = await partRow(tx, scope.tenantId, r.part_id);
      const res = await tx
        .updateTable('service_reservations')
        .set((eb) =>
          input.action === 'consume'
            ? { consumed: eb('consumed', '+', qty) }
            : { released: eb('released', '+', qty) },
        )
        .where('id', '=', id)
        .where((eb) =>
          eb(eb(eb('qty', '-', eb.ref('consumed')), '-', eb.ref('released')), '>=', qty),
        )
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        throw conflict({
          en: `Reservation ${id} changed meanwhile; reload and retry.`,
          'zh-CN': `预留 ${id} 已被他人修改，请刷新后重试。`,
        });
      await settleStock(tx, r.warehouse_id, r.part_id, qty, input.action);
      if (input.action === 'consume')
        await tx
          .updateTable('service_work_orders')
          .set((eb) => ({ cost_fen: eb('cost_fen', '+', qty * part.unit_cost_fen) }))
          .where('id', '=', r.work_order_id)
          .execute();
      await move(
        tx,
        scope,
        {
          partId: r.part_id,
          warehouseId: r.warehouse_id,
          workOrderId: r.work_order_id,
          kind: input.action,
          qty,
          unitCostFen: part.unit_cost_fen,
        },
        now,
      );
      return toReservation({
        ...r,
        consumed: r.consumed + (input.action === 'consume' ? qty : 0),
        released: r.released + (input.action === 'release' ? qty : 0),
      });
    });
}

async function settleStock(
  k: K,
  warehouseId: string,
  partId: string,
  qty: number,
  action: 'consume' | 'release',
) {
  const res = await k
    .updateTable('service_stock')
    .set((eb) =>
      action === 'consume'
        ? { on_hand: eb('on_hand', '-', qty), reserved: eb('reserved', '-', qty) }
        : { reserved: eb('reserved', '-', qty) },
    )
    .where('warehouse_id', '=', warehouseId)
    .where('part_id', '=', partId)
    .where('reserved', '>=', qty)
    .where('on_hand', '>=', qty)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw conflict({
      en: `Stock of part ${partId} in ${warehouseId} changed meanwhile.`,
      'zh-CN': `仓库 ${warehouseId} 中备件 ${partId} 的库存已被他人修改，请刷新后重试。`,
    });
}

/** Releases what is left of a work order's reservations (when it is cancelled). */
export async function releaseAll(
  tx: K,
  scope: Scope,
  workOrderId: string,
  now: number,
): Promise<void> {
  const rows = await tx
    .selectFrom('service_reservations')
    .selectAll()
    .where('work_order_id', '=', workOrderId)
    .execute();
  for (const r of rows) {
    const left = r.qty - r.consumed - r.released;
    if (left <= 0) continue;
    await tx
      .updateTable('service_reservations')
      .set({ released: r.released + left })
      .where('id', '=', r.id)
      .execute();
    await settleStock(tx, r.warehouse_id, r.part_id, left, 'release');
    await move(
      tx,
      scope,
      {
        partId: r.part_id,
        warehouseId: r.warehouse_id,
        workOrderId,
        kind: 'release',
        qty: left,
        unitCostFen: 0,
      },
      now,
    );
  }
}

/** Returns (退库) unused consumed parts of a work order to a warehouse. */
export async function returnPart(
  db: Db,
  scope: Scope,
  input: { workOrderId: string; partId: string; warehouseId: string; qty: number },
  now = Date.now(),
): Promise<StockLevel> {
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await scopedRow(tx, scope, input.workOrderId);
      const part = await partRow(tx, scope.tenantId, input.partId);
      await checkWarehouse(tx, scope.tenantId, input.warehouseId, 'warehouseId');
      const moved = await tx
        .selectFrom('service_part_movements')
        .select(['kind', 'qty'])
        .where('work_order_id', '=', input.workOrderId)
        .where('part_id', '=', part.id)
        .where('kind', 'in', ['consume', 'return'])
        .execute();
      const net = moved.reduce((s, m) => s + (m.kind === 'consume' ? m.qty : -m.qty), 0);
      if (input.qty > net)
        throw invalidField('qty', {
          en: `work order ${input.workOrderId} consumed only ${net} of part ${part.id} not yet returned`,
          'zh-CN': `工单 ${input.workOrderId} 消耗的备件 ${part.id} 中尚未退回的只有 ${net}`,
        });
      await addOnHand(tx, scope.tenantId, input.warehouseId, part.id, input.qty);
      await tx
        .updateTable('service_work_orders')
        .set((eb) => ({ cost_fen: eb('cost_fen', '-', input.qty * part.unit_cost_fen) }))
        .where('id', '=', input.workOrderId)
        .execute();
      await move(tx, scope, { ...input, kind: 'return', unitCostFen: part.unit_cost_fen }, now);
    });
  return (
    await stockLevels(db, scope, { partId: input.partId, warehouseId: input.warehouseId })
  )[0]!;
}

export async function transferStock(
  db: Db,
  scope: Scope,
  input: { partId: string; fromWarehouseId: string; toWarehouseId: string; qty: number },
  now = Date.now(),
): Promise<StockLevel[]> {
  if (input.fromWarehouseId === input.toWarehouseId)
    throw invalidField('toWarehouseId', {
      en: 'is the same warehouse as fromWarehouseId',
      'zh-CN': '与 fromWarehouseId 是同一个仓库',
    });
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      const part = await partRow(tx, scope.tenantId, input.partId);
      await checkWarehouse(tx, scope.tenantId, input.fromWarehouseId, 'fromWarehouseId');
      await checkWarehouse(tx, scope.tenantId, input.toWarehouseId, 'toWarehouseId');
      await takeAvailable(tx, input.fromWarehouseId, part.id, input.qty, 'gone');
      await addOnHand(tx, scope.tenantId, input.toWarehouseId, part.id, input.qty);
      const base = { partId: part.id, qty: input.qty, unitCostFen: part.unit_cost_fen };
      await move(
        tx,
        scope,
        { ...base, warehouseId: input.fromWarehouseId, kind: 'transfer_out' },
        now,
      );
      await move(
        tx,
        scope,
        { ...base, warehouseId: input.toWarehouseId, kind: 'transfer_in' },
        now,
      );
    });
  return stockLevels(db, scope, { partId: input.partId });
}

export async function stockLevels(
  db: Db,
  scope: Scope,
  q: { partId?: string; warehouseId?: string } = {},
): Promise<StockLevel[]> {
  let sel = kOf(db).selectFrom('service_stock').selectAll().where('tenant_id', '=', scope.tenantId);
  if (q.partId) sel = sel.where('part_id', '=', q.partId);
  if (q.warehouseId) sel = sel.where('warehouse_id', '=', q.warehouseId);
  const rows = await sel.orderBy('warehouse_id').orderBy('part_id').execute();
  return rows.map((r) => ({
    warehouseId: r.warehouse_id,
    partId: r.part_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    available: r.on_hand - r.reserved,
  }));
}

export async function listReservations(
  db: Db,
  scope: Scope,
  workOrderId: string,
): Promise<Reservation[]> {
  const k = kOf(db);
  await scopedRow(k, scope, workOrderId);
  const rows = await k
    .selectFrom('service_reservations')
    .selectAll()
    .where('work_order_id', '=', workOrderId)
    .orderBy('created_at')
    .execute();
  return rows.map(toReservation);
}

/** Reorder proposals (补货): parts whose available stock over all warehouses is at or below the
 * reorder point, with the quantity that brings it back above it (at least the reorder quantity). */
export async function reorderProposals(db: Db, scope: Scope) {
  const k = kOf(db);
  const parts = await k
    .selectFrom('service_parts')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('sku')
    .execute();
  const stock = await k
    .selectFrom('service_stock')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  const avail = new Map<string, number>();
  for (const s of stock) avail.set(s.part_id, (avail.get(s.part_id) ?? 0) + s.on_hand - s.reserved);
  return parts
    .map((p) => ({ p, a: avail.get(p.id) ?? 0 }))
    .filter(({ p, a }) => a <= p.reorder_point)
    .map(({ p, a }) => ({
      partId: p.id,
      sku: p.sku,
      available: a,
      reorderPoint: p.reorder_point,
      proposedQty: Math.max(p.reorder_qty, p.reorder_point - a + 1),
    }));
}
