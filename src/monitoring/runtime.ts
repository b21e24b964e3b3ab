// The monitoring runtime: per tenant a rule engine fed point by point from the telemetry
// pipeline, its alarm service and rule store, and a clock for no-data detection and
// escalation. It reaches assets and telemetry only through functions the composition root
// passes in, so this context imports neither. With `writeBack`, the derived channels each batch
// recomputes are written back as telemetry (write-back.ts); those points return through the
// subscription but feed nothing, since a derived channel has no raw slot (model-layout.ts).
import type { ItemResult } from '../kernel/index.ts';
import {
  createAssetPrograms,
  createRuleEngine,
  createSeriesRouter,
  type HoldEvent,
  type StoredHold,
} from './rules/index.ts';
import { createAlarmFanout, createWebhookSender } from './notify/index.ts';
import { createWebhookTransport } from './notify/webhook-transport.ts';
import { checkWebhookAddress } from './notify/address-guard.ts';
import { createDeadLetterStore } from './store/dead-letter-store.ts';
import { createAlarmService } from './store/alarm-service.ts';
import { createRuleStore, type RuleResolver } from './store/rule-store.ts';
import { createSubscriptionStore } from './store/subscription-store.ts';
import { createDerivedChannelStore } from './store/derived-store.ts';
import { createWriteBackCollector, type WriteBackCollector } from './write-back.ts';

import type {
  MonitoredAsset,
  MonitoringRuntimeOptions,
  AssetMove,
  TenantMonitor,
  MonitoringRuntime,
} from './runtime-types.ts';

export type {
  MonitoredAsset,
  MonitoringRuntimeOptions,
  AssetMove,
  TenantMonitor,
  MonitoringRuntime,
} from './runtime-types.ts';

export async function createMonitoringRuntime(
  opts: MonitoringRuntimeOptions,
): Promise<MonitoringRuntime> {
  const tenants = new Map<string, Promise<TenantMonitor>>();
  const subscriptions = createSubscriptionStore(opts.db);
  const deadLetters = createDeadLetterStore(opts.db);
  const sender = createWebhookSender({ ...opts.webhooks, onDeadLetter: (d) => deadLetters.add(d) });
  // A retry from the dead-letter list is one attempt, answered to the operator who asked.
  const once = createWebhookSender({ ...opts.webhooks, maxAttempts: 1 });
  const webhooks = opts.webhooks ? createWebhookTransport(sender, opts.log) : undefined;
  const notify = createAlarmFanout({
    ...opts.notify,
    ...(webhooks
      ? { transports: { ...opts.notify?.transports, webhook: webhooks.transport } }
      : {}),
    subscriptions,
    ...(opts.log ? { log: opts.log } : {}),
  });
  const unsubscribe: Array<() => void> = [];
  // Alarm actions go straight to the tenant's alarm service, which keeps their order and
  // batches those that arrive together (one transaction per evaluation batch, issue #18);
  // waiting here for each one's commit would serialise a storm into one transaction per alarm.
  const inFlight = new Set<Promise<unknown>>();
  /** The same actions uncaught, for settled(), with their tenant and asset. */
  const pending = new Map<Promise<unknown>, { tenantId: string; asset: string } | undefined>();
  const submit = (p: Promise<unknown>, of?: { tenantId: string; asset: string }) => {
    pending.set(p, of);
    void p.then(
      () => pending.delete(p),
      () => pending.delete(p),
    );
    const q = p.then(
      () => undefined,
      (e: unknown) => opts.log?.(`monitoring: ${(e as Error).message}`),
    );
    inFlight.add(q);
    void q.finally(() => inFlight.delete(q));
  };
  // Write-backs go on their own, in order, so a slow telemetry write never delays alarms: one
  // write per tenant at a time, and the rows of the batches evaluated meanwhile go together in
  // the next (as group commit gathers acknowledgements), instead of one write per batch.
  const writing = new Map<WriteBackCollector, Promise<void>>();
  const writeBack = (tenantId: string, collector: WriteBackCollector) => {
    const write = opts.writeBack;
    if (!write || collector.pending === 0 || writing.has(collector)) return;
    const drain = async () => {
      while (collector.pending > 0) {
        const batch = collector.take();
        const n = batch.values.length;
        try {
          const stored = (await write(tenantId, batch)).points;
          collector.stats.written += stored;
          collector.stats.failed += n - stored;
          if (stored < n)
            opts.log?.(`monitoring: derived write-back left out ${n - stored} of ${n} values`);
        } catch (e) {
          collector.stats.failed += n;
          opts.log?.(`monitoring: derived write-back failed: ${(e as Error).message}`);
        }
      }
    };
    const done = drain().finally(() => {
      writing.delete(collector);
      // Rows of a batch that came after the last take and before this.
      writeBack(tenantId, collector);
    });
    writing.set(collector, done);
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
        onEffects: (effects) => {
          void notify.publish(tenantId, effects, topology);
          opts.onAlarmEffects?.(tenantId, effects);
        },
        ...(opts.sharedDatabase ? { shared: true } : {}),
        ...(opts.ruleFence ? { fence: opts.ruleFence } : {}),
        onWriteFailed: (e, attempt) =>
          opts.log?.(
            `monitoring: alarm write of tenant ${tenantId} failed (try ${attempt}): ${(e as Error).message}`,
          ),
      }));
    const rules = prev?.rules ?? createRuleStore(opts.db, tenantId);
    const derived = prev?.derived ?? createDerivedChannelStore(opts.db, tenantId);
    const collector = prev?.writeBack ?? createWriteBackCollector();
    const fence = opts.ruleFence;
    // Cluster mode stores the holds under way, so a partition's next owner resumes them (issue
    // 24 item 5); one process keeps them in memory only, and pays nothing for them.
    const onHold = fence
      ? (h: HoldEvent) =>
          submit(alarms.onHold(h, fence.tokenOf(tenantId, h.asset)), { tenantId, asset: h.asset })
      : undefined;
    const engine = createRuleEngine(
      (e) =>
        submit(alarms.onRuleEvent(e, fence?.tokenOf(tenantId, e.asset)), {
          tenantId,
          asset: e.asset,
        }),
      {
        ...(opts.writeBack ? { onDerived: collector.onDerived } : {}),
        ...(onHold ? { onHold } : {}),
      },
    );
    const derivedOf = await derived.byModel();
    const writable = new Map<string, ReadonlySet<string>>();
    const problems: TenantMonitor['problems'] = [];
    const results: Array<ItemResult<{ assetId: string; rules: number }>> = [];
    const programOf = createAssetPrograms();
    /** Compiles one asset's program into `engine`; an asset created later goes through it too. */
    const add = async (
      a: MonitoredAsset,
      index: number,
      resolve: RuleResolver = rules.resolved,
    ): Promise<ItemResult<{ assetId: string; rules: number }>> => {
      try {
        const specs = a.modelId ? (derivedOf.get(a.modelId) ?? []) : [];
        const ruleSpecs = await resolve(a.modelId ?? undefined, a.id);
        const program = programOf({
          channels: a.channels,
          derived: specs,
          rules: ruleSpecs,
          properties: a.properties,
        });
        const problem = program.layoutProblem;
        if (problem) problems.push({ assetId: a.id, reason: problem });
        writable.set(
          a.id,
          new Set(
            specs
              .map((d) => d.name)
              .filter((n) => a.allowNewChannels === true || a.channels.includes(n)),
          ),
        );
        for (const r of program.results)
          if (r.status !== 'ok' || !r.value)
            problems.push({
              assetId: a.id,
              ruleId: ruleSpecs[r.index]?.id,
              reason: r.reason ?? 'failed',
            });
        // No start time: late backfills are still evaluated in order, and no-data detection of
        // an asset begins with its first point after a (re)load. An asset without rules is only
        // worth feeding when its derived channels are written back.
        const { layout, rules: compiled } = program;
        const computes = opts.writeBack !== undefined && layout.derived.length > 0;
        if (compiled.length || computes) engine.addAsset(a.id, layout, compiled);
        return problem
          ? { index, status: 'failed', reason: `${a.id}: ${problem}` }
          : { index, status: 'ok', value: { assetId: a.id, rules: compiled.length } };
      } catch (e) {
        problems.push({ assetId: a.id, reason: (e as Error).message });
        return { index, status: 'failed', reason: `${a.id}: ${(e as Error).message}` };
      }
    };
    // The assets of the build from one read of the rules; one added later reads its own.
    const snapshot = await rules.snapshot();
    for (const [index, a] of list.entries()) results.push(await add(a, index, snapshot));
    // The collector keeps this map: assets added later (`adders`) extend it in place.
    collector.setWritable(writable);
    const router = createSeriesRouter(engine);
    const monitor = prev ?? {
      alarms,
      rules,
      derived,
      engine,
      router,
      writeBack: collector,
      assets,
      problems,
    };
    Object.assign(monitor, { engine, router, assets, problems });
    adders.set(monitor, (a) => add(a, -1));
    current = monitor;
    return { monitor, results };
  }

  /** Per monitor, how its current engine takes one more asset (set by each build). */
  const adders = new WeakMap<TenantMonitor, (a: MonitoredAsset) => Promise<unknown>>();
  const started: TenantMonitor[] = [];
  async function start(tenantId: string): Promise<TenantMonitor> {
    const { monitor } = await build(tenantId);
    started.push(monitor);
    unsubscribe.push(
      await opts.subscribe(tenantId, (batch) => {
        monitor.router.route(batch);
        if (opts.writeBack) {
          monitor.engine.flushDerived();
          writeBack(tenantId, monitor.writeBack);
        }
      }),
    );
    return monitor;
  }

  // The asset map is what topology, GET /alarms and the alarm feed read: replace the entry.
  // Only a real change costs anything: a CSV import announces every row it writes.
  const assetMoved = (c: AssetMove) => {
    if (c.kind === 'created') return created.note(c.tenantId, c.assetId);
    void tenants.get(c.tenantId)?.then((m) => {
      const a = m.assets.get(c.assetId);
      if (!a || (a.customerId === c.customerId && a.modelId === c.modelId)) return;
      m.assets.set(c.assetId, { ...a, customerId: c.customerId, modelId: c.modelId });
      submit(m.alarms.rescope(c.assetId));
    });
  };
  // An asset created after the tenant's rules were loaded is monitored from its creation: its
  // model's rules and derived channels join the running engine without resetting the others'
  // state (hysteresis, for-durations, no-data clocks), as a reload would (issue 21).
  const created = createdAssets(
    async (tenantId, ids) => {
      const m = await tenants.get(tenantId);
      if (!m) return;
      const list = await opts.listAssets(tenantId, ids);
      const add = adders.get(m);
      if (!add) return;
      for (const a of list) {
        if (!ids.has(a.id) || m.engine.indexOf(a.id) !== undefined) continue;
        m.assets.set(a.id, a);
        await add(a);
      }
      // The router remembers series it found unmonitored; the new assets' series may be among them.
      m.router.reset();
    },
    (e) => opts.log?.(`monitoring: adding created assets failed: ${(e as Error).message}`),
  );
  const unwatch = opts.watchAssets?.(assetMoved);
  const tickMs = opts.tickMs ?? 10_000;
  const tickBooks = (now: number) => {
    for (const t of tenants.values())
      void t.then((m) => submit(m.alarms.apply({ type: 'tick', at: now })));
  };
  let bookTimer: NodeJS.Timeout | undefined;

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
      // In turn with the additions of created assets, so none is added to a replaced engine.
      return (await created.serial(() => build(tenantId, monitor))).results;
    },
    subscriptions,
    notify,
    deadLetters,
    async checkWebhookUrl(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`scheme '${url.protocol}' is not http or https`);
      await checkWebhookAddress(url, opts.webhooks?.allowPrivate ?? false);
    },
    async retryDeadLetter(owner, id) {
      const d = await deadLetters.get(owner, id);
      const s = d && (await subscriptions.get(owner, d.subscriptionId));
      if (!d || !s?.webhook) return undefined;
      const target = { id: s.id, url: s.webhook.url, secret: s.webhook.secret };
      const r = await once.resend(target, d.id, d.body);
      if (r.ok) await deadLetters.remove(owner, id);
      else await deadLetters.failedAgain(owner, id, r.error, Date.now());
      return r;
    },
    stats() {
      let pointsEvaluated = 0;
      let alarmEvents = 0;
      for (const m of started) {
        pointsEvaluated += m.engine.stats.points;
        alarmEvents += m.engine.stats.events;
      }
      return { pointsEvaluated, alarmEvents };
    },
    async settled(pick) {
      const waits: Promise<unknown>[] = [];
      for (const [p, of] of pending)
        if (!pick || (of && pick(of.tenantId, of.asset))) waits.push(p);
      await Promise.all(waits);
    },
    async resume(pick, current = () => true, owning = false) {
      for (const [tenantId, t] of tenants) {
        const m = await t;
        const ids = [...m.assets.keys()].filter((a) => pick(tenantId, a));
        if (ids.length === 0) continue;
        const active = new Set(
          (await m.alarms.storedActive(ids)).map((x) => `${x.asset}\u0000${x.ruleId}`),
        );
        const held = new Map<string, StoredHold>();
        if (opts.ruleFence)
          for (const h of await m.alarms.storedHolds(ids))
            held.set(`${h.asset}\u0000${h.ruleId}`, h);
        // A node that let the assets go keeps no clock for them (no no-data alarm for points
        // it no longer receives); their new owner's clock runs from their last stored point.
        const seen =
          owning && opts.lastStored
            ? await opts.lastStored(
                tenantId,
                ids.map((a) => m.assets.get(a)!),
              )
            : undefined;
        // Checked after the reads, with nothing awaited before the reset.
        if (!current()) return;
        m.engine.resetAssets(
          ids,
          (a, r) => active.has(`${a}\u0000${r}`),
          (a, r) => held.get(`${a}\u0000${r}`),
          (a) => seen?.get(a),
        );
      }
    },
    alarmClock: {
      start() {
        clearInterval(bookTimer);
        bookTimer = setInterval(() => tickBooks(Date.now()), tickMs);
        bookTimer.unref();
      },
      async stop() {
        clearInterval(bookTimer);
        await runtime.settled().catch(() => undefined); // its failures are logged by submit
      },
    },
    async close() {
      clearInterval(timer);
      clearInterval(bookTimer);
      unwatch?.();
      await created.idle();
      for (const u of unsubscribe) u();
      while (inFlight.size) await Promise.all(inFlight);
      while (writing.size) await Promise.all(writing.values());
      await notify.idle();
      await webhooks?.idle();
    },
  };

  for (const id of await opts.listTenants()) await runtime.tenant(id);
  // No-data clocks tick on every node: a node's engine keeps state only for the assets whose
  // points it evaluates (a cluster node resets an asset's state when its partition leaves).
  // The alarm books' clock acts on stored alarms, so on a cluster it runs on one node: its
  // escalation notices would otherwise go out from every node (the database lock in
  // alarm-book.ts keeps the rows right even when two nodes tick during a handover).
  const timer = setInterval(() => {
    const now = Date.now();
    void notify.tick(now);
    for (const t of tenants.values()) void t.then((m) => m.engine.tick(now));
    if (!opts.sharedDatabase) tickBooks(now);
  }, tickMs);
  timer.unref();
  return runtime;
}

/**
 * Collects created asset ids per tenant and hands them over in batches, one after another, so
 * an asset is added once and in creation order; only the new assets are read, so a CSV import
 * of 100,000 rows never lists the whole fleet per row.
 */
function createdAssets(
  addAll: (tenantId: string, ids: Set<string>) => Promise<void>,
  onError: (e: unknown) => void,
) {
  const pending = new Map<string, Set<string>>();
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    const batches = [...pending];
    pending.clear();
    for (const [tenantId, ids] of batches)
      chain = chain.then(() => addAll(tenantId, ids)).catch(onError);
  };
  return {
    note(tenantId: string, assetId: string) {
      let ids = pending.get(tenantId);
      if (!ids) pending.set(tenantId, (ids = new Set()));
      ids.add(assetId);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain).unref();
      }
    },
    async idle() {
      await chain;
    },
    /** Runs `fn` after the batches queued so far; later batches wait for it. */
    serial<T>(fn: () => Promise<T>): Promise<T> {
      const run = chain.then(fn);
      chain = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };
}
