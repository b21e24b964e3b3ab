// Quotes (报价单): a configuration priced from the model's price list for a quantity, valid until
// a date. Accepting an open, unexpired quote creates the customer order at the quoted price, in
// one transaction with the quote's change to `accepted`. A customer-scoped principal sees only
// its customers' quotes; others are 404.
import { RongheError, invalid, notFound } from '../../kernel/index.ts';
import { getCustomer, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { configure } from '../configurator/configure.ts';
import type { Configuration } from '../configurator/model.ts';
import { priceConfiguration, type QuoteLine } from '../configurator/pricing.ts';
import {
  buildCustomerOrder,
  checkQuantity,
  insertCustomerOrder,
  type CustomerOrder,
} from './orders.ts';
import { getProductModel } from './product-models.ts';
import { audit, mfg, mfgId, parseJson, visibleCustomers, type K } from './store.ts';

const DAY = 86_400_000;

export interface QuoteInput {
  modelId: string;
  customerId?: string | null;
  reference?: string;
  configuration: Configuration;
  quantity: number;
  /** Valid until (epoch ms); default: now + the price list's validity days (30). */
  validUntil?: number;
}

export type QuoteStatus = 'open' | 'accepted' | 'expired';

export interface Quote {
  id: string;
  customerId: string | null;
  modelId: string;
  reference: string;
  sku: string;
  configuration: Configuration;
  quantity: number;
  currency: 'CNY';
  lines: QuoteLine[];
  unitPriceFen: number;
  totalFen: number;
  validUntil: number;
  status: QuoteStatus;
  customerOrderId: string | null;
  createdBy: string;
  createdAt: number;
}

const quoteRows = (k: K, scope: Scope) => {
  let q = k.selectFrom('mfg_quotes').selectAll().where('tenant_id', '=', scope.tenantId);
  const visible = visibleCustomers(scope);
  if (visible) q = q.where('customer_id', 'in', visible);
  return q;
};
type Row = Awaited<ReturnType<ReturnType<typeof quoteRows>['execute']>>[number];

const toQuote = (r: Row, now: number): Quote => ({
  id: r.id,
  customerId: r.customer_id,
  modelId: r.model_id,
  reference: r.reference,
  sku: r.sku,
  configuration: parseJson(r.configuration),
  quantity: r.quantity,
  currency: 'CNY',
  lines: parseJson(r.lines),
  unitPriceFen: Number(r.unit_price_fen),
  totalFen: Number(r.total_fen),
  validUntil: Number(r.valid_until),
  // Expiry is a matter of the clock, not a stored state: an open quote past its date is expired.
  status:
    r.status === 'open' && Number(r.valid_until) < now ? 'expired' : (r.status as QuoteStatus),
  customerOrderId: r.customer_order_id,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
});

export async function createQuote(
  db: Db,
  scope: Scope,
  input: QuoteInput,
  now = Date.now(),
): Promise<Quote> {
  checkQuantity(input.quantity);
  const customerId = input.customerId ?? null;
  if (customerId) await getCustomer(db, scope, customerId);
  else if (scope.customerIds !== null)
    throw invalid('customerId', {
      en: 'name one of your customers',
      'zh-CN': '请指定您的一个客户',
    });
  const model = await getProductModel(db, scope, input.modelId);
  const product = configure(model.spec, input.configuration, input.quantity);
  const priced = priceConfiguration(model.spec, product.configuration, input.quantity);
  const validUntil = input.validUntil ?? now + (model.spec.pricing?.validityDays ?? 30) * DAY;
  if (validUntil <= now)
    throw invalid('validUntil', { en: 'must be in the future', 'zh-CN': '必须是将来的时间' });
  const row = {
    id: mfgId('qu'),
    tenant_id: scope.tenantId,
    customer_id: customerId,
    model_id: model.id,
    reference: input.reference ?? '',
    sku: product.sku,
    configuration: JSON.stringify(product.configuration),
    quantity: input.quantity,
    lines: JSON.stringify(priced.lines),
    unit_price_fen: priced.unitPriceFen,
    total_fen: priced.totalFen,
    valid_until: validUntil,
    status: 'open',
    customer_order_id: null,
    created_by: scope.actor,
    created_at: now,
  };
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('mfg_quotes').values(row).execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'quote.create',
        entityType: 'mfg_quote',
        entityId: row.id,
        details: { sku: row.sku, quantity: row.quantity, totalFen: row.total_fen },
      });
    });
  return toQuote(row, now);
}

export async function listQuotes(db: Db, scope: Scope, now = Date.now()): Promise<Quote[]> {
  const rows = await quoteRows(mfg(db), scope).orderBy('created_at', 'desc').execute();
  return rows.map((r) => toQuote(r, now));
}

export async function getQuote(db: Db, scope: Scope, id: string, now = Date.now()) {
  const row = await quoteRows(mfg(db), scope).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Quote', id);
  return toQuote(row, now);
}

/** Accepts an open quote: the customer order at the quoted configuration, quantity and price. */
export async function acceptQuote(
  db: Db,
  scope: Scope,
  id: string,
  input: { dueAt: number; priority?: number; reference?: string },
  now = Date.now(),
): Promise<CustomerOrder> {
  const q = await getQuote(db, scope, id, now);
  if (q.status !== 'open')
    throw new RongheError(
      'RONGHE_INVALID_TRANSITION',
      q.status === 'expired'
        ? `Quote '${id}' expired on ${new Date(q.validUntil).toISOString().slice(0, 10)}; quote again.`
        : `Quote '${id}' is already ${q.status}.`,
    );
  const row = await buildCustomerOrder(
    db,
    scope,
    {
      modelId: q.modelId,
      customerId: q.customerId,
      reference: input.reference ?? q.reference,
      configuration: q.configuration,
      quantity: q.quantity,
      dueAt: input.dueAt,
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
    },
    { id: q.id, priceFen: q.totalFen },
  );
  return mfg(db)
    .transaction()
    .execute(async (tx) => {
      const updated = await tx
        .updateTable('mfg_quotes')
        .set({ status: 'accepted', customer_order_id: row.id })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw new RongheError('RONGHE_CONFLICT', {
          en: `Quote '${id}' was accepted meanwhile.`,
          'zh-CN': `报价单“${id}”已在此期间被接受。`,
        });
      return insertCustomerOrder(tx, scope, row);
    });
}
