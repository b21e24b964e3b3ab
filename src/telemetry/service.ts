// TelemetryService: the context's one entry point. Every ingest path normalises to IngestRows
// and goes through `ingestRows` (validate whole batch → one durable write → heads → live
// stream). Queries check the caller's scope (tenant, customers) on every asset they touch.
import { RongheError, notFound } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { Engine, defaultEngineOptions, type EngineOptions } from './engine/engine.ts';
import { pointColumns } from './engine/log-record.ts';
import { AssetCache, type CachedAsset } from './ingest/asset-cache.ts';
import type { Precision } from './ingest/line-protocol.ts';
import { rowsFromJson, rowsFromLineProtocol, type JsonPoint } from './ingest/normalise.ts';
import { toPoints, validateBatch, type PrepareContext } from './ingest/prepare.ts';
import { LiveHub, type LivePoint } from './live.ts';
import { Queries } from './queries.ts';
import { RetentionPolicies } from './retention.ts';
import type {
  AssetResolver,
  IngestResult,
  IngestRows,
  TelemetryLimits,
  TimePolicy,
} from './types.ts';

/** Who is asking: the tenant, the customers they may see (null = all), a device's own asset. */
export interface Scope {
  tenantId: string;
  customerIds: string[] | null;
  deviceAssetId?: string;
}

export interface TelemetryServiceOptions {
  db: Db;
  resolver: AssetResolver;
  engine?: Partial<EngineOptions>;
  policy?: Partial<TimePolicy>;
  limits?: Partial<TelemetryLimits>;
}

export const defaultTimePolicy: TimePolicy = {
  maxFutureMs: 3_600_000,
  minTimestamp: Date.UTC(2000, 0, 1),
};

export const defaultTelemetryLimits: TelemetryLimits = {
  maxFieldsPerLine: 1000,
  maxKeyLength: 200,
  maxNewSeriesPerRequest: 20_000,
  maxSeriesPerTenant: 1_000_000,
  maxQueryPoints: 5_000_000,
  queryTimeoutMs: 60_000,
  querySlicePoints: 65_536,
};

export class TelemetryService {
  readonly engine: Engine;
  readonly assets: AssetCache;
  readonly live = new LiveHub();
  readonly queries: Queries;
  readonly retention: RetentionPolicies;
  private readonly policy: TimePolicy;
  readonly limits: TelemetryLimits;
  private retentionTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TelemetryServiceOptions) {
    this.engine = new Engine(options.db, { ...defaultEngineOptions, ...options.engine });
    this.assets = new AssetCache(options.resolver);
    this.policy = { ...defaultTimePolicy, ...options.policy };
    this.limits = { ...defaultTelemetryLimits, ...options.limits };
    this.retention = new RetentionPolicies(options.db);
    this.queries = new Queries(this.engine, (scope, key) => this.assetFor(scope, key), {
      maxPoints: this.limits.maxQueryPoints,
      timeoutMs: this.limits.queryTimeoutMs,
      slicePoints: this.limits.querySlicePoints,
    });
  }

  get db(): Db {
    return this.options.db;
  }

  async start(): Promise<void> {
    await this.retention.load();
    await this.engine.start();
    this.retentionTimer = setInterval(() => {
      this.applyRetention().catch((e: unknown) => console.error('telemetry retention failed', e));
    }, 3_600_000);
    this.retentionTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.engine.stop();
  }

  /**
   * Deletes the windows past each tenant's retention (hourly in the background) and drops the
   * same span from the in-memory tail, so no query serves a deleted point from memory.
   */
  async applyRetention(now = Date.now()): Promise<number> {
    const removed = await this.retention.apply(now);
    for (const tenantId of this.retention.tenants()) {
      const cut = this.retention.firstKept(tenantId, now);
      if (cut === -Infinity) continue;
      for (const s of this.engine.registry.ofTenant(tenantId))
        this.engine.tail.dropBefore(s.id, cut);
    }
    return removed;
  }

  /** An asset the scope may read, or 404 (never revealing assets of other customers). */
  async assetFor(scope: Scope, key: string): Promise<CachedAsset> {
    const a = await this.assets.get(scope.tenantId, key);
    const visible =
      a !== undefined &&
      (scope.customerIds === null ||
        (a.customerId !== null && scope.customerIds.includes(a.customerId)));
    if (!visible) throw notFound('Asset', key);
    return a;
  }

  async ingestLineProtocol(
    scope: Scope,
    body: string | Uint8Array,
    precision: Precision,
  ): Promise<IngestResult> {
    const { maxFieldsPerLine: maxFields, maxKeyLength } = this.limits;
    return this.ingestRows(
      scope,
      rowsFromLineProtocol(body, precision, { maxFields, maxKeyLength }),
    );
  }

  async ingestJson(scope: Scope, points: JsonPoint[]): Promise<IngestResult> {
    return this.ingestRows(scope, rowsFromJson(points));
  }

  /** The one pipeline: validate everything, then one durable write; all or nothing. */
  async ingestRows(scope: Scope, rows: IngestRows): Promise<IngestResult> {
    if (this.engine.overloaded) {
      throw new RongheError('RONGHE_TOO_MANY_REQUESTS', 'Ingest is over capacity; retry later.', {
        retryAfterS: 1,
      });
    }
    const ctx: PrepareContext = {
      tenantId: scope.tenantId,
      assets: this.assets,
      registry: this.engine.registry,
      policy: this.policy,
      limits: this.limits,
      oldestAllowed: this.retention.oldestAllowed(scope.tenantId, Date.now()),
      ...(scope.deviceAssetId !== undefined ? { onlyAssetId: scope.deviceAssetId } : {}),
    };
    const assets = await validateBatch(rows, ctx);
    const now = Date.now();
    const b = await this.engine.write(() => toPoints(rows, assets, ctx, now));
    if (this.live.size > 0) {
      const reg = this.engine.registry;
      const p = pointColumns(b, b.n);
      this.live.publish(scope.tenantId, b.n, (i) => reg.byIdOf(p.seriesId[i]!), p.ts, p.values);
    }
    return { points: b.n, rows: rows.assetKey.length, createdSeries: b.newSeries.length };
  }

  /** Live points of the given assets/channels (all when omitted) within the scope. */
  async subscribe(
    scope: Scope,
    filter: { assets?: string[]; channels?: string[] },
    send: (points: LivePoint[]) => void,
  ): Promise<() => void> {
    let assetIds: Set<string> | undefined;
    if (filter.assets) {
      assetIds = new Set();
      for (const key of filter.assets) assetIds.add((await this.assetFor(scope, key)).assetId);
    }
    return this.live.subscribe(
      {
        tenantId: scope.tenantId,
        ...(assetIds ? { assetIds } : {}),
        ...(filter.channels ? { channels: new Set(filter.channels) } : {}),
        customerIds: scope.customerIds ? new Set(scope.customerIds) : null,
      },
      send,
    );
  }

  /** Waits until every acknowledged point is compacted into chunks (tests, benchmarks). */
  flush(): Promise<void> {
    return this.engine.flush();
  }

  status() {
    return {
      series: this.engine.registry.count(),
      bufferedPoints: this.engine.bufferedPoints,
      overloaded: this.engine.overloaded,
    };
  }
}

export async function createTelemetryService(
  options: TelemetryServiceOptions,
): Promise<TelemetryService> {
  const s = new TelemetryService(options);
  await s.start();
  return s;
}
