// Demand-driven replenishment over the database: SKUs (a configuration of a product model),
// imported daily sales and stock per store, order-up-to proposals from the pure core, and
// accepting a proposal, which releases a small-batch production order.
import { RongheError, invalid, notFound } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { configure } from '../configurator/configure.ts';
import type { Configuration } from '../configurator/model.ts';
import {
  proposeReplenishment,
  type ReplenishmentInput,
  type ReplenishmentPolicy,
} from '../replenishment/order-up-to.ts';
import { insertProductionOrder, type ProductionOrder } from './orders.ts';
import { getProductModel } from './product-models.ts';
import { audit, mfg, mfgId, parseJson } from './store.ts';

const DAY = 86_400_000;

export async function registerSku(
  db: Db,
  scope: Scope,
  input: { modelId: string; configuration: Configuration },
): Promise<{ sku: string; modelId: string; configuration: Configuration }> {
  const model = await getProductModel(db, scope, input.modelId);
  const product = configure(model.spec, input.configuration);
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await tx
        .insertInto('mfg_skus')
        .values({
          tenant_id: scope.tenantId,
          sku: product.sku,
          model_id: model.id,
          configuration: JSON.stringify(product.configuration),
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'sku']).doNothing())
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'sku.register',
        entityType: 'mfg_sku',
        entityId: product.sku,
        details: { modelId: model.id },
      });
    });
  return { sku: product.sku, modelId: model.id, configuration: product.configuration };
}

/** Daily sales per (sku, store) from the first sale up to the day before `asOfDay`. */
async function inputs(db: Db, scope: Scope, asOfDay: string): Promise<ReplenishmentInput[]> {
  const k = mfg(db);
  const sales = await k
    .selectFrom('mfg_sales')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('day', '<', asOfDay)
    .execute();
  const stock = await k
    .selectFrom('mfg_stock')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  const end = Date.parse(`${asOfDay}T00:00:00Z`);
  const keys = new Map<string, ReplenishmentInput & { first: number }>();
  const entry = (sku: string, store: string) => {
    const key = `${sku}\u0000${store}`;
    let e = keys.get(key);
    if (!e) keys.set(key, (e = { sku, store, dailySales: [], onHand: 0, onOrder: 0, first: end }));
    return e;
  };
  for (const s of stock)
    Object.assign(entry(s.sku, s.store), { onHand: s.on_hand, onOrder: s.on_order });
  for (const s of sales) {
    const e = entry(s.sku, s.store);
    e.first = Math.min(e.first, Date.parse(`${s.day}T00:00:00Z`));
  }
  for (const e of keys.values())
    e.dailySales = new Array<number>(Math.round((end - e.first) / DAY)).fill(0);
  for (const s of sales) {
    const e = entry(s.sku, s.store);
    e.dailySales[Math.round((Date.parse(`${s.day}T00:00:00Z`) - e.first) / DAY)]! += s.quantity;
  }
  return [...keys.values()].map(({ first: _f, ...rest }) => rest);
}

export async function proposeReplenishmentOrders(
  db: Db,
  scope: Scope,
  policy: ReplenishmentPolicy,
  asOfDay: string,
) {
  if (policy.method.kind === 'ses' && !(policy.method.alpha > 0 && policy.method.alpha <= 1)) {
    throw invalid('method.alpha', { en: 'must be in (0, 1]', 'zh-CN': '必须在 (0, 1] 之内' });
  }
  const ins = await inputs(db, scope, asOfDay);
  const results = proposeReplenishment(ins, policy);
  const now = Date.now();
  const out = await mfg(db)
    .transaction()
    .execute(async (tx) => {
      const stored = [];
      for (const r of results) {
        const p = r.value;
        if (!p) {
          stored.push({ ...r, sku: ins[r.index]!.sku, store: ins[r.index]!.store });
          continue;
        }
        await tx
          .updateTable('mfg_proposals')
          .set({ status: 'superseded' })
          .where('tenant_id', '=', scope.tenantId)
          .where('sku', '=', p.sku)
          .where('store', '=', p.store)
          .where('status', '=', 'proposed')
          .execute();
        const id = p.quantity > 0 ? mfgId('rp') : null;
        if (id) {
          const details = JSON.stringify({ ...p, policy, asOfDay });
          await tx
            .insertInto('mfg_proposals')
            .values({
              id,
              tenant_id: scope.tenantId,
              sku: p.sku,
              store: p.store,
              quantity: p.quantity,
              details,
              status: 'proposed',
              production_order_id: null,
              created_at: now,
            })
            .execute();
        }
        stored.push({ ...r, sku: p.sku, store: p.store, proposalId: id });
      }
      return stored;
    });
  return out;
}

export async function listProposals(db: Db, scope: Scope, status?: string) {
  let q = mfg(db).selectFrom('mfg_proposals').selectAll().where('tenant_id', '=', scope.tenantId);
  if (status) q = q.where('status', '=', status);
  // Open proposals first (what waits for a decision), then newest first.
  const rows = await q
    .orderBy((eb) => eb.case().when('status', '=', 'proposed').then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    store: r.store,
    quantity: r.quantity,
    status: r.status,
    productionOrderId: r.production_order_id,
    details: parseJson<Record<string, unknown>>(r.details),
    createdAt: Number(r.created_at),
  }));
}

/** Accepting turns the proposal into a production order due after the policy's lead time. */
export async function decideProposal(
  db: Db,
  scope: Scope,
  id: string,
  decision: 'accept' | 'reject',
): Promise<{ id: string; status: string; productionOrder: ProductionOrder | null }> {
  const p = (await listProposals(db, scope)).find((x) => x.id === id);
  if (!p) throw notFound('Proposal', id);
  if (p.status !== 'proposed') {
    throw new RongheError('RONGHE_INVALID_TRANSITION', {
      en: `Proposal '${id}' is ${p.status}, not proposed.`,
      'zh-CN': `提案“${id}”处于 ${p.status} 状态，而非待定（proposed）。`,
    });
  }
  const sku = await mfg(db)
    .selectFrom('mfg_skus')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('sku', '=', p.sku)
    .executeTakeFirstOrThrow();
  const model = await getProductModel(db, scope, sku.model_id);
  const product = configure(model.spec, parseJson(sku.configuration), p.quantity);
  const leadDays = (p.details.policy as ReplenishmentPolicy).leadTimeDays;
  return mfg(db)
    .transaction()
    .execute(async (tx) => {
      const now = Date.now();
      const po =
        decision === 'accept'
          ? await insertProductionOrder(tx, scope, {
              customerId: null,
              source: 'replenishment',
              sourceId: id,
              modelId: model.id,
              sku: p.sku,
              quantity: p.quantity,
              releaseAt: now,
              dueAt: now + leadDays * DAY,
              priority: 3,
              configuration: product.configuration,
              bom: product.bom,
              routing: product.routing,
            })
          : null;
      const status = decision === 'accept' ? 'accepted' : 'rejected';
      await tx
        .updateTable('mfg_proposals')
        .set({ status, production_order_id: po?.id ?? null })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id)
        .execute();
      if (po) {
        await tx
          .updateTable('mfg_stock')
          .set((eb) => ({ on_order: eb('on_order', '+', p.quantity), updated_at: now }))
          .where('tenant_id', '=', scope.tenantId)
          .where('sku', '=', p.sku)
          .where('store', '=', p.store)
          .execute();
      }
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: `replenishment.${decision}`,
        entityType: 'mfg_proposal',
        entityId: id,
        details: { productionOrderId: po?.id ?? null },
      });
      return { id, status, productionOrder: po };
    });
}
