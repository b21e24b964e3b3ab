// Table types of the PHM context (migration 006-phm). The PHM services use them through
// `db.kysely.withTables<PhmTables>()`, as monitoring and manufacturing do, so `Database` need
// not change. Times are epoch ms; JSON documents are text.

/** One trained model version: a health baseline, an RUL model or a bearing classifier. */
export interface PhmModelTable {
  id: string;
  tenant_id: string;
  /** 'health-baseline' | 'rul' | 'bearing'. */
  kind: string;
  asset_model_id: string;
  /** 1, 2, … per (tenant, kind, asset model). */
  version: number;
  /** TrainingSummary as JSON: assets, time range, points, channels. */
  training: string;
  /** Validation metrics as JSON (kind-specific). */
  metrics: string;
  /** The serialised model (JSON). */
  model: string;
  /** 'active' (at most one per tenant, kind and asset model) | 'retired'. */
  status: string;
  created_at: number;
  created_by: string;
}

/** One scoring of an asset: which model version gave which health and RUL. */
export interface PhmAssessmentTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  customer_id: string | null;
  model_id: string;
  model_version: number;
  /** Time of the latest scored point. */
  at: number;
  health: number;
  /** Trend RUL in hours; null when no clear decline. */
  rul: number | null;
  lower: number | null;
  upper: number | null;
  created_at: number;
  /** 'health' | 'bearing' (migration 023; null on older rows = health). */
  kind: string | null;
  /** What the assessment found, as JSON (trend, contributions, RUL; or bearing evidence). */
  detail: string | null;
}

/** Scheduled assessments of an asset model's assets by its active model of a kind. */
export interface PhmScheduleTable {
  id: string;
  tenant_id: string;
  kind: string;
  asset_model_id: string;
  interval_ms: number;
  /** How far back each run looks, ms. */
  window_ms: number;
  next_run_at: number;
  last_run_at: number | null;
  /** JSON: counts per status of the last run. */
  last_result: string | null;
  created_at: number;
  created_by: string;
}

/** A vibration block: samples at sample_rate Hz, compressed (encoding names how). */
export interface PhmWaveformTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  channel: string;
  ts: number;
  sample_rate: number;
  rpm: number;
  samples: number;
  encoding: string;
  data: Uint8Array;
  created_at: number;
}

/** A training run in a worker thread. */
export interface PhmJobTable {
  id: string;
  tenant_id: string;
  kind: string;
  asset_model_id: string;
  /** 'running' | 'ok' | 'failed'. */
  status: string;
  progress: number;
  message: string | null;
  model_id: string | null;
  created_at: number;
  updated_at: number;
  created_by: string;
}

// A type alias (not an interface) so that it satisfies Kysely's `withTables` constraint.
export type PhmTables = {
  phm_models: PhmModelTable;
  phm_assessments: PhmAssessmentTable;
  phm_schedules: PhmScheduleTable;
  phm_waveforms: PhmWaveformTable;
  phm_jobs: PhmJobTable;
};
