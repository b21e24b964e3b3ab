// Material requirements planning (pure): the BOM lines still to be issued to open production
// orders (gross requirements, each needed when its order starts) are netted item by item
// against stock on hand and open purchase orders (scheduled receipts), in time order, as in
// Orlicky's MRP: a receipt counts for a need only when it is due by then. A shortfall that a
// later purchase order could cover becomes an expedite message for that order (reschedule-in);
// what no open order covers becomes a purchase proposal, lot for lot, with the date it is needed
// and the date to order by (need date less the item's lead time).

export interface MaterialDemand {
  orderId: string;
  item: string;
  unit: string;
  /** Still to issue to the order (BOM quantity less what was issued). */
  quantity: number;
  neededAt: number;
}

export interface MaterialStock {
  item: string;
  unit: string;
  onHand: number;
  leadTimeDays: number;
}

export interface ScheduledReceipt {
  purchaseOrderId: string;
  item: string;
  quantity: number;
  dueAt: number;
}

export interface PurchaseProposal {
  item: string;
  unit: string;
  quantity: number;
  neededAt: number;
  /** Need date less the lead time; in the past means the need can no longer be met in time. */
  orderBy: number;
  late: boolean;
  orderId: string;
}

export interface ExpediteMessage {
  purchaseOrderId: string;
  item: string;
  quantity: number;
  dueAt: number;
  neededAt: number;
  orderId: string;
}

export interface ItemRequirement {
  item: string;
  unit: string;
  onHand: number;
  gross: number;
  scheduledReceipts: number;
  /** Gross less on hand and open orders, when positive: what must be bought. */
  net: number;
  /** On hand plus all open orders less all requirements (negative: short). */
  projected: number;
  orders: string[];
}

export interface Requirements {
  items: ItemRequirement[];
  proposals: PurchaseProposal[];
  expedite: ExpediteMessage[];
}

const DAY = 86_400_000;
/** BOM quantities are per piece × pieces in floating point (0.2 kg × 13); a millionth is nothing. */
const EPS = 1e-9;
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function netItem(
  item: string,
  demands: MaterialDemand[],
  stock: MaterialStock | undefined,
  receipts: ScheduledReceipt[],
  now: number,
  out: Requirements,
): void {
  const unit = stock?.unit ?? demands[0]?.unit ?? '';
  const onHand = stock?.onHand ?? 0;
  const lead = (stock?.leadTimeDays ?? 0) * DAY;
  const open = receipts
    .map((r) => ({ ...r, left: r.quantity }))
    .sort((a, b) => a.dueAt - b.dueAt || a.purchaseOrderId.localeCompare(b.purchaseOrderId));
  let balance = onHand;
  let next = 0;
  const needs = [...demands].sort(
    (a, b) => a.neededAt - b.neededAt || a.orderId.localeCompare(b.orderId),
  );
  for (const d of needs) {
    while (next < open.length && open[next]!.dueAt <= d.neededAt) balance += open[next++]!.left;
    if (balance + EPS >= d.quantity) {
      balance -= d.quantity;
      continue;
    }
    let short = d.quantity - balance;
    balance = 0;
    while (short > EPS && next < open.length) {
      const r = open[next]!;
      const take = Math.min(r.left, short);
      out.expedite.push({
        purchaseOrderId: r.purchaseOrderId,
        item,
        quantity: round6(take),
        dueAt: r.dueAt,
        neededAt: d.neededAt,
        orderId: d.orderId,
      });
      r.left -= take;
      short -= take;
      if (r.left <= EPS) next++;
    }
    if (short > EPS) {
      const orderBy = d.neededAt - lead;
      out.proposals.push({
        item,
        unit,
        quantity: round6(short),
        neededAt: d.neededAt,
        orderBy,
        late: orderBy < now,
        orderId: d.orderId,
      });
    }
  }
  const gross = demands.reduce((s, d) => s + d.quantity, 0);
  const scheduled = receipts.reduce((s, r) => s + r.quantity, 0);
  out.items.push({
    item,
    unit,
    onHand: round6(onHand),
    gross: round6(gross),
    scheduledReceipts: round6(scheduled),
    net: round6(Math.max(0, gross - onHand - scheduled)),
    projected: round6(onHand + scheduled - gross),
    orders: [...new Set(demands.map((d) => d.orderId))],
  });
}

/** Nets the requirements of every item that is needed, stocked or on order. */
export function planMaterials(
  demands: MaterialDemand[],
  stock: MaterialStock[],
  receipts: ScheduledReceipt[],
  now: number,
): Requirements {
  const out: Requirements = { items: [], proposals: [], expedite: [] };
  const items = [...new Set(demands.filter((d) => d.quantity > EPS).map((d) => d.item))].sort();
  for (const item of items)
    netItem(
      item,
      demands.filter((d) => d.item === item && d.quantity > EPS),
      stock.find((s) => s.item === item),
      receipts.filter((r) => r.item === item),
      now,
      out,
    );
  return out;
}
