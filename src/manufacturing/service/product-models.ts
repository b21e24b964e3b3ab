// Product models of the configurator, stored with their option rules and BOM/routing templates.
// Every routing station must be a station of the tenant, checked when the model is stored.
import { RongheError, invalid, notFound } from '../../kernel/index.ts';
import { getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { configure } from '../configurator/configure.ts';
import type {
  Configuration,
  ConfiguredProduct,
  Pricing,
  ProductModelSpec,
} from '../configurator/model.ts';
import { validatePricing } from '../configurator/pricing.ts';
import { validateModelSpec } from '../configurator/validate-model.ts';
import { listStations } from './stations.ts';
import { audit, mfg, mfgId, parseJson } from './store.ts';

export interface ProductModel {
  id: string;
  spec: ProductModelSpec;
  createdAt: number;
  updatedAt: number;
}

type Row = { id: string; spec: string; created_at: number; updated_at: number };
const toModel = (r: Row): ProductModel => ({
  id: r.id,
  spec: parseJson<ProductModelSpec>(r.spec),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

async function checkStations(db: Db, scope: Scope, spec: ProductModelSpec): Promise<void> {
  const codes = new Set((await listStations(db, scope)).map((s) => s.code));
  spec.routing.forEach((r, i) =>
    r.stations.forEach((s, j) => {
      if (!codes.has(s.station)) {
        throw invalid(`routing[${i}].stations[${j}].station`, {
          en: `no station '${s.station}'`,
          'zh-CN': `没有工位“${s.station}”`,
        });
      }
    }),
  );
}

export async function createProductModel(
  db: Db,
  scope: Scope,
  spec: ProductModelSpec,
): Promise<ProductModel> {
  validateModelSpec(spec);
  await checkStations(db, scope, spec);
  const assetModelId = spec.serialised?.assetModelId;
  // Units are registered as assets of this model when an order finishes: check it exists now.
  if (assetModelId)
    await getModel(db, scope, assetModelId).catch(() => {
      throw invalid('serialised.assetModelId', {
        en: `no asset model '${assetModelId}' in this tenant`,
        'zh-CN': `本租户中没有资产型号“${assetModelId}”`,
      });
    });
  const now = Date.now();
  const row = {
    id: mfgId('pm'),
    tenant_id: scope.tenantId,
    code: spec.code,
    name: spec.name,
    spec: JSON.stringify(spec),
    created_at: now,
    updated_at: now,
  };
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      const dup = await tx
        .selectFrom('mfg_product_models')
        .select('id')
        .where('tenant_id', '=', scope.tenantId)
        .where('code', '=', spec.code)
        .executeTakeFirst();
      if (dup)
        throw new RongheError('RONGHE_CONFLICT', {
          en: `code: model '${spec.code}' exists`,
          'zh-CN': `code：产品型号“${spec.code}”已存在`,
        });
      await tx.insertInto('mfg_product_models').values(row).execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'product-model.create',
        entityType: 'mfg_product_model',
        entityId: row.id,
        details: { code: spec.code },
      });
    });
  return toModel(row);
}

export async function listProductModels(db: Db, scope: Scope): Promise<ProductModel[]> {
  const rows = await mfg(db)
    .selectFrom('mfg_product_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('code')
    .execute();
  return rows.map(toModel);
}

export async function getProductModel(db: Db, scope: Scope, id: string): Promise<ProductModel> {
  const row = await mfg(db)
    .selectFrom('mfg_product_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Product model', id);
  return toModel(row);
}

/** Checks a configuration and returns its SKU, BOM and routing without storing anything. */
export async function configureProduct(
  db: Db,
  scope: Scope,
  modelId: string,
  configuration: Configuration,
  quantity: number,
): Promise<ConfiguredProduct> {
  const model = await getProductModel(db, scope, modelId);
  return configure(model.spec, configuration, quantity);
}

/** Replaces the price list of a model (checked against its options); quotes made keep theirs. */
export async function setModelPricing(
  db: Db,
  scope: Scope,
  id: string,
  pricing: Pricing,
): Promise<ProductModel> {
  const model = await getProductModel(db, scope, id);
  const spec = { ...model.spec, pricing };
  validatePricing(spec, pricing);
  const now = Date.now();
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await tx
        .updateTable('mfg_product_models')
        .set({ spec: JSON.stringify(spec), updated_at: now })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id)
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'product-model.pricing',
        entityType: 'mfg_product_model',
        entityId: id,
        details: { basePriceFen: pricing.basePriceFen, rules: pricing.rules.length },
      });
    });
  return { ...model, spec, updatedAt: now };
}
