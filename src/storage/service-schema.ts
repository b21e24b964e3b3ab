// Table types of the service context (migration 014-service). The service stores use them through
// `db.kysely.withTables<ServiceTables>()`. Times are epoch ms; JSON documents are text; booleans
// are 0/1 integers; money is integer fen.

export interface ServiceContractTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  name: string;
  /** 'warranty' | 'full_service' | 'on_call' | 'availability' */
  kind: string;
  valid_from: number;
  valid_to: number;
  /** BusinessCalendar as JSON. */
  calendar: string;
  /** SLA terms per priority as JSON. */
  sla: string;
  pause_on_hold: number;
  availability_target: number | null;
  entitlements: string;
  energy_contract_id: string | null;
  price_fen: number | null;
  notes: string;
  created_at: number;
  updated_at: number;
}

export interface ServiceContractAssetTable {
  tenant_id: string;
  contract_id: string;
  asset_id: string;
  valid_from: number;
  valid_to: number;
}

export interface ServiceTechnicianTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  name: string;
  skills: string;
  home_lat: number | null;
  home_lon: number | null;
  region: string;
  active: number;
  created_at: number;
}

export interface ServiceWorkOrderTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  asset_id: string;
  contract_id: string | null;
  title: string;
  description: string;
  priority: string;
  /** 'corrective' | 'preventive' */
  kind: string;
  /** 'manual' | 'alarm' | 'phm' | 'request' */
  source: string;
  source_ref: string | null;
  /** `${asset}|${source}` while an automatically opened order is open; null otherwise. */
  open_key: string | null;
  skills: string;
  status: string;
  version: number;
  technician_id: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  responded_at: number | null;
  done_at: number | null;
  closed_at: number | null;
  /** On-hold periods [{ from, to }] as JSON. */
  pauses: string;
  visits: number;
  internal_notes: string;
  labour_minutes: number;
  cost_fen: number;
  rating: number | null;
  customer_comment: string | null;
  confirmed_at: number | null;
  /** The asset's model when the order was opened (KPIs per model without a join; 019). */
  model_id: string | null;
  cancelled_at: number | null;
  /** SLA outcome stored when the order is done: 1 met, 0 breached, null without an SLA. */
  sla_response_met: number | null;
  sla_resolution_met: number | null;
  /** Business minutes the response / resolution clocks ran (pauses excluded). */
  sla_response_minutes: number | null;
  sla_resolution_minutes: number | null;
  /** done − created, in ms, once done. */
  downtime_ms: number | null;
}

/** Finished work orders summed per 30-day bucket, per asset side ('a') or technician ('t'); 019. */
export interface ServiceKpiRollupTable {
  tenant_id: string;
  side: string;
  bucket: number;
  asset_id: string;
  customer_id: string;
  model_id: string;
  contract_id: string;
  technician_id: string;
  failures: number;
  repairs: number;
  restore_ms: number;
  first_fix: number;
  sla_measured: number;
  sla_met: number;
  labour_minutes: number;
  cost_fen: number;
  max_restore_ms: number;
}

/** An SLA warning / breach or a renewal reminder, recorded once per subject and kind (019). */
export interface ServiceNoticeTable {
  id: string;
  tenant_id: string;
  subject_id: string;
  kind: string;
  asset_id: string | null;
  customer_id: string | null;
  at: number;
  message: string;
  delivered_at: number | null;
}

export interface ServiceWorkOrderEventTable {
  id: string;
  tenant_id: string;
  work_order_id: string;
  /** The work order's version after the change: orders the log within one millisecond. */
  version: number;
  from_status: string | null;
  to_status: string;
  at: number;
  by: string;
  note: string;
}

export interface ServicePhmPolicyTable {
  tenant_id: string;
  model_id: string;
  rul_threshold_hours: number;
  priority: string;
}

/** A rule-level policy: an alarm of this rule at or above the severity opens a work order. */
export interface ServiceAlarmPolicyTable {
  tenant_id: string;
  rule_id: string;
  min_severity: string;
  /** Null: the priority follows the alarm's severity. */
  priority: string | null;
  skills: string;
}

export interface ServicePartTable {
  id: string;
  tenant_id: string;
  sku: string;
  name: string;
  fits: string;
  unit_cost_fen: number;
  reorder_point: number;
  reorder_qty: number;
  created_at: number;
}

export interface ServiceWarehouseTable {
  id: string;
  tenant_id: string;
  name: string;
  /** 'depot' | 'van' */
  kind: string;
  technician_id: string | null;
  created_at: number;
}

export interface ServiceStockTable {
  tenant_id: string;
  warehouse_id: string;
  part_id: string;
  on_hand: number;
  reserved: number;
}

export interface ServiceReservationTable {
  id: string;
  tenant_id: string;
  work_order_id: string;
  part_id: string;
  warehouse_id: string;
  qty: number;
  consumed: number;
  released: number;
  created_by: string;
  created_at: number;
}

export interface ServicePartMovementTable {
  id: string;
  tenant_id: string;
  part_id: string;
  warehouse_id: string;
  work_order_id: string | null;
  /** 'receive' | 'reserve' | 'release' | 'consume' | 'return' | 'transfer_out' | 'transfer_in' */
  kind: string;
  qty: number;
  unit_cost_fen: number;
  at: number;
  by: string;
}

export type ServiceTables = {
  service_contracts: ServiceContractTable;
  service_contract_assets: ServiceContractAssetTable;
  service_technicians: ServiceTechnicianTable;
  service_work_orders: ServiceWorkOrderTable;
  service_work_order_events: ServiceWorkOrderEventTable;
  service_phm_policies: ServicePhmPolicyTable;
  service_alarm_policies: ServiceAlarmPolicyTable;
  service_parts: ServicePartTable;
  service_warehouses: ServiceWarehouseTable;
  service_stock: ServiceStockTable;
  service_reservations: ServiceReservationTable;
  service_part_movements: ServicePartMovementTable;
  service_notices: ServiceNoticeTable;
  service_kpi_rollup: ServiceKpiRollupTable;
};

// --- migration 018-service-plans ---

export interface ServicePlanTable {
  id: string;
  tenant_id: string;
  name: string;
  /** Exactly one of asset_id and model_id is set: a plan for one asset or every asset of a model. */
  asset_id: string | null;
  model_id: string | null;
  /** PlanTrigger as JSON (calendar or usage). */
  trigger: string;
  title: string;
  priority: string;
  skills: string;
  checklist_template_id: string | null;
  active: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** Usage counted so far per (plan, asset), advanced by a conditional UPDATE on `version`. */
export interface ServicePlanUsageTable {
  tenant_id: string;
  plan_id: string;
  asset_id: string;
  /** Hours (running hours), cycles or counter units since the plan started watching. */
  usage: number;
  /** Counter plans: the counter's first reading. */
  baseline: number | null;
  /** The last sample seen (its state carries into the next read). */
  last_ts: number | null;
  last_value: number | null;
  /** Telemetry up to (excluding) this time has been counted. */
  until_ts: number;
  version: number;
}

/** One row per due point that fired: the key is what makes a firing happen once. */
export interface ServicePlanFiringTable {
  tenant_id: string;
  plan_id: string;
  asset_id: string;
  /** `cal:YYYY-MM-DD` or `usage:<n>` (the n-th multiple of the interval). */
  due_key: string;
  due_at: number | null;
  usage: number | null;
  work_order_id: string;
  fired_at: number;
}

export interface ServiceChecklistTemplateTable {
  id: string;
  tenant_id: string;
  name: string;
  model_id: string | null;
  /** [{ text, mandatory }] as JSON. */
  items: string;
  created_at: number;
}

export interface ServiceChecklistItemTable {
  id: string;
  tenant_id: string;
  work_order_id: string;
  position: number;
  text: string;
  mandatory: number;
  template_id: string | null;
  done_at: number | null;
  done_by: string | null;
  note: string;
}

export interface ServiceAttachmentTable {
  id: string;
  tenant_id: string;
  /** 'work_order' | 'asset' (the as-built record) */
  target_kind: string;
  target_id: string;
  /** The customer of the work order or asset: what customer users are filtered by. */
  customer_id: string | null;
  /** 'photo' | 'report' | 'factory_test' | 'signature' */
  kind: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_by: string;
  created_at: number;
}

export interface ServiceAttachmentBlobTable {
  tenant_id: string;
  id: string;
  content: Uint8Array;
}

export interface ServiceAsBuiltTable {
  tenant_id: string;
  asset_id: string;
  /** [{ name, serial, partId? }] as JSON. */
  components: string;
  notes: string;
  updated_by: string;
  updated_at: number;
}

export interface ServiceSignOffTable {
  tenant_id: string;
  work_order_id: string;
  name: string;
  signed_at: number;
  signature_attachment_id: string | null;
  recorded_by: string;
}

export type ServicePlanTables = {
  service_plans: ServicePlanTable;
  service_plan_usage: ServicePlanUsageTable;
  service_plan_firings: ServicePlanFiringTable;
  service_checklist_templates: ServiceChecklistTemplateTable;
  service_checklist_items: ServiceChecklistItemTable;
  service_attachments: ServiceAttachmentTable;
  service_attachment_blobs: ServiceAttachmentBlobTable;
  service_as_built: ServiceAsBuiltTable;
  service_sign_offs: ServiceSignOffTable;
};
