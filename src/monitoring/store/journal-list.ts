// Reading the alarm journal: filtered by asset, rule, alarm, action, the alarm's state now
// (open / closed) and a time range, sorted by time and paged by keyset (the last row's time and
// id), the convention of the alarm list.
import type { Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { JournalAction } from './journal.ts';

export interface JournalQuery {
  assetId?: string;
  ruleId?: string;
  alarmId?: string;
  actions?: JournalAction[];
  /** The alarm's state now: open (active or unacknowledged) or closed. */
  state?: 'open' | 'closed';
  /** At or after / before (epoch ms). */
  from?: number;
  to?: number;
  order?: 'asc' | 'desc';
  limit: number;
  after?: { value: number; id: string };
  /** A customer-scoped caller's customers; null for the whole tenant. */
  customerIds: readonly string[] | null;
}

export interface JournalEntry {
  id: string;
  alarmId: string | null;
  asset: string;
  ruleId: string;
  action: JournalAction;
  severity: string | null;
  actor: string | null;
  detail: Record<string, unknown> | null;
  value: number | null;
  at: number;
  customerId: string | null;
}

export async function listJournal(
  db: Db,
  tenantId: string,
  q: JournalQuery,
): Promise<{ items: JournalEntry[]; more: boolean }> {
  const k = db.kysely.withTables<MonitoringTables>();
  const desc = (q.order ?? 'desc') === 'desc';
  let s = k.selectFrom('alarm_journal').selectAll().where('tenant_id', '=', tenantId);
  if (q.customerIds)
    s = s.where('customer_id', 'in', q.customerIds.length ? [...q.customerIds] : ['']);
  if (q.assetId) s = s.where('asset_id', '=', q.assetId);
  if (q.ruleId) s = s.where('rule_id', '=', q.ruleId);
  if (q.alarmId) s = s.where('alarm_id', '=', q.alarmId);
  if (q.actions?.length) s = s.where('action', 'in', q.actions);
  if (q.state) {
    const open = q.state === 'open' ? 1 : 0;
    s = s.where('alarm_id', 'in', (sub) =>
      sub
        .selectFrom('alarms')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('open', '=', open),
    );
  }
  if (q.from !== undefined) s = s.where('at', '>=', q.from);
  if (q.to !== undefined) s = s.where('at', '<', q.to);
  const after = q.after;
  if (after)
    s = s.where((eb) =>
      eb.or([
        eb('at', desc ? '<' : '>', after.value),
        eb.and([eb('at', '=', after.value), eb('id', desc ? '<' : '>', after.id)]),
      ]),
    );
  const dir = desc ? 'desc' : 'asc';
  const rows = await s
    .orderBy('at', dir)
    .orderBy('id', dir)
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r): JournalEntry => ({
    id: r.id,
    alarmId: r.alarm_id,
    asset: r.asset_id,
    ruleId: r.rule_id,
    action: r.action as JournalAction,
    severity: r.severity,
    actor: r.actor,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    value: r.value === null ? null : Number(r.value),
    at: Number(r.at),
    customerId: r.customer_id,
  }));
  return { items, more: rows.length > q.limit };
}
