// Table types of the telemetry context (migration 002-telemetry), merged into `Database`.

export interface TelemetrySeriesTable {
  id: number;
  tenant_id: string;
  asset_id: string;
  channel: string;
  model_id: string | null;
  customer_id: string | null;
  created_at: number;
}

export interface TelemetryIngestLogTable {
  id: number;
  tenant_id: string;
  received_at: number;
  points: number;
  data: Uint8Array;
}

export interface TelemetryChunkTable {
  series_id: number;
  window_start: number;
  points: number;
  min_ts: number;
  max_ts: number;
  /** The value at max_ts (migration 043); null on chunks written before it. */
  last_value: number | null;
  data: Uint8Array;
}

export interface TelemetryRollupTable {
  series_id: number;
  /** '1m' | '1h' | '1d' */
  resolution: string;
  window_start: number;
  data: Uint8Array;
}

export interface TelemetryRetentionTable {
  tenant_id: string;
  /** 'raw' | '1m' | '1h' | '1d' */
  resolution: string;
  keep_ms: number;
}

/** Migration 017: a channel's retention, overriding the tenant's per resolution. */
export interface TelemetryChannelRetentionTable {
  tenant_id: string;
  channel: string;
  /** '' for every model */
  model_id: string;
  /** 'raw' | '1m' | '1h' | '1d' */
  resolution: string;
  /** null: kept for ever */
  keep_ms: number | null;
}

export interface TelemetryTables {
  telemetry_series: TelemetrySeriesTable;
  telemetry_ingest_log: TelemetryIngestLogTable;
  telemetry_chunks: TelemetryChunkTable;
  telemetry_rollups: TelemetryRollupTable;
  telemetry_retention: TelemetryRetentionTable;
  telemetry_channel_retention: TelemetryChannelRetentionTable;
}
