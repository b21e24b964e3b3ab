// Imports of daily sales and stock per SKU and store: parsed per row (sales-import.ts), rows
// naming unregistered SKUs fail on their own, good rows are upserted in one transaction.
import type { ItemResult } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { parseSales, parseStock } from './sales-import.ts';
import { audit, mfg, type K } from './store.ts';

type Rows = { csv?: string; rows?: Record<string, unknown>[] };

async function knownSkus(db: Db, scope: Scope): Promise<Set<string>> {
  const rows = await mfg(db)
    .selectFrom('mfg_skus')
    .select('sku')
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  return new Set(rows.map((r) => r.sku));
}

function requireKnown<T extends { sku: string }>(results: ItemResult<T>[], skus: Set<string>) {
  return results.map((r): ItemResult<T> =>
    r.value && !skus.has(r.value.sku)
      ? { index: r.index, status: 'failed', reason: `sku: '${r.value.sku}' is not registered` }
      : r,
  );
}

const importAudit = (tx: K, scope: Scope, action: string, results: ItemResult<unknown>[]) =>
  audit(tx, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action,
    entityType: 'mfg_import',
    entityId: action,
    details: {
      ok: results.filter((r) => r.status === 'ok').length,
      failed: results.filter((r) => r.status !== 'ok').length,
    },
  });

/** Upserts daily sales per SKU and store (a re-import of a day replaces it). */
export async function importSales(db: Db, scope: Scope, input: Rows) {
  const results = requireKnown(parseSales(input), await knownSkus(db, scope));
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await importAudit(tx, scope, 'sales.import', results);
      for (const r of results) {
        if (!r.value) continue;
        await tx
          .insertInto('mfg_sales')
          .values({ tenant_id: scope.tenantId, ...r.value })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'sku', 'store', 'day'])
              .doUpdateSet({ quantity: r.value!.quantity }),
          )
          .execute();
      }
    });
  return results.map(({ index, status, reason }) => ({ index, status, reason }));
}

export async function importStock(db: Db, scope: Scope, input: Rows) {
  const results = requireKnown(parseStock(input), await knownSkus(db, scope));
  const now = Date.now();
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await importAudit(tx, scope, 'stock.import', results);
      for (const r of results) {
        if (!r.value) continue;
        const v = r.value;
        const values = { on_hand: v.onHand, on_order: v.onOrder, updated_at: now };
        await tx
          .insertInto('mfg_stock')
          .values({ tenant_id: scope.tenantId, sku: v.sku, store: v.store, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'sku', 'store']).doUpdateSet(values))
          .execute();
      }
    });
  return results.map(({ index, status, reason }) => ({ index, status, reason }));
}
