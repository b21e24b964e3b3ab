// TelemetryService: the context's one entry point. Every ingest path normalises to IngestRows
// and goes through `ingestRows` (validate whole batch → one durable write → heads → live
// stream). Queries check the caller's scope (tenant, customers) on every asset they touch.
import { RongheError, notFound } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { Engine, defaultEngineOptions } from './engine/engine.ts';
import { pointColumns } from './engine/log-record.ts';
import { AssetCache, type CachedAsset } from './ingest/asset-cache.ts';
import type { Precision } from './ingest/line-protocol.ts';
import { rowsFromJson, rowsFromLineProtocol, type JsonPoint } from './ingest/normalise.ts';
import { grantsOfBatch } from './ingest/device-grants.ts';
import { toPoints, validateBatch, type PrepareContext } from './ingest/prepare.ts';
import { LiveHub, type LiveColumns, type LivePoint } from './live.ts';
import { Queries, type AssetLookup, type TelemetryQueries } from './queries.ts';
import type { ReadLimits } from './engine/read-guard.ts';
import { RetentionPolicies } from './retention.ts';
import { SeriesScope } from './series-scope.ts';
import { SourceRefusals } from './source-refusals.ts';
import type {
  AssetChangeNotice,
  IngestResult,
  IngestRows,
  LineMapping,
  TelemetryLimits,
  TimePolicy,
} from './types.ts';
import { defaultLineMapping } from './types.ts';
import type { IngestSink, SinkPoint, TelemetryServiceOptions } from './service-options.ts';
import type { IngestCounters, PartsOfBatch, Scope } from './service-scope.ts';

export type { IngestSink, SinkPoint, TelemetryServiceOptions } from './service-options.ts';

export type { IngestCounters, Scope } from './service-scope.ts';

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
  /** Refused messages per Sparkplug edge node (the broker records them; the API lists them). */
  readonly sourceRefusals = new SourceRefusals();
  readonly queries: TelemetryQueries;
  readonly retention: RetentionPolicies;
  private readonly policy: TimePolicy;
  private readonly scopes: SeriesScope;
  private readonly unwatch: (() => void) | undefined;
  readonly limits: TelemetryLimits;
  private retentionTimer: NodeJS.Timeout | undefined;
  private running = false;
  readonly counters: IngestCounters = {
    acceptedPoints: new Map(),
    rejectedPoints: new Map(),
    rejectedBatches: new Map(),
    droppedStringFields: new Map(),
  };

  constructor(private readonly options: TelemetryServiceOptions) {
    this.engine = new Engine(options.db, { ...defaultEngineOptions, ...options.engine });
    this.scopes = new SeriesScope(this.engine.registry, options.db);
    // Every fresh resolution re-checks the series' scope: changes made by another process.
    this.assets = new AssetCache(options.resolver, undefined, undefined, (tenantId, a) =>
      this.scopes.apply({ tenantId, ...a }),
    );
    this.unwatch = options.resolver.watch?.((c) => this.assetChanged(c));
    this.policy = { ...defaultTimePolicy, ...options.policy };
    this.limits = { ...defaultTelemetryLimits, ...options.limits };
    this.retention = new RetentionPolicies(options.db);
    const assetFor: AssetLookup = (scope, key) => this.assetFor(scope, key);
    const limits: ReadLimits = {
      maxPoints: this.limits.maxQueryPoints,
      timeoutMs: this.limits.queryTimeoutMs,
      slicePoints: this.limits.querySlicePoints,
    };
    this.queries = options.queries
      ? options.queries(assetFor, limits)
      : new Queries(this.engine, assetFor, limits);
  }

  get db(): Db {
    return this.options.db;
  }

  async start(): Promise<void> {
    await this.retention.load();
    await this.engine.start();
    if (!this.options.retentionByLease) this.startRetention();
    this.running = true;
  }

  /** The hourly retention pass (on one node at a time in cluster mode: src/cluster). */
  startRetention(intervalMs = 3_600_000): void {
    clearInterval(this.retentionTimer);
    this.retentionTimer = setInterval(() => {
      this.applyRetention().catch((e: unknown) => console.error('telemetry retention failed', e));
    }, intervalMs);
    this.retentionTimer.unref();
  }

  stopRetention(): void {
    clearInterval(this.retentionTimer);
    this.retentionTimer = undefined;
  }

  async close(): Promise<void> {
    this.running = false;
    this.stopRetention();
    this.unwatch?.();
    this.live.flush();
    await this.scopes.idle();
    await this.engine.stop();
  }

  /** An asset changed (moved to another customer, another model, deleted): from now on every
   * query, export and live feed scopes it by what it is now (issue #15, finding 2). */
  assetChanged(c: AssetChangeNotice): void {
    this.assets.forget(c.tenantId, c.assetId);
    this.scopes.apply(c);
  }

  /**
   * Deletes the windows past each tenant's retention (hourly in the background) and drops the
   * same span from the in-memory tail, so no query serves a deleted point from memory.
   */
  async applyRetention(now = Date.now()): Promise<number> {
    await this.retention.load();
    // Cluster mode: the points are in the shared store, not in this node's engine.
    if (this.options.expireShared) return this.options.expireShared(this.retention, now);
    const removed = await this.retention.apply(now);
    for (const tenantId of this.retention.tenants()) {
      for (const s of this.engine.registry.ofTenant(tenantId)) {
        const cut = this.retention.firstKept(tenantId, now, s);
        if (cut !== -Infinity) this.engine.tail.dropBefore(s.id, cut);
      }
    }
    return removed;
  }

  /** The channels each asset has points of: the shared store's in cluster mode, else the engine's. */
  async channelsOf(
    tenantId: string,
    assetIds: readonly string[],
  ): Promise<Map<string, Set<string>>> {
    if (this.queries.channelsByAsset) return this.queries.channelsByAsset(tenantId, assetIds);
    const out = new Map<string, Set<string>>();
    for (const id of assetIds)
      out.set(id, new Set(this.engine.registry.channelsOf(tenantId, id).keys()));
    return out;
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

  /**
   * Line protocol under `mapping` (defaults: defaultLineMapping; a device token's lines naming
   * no asset are its own asset). String fields skipped are counted per edge and format.
   */
  async ingestLineProtocol(
    scope: Scope,
    body: string | Uint8Array,
    precision: Precision,
    mapping: Partial<LineMapping> = {},
  ): Promise<IngestResult> {
    const { maxFieldsPerLine: maxFields, maxKeyLength } = this.limits;
    const m: LineMapping = {
      ...defaultLineMapping,
      ...(scope.deviceAssetId !== undefined ? { defaultAsset: scope.deviceAssetId } : {}),
      ...mapping,
    };
    const r = await this.counted(
      scope,
      'line_protocol',
      () => rowsFromLineProtocol(body, precision, { maxFields, maxKeyLength }, 20, m),
      m.partial,
    );
    if (r.dropped?.strings) {
      const key = `${scope.transport ?? 'internal'}/line_protocol`;
      const c = this.counters.droppedStringFields;
      c.set(key, (c.get(key) ?? 0) + r.dropped.strings);
    }
    return r;
  }

  async ingestJson(scope: Scope, points: JsonPoint[]): Promise<IngestResult> {
    return this.counted(scope, 'json', () => rowsFromJson(points));
  }

  /**
   * Rows already in columns (monitoring's derived channels, written back), validated and
   * stored as any other batch, counted under `format`. With `partial` the bad rows are left
   * out (see ingestRows).
   */
  async ingestColumns(
    scope: Scope,
    rows: IngestRows,
    format: string,
    partial = false,
  ): Promise<IngestResult> {
    return this.counted(scope, format, () => rows, partial);
  }

  /**
   * JSON points of several principals of one tenant and transport in one durable write, all
   * or none (the MQTT batcher: ten thousand devices sending one small message each share a
   * group instead of a write each). Each part keeps its device's own-asset rule and is counted
   * for its device's last-seen time.
   */
  async ingestJsonParts(parts: { scope: Scope; points: JsonPoint[] }[]): Promise<IngestResult> {
    const first = parts[0]!.scope;
    const owner: (string | undefined)[] = [];
    const writer: (string | undefined)[] = [];
    const ends: number[] = [];
    const points: JsonPoint[] = [];
    for (const part of parts) {
      for (const p of part.points) {
        points.push(p);
        owner.push(part.scope.deviceAssetId);
        writer.push(part.scope.deviceId);
      }
      ends.push(points.length);
    }
    const scope: Scope = {
      tenantId: first.tenantId,
      customerIds: first.customerIds,
      ...(first.transport ? { transport: first.transport } : {}),
      ...(first.liveAfterAck ? { liveAfterAck: true } : {}),
    };
    return this.counted(scope, 'json', () => rowsFromJson(points), false, {
      onlyAssetIdOf: (row) => owner[row],
      deviceIdOf: (row) => writer[row],
      stored: (assets, now) => {
        let start = 0;
        parts.forEach((part, k) => {
          const ids = distinctAssetIds(assets.slice(start, ends[k]));
          start = ends[k]!;
          this.options.onStored?.(part.scope, ids, now);
        });
      },
    });
  }

  private async counted(
    scope: Scope,
    format: string,
    parse: () => IngestRows,
    partial = false,
    parts?: PartsOfBatch,
  ): Promise<IngestResult> {
    const key = `${scope.transport ?? 'internal'}/${format}`;
    const add = (m: Map<string, number>, n: number) => m.set(key, (m.get(key) ?? 0) + n);
    let rows: IngestRows | undefined;
    try {
      rows = parse();
      const r = await this.ingestRows(scope, rows, partial, parts);
      add(this.counters.acceptedPoints, r.points);
      return r;
    } catch (e) {
      add(this.counters.rejectedBatches, 1);
      if (rows) add(this.counters.rejectedPoints, rows.fieldValue.length);
      throw e;
    }
  }

  /**
   * The one pipeline: validate everything, then one durable write; all or nothing, unless
   * `partial` (InfluxDB's partial writes: the bad rows are left out and reported).
   */
  async ingestRows(
    scope: Scope,
    input: IngestRows,
    partial = false,
    parts?: PartsOfBatch,
  ): Promise<IngestResult> {
    if (this.engine.overloaded) {
      throw RongheError.of(
        'RONGHE_TOO_MANY_REQUESTS',
        {
          reason: {
            en: 'Ingest is over capacity; retry later.',
            'zh-CN': '遥测写入已满负荷。',
          },
        },
        { retryAfterS: 1 },
      );
    }
    const ctx: PrepareContext = {
      tenantId: scope.tenantId,
      assets: this.assets,
      registry: this.engine.registry,
      policy: this.policy,
      limits: this.limits,
      oldestAllowed: this.retention.oldestAllowed(scope.tenantId, Date.now()),
      ...(scope.deviceAssetId !== undefined ? { onlyAssetId: scope.deviceAssetId } : {}),
      ...(parts ? { onlyAssetIdOf: parts.onlyAssetIdOf } : {}),
      ...(await grantsOfBatch(this.options.deviceGrants, {
        ...scope,
        rows: input.assetKey.length,
        ...(parts ? { deviceIdOf: parts.deviceIdOf } : {}),
      })),
      partial,
    };
    const { rows, assets } = await validateBatch(input, ctx);
    const now = Date.now();
    if (this.options.sink) return this.toSink(this.options.sink, scope, rows, assets, now, parts);
    const b = await this.engine.write(() => toPoints(rows, assets, ctx, now));
    if (parts) parts.stored(assets, now);
    else if (!scope.computed) this.options.onStored?.(scope, distinctAssetIds(assets), now);
    if (this.live.size > 0) {
      const reg = this.engine.registry;
      const batch = { n: b.n, ...pointColumns(b, b.n), series: (id: number) => reg.byIdOf(id) };
      if (scope.liveAfterAck) this.live.publishLater(scope.tenantId, batch);
      else this.live.publish(scope.tenantId, batch);
    }
    return {
      points: b.n,
      rows: rows.assetKey.length,
      createdSeries: b.newSeries.length,
      ...(rows.dropped ? { dropped: rows.dropped } : {}),
    };
  }

  /** Cluster mode: the batch goes to the replicated log, and is acknowledged once it is there. */
  private async toSink(
    sink: IngestSink,
    scope: Scope,
    rows: IngestRows,
    assets: CachedAsset[],
    now: number,
    parts?: PartsOfBatch,
  ): Promise<IngestResult> {
    const points: SinkPoint[] = [];
    for (let i = 0; i < assets.length; i++) {
      const a = assets[i]!;
      const keys = rows.rowKeys[i]!;
      const t = rows.ts[i]!;
      const ts = t === t ? Math.trunc(t) : now;
      const start = rows.fieldStart[i]!;
      for (let f = 0; f < keys.length; f++) {
        const value = rows.fieldValue[start + f]!;
        points.push({ assetId: a.assetId, channel: keys[f]!, ts, value, customerId: a.customerId });
      }
    }
    await sink.append(scope.tenantId, points);
    if (parts) parts.stored(assets, now);
    else if (!scope.computed) this.options.onStored?.(scope, distinctAssetIds(assets), now);
    return {
      points: points.length,
      rows: rows.assetKey.length,
      createdSeries: 0,
      ...(rows.dropped ? { dropped: rows.dropped } : {}),
    };
  }

  /** Cluster mode: points this node's partitions stored, to its live subscribers (rules, SSE). */
  publishStored(tenantId: string, points: readonly SinkPoint[]): void {
    if (this.live.size > 0) this.live.publishPoints(tenantId, points);
  }

  /**
   * Cluster mode: points another node stored (fanned out over NATS, src/cluster), offered
   * only to the live streams that asked for every node's points, never to rules or other
   * in-process consumers (they run where the partition is owned).
   */
  publishRemote(tenantId: string, points: readonly SinkPoint[]): void {
    this.live.publishPoints(tenantId, points, true);
  }

  /** Whether a stream of this tenant wants other nodes' points (publishRemote). */
  wantsRemote(tenantId: string): boolean {
    return this.live.wantsRemote(tenantId);
  }

  /** Live points of the given assets/channels (all when omitted) within the scope. */
  async subscribe(
    scope: Scope,
    filter: { assets?: string[]; channels?: string[]; everyNode?: boolean },
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
        ...(filter.everyNode ? { everyNode: true } : {}),
      },
      send,
    );
  }

  /** Every live point of a tenant as columns (the rule engine's feed; see live.ts). */
  subscribeColumns(tenantId: string, send: (batch: LiveColumns) => void): () => void {
    return this.live.subscribeColumns(tenantId, send);
  }

  /** Waits until every acknowledged point is compacted into chunks (tests, benchmarks). */
  flush(): Promise<void> {
    return this.engine.flush();
  }

  /** Why the service cannot store points now (for /readyz), or null when it can. */
  notReady(): string | null {
    if (!this.running) return 'is not running';
    const e = this.engine.lastCompactionError;
    if (e) return `compaction fails: ${e instanceof Error ? e.message : String(e)}`;
    return null;
  }

  /** Platform-wide figures for /metrics (no tenant is named there). */
  platformStatus() {
    const e = this.engine;
    const oldest = e.frozen?.points ? e.frozen.since : e.active.points ? e.active.since : undefined;
    return {
      series: this.engine.registry.count(),
      bufferedPoints: this.engine.bufferedPoints,
      /** How long the oldest acknowledged point not yet compacted has waited (0: none). */
      compactionLagMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest),
      overloaded: this.engine.overloaded,
    };
  }

  /**
   * The caller's own figures: its series (those of its customers for a customer user) and their
   * points acknowledged but not yet compacted; `overloaded` (ingest answers 429) is the one
   * platform-wide fact, as every writer meets it.
   */
  status(scope: Scope) {
    const e = this.engine;
    const mine = e.registry
      .ofTenant(scope.tenantId)
      .filter(
        (s) =>
          scope.customerIds === null ||
          (s.customerId !== null && scope.customerIds.includes(s.customerId)),
      );
    let buffered = 0;
    for (const s of mine) buffered += e.active.count(s.id) + (e.frozen?.count(s.id) ?? 0);
    return { series: mine.length, bufferedPoints: buffered, overloaded: e.overloaded };
  }
}

/** Rows of one asset come in runs, so comparing with the previous row skips most lookups. */
function distinctAssetIds(rowAssets: readonly { assetId: string }[]): Set<string> {
  const ids = new Set<string>();
  let prev: { assetId: string } | undefined;
  for (const a of rowAssets) {
    if (a === prev) continue;
    ids.add(a.assetId);
    prev = a;
  }
  return ids;
}

export async function createTelemetryService(
  options: TelemetryServiceOptions,
): Promise<TelemetryService> {
  const s = new TelemetryService(options);
  await s.start();
  return s;
}
