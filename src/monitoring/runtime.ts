// The monitoring runtime: per tenant a rule engine fed point by point from the telemetry
// pipeline, its alarm service and rule store, and a clock for no-data detection and
// escalation. It reaches assets and telemetry only through functions the composition root
// passes in, so this context imports neither.
import type { ItemResult } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { createChannelLayout } from './expressions/index.ts';
import {
  compileRules,
  createRuleEngine,
  type CompiledRule,
  type RuleEngine,
} from './rules/index.ts';
import { createAlarmFanout, type AlarmFanout, type AlarmFanoutOptions } from './notify/index.ts';
import { createAlarmService, type AlarmService } from './store/alarm-service.ts';
import { createRuleStore, type RuleStore } from './store/rule-store.ts';
import { createSubscriptionStore, type SubscriptionStore } from './store/subscription-store.ts';

export interface MonitoredAsset {
  id: string;
  modelId: string | null;
  parentId: string | null;
  customerId: string | null;
  channels: string[];
  properties: Record<string, number>;
}

export interface LivePointLike {
  assetId: string;
  channel: string;
  ts: number;
  value: number;
}

export interface MonitoringRuntimeOptions {
  db: Db;
  listTenants(): Promise<string[]>;
  listAssets(tenantId: string): Promise<MonitoredAsset[]>;
  subscribe(tenantId: string, send: (points: LivePointLike[]) => void): Promise<() => void>;
  tickMs?: number;
  log?: (line: string) => void;
  /** E-mail / webhook delivery; without it alarm changes reach only the live feed. */
  notify?: Pick<AlarmFanoutOptions, 'transports' | 'subscriberScope' | 'digest'>;
}

export interface TenantMonitor {
  alarms: AlarmService;
  rules: RuleStore;
  engine: RuleEngine;
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
  close(): Promise<void>;
}

export async function createMonitoringRuntime(
  opts: MonitoringRuntimeOptions,
): Promise<MonitoringRuntime> {
  const tenants = new Map<string, Promise<TenantMonitor>>();
  const subscriptions = createSubscriptionStore(opts.db);
  const notify = createAlarmFanout({
    ...opts.notify,
    subscriptions,
    ...(opts.log ? { log: opts.log } : {}),
  });
  const unsubscribe: Array<() => void> = [];
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = (fn: () => Promise<unknown>) => {
    chain = chain.then(fn).catch((e: unknown) => opts.log?.(`monitoring: ${(e as Error).message}`));
  };

  async function build(
    tenantId: string,
    prev?: TenantMonitor,
  ): Promise<{
    monitor: TenantMonitor;
    results: Array<ItemResult<{ assetId: string; rules: number }>>;
  }> {
    const list = await opts.listAssets(tenantId);
    const assets = new Map(list.map((a) => [a.id, a]));
    // Reads the monitor's current asset map, so a reload's changes reach the alarm service.
    let current: TenantMonitor | undefined = prev;
    const topology = (asset: string) => {
      const known = current?.assets ?? assets;
      const ancestors: string[] = [];
      for (let p = known.get(asset)?.parentId; p; p = known.get(p)?.parentId) ancestors.push(p);
      const a = known.get(asset);
      return {
        ancestors,
        ...(a?.customerId ? { customer: a.customerId } : {}),
        ...(a?.modelId ? { model: a.modelId } : {}),
      };
    };
    const alarms =
      prev?.alarms ??
      (await createAlarmService(opts.db, {
        tenantId,
        assetInfo: (a) => topology(a),
        onEffects: (effects) => void notify.publish(tenantId, effects, topology),
      }));
    const rules = prev?.rules ?? createRuleStore(opts.db, tenantId);
    const engine = createRuleEngine((e) => enqueue(() => alarms.onRuleEvent(e)));
    const problems: TenantMonitor['problems'] = [];
    const results: Array<ItemResult<{ assetId: string; rules: number }>> = [];
    for (const [index, a] of list.entries()) {
      try {
        const layout = createChannelLayout(a.channels, [], a.properties);
        const specs = await rules.resolved(a.modelId ?? undefined, a.id);
        const compiled: CompiledRule[] = [];
        for (const r of compileRules(specs, layout, a.properties)) {
          if (r.status === 'ok' && r.value) compiled.push(r.value);
          else
            problems.push({
              assetId: a.id,
              ruleId: specs[r.index]?.id,
              reason: r.reason ?? 'failed',
            });
        }
        // No start time: late backfills are still evaluated in order, and no-data detection of
        // an asset begins with its first point after a (re)load.
        if (compiled.length) engine.addAsset(a.id, layout, compiled);
        results.push({ index, status: 'ok', value: { assetId: a.id, rules: compiled.length } });
      } catch (e) {
        problems.push({ assetId: a.id, reason: (e as Error).message });
        results.push({ index, status: 'failed', reason: `${a.id}: ${(e as Error).message}` });
      }
    }
    const monitor = prev ?? { alarms, rules, engine, assets, problems };
    Object.assign(monitor, { engine, assets, problems });
    current = monitor;
    return { monitor, results };
  }

  async function start(tenantId: string): Promise<TenantMonitor> {
    const { monitor } = await build(tenantId);
    unsubscribe.push(
      await opts.subscribe(tenantId, (points) => {
        const engine = monitor.engine;
        for (const p of points) {
          const i = engine.indexOf(p.assetId);
          if (i === undefined) continue;
          const slot = engine.rawSlot(i, p.channel);
          if (slot !== undefined) engine.ingest(i, slot, p.ts, p.value);
        }
      }),
    );
    return monitor;
  }

  const runtime: MonitoringRuntime = {
    tenant(tenantId) {
      let t = tenants.get(tenantId);
      if (!t) {
        t = start(tenantId);
        tenants.set(tenantId, t);
      }
      return t;
    },
    async reload(tenantId) {
      const monitor = await runtime.tenant(tenantId);
      return (await build(tenantId, monitor)).results;
    },
    subscriptions,
    notify,
    async close() {
      clearInterval(timer);
      for (const u of unsubscribe) u();
      await chain;
      await notify.idle();
    },
  };

  for (const id of await opts.listTenants()) await runtime.tenant(id);
  const timer = setInterval(() => {
    const now = Date.now();
    void notify.tick(now);
    for (const t of tenants.values()) {
      void t.then((m) => {
        m.engine.tick(now);
        enqueue(() => m.alarms.apply({ type: 'tick', at: now }));
      });
    }
  }, opts.tickMs ?? 10_000);
  timer.unref();
  return runtime;
}
