// SLA warnings and breaches, and service-contract renewal reminders, raised once each. A scan
// (every minute in the platform; tests call `tick`) looks at the open work orders under a
// contract — and those done in the last day, whose stored outcome may be a breach the scan did
// not see while they were open — and at contracts whose validity ends within the reminder
// window. Each notice is inserted under a unique (tenant, subject, kind) key, so it is raised
// exactly once per work order and kind even across restarts and nodes; it is then handed to the
// notification channels through a `NoticePort` (the composition root's bridge to the alarm
// fan-out: subscriptions, the SSE alarm feed, e-mail) and marked delivered. A notice inserted
// but not delivered (a crash in between) is delivered by the next scan.
import { listTenants, type Scope } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServiceNoticeTable } from '../../storage/service-schema.ts';
import { customerFilter, kOf, serviceId, type K } from '../store.ts';
import { openStates } from '../work-orders/states.ts';
import { cacheContract, slaOf, type ContractCache } from '../work-orders/view.ts';

const DAY = 86_400_000;

export type NoticeKind =
  | 'sla.response.warning'
  | 'sla.response.breached'
  | 'sla.resolution.warning'
  | 'sla.resolution.breached'
  | 'contract.renewal';

export interface ServiceNotice {
  id: string;
  /** The work order (SLA) or the contract (renewal). */
  subjectId: string;
  kind: NoticeKind;
  assetId: string | null;
  customerId: string | null;
  at: number;
  message: string;
  /** Breaches are major, warnings and reminders are warnings, in the alarm severities. */
  severity: 'major' | 'warning';
}

export interface NoticePort {
  publish(tenantId: string, notice: ServiceNotice): Promise<void>;
}

export interface NoticeOptions {
  db: Db;
  port: () => NoticePort;
  /** Days before a contract's validity ends that its renewal reminder is raised. */
  renewalDays: number;
  clock?: () => number;
  log?: (line: string) => void;
}

const kindOf = (k: string): NoticeKind =>
  (k.startsWith('contract.renewal') ? 'contract.renewal' : k) as NoticeKind;

const toNotice = (r: ServiceNoticeTable): ServiceNotice => {
  const kind = kindOf(r.kind);
  return {
    id: r.id,
    subjectId: r.subject_id,
    kind,
    assetId: r.asset_id,
    customerId: r.customer_id,
    at: r.at,
    message: r.message,
    severity: kind.endsWith('breached') ? 'major' : 'warning',
  };
};

type Candidate = Omit<ServiceNoticeTable, 'id' | 'delivered_at'>;

/** Inserts the notice unless one of its subject and kind exists; true when it is new. */
async function record(k: K, c: Candidate): Promise<ServiceNoticeTable | null> {
  const row = { ...c, id: serviceId('sn'), delivered_at: null };
  const r = await k
    .insertInto('service_notices')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'subject_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? row : null;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The SLA notices due for the tenant's open (or just done) orders. */
async function slaCandidates(k: K, tenantId: string, now: number): Promise<Candidate[]> {
  const rows = await k
    .selectFrom('service_work_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contract_id', 'is not', null)
    .where((eb) => eb.or([eb('status', 'in', [...openStates]), eb('done_at', '>=', now - DAY)]))
    .execute();
  const ids = [...new Set(rows.map((r) => r.contract_id!))];
  const contracts = ids.length
    ? await k.selectFrom('service_contracts').selectAll().where('id', 'in', ids).execute()
    : [];
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const cache: ContractCache = new Map();
  const out: Candidate[] = [];
  for (const r of rows) {
    const sla = slaOf(r, cacheContract(cache, byId.get(r.contract_id!)), now);
    for (const clock of ['response', 'resolution'] as const) {
      const c = sla[clock];
      if (!c) continue;
      const stored = clock === 'response' ? r.sla_response_met : r.sla_resolution_met;
      const state = stored === 0 ? 'breached' : c.state;
      if (state !== 'warning' && state !== 'breached') continue;
      const due = c.dueAt === null ? 'paused' : `due ${iso(c.dueAt)}`;
      out.push({
        tenant_id: tenantId,
        subject_id: r.id,
        kind: `sla.${clock}.${state}`,
        asset_id: r.asset_id,
        customer_id: r.customer_id,
        at: now,
        message:
          state === 'breached'
            ? `Work order ${r.id} (${r.title}): ${clock} SLA breached — ${c.elapsedMinutes} of ${c.targetMinutes} business minutes, ${due}`
            : `Work order ${r.id} (${r.title}): ${clock} SLA at ${c.elapsedMinutes} of ${c.targetMinutes} business minutes, ${due}`,
      });
    }
  }
  return out;
}

/** Renewal reminders for contracts whose validity ends within `days`. */
async function renewalCandidates(
  k: K,
  tenantId: string,
  now: number,
  days: number,
): Promise<Candidate[]> {
  const rows = await k
    .selectFrom('service_contracts')
    .select(['id', 'name', 'customer_id', 'valid_to'])
    .where('tenant_id', '=', tenantId)
    .where('valid_to', '>', now)
    .where('valid_to', '<=', now + days * DAY)
    .execute();
  return rows.map((c) => ({
    tenant_id: tenantId,
    subject_id: c.id,
    // Per end date: a renewed contract (a later valid_to) is reminded again before its new end.
    kind: `contract.renewal:${c.valid_to}`,
    asset_id: null,
    customer_id: c.customer_id,
    at: now,
    message: `Service contract ${c.name} (${c.id}) ends ${iso(Number(c.valid_to))}, in ${Math.ceil((Number(c.valid_to) - now) / DAY)} days: time to renew`,
  }));
}

export interface ServiceNotices {
  /** One scan of every tenant; returns the notices raised. */
  tick(): Promise<ServiceNotice[]>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function createServiceNotices(o: NoticeOptions): ServiceNotices {
  const clock = o.clock ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const k = kOf(o.db);
  const deliver = async (tenantId: string, r: ServiceNoticeTable) => {
    await o.port().publish(tenantId, toNotice(r));
    await k
      .updateTable('service_notices')
      .set({ delivered_at: clock() })
      .where('id', '=', r.id)
      .execute();
  };
  const scanTenant = async (tenantId: string, now: number) => {
    const raised: ServiceNotice[] = [];
    const candidates = [
      ...(await slaCandidates(k, tenantId, now)),
      ...(await renewalCandidates(k, tenantId, now, o.renewalDays)),
    ];
    for (const c of candidates) {
      const row = await record(k, c);
      if (!row) continue;
      await deliver(tenantId, row);
      raised.push(toNotice(row));
    }
    // Recorded by an earlier scan that stopped before delivering (a crash, a failed channel).
    const pending = await k
      .selectFrom('service_notices')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('delivered_at', 'is', null)
      .execute();
    for (const r of pending) await deliver(tenantId, r);
    return raised;
  };
  const tick = async () => {
    const now = clock();
    const raised: ServiceNotice[] = [];
    for (const t of await listTenants(o.db)) {
      try {
        raised.push(...(await scanTenant(t.id, now)));
      } catch (e) {
        o.log?.(`service notices (${t.id}): ${(e as Error).message}`);
      }
    }
    return raised;
  };
  return {
    tick() {
      const next = running.then(tick);
      running = next.catch(() => undefined);
      return next;
    },
    start(intervalMs) {
      timer = setInterval(() => {
        running = running
          .then(tick)
          .catch((e: unknown) => o.log?.(`service notices: ${(e as Error).message}`));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** The notices a caller may see, newest first (customer users: their customers' only). */
export async function listNotices(
  db: Db,
  scope: Scope,
  q: { subjectId?: string; limit?: number } = {},
): Promise<ServiceNotice[]> {
  let sel = kOf(db)
    .selectFrom('service_notices')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId as TenantId);
  const only = customerFilter(scope);
  if (only) sel = sel.where('customer_id', 'in', only);
  if (q.subjectId) sel = sel.where('subject_id', '=', q.subjectId);
  const rows = await sel
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(q.limit ?? 200)
    .execute();
  return rows.map(toNotice);
}
