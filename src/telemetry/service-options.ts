// The TelemetryService's options and the cluster's ingest sink, split from service.ts: what a
// composition root (main.ts, src/cluster) hands the service.
import type { Db } from '../storage/index.ts';
import type { EngineOptions } from './engine/engine.ts';
import type { ReadLimits } from './engine/read-guard.ts';
import type { AssetLookup, TelemetryQueries } from './queries.ts';
import type { RetentionPolicies } from './retention.ts';
import type { Scope } from './service.ts';
import type { AssetResolver, TelemetryLimits, TimePolicy } from './types.ts';

export interface TelemetryServiceOptions {
  db: Db;
  resolver: AssetResolver;
  engine?: Partial<EngineOptions>;
  policy?: Partial<TimePolicy>;
  /** Told the distinct assets of each stored batch (last-seen times); must not throw. */
  onStored?: (scope: Scope, assetIds: Set<string>, at: number) => void;
  limits?: Partial<TelemetryLimits>;
  /**
   * Assets a device token may write besides its own: those its gateway's connectors map to
   * (connectors' GatewayGrants, cached there). Absent: a device writes its own asset only.
   */
  deviceGrants?: (tenantId: string, deviceId: string) => Promise<ReadonlySet<string>>;
  /**
   * Cluster mode (src/cluster): validated batches go to this replicated log instead of the
   * local engine, and a write is acknowledged once the log has it. Absent: the engine.
   */
  sink?: IngestSink;
  /**
   * Cluster mode: the hourly retention pass runs only where the cluster's background lease
   * says (startRetention / stopRetention), not from start(). Absent: start() runs it.
   */
  retentionByLease?: boolean;
  /**
   * Cluster mode: the query surface over the shared store every node reads, in place of this
   * process's engine (which a clustered node does not write). Absent: the engine's Queries.
   */
  queries?: (assetFor: AssetLookup, limits: ReadLimits) => TelemetryQueries;
  /**
   * Cluster mode: the retention pass over the shared store, run by applyRetention (hourly,
   * where the lease says) with the tenants' policies just loaded. Returns the rows deleted.
   */
  expireShared?: (policies: RetentionPolicies, now: number) => Promise<number>;
}

/** One validated point bound for the cluster's ingest log (src/cluster). */
export interface SinkPoint {
  assetId: string;
  channel: string;
  ts: number;
  value: number;
  customerId: string | null;
}

export interface IngestSink {
  /** Resolves once the batch is durable in the log; rejects when it is not. */
  append(tenantId: string, points: SinkPoint[]): Promise<void>;
}
