// The monitoring runtime's surface: what the composition root passes in (options, the asset and
// telemetry functions) and what it gets back, apart from the runtime's wiring in runtime.ts.
import type { ItemResult } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import type { PointColumns, RuleEngine, SeriesRouter } from './rules/index.ts';
import type {
  AlarmFanout,
  AlarmFanoutOptions,
  DeliveryResult,
  WebhookOptions,
} from './notify/index.ts';
import type { DeadLetterStore } from './store/dead-letter-store.ts';
import type { AlarmService, RuleWriteFence } from './store/alarm-service.ts';
import type { AlarmEffect } from './alarms/index.ts';
import type { RuleStore } from './store/rule-store.ts';
import type { SubscriptionOwner, SubscriptionStore } from './store/subscription-store.ts';
import type { DerivedChannelStore } from './store/derived-store.ts';
import type { WriteBackBatch, WriteBackCollector } from './write-back.ts';

export interface MonitoredAsset {
  id: string;
  modelId: string | null;
  parentId: string | null;
  customerId: string | null;
  /** The channels its model declares. */
  channels: string[];
  properties: Record<string, number>;
  /** Its model accepts channels it does not declare (default false). */
  allowNewChannels?: boolean;
}

export interface MonitoringRuntimeOptions {
  db: Db;
  listTenants(): Promise<string[]>;
  /** The tenant's assets; with `ids`, only those of them that exist. */
  listAssets(tenantId: string, ids?: Iterable<string>): Promise<MonitoredAsset[]>;
  /** Every new point of the tenant, a batch at a time, as columns with a series id per point. */
  subscribe(tenantId: string, send: (batch: PointColumns) => void): Promise<() => void>;
  tickMs?: number;
  log?: (line: string) => void;
  /** E-mail / webhook delivery; without it alarm changes reach only the live feed. */
  notify?: Pick<AlarmFanoutOptions, 'transports' | 'subscriberScope' | 'digest'>;
  /** Webhook delivery (needs `notify.subscriberScope`): each subscription's URL, signed with
   * its secret, retried with backoff; failures kept as dead letters in the database. */
  webhooks?: Omit<WebhookOptions, 'onDeadLetter'>;
  /** Hears every committed alarm change (e.g. the service context opening work orders by
   * policy). Must not throw or block: the tenant's next alarm action waits for it. */
  onAlarmEffects?(tenantId: string, effects: readonly AlarmEffect[]): void;
  /** Stores derived values as telemetry (rows the store refuses are left out, the rest
   * stored); answers the values stored. Without it derived channels only feed rules. */
  writeBack?(tenantId: string, batch: WriteBackBatch): Promise<{ points: number }>;
  /** Committed asset changes: an asset's customer and model follow them at once, so alarm
   * lists, feeds and KPIs are scoped by the customer the asset has now (issue #15, finding 2). */
  watchAssets?(listener: (change: AssetMove) => void): () => void;
  /** Several nodes share the database (cluster mode): alarm batches reconcile with it, and
   * the alarm books' clock runs only while `alarmClock` is started (on one node at a time). */
  sharedDatabase?: boolean;
  /** Cluster mode: the fence of rule-driven alarm changes (alarm-service.ts RuleWriteFence),
   * with the token of the evaluation in progress for an asset (undefined: this node does not
   * evaluate it now, and its changes are refused). */
  ruleFence?: RuleWriteFence & { tokenOf(tenantId: string, asset: string): object | undefined };
  /** Cluster mode: per asset, the time of its last point stored (by any owner), so a
   * partition's new owner runs no-data deadlines from it until the asset's first point. */
  lastStored?(tenantId: string, assets: readonly MonitoredAsset[]): Promise<Map<string, number>>;
}

export interface AssetMove {
  tenantId: string;
  assetId: string;
  customerId: string | null;
  modelId: string | null;
  kind: 'created' | 'updated' | 'deleted';
}

export interface TenantMonitor {
  alarms: AlarmService;
  rules: RuleStore;
  derived: DerivedChannelStore;
  engine: RuleEngine;
  /** Routes the tenant's point batches into `engine` (rebuilt with it). */
  router: SeriesRouter;
  /** Derived values collected for write-back, and its counters (`writeBack.stats`). */
  writeBack: WriteBackCollector;
  assets: Map<string, MonitoredAsset>;
  /** Rules that failed to compile at the last load, per asset. */
  problems: Array<{ assetId: string; ruleId?: string; reason: string }>;
}

export interface MonitoringRuntime {
  tenant(tenantId: string): Promise<TenantMonitor>;
  /** Rebuilds a tenant's engine after a rule or asset change; returns per-asset results. */
  reload(tenantId: string): Promise<Array<ItemResult<{ assetId: string; rules: number }>>>;
  /** Per-user alarm subscriptions. */
  subscriptions: SubscriptionStore;
  /** Every committed alarm change of every tenant goes through here (live feed, e-mail, webhook). */
  notify: AlarmFanout;
  /** Webhook deliveries that failed after their last attempt. */
  deadLetters: DeadLetterStore;
  /** Sends a dead letter again to its subscription's current URL and secret; removed on success.
   * undefined when the owner has no such dead letter (or its subscription lost its webhook). */
  retryDeadLetter(owner: SubscriptionOwner, id: string): Promise<DeliveryResult | undefined>;
  /** Refuses a webhook URL the sender would refuse (scheme, private address unless allowed). */
  checkWebhookUrl(url: URL): Promise<void>;
  /** Points the rule engines evaluated and alarm events they raised, over every tenant, since
   * each tenant's rules were last loaded (for /metrics). */
  stats(): { pointsEvaluated: number; alarmEvents: number };
  /** Resolves once every alarm action the rules submitted so far (of the matching assets, with
   * `pick`) is committed; rejects if one failed. Cluster mode acknowledges a batch to the
   * stream only after this (no missed alarm). */
  settled(pick?: (tenantId: string, assetId: string) => boolean): Promise<void>;
  /** Restarts the rule state of the matching assets from the stored alarms and, with
   * `ruleFence`, the stored holds (engine.resetAssets; migration 045): cluster mode, when this
   * node gains or loses the assets' partition. With `current`, the
   * state is replaced only while it answers true when the stored alarms have been read (a
   * partition's older tenure must not wipe a newer one's state). `owning`: this node evaluates
   * the assets from now on, so their no-data clocks run from their last stored point
   * (`lastStored`); without it they have no clock until a point arrives. */
  resume(
    pick: (tenantId: string, assetId: string) => boolean,
    current?: () => boolean,
    owning?: boolean,
  ): Promise<void>;
  /** Cluster mode: the alarm books' clock (escalation deadlines, shelf expiry), run as
   * background work on the background lease's holder. In one process it runs from the start. */
  alarmClock: { start(): void; stop(): Promise<void> };
  close(): Promise<void>;
}
