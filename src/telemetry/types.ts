// Public types of the telemetry context: the injected asset resolver, ingest batches, policies
// and query shapes.
import type { Localized } from '../kernel/index.ts';

/** What the engine needs to know about an asset; implemented by the composition root. */
export interface ResolvedAsset {
  assetId: string;
  modelId: string | null;
  customerId: string | null;
  /** Channel keys the asset model declares. */
  channels: string[];
  /** The model lets telemetry create channels it does not declare. */
  allowNewChannels: boolean;
}

export interface AssetResolver {
  /** `assetKey` is the asset's serial or id within the tenant; undefined when unknown. */
  resolve(tenantId: string, assetKey: string): Promise<ResolvedAsset | undefined>;
  /** Several keys at once (unknown ones absent): a batch's expired entries in one look-up. */
  resolveMany?(tenantId: string, keys: readonly string[]): Promise<Map<string, ResolvedAsset>>;
  /**
   * Committed changes of assets, so the customer scope telemetry holds follows an asset the
   * moment it moves (see series-scope.ts). Optional: without it, changes are seen when a
   * cached asset expires.
   */
  watch?(listener: (change: AssetChangeNotice) => void): () => void;
}

export interface AssetChangeNotice {
  tenantId: string;
  assetId: string;
  /** Customer and model now; null when none (or deleted). */
  customerId: string | null;
  modelId: string | null;
  kind: 'created' | 'updated' | 'deleted';
}

/**
 * A columnar batch of rows, each one asset at one time with several channels: row i holds
 * channels rowKeys[i] with values fieldValue[fieldStart[i] .. fieldStart[i+1]). Rows with the
 * same channel list may share one rowKeys array. Every ingest path (line protocol, JSON, MQTT)
 * normalises to this before the one pipeline.
 */
export interface IngestRows {
  assetKey: string[];
  /** Epoch ms; NaN means "now" (server clock). */
  ts: Float64Array;
  fieldStart: Uint32Array;
  rowKeys: string[][];
  fieldValue: Float64Array;
  /** Every value is already known finite (line protocol: the parser rejects the others). */
  finite?: boolean;
  /** How to name row i in errors, e.g. "line 12" or "points[3]". */
  label(i: number): string;
  /** What the normalisation already left out (partial writes, skipped string fields). */
  dropped?: DropReport;
}

/** Lines or fields left out of a stored batch, and why (InfluxDB's partial-write answer). */
export interface DropReport {
  /** Lines (rows) not stored; `errors` names up to 20 of them. */
  lines: number;
  errors: { at: string; reason: Localized }[];
  /** String fields skipped (channels are numeric), and the first one's key. */
  strings: number;
  stringKey?: string;
}

export interface IngestResult {
  points: number;
  rows: number;
  createdSeries: number;
  /** Present when something of the body was left out (see LineMapping). */
  dropped?: DropReport;
}

/**
 * How foreign line protocol (Telegraf, InfluxDB clients) maps onto assets and channels. The
 * defaults take Telegraf's metrics unchanged: the asset is named by the `asset` tag, else
 * `device`, else `host`; a device token's lines without one are its own asset.
 */
export interface LineMapping {
  /** Tag names naming the asset (serial or id), the first present on a line wins. */
  assetTags: readonly string[];
  /** 'field': the channel is the field key; 'measurement_field': `<measurement>_<field>`. */
  channels: 'field' | 'measurement_field';
  /** 'drop': string fields are skipped and counted (said in the answer); 'reject': refused. */
  strings: 'drop' | 'reject';
  /** InfluxDB's partial writes: good lines stored, the others named; default all-or-nothing. */
  partial: boolean;
  /** The asset of lines naming none (a device token's own asset). */
  defaultAsset?: string;
}

export const defaultLineMapping: LineMapping = {
  assetTags: ['asset', 'device', 'host'],
  channels: 'field',
  strings: 'drop',
  partial: false,
};

/** Limits on timestamps, applied to every point (documented in index.ts). */
export interface TimePolicy {
  /** Points later than now + this are rejected (clock errors). Default 1 h. */
  maxFutureMs: number;
  /** Points earlier than this epoch ms are rejected. Default 2000-01-01. */
  minTimestamp: number;
}

export type Resolution = 'raw' | '1m' | '1h' | '1d';

export interface SeriesRef {
  id: number;
  tenantId: string;
  assetId: string;
  channel: string;
  /** The asset's model and customer *now*: kept current by series-scope.ts, never frozen at
   * the series' first point, since every customer-scoped read and live feed filters on them. */
  modelId: string | null;
  customerId: string | null;
}

/** One aggregated bucket (IEC-neutral statistics over the points whose time is in it). */
export interface Bucket {
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  first: number;
  last: number;
}

/**
 * Resource limits of ingest and queries (README, "Limits"). Ingest refusals name the line or
 * point and the limit; nothing of a refused batch is written.
 */
export interface TelemetryLimits {
  /** Fields (channels) of one line protocol line or JSON point. Default 1,000. */
  maxFieldsPerLine: number;
  /** Characters of a channel key, measurement, tag key or tag value. Default 200. */
  maxKeyLength: number;
  /** Series one request may create. Default 20,000. */
  maxNewSeriesPerRequest: number;
  /** Series of one tenant. Default 1,000,000. */
  maxSeriesPerTenant: number;
  /** Points one JSON query (raw page, rollup or fleet from raw points) may read. Default 5,000,000. */
  maxQueryPoints: number;
  /** Time one query may take, export included. Default 60 s. */
  queryTimeoutMs: number;
  /** Points per slice of a long read (between two turns of the event loop). Default 65,536. */
  querySlicePoints: number;
}
