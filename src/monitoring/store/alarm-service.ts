// The alarm service: the pure reducer (alarms/reducer.ts) over a Kysely `Db`. It keeps the
// tenant's open alarms, shelves and maintenance windows in memory, applies one action at a
// time (actions are queued, so concurrent callers cannot interleave), and writes each
// action's effects in one transaction: alarm rows (upsert), the activation log (one row per
// raise or repeat; an acknowledgement or clear of the alarm covers all its activations still
// unacknowledged or uncleared), the journal and audit log (journal.ts) and shelves / maintenance. One service instance per tenant per process;
// several nodes writing the same tenant would need a lease (not built yet).
import type { Kysely } from 'kysely';
import type { Database, Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import {
  alarmKey,
  reduceAlarms,
  targetsOf,
  type Alarm,
  type AlarmAction,
  type AlarmBook,
  type AlarmEffect,
  type AlarmPolicy,
  type Shelf,
} from '../alarms/index.ts';
import { alarmKpis, type AlarmActivation, type AlarmKpis, type KpiOptions } from '../kpi/index.ts';
import type { RuleEvent, Severity } from '../rules/index.ts';
import { alarmToRow, rowToAlarm } from './alarm-rows.ts';
import { writeJournal } from './journal.ts';

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
}

export interface AlarmService {
  apply(action: AlarmAction): Promise<AlarmEffect[]>;
  /** Feeds a rule-engine event (raise / clear) into the lifecycle. */
  onRuleEvent(e: RuleEvent): Promise<AlarmEffect[]>;
  openAlarms(): Alarm[];
  activations(from: number, to: number): Promise<AlarmActivation[]>;
  kpis(opts: KpiOptions): Promise<AlarmKpis>;
  /** The asset's customer or model changed: its alarms, open and logged, take the new ones. */
  rescope(asset: string): Promise<void>;
}

type K = Kysely<Database & MonitoringTables>;

async function loadBook(k: K, tenantId: string): Promise<AlarmBook> {
  const open = await k
    .selectFrom('alarms')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('open', '=', 1)
    .execute();
  const shelves = await k
    .selectFrom('alarm_shelves')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  const maint = await k
    .selectFrom('asset_maintenance')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  return {
    open: new Map(open.map(rowToAlarm).map((a) => [alarmKey(a.asset, a.ruleId), a])),
    shelves: shelves.map((s): Shelf => {
      const shelf: Shelf = {
        ruleId: s.rule_id,
        by: s.shelved_by,
        reason: s.reason,
        at: s.at,
        until: s.until,
      };
      if (s.asset_id !== '') shelf.asset = s.asset_id;
      return shelf;
    }),
    maintenance: new Map(
      maint.map((m) => [
        m.asset_id,
        { asset: m.asset_id, by: m.started_by, reason: m.reason, at: m.at },
      ]),
    ),
  };
}

async function writeEffects(
  k: K,
  tenantId: string,
  info: AlarmServiceOptions['assetInfo'],
  effects: AlarmEffect[],
) {
  for (const e of effects) {
    const a = e.alarm;
    const meta = info(a.asset);
    const row = alarmToRow(a, tenantId, meta);
    const { id: _id, ...update } = row;
    await k
      .insertInto('alarms')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
    if (e.change === 'raised' || e.change === 'repeated') {
      await k
        .insertInto('alarm_activations')
        .values({
          id: `${a.id}#${a.repeatCount}`,
          tenant_id: tenantId,
          alarm_id: a.id,
          asset_id: a.asset,
          rule_id: a.ruleId,
          severity: a.severity,
          raised_at: a.lastRaisedAt,
          cleared_at: null,
          acknowledged_at: null,
          suppressed: a.suppressedBy ? 1 : 0,
          customer_id: meta.customer ?? null,
          model_id: meta.model ?? null,
        })
        .execute();
    } else if (e.change === 'cleared' || e.change === 'acknowledged') {
      const col = e.change === 'cleared' ? 'cleared_at' : 'acknowledged_at';
      await k
        .updateTable('alarm_activations')
        .set({ [col]: e.at })
        .where('alarm_id', '=', a.id)
        .where(col, 'is', null)
        .execute();
    }
  }
}

async function writeSuppressions(k: K, tenantId: string, book: AlarmBook) {
  await k.deleteFrom('alarm_shelves').where('tenant_id', '=', tenantId).execute();
  for (const s of book.shelves) {
    await k
      .insertInto('alarm_shelves')
      .values({
        tenant_id: tenantId,
        rule_id: s.ruleId,
        asset_id: s.asset ?? '',
        shelved_by: s.by,
        reason: s.reason,
        at: s.at,
        until: s.until,
      })
      .execute();
  }
  await k.deleteFrom('asset_maintenance').where('tenant_id', '=', tenantId).execute();
  for (const m of book.maintenance.values()) {
    await k
      .insertInto('asset_maintenance')
      .values({
        tenant_id: tenantId,
        asset_id: m.asset,
        started_by: m.by,
        reason: m.reason,
        at: m.at,
      })
      .execute();
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

  const applyNow = async (action: AlarmAction): Promise<AlarmEffect[]> => {
    const r = reduceAlarms(book, action, policy);
    const touchesSuppression =
      r.book.shelves !== book.shelves || r.book.maintenance !== book.maintenance;
    await k.transaction().execute(async (tx) => {
      await writeEffects(tx, tenantId, opts.assetInfo, r.effects);
      await writeJournal(tx, tenantId, action, r.effects, opts.assetInfo);
      if (touchesSuppression) await writeSuppressions(tx, tenantId, r.book);
    });
    book = r.book; // only after the commit: a failed write leaves memory as the database
    if (r.effects.length) opts.onEffects?.(r.effects);
    return r.effects;
  };

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const apply = (action: AlarmAction): Promise<AlarmEffect[]> => serial(() => applyNow(action));

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

  const service: AlarmService = {
    apply,
    onRuleEvent: (e) =>
      apply(
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
      ),
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
