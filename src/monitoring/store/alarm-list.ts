// The alarm list people page through: open alarms and the cleared history (with comments,
// assignee and acknowledgement as they ended), filtered, sorted by raise time and paged by
// keyset (the last row's sort value and id), so a page stays stable while alarms raise.
import type { Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { Alarm } from '../alarms/index.ts';
import type { Severity } from '../rules/index.ts';
import { rowToAlarm } from './alarm-rows.ts';

export interface AlarmListQuery {
  /** open: active or not yet acknowledged (default); closed: cleared and acknowledged. */
  state?: 'open' | 'closed' | 'all';
  severity?: Severity[];
  assetId?: string;
  ruleId?: string;
  customerId?: string;
  /** Raised at or after / before (epoch ms). */
  from?: number;
  to?: number;
  sort?: 'raisedAt' | 'lastRaisedAt';
  order?: 'asc' | 'desc';
  limit: number;
  /** The sort value and id of the last row of the previous page. */
  after?: { value: number; id: string };
  /** A customer-scoped caller's customers; null for the whole tenant. */
  customerIds: readonly string[] | null;
}

export interface ListedAlarm extends Alarm {
  customerId: string | null;
  modelId: string | null;
}

export async function listAlarms(
  db: Db,
  tenantId: string,
  q: AlarmListQuery,
): Promise<{ items: ListedAlarm[]; more: boolean }> {
  const k = db.kysely.withTables<MonitoringTables>();
  const column = q.sort === 'lastRaisedAt' ? 'last_raised_at' : 'raised_at';
  const desc = (q.order ?? 'desc') === 'desc';
  let s = k.selectFrom('alarms').selectAll().where('tenant_id', '=', tenantId);
  if (q.customerIds)
    s = s.where('customer_id', 'in', q.customerIds.length ? [...q.customerIds] : ['']);
  const state = q.state ?? 'open';
  if (state !== 'all') s = s.where('open', '=', state === 'open' ? 1 : 0);
  if (q.severity?.length) s = s.where('severity', 'in', q.severity);
  if (q.assetId) s = s.where('asset_id', '=', q.assetId);
  if (q.ruleId) s = s.where('rule_id', '=', q.ruleId);
  if (q.customerId) s = s.where('customer_id', '=', q.customerId);
  if (q.from !== undefined) s = s.where('raised_at', '>=', q.from);
  if (q.to !== undefined) s = s.where('raised_at', '<', q.to);
  const after = q.after;
  if (after)
    s = s.where((eb) =>
      eb.or([
        eb(column, desc ? '<' : '>', after.value),
        eb.and([eb(column, '=', after.value), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await s
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('id', 'asc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    ...rowToAlarm(r),
    customerId: r.customer_id,
    modelId: r.model_id,
  }));
  return { items, more: rows.length > q.limit };
}
