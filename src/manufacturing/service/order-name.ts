// Production orders as people on the shop floor know them, for messages: by the customer
// order's reference (what the console's order lists and late-order report show) and what is
// made, never by the internal po_ id alone. A replenishment order has no customer reference; it
// is named by its SKU and quantity.
import { reason, type Localized } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import {
  getCustomerOrder,
  listCustomerOrders,
  listProductionOrders,
  type ProductionOrder,
} from './orders.ts';

export function orderName(po: ProductionOrder, customerReference?: string): Localized {
  const made = { sku: po.sku, quantity: po.quantity };
  if (po.source === 'customer-order' && customerReference)
    return reason(
      {
        en: 'customer order {ref} ({quantity} × {sku})',
        'zh-CN': '客户订单 {ref}（{sku} × {quantity}）',
      },
      { ref: customerReference, ...made },
    );
  return po.source === 'customer-order'
    ? reason(
        { en: 'customer order of {quantity} × {sku}', 'zh-CN': '{sku} × {quantity} 的客户订单' },
        made,
      )
    : reason(
        { en: 'replenishment of {quantity} × {sku}', 'zh-CN': '{sku} × {quantity} 的补货订单' },
        made,
      );
}

/** The names of the scope's production orders by id. */
export async function orderNames(db: Db, scope: Scope): Promise<Map<string, Localized>> {
  const refs = new Map((await listCustomerOrders(db, scope)).map((c) => [c.id, c.reference]));
  return new Map(
    (await listProductionOrders(db, scope)).map((p) => [p.id, orderName(p, refs.get(p.sourceId))]),
  );
}

/** One production order's name; a customer order deleted since is named by what is made. */
export async function orderNameOf(db: Db, scope: Scope, po: ProductionOrder): Promise<Localized> {
  if (po.source !== 'customer-order') return orderName(po);
  const co = await getCustomerOrder(db, scope, po.sourceId).catch(() => undefined);
  return orderName(po, co?.reference);
}

/** One operation of an order, as the refusals of a hand move name it. The number is the
 * operation's index as the API and shop-floor reports take it (`op`, from 0), not an ordinal:
 * "第 N 道" would call the first operation the zeroth. */
export const operationName = (
  order: Localized | string,
  op: number,
  operation: string,
): Localized =>
  reason(
    {
      en: '{order} operation {op} ({operation})',
      'zh-CN': '{order} 工序 {op}（{operation}）',
    },
    { order, op, operation },
  );
