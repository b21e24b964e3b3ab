// From production to service: when the last operation of a serialised product's production order
// finishes, each good unit becomes an asset (lifecycle `manufactured`, the customer order's
// customer) with its as-built record — the configuration chosen, the BOM with the component lots
// and serials issued to the order, and the station and times of every operation. The assets are
// inserted in the transaction of the finish report, so a finish either registers every unit or
// nothing. The service context's passport starts from this record.
import type { Kysely } from 'kysely';
import { invalid } from '../../kernel/index.ts';
import {
  announceCreatedAsset,
  insertPreparedAsset,
  prepareAsset,
  type Asset,
  type PreparedAsset,
} from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import type { ProductModelSpec } from '../configurator/model.ts';
import { issuesOf, materialLines } from './material-issue.ts';
import { getProductionOrder, type ProductionOrder } from './orders.ts';
import { opKey, type ShopState } from './shop-state.ts';
import { mfg, parseJson, type K } from './store.ts';

export interface UnitComponent {
  item: string;
  unit: string;
  /** Quantity per unit, from the configured BOM. */
  quantity: number;
  lots: string[];
  serials: string[];
}

export interface UnitOperation {
  op: number;
  operation: string;
  station: string;
  startedAt: number;
  finishedAt: number;
}

export interface UnitRecord {
  assetId: string;
  serial: string;
  productionOrderId: string;
  customerOrderId: string | null;
  modelId: string;
  modelCode: string;
  sku: string;
  configuration: Record<string, string>;
  builtAt: number;
  components: UnitComponent[];
  operations: UnitOperation[];
}

export interface PlannedUnits {
  assets: PreparedAsset[];
  records: UnitRecord[];
}

/** Serials the stations did not report: prefix, order and a running number (DJ02-7K3M2Q-001). */
const serialOf = (prefix: string, po: ProductionOrder, i: number) =>
  `${prefix}${po.id.slice(3, 9).toUpperCase()}-${String(i + 1).padStart(3, '0')}`;

function operationsOf(po: ProductionOrder, state: ShopState, last: UnitOperation): UnitOperation[] {
  const ops: UnitOperation[] = [];
  po.routing.forEach((r, op) => {
    const s = state.get(opKey(po.id, op));
    if (op === last.op) ops.push(last);
    else if (s?.finishedAt !== undefined)
      ops.push({
        op,
        operation: r.operation,
        station: s.station,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
      });
  });
  return ops;
}

/**
 * The assets and as-built records of a finished order's good units, checked (serials, asset
 * model, customer) before anything is written. Empty when the product is not serialised.
 */
export async function planUnits(
  db: Db,
  scope: Scope,
  spec: ProductModelSpec,
  po: ProductionOrder,
  finish: { state: ShopState; last: UnitOperation; good: number; serials?: string[] },
): Promise<PlannedUnits> {
  const s = spec.serialised;
  if (!s) {
    if (finish.serials?.length)
      throw invalid('serials', {
        en: `model '${spec.code}' is not serialised`,
        'zh-CN': `型号“${spec.code}”不按序列号管理`,
      });
    return { assets: [], records: [] };
  }
  const serials = finish.serials?.length
    ? finish.serials
    : Array.from({ length: finish.good }, (_, i) => serialOf(s.serialPrefix, po, i));
  if (serials.length !== finish.good)
    throw invalid('serials', {
      en: `${serials.length} serials for ${finish.good} good units (quantity − scrap)`,
      'zh-CN': `良品 ${finish.good} 件（数量 − 报废），却有 ${serials.length} 个序列号`,
    });
  if (new Set(serials).size !== serials.length)
    throw invalid('serials', { en: 'a serial is listed twice', 'zh-CN': '有序列号重复' });
  const lines = materialLines(po, await issuesOf(mfg(db), scope, [po.id]));
  const operations = operationsOf(po, finish.state, finish.last);
  const assets: PreparedAsset[] = [];
  const records: UnitRecord[] = [];
  for (const [i, serial] of serials.entries()) {
    const asset = await prepareAsset(db, scope, {
      name: `${spec.name} ${serial}`,
      serial,
      modelId: s.assetModelId ?? null,
      customerId: po.customerId,
      lifecycle: 'manufactured',
    });
    assets.push(asset);
    records.push({
      assetId: asset.row.id,
      serial,
      productionOrderId: po.id,
      customerOrderId: po.source === 'customer-order' ? po.sourceId : null,
      modelId: po.modelId,
      modelCode: spec.code,
      sku: po.sku,
      configuration: po.configuration,
      builtAt: finish.last.finishedAt,
      components: lines.map((l) => {
        const per = po.quantity > 0 ? l.required / po.quantity : 0;
        // Serials reported one per piece of component are shared out unit by unit, in order;
        // otherwise every unit lists what the order received.
        const chunk = Number.isInteger(per) && l.serials.length === per * serials.length;
        return {
          item: l.item,
          unit: l.unit,
          quantity: Math.round(per * 1e6) / 1e6,
          lots: l.lots,
          serials: chunk ? l.serials.slice(i * per, (i + 1) * per) : l.serials,
        };
      }),
      operations,
    });
  }
  return { assets, records };
}

/** Inserts the planned units in the caller's transaction (the finish report's). */
export async function insertUnits(tx: K, scope: Scope, planned: PlannedUnits): Promise<Asset[]> {
  const created: Asset[] = [];
  for (const [i, a] of planned.assets.entries()) {
    const record = planned.records[i]!;
    created.push(
      await insertPreparedAsset(tx as unknown as Kysely<Database>, scope, a, `serials[${i}]`),
    );
    await tx
      .insertInto('mfg_units')
      .values({
        asset_id: record.assetId,
        tenant_id: scope.tenantId,
        production_order_id: record.productionOrderId,
        serial: record.serial,
        record: JSON.stringify(record),
        created_at: a.row.created_at,
      })
      .execute();
  }
  return created;
}

export const announceUnits = (db: Db, scope: Scope, assets: Asset[]) => {
  for (const a of assets) announceCreatedAsset(db, scope, a);
};

/** The as-built record of a manufactured asset, or null when it was not built here. */
export async function unitRecord(
  db: Db,
  scope: Scope,
  assetId: string,
): Promise<UnitRecord | null> {
  const row = await mfg(db)
    .selectFrom('mfg_units')
    .select('record')
    .where('tenant_id', '=', scope.tenantId)
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
  return row ? parseJson<UnitRecord>(row.record) : null;
}

/** The units a production order registered. */
export async function listUnits(db: Db, scope: Scope, orderId: string): Promise<UnitRecord[]> {
  await getProductionOrder(db, scope, orderId);
  const rows = await mfg(db)
    .selectFrom('mfg_units')
    .select('record')
    .where('tenant_id', '=', scope.tenantId)
    .where('production_order_id', '=', orderId)
    .orderBy('serial')
    .execute();
  return rows.map((r) => parseJson<UnitRecord>(r.record));
}
