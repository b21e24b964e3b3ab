// Table types of the manufacturing context (migration 005-manufacturing). The manufacturing
// services use them through `db.kysely.withTables<ManufacturingTables>()`, as monitoring does.
// Times are epoch ms; JSON documents are text.

export interface MfgStationTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  line: string;
  /** Shift[] as JSON. */
  shifts: string;
  created_at: number;
}

export interface MfgProductModelTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  /** ProductModelSpec as JSON. */
  spec: string;
  created_at: number;
  updated_at: number;
}

export interface MfgCustomerOrderTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  model_id: string;
  reference: string;
  sku: string;
  configuration: string;
  quantity: number;
  due_at: number;
  priority: number;
  bom: string;
  routing: string;
  status: string;
  production_order_id: string | null;
  created_at: number;
  /** Migration 025: the accepted quote and its price, when the order came from one. */
  quote_id: string | null;
  price_fen: number | null;
}

export interface MfgProductionOrderTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  source: string;
  source_id: string;
  model_id: string;
  sku: string;
  quantity: number;
  release_at: number;
  due_at: number | null;
  priority: number;
  routing: string;
  status: string;
  created_at: number;
  /** Migration 025: BomLine[] and Configuration as JSON. */
  bom: string;
  configuration: string;
}

export interface MfgSkuTable {
  tenant_id: string;
  sku: string;
  model_id: string;
  configuration: string;
  created_at: number;
}

export interface MfgSalesTable {
  tenant_id: string;
  sku: string;
  store: string;
  /** 'YYYY-MM-DD' (UTC day). */
  day: string;
  quantity: number;
}

export interface MfgStockTable {
  tenant_id: string;
  sku: string;
  store: string;
  on_hand: number;
  on_order: number;
  updated_at: number;
}

export interface MfgProposalTable {
  id: string;
  tenant_id: string;
  sku: string;
  store: string;
  quantity: number;
  /** Forecast, order-up-to level and policy as JSON. */
  details: string;
  status: string;
  production_order_id: string | null;
  created_at: number;
}

export interface MfgPlanTable {
  id: string;
  tenant_id: string;
  status: string;
  makespan_at: number | null;
  total_tardiness_min: number;
  /** PlannedOperation[] as JSON. */
  operations: string;
  created_at: number;
  created_by: string;
}

export interface MfgEventTable {
  id: string;
  tenant_id: string;
  production_order_id: string;
  op: number;
  station: string;
  kind: string;
  at: number;
  quantity: number;
  scrap: number;
  created_at: number;
}

/** Migration 025: a priced configuration with its validity. */
export interface MfgQuoteTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  model_id: string;
  reference: string;
  sku: string;
  configuration: string;
  quantity: number;
  /** QuoteLine[] as JSON. */
  lines: string;
  unit_price_fen: number;
  total_fen: number;
  valid_until: number;
  status: string;
  customer_order_id: string | null;
  created_by: string;
  created_at: number;
}

/** Migration 025: stock of a material (a BOM item) and its replenishment lead time. */
export interface MfgMaterialTable {
  tenant_id: string;
  item: string;
  unit: string;
  on_hand: number;
  lead_time_days: number;
  updated_at: number;
}

export interface MfgPurchaseOrderTable {
  id: string;
  tenant_id: string;
  item: string;
  quantity: number;
  due_at: number;
  supplier: string;
  status: string;
  received_at: number | null;
  created_at: number;
}

export interface MfgMaterialIssueTable {
  id: string;
  tenant_id: string;
  production_order_id: string;
  item: string;
  quantity: number;
  lot: string;
  /** string[] as JSON. */
  serials: string;
  at: number;
  actor: string;
}

/** A unit a finished production order registered as an asset, with its as-built record. */
export interface MfgUnitTable {
  asset_id: string;
  tenant_id: string;
  production_order_id: string;
  serial: string;
  /** UnitRecord as JSON. */
  record: string;
  created_at: number;
}

// A type alias (not an interface) so that it satisfies Kysely's `withTables` constraint.
export type ManufacturingTables = {
  mfg_stations: MfgStationTable;
  mfg_product_models: MfgProductModelTable;
  mfg_customer_orders: MfgCustomerOrderTable;
  mfg_production_orders: MfgProductionOrderTable;
  mfg_skus: MfgSkuTable;
  mfg_sales: MfgSalesTable;
  mfg_stock: MfgStockTable;
  mfg_proposals: MfgProposalTable;
  mfg_plans: MfgPlanTable;
  mfg_events: MfgEventTable;
  mfg_quotes: MfgQuoteTable;
  mfg_materials: MfgMaterialTable;
  mfg_purchase_orders: MfgPurchaseOrderTable;
  mfg_material_issues: MfgMaterialIssueTable;
  mfg_units: MfgUnitTable;
};
