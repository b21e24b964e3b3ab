// telemetry: the ingest pipeline, the time-series engine, rollups, queries and the live stream.
// It owns the tables of migration 002-telemetry and nothing else; assets are reached only through
// the injected AssetResolver. Ingest paths (line protocol, JSON, later MQTT) normalise to
// IngestRows and share one pipeline: the whole batch is validated first and either fully
// written (one durable ingest-log record — a segment file beside a SQLite database, a table row
// on PostgreSQL — acknowledged only once written, so it survives kill -9) or rejected naming
// the bad rows — never half-written. Points with the same series and
// timestamp: last write wins. NaN/Infinity, unknown assets and undeclared channels (unless the
// model allows new ones) are rejected; times more than 1 h ahead, before 2000-01-01 or older than
// the tenant's raw retention are rejected; timestamps are stored in epoch milliseconds
// (sub-millisecond digits are truncated). A compactor on a worker thread merges acknowledged points into
// per-series day chunks (delta-of-delta times; decimal-delta or Gorilla XOR values) and
// recomputes that day's 1m/1h/1d rollups from raw, so late and duplicate points stay exact. When
// compaction falls behind, ingest answers 429 (RONGHE_TOO_MANY_REQUESTS, retry after 1 s).
export { TelemetryService, createTelemetryService, defaultTimePolicy } from './service.ts';
export { defaultLineMapping } from './types.ts';
export type {
  IngestCounters,
  IngestSink,
  Scope,
  SinkPoint,
  TelemetryServiceOptions,
} from './service.ts';
export type { EngineOptions } from './engine/engine.ts';
export { backupEmbeddedDatabase, type BackupReport } from './backup.ts';
export { RetentionPolicies, type ChannelRule, type RetentionMap } from './retention.ts';
export {
  RESOLUTIONS,
  readChannelRetention,
  readRetention,
  toChannelRetention,
  toDays,
  writeChannelRetention,
  writeRetention,
  type ChannelDays,
  type ChannelRetention,
  type RetentionDays,
} from './retention-settings.ts';
export type { Precision } from './ingest/line-protocol.ts';
export { parseLineProtocol } from './ingest/line-protocol.ts';
export { namedErrors } from './ingest/prepare.ts';
export type { JsonPoint } from './ingest/normalise.ts';
export type { LiveColumns, LivePoint } from './live.ts';
export type { SourceRefusal } from './source-refusals.ts';
export type { AssetLookup, GroupBy, RawPage, TelemetryQueries } from './queries.ts';
export {
  autoBucket,
  calendarBase,
  calendarRollup,
  checkRange,
  csvCell,
  invalidBucket,
} from './queries.ts';
export { pickResolution, type BucketSpec } from './engine/reader.ts';
export type { ReadLimits } from './engine/read-guard.ts';
export { isoTimeFormatter } from './csv-time.ts';
export type {
  AssetResolver,
  ResolvedAsset,
  IngestRows,
  IngestResult,
  DropReport,
  LineMapping,
  TimePolicy,
  Resolution,
  Bucket,
  SeriesRef,
} from './types.ts';
