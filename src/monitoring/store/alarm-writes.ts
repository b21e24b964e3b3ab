// The writes of one batch of alarm actions, inside the caller's transaction (issue #18: a storm
// of 10,000 alarms took 83 s when every raise had its own transaction and its own statements).
// A batch is the actions the alarm service applied one after another in memory; its writes are
// set-based: each alarm's final row once (multi-row upsert), activations inserted in slices, the
// acknowledgements and clears of activations raised before the batch as one UPDATE per
// (column, instant), the journal in slices, audit entries for operator actions, and the shelves
// and maintenance windows when an action changed them. The result in the database is the same as
// writing each action in turn (alarm-service.test.ts and alarm-storm.test.ts check it).
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/index.ts';
import type { AlarmActivationTable, MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { AlarmAction, AlarmBook, AlarmEffect } from '../alarms/index.ts';
import { recordAudit } from '../../identity/index.ts';
import { alarmToRow } from './alarm-rows.ts';
import { auditOf, journalRows } from './journal.ts';
import type { AssetInfo } from './alarm-service.ts';

type K = Kysely<Database & MonitoringTables>;

/** One applied action and its effects, in the order the reducer applied them. */
export interface AppliedAction {
  action: AlarmAction;
  effects: AlarmEffect[];
}

// Rows per statement: a statement has at most 32,766 (SQLite) / 65,535 (PostgreSQL) parameters,
// and an alarm row has 24 columns.
const SLICE = 400;

function* slices<T>(xs: readonly T[], n = SLICE): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

/** Each alarm's last state in the batch, upserted once. */
async function upsertAlarms(
  k: K,
  tenantId: string,
  info: (a: string) => AssetInfo,
  effects: readonly AlarmEffect[],
) {
  const last = new Map<string, AlarmEffect['alarm']>();
  for (const e of effects) {
    last.delete(e.alarm.id); // keep the batch's write order of last changes
    last.set(e.alarm.id, e.alarm);
  }
  const rows = [...last.values()].map((a) => alarmToRow(a, tenantId, info(a.asset)));
  for (const part of slices(rows)) {
    const first = part[0];
    if (!first) continue;
    const columns = Object.keys(first).filter((c) => c !== 'id') as Array<keyof typeof first>;
    await k
      .insertInto('alarms')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) =>
            Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])),
          ),
      )
      .execute();
  }
}

/**
 * Activations: a raise or return adds one; an acknowledgement or clear stamps every activation of
 * the alarm still without that stamp. Stamps on rows of this batch are set before they are
 * inserted; rows from earlier batches get one UPDATE per (column, instant) before the inserts,
 * so an update never reaches an activation raised after the action that stamps.
 */
async function writeActivations(
  k: K,
  tenantId: string,
  info: (a: string) => AssetInfo,
  effects: readonly AlarmEffect[],
) {
  const fresh: AlarmActivationTable[] = [];
  const older = new Map<
    string,
    { col: 'cleared_at' | 'acknowledged_at'; at: number; alarm: string }
  >();
  for (const e of effects) {
    const a = e.alarm;
    if (e.change === 'raised' || e.change === 'repeated') {
      const meta = info(a.asset);
      fresh.push({
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
      });
    } else if (e.change === 'cleared' || e.change === 'acknowledged') {
      const col = e.change === 'cleared' ? 'cleared_at' : 'acknowledged_at';
      for (const r of fresh) if (r.alarm_id === a.id && r[col] === null) r[col] = e.at;
      const key = `${col}|${a.id}`;
      if (!older.has(key)) older.set(key, { col, at: e.at, alarm: a.id });
    }
  }
  const groups = new Map<
    string,
    { col: 'cleared_at' | 'acknowledged_at'; at: number; ids: string[] }
  >();
  for (const u of older.values()) {
    const key = `${u.col}|${u.at}`;
    const g = groups.get(key) ?? { col: u.col, at: u.at, ids: [] };
    g.ids.push(u.alarm);
    groups.set(key, g);
  }
  for (const g of groups.values())
    for (const ids of slices(g.ids, 1000))
      await k
        .updateTable('alarm_activations')
        .set({ [g.col]: g.at })
        .where('tenant_id', '=', tenantId)
        .where('alarm_id', 'in', ids)
        .where(g.col, 'is', null)
        .execute();
  for (const part of slices(fresh)) await k.insertInto('alarm_activations').values(part).execute();
}

async function writeSuppressions(k: K, tenantId: string, book: AlarmBook) {
  await k.deleteFrom('alarm_shelves').where('tenant_id', '=', tenantId).execute();
  const shelves = book.shelves.map((s) => ({
    tenant_id: tenantId,
    rule_id: s.ruleId,
    asset_id: s.asset ?? '',
    shelved_by: s.by,
    reason: s.reason,
    at: s.at,
    until: s.until,
  }));
  for (const part of slices(shelves)) await k.insertInto('alarm_shelves').values(part).execute();
  await k.deleteFrom('asset_maintenance').where('tenant_id', '=', tenantId).execute();
  const maint = [...book.maintenance.values()].map((m) => ({
    tenant_id: tenantId,
    asset_id: m.asset,
    started_by: m.by,
    reason: m.reason,
    at: m.at,
  }));
  for (const part of slices(maint)) await k.insertInto('asset_maintenance').values(part).execute();
}

/** Writes a batch; `book` is the state after its last action, written only if suppression changed. */
export async function writeBatch(
  k: K,
  tenantId: string,
  info: (asset: string) => AssetInfo,
  applied: readonly AppliedAction[],
  suppression?: AlarmBook,
): Promise<void> {
  const effects = applied.flatMap((a) => a.effects);
  await upsertAlarms(k, tenantId, info, effects);
  await writeActivations(k, tenantId, info, effects);
  const journal = applied.flatMap((a) => journalRows(tenantId, a.action, a.effects, info));
  for (const part of slices(journal, 1000))
    await k.insertInto('alarm_journal').values(part).execute();
  for (const a of applied) {
    const audit = auditOf(tenantId, a.action, a.effects[0]?.alarm.id);
    if (audit) await recordAudit(k as unknown as Kysely<Database>, audit);
  }
  if (suppression) await writeSuppressions(k, tenantId, suppression);
}
