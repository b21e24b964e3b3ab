// The alarm service: the pure reducer (alarms/reducer.ts) over a Kysely `Db`. It keeps the
// tenant's open alarms, shelves and maintenance windows in memory and applies actions in the
// order they arrive (concurrent callers cannot interleave). Actions that arrive while a batch
// is being written, or in the same turn of the event loop (one evaluation batch of the rule
// engine: a site trip raising thousands of alarms at once), form the next batch: applied one
// after another in memory, then written in one transaction (alarm-writes.ts: alarm rows, the
// activation log, the journal and audit log, shelves / maintenance), and announced to
// `onEffects` once, after the commit. A failed write is tried again after a pause (a busy or
// restarting database should not lose a raise: the rule engine would not raise it again before
// a return to normal); still failing, it rejects every action of its batch and leaves memory as
// the database, so nothing is half-written and nothing raised twice. Later actions wait behind
// the retries, so their order holds. A batch takes at most `maxBatch` actions (default 1,000);
// the next ones form the following batch. Bounded, a storm of 10,000 raises is ten short
// transactions, not one long one: the first thousand are announced while the rest are still
// being written, SQLite's single writer lock is released between them (telemetry writes wait
// for one batch, not the storm), the reducer's and the transaction's working set stay small,
// and a write that fails and is retried repeats a thousand rows, not ten thousand. One
// service instance per tenant per process; several nodes writing the same tenant would need a
// lease (not built yet). With `shared` (cluster mode), each batch first reconciles
// with what other nodes committed (alarm-book.ts): the database, not memory, is the book.
import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import {
  reduceAlarmBatch,
  targetsOf,
  type Alarm,
  type AlarmAction,
  type AlarmBook,
  type AlarmEffect,
  type AlarmPolicy,
} from '../alarms/index.ts';
import { alarmKpis, type AlarmActivation, type AlarmKpis, type KpiOptions } from '../kpi/index.ts';
import type { HoldEvent, RuleEvent, Severity } from '../rules/index.ts';
import { loadBook, reconcileShared } from './alarm-book.ts';
import { writeBatch, type AppliedAction } from './alarm-writes.ts';
import { readHolds, writeHolds, type HeldRule } from './rule-holds.ts';

export interface AssetInfo {
  ancestors: string[];
  customer?: string;
  model?: string;
}

export interface AlarmServiceOptions {
  tenantId: string;
  assetInfo(asset: string): AssetInfo;
  escalateAfterMs?: AlarmPolicy['escalateAfterMs'];
  maxEscalationLevel?: number;
  /** Called with each action's effects once they are committed (notification). It must not
   * throw or block: the next action waits for it. */
  onEffects?(effects: AlarmEffect[]): void;
  /** Pauses before the second, third… try of a failed batch write (default 100 and 500 ms). */
  retryDelaysMs?: readonly number[];
  /** Told of each failed try (1, 2, …) before its pause, e.g. to log it; awaited. */
  onWriteFailed?(error: unknown, attempt: number): void | Promise<void>;
  /** Most actions written in one transaction (default 1,000); more arriving together form the
   * next batch, queued behind it. */
  maxBatch?: number;
  /** Several processes share the database (cluster mode): each batch reconciles with it
   * first, and raises or clears that repeat stored episodes are dropped (alarm-book.ts). */
  shared?: boolean;
  /** Cluster mode: rule-driven raises and clears are committed only under the fence of the
   * evaluation that made them (the partition's lease epoch), so an owner that lost its
   * partition cannot change alarms behind the next owner's resume (issue 24). */
  fence?: RuleWriteFence;
}

/**
 * Cluster mode's guard on rule-driven alarm changes. A rule event carries the token of the
 * evaluation that produced it (undefined: this node does not evaluate the asset now); the
 * batch's transaction asks, before it reads or locks anything else, whether each token still
 * holds, and keeps what it read locked to the commit, so a new owner that claims the partition
 * waits for this commit or makes it refuse. A refused action is rejected on its own.
 */
export interface RuleWriteFence {
  holds(tx: Transaction<unknown>, tokens: readonly object[]): Promise<boolean[]>;
}

/** A rule event refused by the fence: its evaluation's partition has a newer owner. */
export class RuleWriteRefused extends Error {
  constructor(readonly asset: string) {
    super(`alarm change of ${asset} refused: this node no longer evaluates its partition`);
  }
}

export interface AlarmService {
  apply(action: AlarmAction): Promise<AlarmEffect[]>;
  /** Feeds a rule-engine event (raise / clear) into the lifecycle; `token`: the evaluation's
   * fence token (cluster mode, options.fence). */
  onRuleEvent(e: RuleEvent, token?: object): Promise<AlarmEffect[]>;
  /** Cluster mode: a rule's hold entered or left (engine onHold), stored in the next batch's
   * transaction under the same fence as the rule events (migration 045). */
  onHold(e: HoldEvent, token?: object): Promise<void>;
  openAlarms(): Alarm[];
  activations(from: number, to: number): Promise<AlarmActivation[]>;
  kpis(opts: KpiOptions): Promise<AlarmKpis>;
  /** The asset's customer or model changed: its alarms, open and logged, take the new ones. */
  rescope(asset: string): Promise<void>;
  /** The (asset, rule) pairs of `assets` whose stored alarm is active now. */
  storedActive(assets: readonly string[]): Promise<Array<{ asset: string; ruleId: string }>>;
  /** The holds stored for `assets` (cluster mode, onHold). */
  storedHolds(assets: readonly string[]): Promise<HeldRule[]>;
}

type K = Kysely<Database & MonitoringTables>;

const RETRY_DELAYS_MS = [100, 500] as const;
const MAX_BATCH = 1000;

/** Runs `fn`, and again after each pause while it fails; the last failure is thrown. The
 * transaction rolled back, so a second try writes the same rows once. */
async function withRetries(
  fn: () => Promise<unknown>,
  delays: readonly number[],
  onFailed?: (error: unknown, attempt: number) => void | Promise<void>,
): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await fn();
      return;
    } catch (e) {
      await onFailed?.(e, i + 1);
      const pause = delays[i];
      if (pause === undefined) throw e;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

export async function createAlarmService(db: Db, opts: AlarmServiceOptions): Promise<AlarmService> {
  const k: K = db.kysely.withTables<MonitoringTables>();
  const { tenantId } = opts;
  const policy: AlarmPolicy = {
    topology: (asset) => {
      const i = opts.assetInfo(asset);
      return {
        ancestors: i.ancestors,
        tenant: tenantId,
        ...(i.customer ? { customer: i.customer } : {}),
      };
    },
    ...(opts.escalateAfterMs ? { escalateAfterMs: opts.escalateAfterMs } : {}),
    ...(opts.maxEscalationLevel !== undefined
      ? { maxEscalationLevel: opts.maxEscalationLevel }
      : {}),
  };
  let book = await loadBook(k, tenantId);
  let queue: Promise<unknown> = Promise.resolve();
  const maxBatch = Math.max(1, opts.maxBatch ?? MAX_BATCH);

  interface Queued {
    /** An alarm action, or with `hold` a rule's hold change (no action). */
    action?: AlarmAction;
    hold?: HoldEvent;
    resolve(effects: AlarmEffect[]): void;
    reject(e: unknown): void;
    /** A rule event (options.fence): its evaluation's token, or null when it has none. */
    token?: object | null;
  }
  /** The batch still taking actions: closed when its write starts, when it is full or when
   * another operation queues. */
  let open: Queued[] | undefined;

  const writeNow = async (batch: Queued[]) => {
    if (open === batch) open = undefined;
    interface Outcome {
      next: AlarmBook;
      applied: Array<AppliedAction & { q: Queued }>;
      refused: Array<{ q: Queued; error: unknown }>;
      dropped: Queued[];
    }
    let outcome: Outcome | undefined;
    // Reduced inside the transaction: a shared book is read (and locked) there first.
    const write = () =>
      k.transaction().execute(async (tx) => {
        // The fence first: its locks come before the alarm rows' in every transaction.
        const fenced = await fencedOut(tx as unknown as Transaction<unknown>, batch);
        const holds = batch.filter((q) => q.hold && !fenced.has(q));
        const admitted = batch.filter((q) => q.action && !fenced.has(q));
        const actions = admitted.map((q) => q.action!);
        const base = opts.shared
          ? await reconcileShared(tx, tenantId, book, actions)
          : { book, drop: actions.map(() => false) };
        const kept = admitted.filter((_, i) => !base.drop[i]);
        const dropped = admitted.filter((_, i) => base.drop[i]);
        const { book: next, results } = reduceAlarmBatch(
          base.book,
          kept.map((q) => q.action!),
          policy,
        );
        const refused = [...fenced].map((q) => ({
          q,
          error: new RuleWriteRefused(q.hold?.asset ?? (q.action as { asset: string }).asset),
        }));
        const o: Outcome = { next, applied: [], refused, dropped: [...dropped, ...holds] };
        results.forEach((r, i) => {
          const q = kept[i] as Queued;
          if (r.ok) o.applied.push({ action: q.action!, effects: r.effects, q });
          else o.refused.push({ q, error: r.error }); // one bad action does not sink its batch
        });
        const touchesSuppression =
          next.shelves !== base.book.shelves || next.maintenance !== base.book.maintenance;
        await writeBatch(
          tx,
          tenantId,
          opts.assetInfo,
          o.applied,
          touchesSuppression ? next : undefined,
        );
        await writeHolds(
          tx,
          tenantId,
          holds.map((q) => q.hold!),
        );
        outcome = o;
      });
    try {
      await withRetries(write, opts.retryDelaysMs ?? RETRY_DELAYS_MS, opts.onWriteFailed);
    } catch (e) {
      for (const q of batch) q.reject(e);
      return;
    }
    const { next, applied, refused, dropped } = outcome!;
    book = next; // only after the commit: a failed write leaves memory as the database
    for (const r of refused) r.q.reject(r.error);
    for (const q of dropped) q.resolve([]);
    const effects = applied.flatMap((a) => a.effects);
    if (effects.length) opts.onEffects?.(effects);
    for (const a of applied) a.q.resolve(a.effects);
  };

  /** The batch's rule events whose fence token does not hold (none without options.fence). */
  const fencedOut = async (tx: Transaction<unknown>, batch: Queued[]): Promise<Set<Queued>> => {
    const out = new Set<Queued>();
    if (!opts.fence) return out;
    const checked = batch.filter((q) => q.token);
    for (const q of batch) if (q.token === null) out.add(q);
    if (checked.length === 0) return out;
    const ok = await opts.fence.holds(
      tx,
      checked.map((q) => q.token!),
    );
    checked.forEach((q, i) => {
      if (!ok[i]) out.add(q);
    });
    return out;
  };

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    open = undefined; // what queues after this runs after it
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const enqueue = (
    item: Pick<Queued, 'action' | 'hold'>,
    token?: object | null,
  ): Promise<AlarmEffect[]> =>
    new Promise<AlarmEffect[]>((resolve, reject) => {
      const q: Queued =
        token === undefined ? { ...item, resolve, reject } : { ...item, resolve, reject, token };
      if (open && open.length < maxBatch) {
        open.push(q);
        return;
      }
      const batch: Queued[] = [q];
      void serial(() => writeNow(batch));
      open = batch;
    });

  // Scope of stored rows follows the asset (issue #15, finding 2); open alarms also get their
  // propagation targets recomputed, so none names the customer the asset has left.
  const rescopeNow = async (asset: string) => {
    const meta = opts.assetInfo(asset);
    const set = { customer_id: meta.customer ?? null, model_id: meta.model ?? null };
    const open = new Map(book.open);
    const moved: Alarm[] = [];
    for (const [key, a] of open)
      if (a.asset === asset) {
        const b = { ...a, targets: targetsOf(policy, asset) };
        open.set(key, b);
        moved.push(b);
      }
    await k.transaction().execute(async (tx) => {
      for (const table of ['alarms', 'alarm_activations', 'alarm_journal'] as const)
        await tx
          .updateTable(table)
          .set(set)
          .where('tenant_id', '=', tenantId)
          .where('asset_id', '=', asset)
          .execute();
      for (const a of moved)
        await tx
          .updateTable('alarms')
          .set({ targets: JSON.stringify(a.targets) })
          .where('id', '=', a.id)
          .execute();
    });
    book = { ...book, open };
  };

  const apply = (action: AlarmAction) => enqueue({ action });

  const service: AlarmService = {
    apply,
    onRuleEvent: (e, token) =>
      enqueue(
        {
          action:
            e.kind === 'raise'
              ? {
                  type: 'raise',
                  asset: e.asset,
                  ruleId: e.ruleId,
                  severity: e.severity,
                  at: e.ts,
                  ...(Number.isNaN(e.value) ? {} : { value: e.value }),
                }
              : { type: 'clear', asset: e.asset, ruleId: e.ruleId, at: e.ts },
        },
        opts.fence ? (token ?? null) : undefined,
      ),
    onHold: (e, token) =>
      enqueue({ hold: e }, opts.fence ? (token ?? null) : undefined).then(() => undefined),
    openAlarms: () => [...book.open.values()],
    async activations(from, to) {
      const rows = await k
        .selectFrom('alarm_activations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('raised_at', '<', to)
        .where((eb) => eb.or([eb('cleared_at', 'is', null), eb('cleared_at', '>', from)]))
        .orderBy('raised_at')
        .orderBy('id')
        .execute();
      return rows
        .filter((r) => r.suppressed === 0) // suppressed alarms were never annunciated (ISA-18.2 §16)
        .map((r) => {
          const a: AlarmActivation = {
            asset: r.asset_id,
            ruleId: r.rule_id,
            severity: r.severity as Severity,
            raisedAt: r.raised_at,
          };
          if (r.cleared_at !== null) a.clearedAt = r.cleared_at;
          if (r.acknowledged_at !== null) a.acknowledgedAt = r.acknowledged_at;
          // The asset's customer now, as every other view: a moved asset's history moves too.
          const now = opts.assetInfo(r.asset_id);
          const customer = now.customer ?? r.customer_id;
          if (customer !== null) a.customer = customer;
          if (r.model_id !== null) a.model = r.model_id;
          return a;
        });
    },
    async kpis(o) {
      return alarmKpis(await service.activations(o.from, o.to), o);
    },
    rescope: (asset) => serial(() => rescopeNow(asset)),
    async storedActive(assets) {
      if (assets.length === 0) return [];
      const rows = await k
        .selectFrom('alarms')
        .select(['asset_id', 'rule_id'])
        .where('tenant_id', '=', tenantId)
        .where('active', '=', 1)
        .where('asset_id', 'in', [...assets])
        .execute();
      return rows.map((r) => ({ asset: r.asset_id, ruleId: r.rule_id }));
    },
    storedHolds: (assets) => readHolds(k, tenantId, assets),
  };
  return service;
}

/** Alarms active now over every tenant (the platform's /metrics names no tenant). */
export async function countActiveAlarms(db: Db): Promise<number> {
  const r = await db.kysely
    .withTables<MonitoringTables>()
    .selectFrom('alarms')
    .where('active', '=', 1)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
