// Table types of the region context (migration 026-region). The region stores use them through
// `db.kysely.withTables<RegionTables>()`. Times are epoch ms; dates are YYYY-MM-DD text; JSON
// documents are text; money is integer fen.

export interface RegionProgrammeTable {
  id: string;
  tenant_id: string;
  name: string;
  /** The indicator system (two subsystems) as JSON; the reports' form follows it. */
  system: string;
  created_at: number;
}

export interface RegionBatchTable {
  id: string;
  tenant_id: string;
  programme_id: string;
  name: string;
  selected_on: string;
  created_at: number;
}

export interface RegionUnitTable {
  id: string;
  tenant_id: string;
  programme_id: string;
  batch_id: string | null;
  /** 'enterprise' | 'cluster' | 'zone' | 'project' */
  kind: string;
  name: string;
  city: string;
  county: string;
  /** GB/T 4754 industry code. */
  industry_code: string;
  /** Integration paths as a JSON array of keys. */
  paths: string;
  lead_unit_id: string | null;
  /** Member unit ids as a JSON array (a cluster's enterprises, a zone's clusters). */
  member_ids: string;
  /** The enterprise's own tenant on this deployment, when it runs on Ronghe. */
  enterprise_tenant_id: string | null;
  created_at: number;
}

export interface RegionFundingTable {
  id: string;
  tenant_id: string;
  unit_id: string;
  /** 'award' | 'disbursement' */
  kind: string;
  amount_fen: number;
  source: string;
  on_date: string;
  created_at: number;
}

export interface RegionMilestoneTable {
  id: string;
  tenant_id: string;
  unit_id: string;
  title: string;
  due_on: string;
  /** 'planned' | 'done' | 'missed' */
  status: string;
  created_at: number;
  updated_at: number;
}

export interface RegionReportTable {
  id: string;
  tenant_id: string;
  programme_id: string;
  unit_id: string;
  /** The reporting year. */
  period: number;
  due_on: string;
  /** 'draft' | 'submitted' | 'returned' | 'accepted' */
  status: string;
  /** Indicator values by key as JSON. */
  indicator_values: string;
  narrative: string;
  /** Attachments as a JSON array of {name, url}. */
  attachments: string;
  /** Review history as a JSON array of {at, by, action, comment}. */
  history: string;
  created_at: number;
  updated_at: number;
}

export interface RegionStatisticTable {
  tenant_id: string;
  programme_id: string;
  /** The city (or other area) key, as in the panel's `unit` column. */
  unit_key: string;
  name: string;
  year: number;
  /** Indicator values by key as JSON. */
  indicator_values: string;
  imported_at: number;
}

export interface RegionGrantTable {
  id: string;
  /** The enterprise tenant that shares its aggregates. */
  tenant_id: string;
  /** The programme's region tenant that may read them. */
  region_tenant_id: string;
  /** Declared annual revenue in fen, the denominator of the service-revenue share. */
  revenue_fen: number | null;
  granted_by: string;
  granted_at: number;
  revoked_by: string | null;
  revoked_at: number | null;
}

export type RegionTables = {
  region_programmes: RegionProgrammeTable;
  region_batches: RegionBatchTable;
  region_units: RegionUnitTable;
  region_funding: RegionFundingTable;
  region_milestones: RegionMilestoneTable;
  region_reports: RegionReportTable;
  region_statistics: RegionStatisticTable;
  region_grants: RegionGrantTable;
};
