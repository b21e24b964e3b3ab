// Customer orders (a personalised piece or a batch of one configuration, with a due date and a
// priority) and the production orders they, or accepted replenishment proposals, release to
// the shop floor. A customer-scoped principal sees only its customers' orders; others are 404.
import { RongheError, invalid, notFound } from '../../kernel/index.ts';
import { getCustomer, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { configure } from '../configurator/configure.ts';
import type { BomLine, Configuration, RoutingStep } from '../configurator/model.ts';
import { getProductModel } from './product-models.ts';
import { audit, mfg, mfgId, parseJson, visibleCustomers, type K } from './store.ts';

export interface CustomerOrderInput {
  modelId: string;
  customerId?: string | null;
  reference?: string;
  configuration: Configuration;
  quantity: number;
  dueAt: number;
  priority?: number;
}

export interface CustomerOrder {
  id: string;
  customerId: string | null;
  modelId: string;
  reference: string;
  sku: string;
  configuration: Configuration;
  quantity: number;
  dueAt: number;
  priority: number;
  bom: BomLine[];
  routing: RoutingStep[];
  status: string;
  productionOrderId: string | null;
  createdAt: number;
  /** The accepted quote the order came from, and its price (fen), or null. */
  quoteId: string | null;
  priceFen: number | null;
}

export interface ProductionOrder {
  id: string;
  customerId: string | null;
  source: 'customer-order' | 'replenishment';
  sourceId: string;
  modelId: string;
  sku: string;
  quantity: number;
  releaseAt: number;
  dueAt: number | null;
  priority: number;
  /** The configuration chosen, and the configured BOM for the order's quantity. */
  configuration: Configuration;
  bom: BomLine[];
  routing: RoutingStep[];
  status: string;
  createdAt: number;
}

export function checkQuantity(quantity: number, field = 'quantity'): void {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw invalid(field, {
      en: `must be a whole number of pieces ≥ 1, got ${quantity}`,
      'zh-CN': `必须是 ≥ 1 的整数件数，实为 ${quantity}`,
    });
  }
}

type CoRow = Awaited<ReturnType<typeof coQuery>>[number];
const coQuery = (k: K, scope: Scope, id?: string) => {
  let q = k.selectFrom('mfg_customer_orders').selectAll().where('tenant_id', '=', scope.tenantId);
  if (id !== undefined) q = q.where('id', '=', id);
  const visible = visibleCustomers(scope);
  if (visible) q = q.where('customer_id', 'in', visible);
  return q.execute();
};
const toCustomerOrder = (r: CoRow): CustomerOrder => ({
  id: r.id,
  customerId: r.customer_id,
  modelId: r.model_id,
  reference: r.reference,
  sku: r.sku,
  configuration: parseJson(r.configuration),
  quantity: r.quantity,
  dueAt: Number(r.due_at),
  priority: r.priority,
  bom: parseJson(r.bom),
  routing: parseJson(r.routing),
  status: r.status,
  productionOrderId: r.production_order_id,
  createdAt: Number(r.created_at),
  quoteId: r.quote_id ?? null,
  priceFen: r.price_fen === null || r.price_fen === undefined ? null : Number(r.price_fen),
});

export type CustomerOrderRow = ReturnType<typeof customerOrderRow>;

/** Checks an order and builds its row (configuration resolved, BOM and routing generated). */
export async function buildCustomerOrder(
  db: Db,
  scope: Scope,
  input: CustomerOrderInput,
  quote?: { id: string; priceFen: number },
) {
  checkQuantity(input.quantity);
  const priority = input.priority ?? 3;
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) {
    throw invalid('priority', {
      en: 'must be 1 (most urgent) to 5',
      'zh-CN': '必须为 1（最紧急）到 5',
    });
  }
  const customerId = input.customerId ?? null;
  if (customerId) await getCustomer(db, scope, customerId);
  else if (scope.customerIds !== null)
    throw invalid('customerId', {
      en: 'name one of your customers',
      'zh-CN': '请指定您的一个客户',
    });
  const model = await getProductModel(db, scope, input.modelId);
  const product = configure(model.spec, input.configuration, input.quantity);
  return customerOrderRow(
    scope,
    input,
    { customerId, priority, modelId: model.id },
    product,
    quote,
  );
}

const customerOrderRow = (
  scope: Scope,
  input: CustomerOrderInput,
  c: { customerId: string | null; priority: number; modelId: string },
  product: ReturnType<typeof configure>,
  quote?: { id: string; priceFen: number },
) => ({
  id: mfgId('co'),
  tenant_id: scope.tenantId,
  customer_id: c.customerId,
  model_id: c.modelId,
  reference: input.reference ?? '',
  sku: product.sku,
  configuration: JSON.stringify(product.configuration),
  quantity: input.quantity,
  due_at: input.dueAt,
  priority: c.priority,
  bom: JSON.stringify(product.bom),
  routing: JSON.stringify(product.routing),
  status: 'open',
  production_order_id: null as string | null,
  created_at: Date.now(),
  quote_id: quote?.id ?? null,
  price_fen: quote?.priceFen ?? null,
});

/** Inserts a built customer order in the caller's transaction. */
export async function insertCustomerOrder(
  tx: K,
  scope: Scope,
  row: CustomerOrderRow,
): Promise<CustomerOrder> {
  await tx.insertInto('mfg_customer_orders').values(row).execute();
  await audit(tx, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action: 'customer-order.create',
    entityType: 'mfg_customer_order',
    entityId: row.id,
    details: { sku: row.sku, quantity: row.quantity, quoteId: row.quote_id },
  });
  return toCustomerOrder(row);
}

export async function createCustomerOrder(
  db: Db,
  scope: Scope,
  input: CustomerOrderInput,
): Promise<CustomerOrder> {
  const row = await buildCustomerOrder(db, scope, input);
  return mfg(db)
    .transaction()
    .execute((tx) => insertCustomerOrder(tx, scope, row));
}

export async function listCustomerOrders(db: Db, scope: Scope): Promise<CustomerOrder[]> {
  const rows = await coQuery(mfg(db), scope);
  return rows.map(toCustomerOrder).sort((a, b) => a.dueAt - b.dueAt || a.priority - b.priority);
}

export async function getCustomerOrder(db: Db, scope: Scope, id: string): Promise<CustomerOrder> {
  const k = mfg(db);
  const [row] = await coQuery(k, scope, id);
  if (!row) throw notFound('Customer order', id);
  return toCustomerOrder(row);
}

type PoRow = Awaited<ReturnType<typeof poQuery>>[number];
const poQuery = (k: K, scope: Scope) => {
  let q = k.selectFrom('mfg_production_orders').selectAll().where('tenant_id', '=', scope.tenantId);
  const visible = visibleCustomers(scope);
  if (visible) q = q.where('customer_id', 'in', visible);
  return q.execute();
};
export const toProductionOrder = (r: PoRow): ProductionOrder => ({
  id: r.id,
  customerId: r.customer_id,
  source: r.source as ProductionOrder['source'],
  sourceId: r.source_id,
  modelId: r.model_id,
  sku: r.sku,
  quantity: r.quantity,
  releaseAt: Number(r.release_at),
  dueAt: r.due_at === null ? null : Number(r.due_at),
  priority: r.priority,
  configuration: parseJson(r.configuration ?? '{}'),
  bom: parseJson(r.bom ?? '[]'),
  routing: parseJson(r.routing),
  status: r.status,
  createdAt: Number(r.created_at),
});

export async function listProductionOrders(db: Db, scope: Scope): Promise<ProductionOrder[]> {
  const rows = await poQuery(mfg(db), scope);
  return rows.map(toProductionOrder).sort((a, b) => a.createdAt - b.createdAt);
}

export async function getProductionOrder(db: Db, scope: Scope, id: string) {
  const row = (await poQuery(mfg(db), scope)).find((r) => r.id === id);
  if (!row) throw notFound('Production order', id);
  return toProductionOrder(row);
}

/** Inserts a production order in the caller's transaction. */
export async function insertProductionOrder(
  tx: K,
  scope: Scope,
  po: Omit<ProductionOrder, 'id' | 'createdAt' | 'status'>,
): Promise<ProductionOrder> {
  const row = {
    id: mfgId('po'),
    tenant_id: scope.tenantId,
    customer_id: po.customerId,
    source: po.source,
    source_id: po.sourceId,
    model_id: po.modelId,
    sku: po.sku,
    quantity: po.quantity,
    release_at: po.releaseAt,
    due_at: po.dueAt,
    priority: po.priority,
    configuration: JSON.stringify(po.configuration),
    bom: JSON.stringify(po.bom),
    routing: JSON.stringify(po.routing),
    status: 'released',
    created_at: Date.now(),
  };
  await tx.insertInto('mfg_production_orders').values(row).execute();
  await audit(tx, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action: 'production-order.release',
    entityType: 'mfg_production_order',
    entityId: row.id,
    details: { source: po.source, sourceId: po.sourceId, quantity: po.quantity },
  });
  return toProductionOrder(row);
}

/** Releases an open customer order to production (once). */
export async function releaseCustomerOrder(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ProductionOrder> {
  const co = await getCustomerOrder(db, scope, id);
  if (co.status !== 'open') {
    throw new RongheError('RONGHE_INVALID_TRANSITION', {
      en: `Customer order '${id}' is already ${co.status}.`,
      'zh-CN': `客户订单“${id}”已处于 ${co.status} 状态。`,
    });
  }
  return mfg(db)
    .transaction()
    .execute(async (tx) => {
      const po = await insertProductionOrder(tx, scope, {
        customerId: co.customerId,
        source: 'customer-order',
        sourceId: co.id,
        modelId: co.modelId,
        sku: co.sku,
        quantity: co.quantity,
        releaseAt: Date.now(),
        dueAt: co.dueAt,
        priority: co.priority,
        configuration: co.configuration,
        bom: co.bom,
        routing: co.routing,
      });
      const updated = await tx
        .updateTable('mfg_customer_orders')
        .set({ status: 'released', production_order_id: po.id })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new RongheError('RONGHE_CONFLICT', {
          en: `Customer order '${id}' was released meanwhile.`,
          'zh-CN': `客户订单“${id}”已被他人下达。`,
        });
      }
      return po;
    });
}
