// Service KPIs in SQL: one GROUP BY pass over the work orders (conditional sums, the stored SLA
// outcome, indexed by tenant and time) reduced to the same `KpiSums` the pure core computes, then
// finished by the core. Per asset, asset model, customer, contract or technician, or as one total;
// within the caller's scope and the optional filters. A customer user sees quantities, never
// costs or revenue.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { personalOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { customerFilter, invalidField, isCustomerScope, kOf, type K } from '../store.ts';
import {
  emptySums,
  finishKpis,
  partUse,
  revenueInPeriod,
  type KpiSums,
  type ServiceKpis,
} from './kpis.ts';
import { KPI_BUCKET_MS } from './rollup.ts';
import {
  assetCounts,
  assetTargets,
  contractsOf,
  partMovements,
  type ContractFacts,
} from './facts.ts';
import { column, filters, type KpiDimension, type KpiQuery } from './query.ts';

export { kpiDimensions, type KpiDimension, type KpiQuery } from './query.ts';

export interface KpiGroup extends ServiceKpis {
  /** The asset, model, customer, contract or technician id; null for orders without one. */
  key: string | null;
  label: string;
}

export interface KpiReport {
  dimension: KpiDimension;
  from: number;
  to: number;
  groups: KpiGroup[];
}

/** 'auto': rollup plus index ranges; 'scan': one pass over every order (the reference). */
export type KpiMode = 'auto' | 'scan';

/** The conditional sums of kpis.ts's definitions, as SQL over one work-order row. */
function sums(from: number, to: number) {
  const doneIn = sql`done_at >= ${from} and done_at < ${to}`;
  const repair = sql`kind = 'corrective' and ${doneIn}`;
  return {
    failures: when(sql`kind = 'corrective' and created_at >= ${from} and cancelled_at is null`, 1),
    ...doneSums(doneIn),
    downMs: when(
      repair,
      sql`done_at - case when created_at < ${from} then ${from} else created_at end`,
    ),
    ...backlogSums(to),
  };
}

const when = (cond: RawBuilder<unknown>, v: RawBuilder<unknown> | number) =>
  sql<number>`sum(case when ${cond} then ${v} else 0 end)`;

/** The sums over orders done when `doneIn` holds. */
function doneSums(doneIn: RawBuilder<unknown>) {
  const repair = sql`kind = 'corrective' and ${doneIn}`;
  return {
    repairs: when(repair, 1),
    restoreMs: when(repair, sql`done_at - created_at`),
    firstFix: when(sql`${repair} and visits = 1`, 1),
    slaMeasured: when(sql`${doneIn} and sla_resolution_met is not null`, 1),
    slaMet: when(sql`${doneIn} and sla_resolution_met = 1 and sla_response_met = 1`, 1),
    labourMinutes: when(doneIn, sql`labour_minutes`),
    costFen: when(doneIn, sql`cost_fen`),
  };
}

function backlogSums(to: number) {
  const open = sql`created_at < ${to} and (done_at is null or done_at >= ${to}) and (cancelled_at is null or cancelled_at >= ${to})`;
  return {
    backlog: when(open, 1),
    backlogAgeMs: when(open, sql`${to} - created_at`),
    backlogMaxMs: sql<number | null>`max(case when ${open} then ${to} - created_at end)`,
  };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
type Rows = Map<string | null, Record<string, number | null>>;

/** One aggregate query over the work orders, grouped by the dimension's column. */
async function aggregate(
  k: K,
  scope: Scope,
  q: KpiQuery,
  dim: KpiDimension | null,
  exprs: Record<string, RawBuilder<unknown>>,
  where: RawBuilder<SqlBool>,
): Promise<Rows> {
  // Grouped by an expression, not the bare column: SQLite would otherwise walk the column's
  // index for its order and read every order instead of the few the WHERE clause selects.
  const key = dim ? sql`coalesce(${sql.ref(column[dim])}, '')` : sql`null`;
  const only = customerFilter(scope);
  let sel = k
    .selectFrom('service_work_orders')
    .select(sql<string | null>`${key}`.as('k'))
    .select(Object.entries(exprs).map(([name, e]) => e.as(name)))
    .where('tenant_id', '=', scope.tenantId)
    .where(where);
  if (only) sel = sel.where('customer_id', 'in', only);
  for (const [c, v] of filters(q)) sel = sel.where(sql<SqlBool>`${sql.ref(c)} = ${v}`);
  if (dim) sel = sel.groupBy(key);
  return collect((await sel.execute()) as Array<Record<string, unknown>>);
}

function collect(rows: Array<Record<string, unknown>>): Rows {
  const out: Rows = new Map();
  for (const r of rows) {
    const v: Record<string, number | null> = {};
    for (const [name, x] of Object.entries(r))
      if (name !== 'k') v[name] = name === 'backlogMaxMs' && x === null ? null : num(x);
    out.set(r.k === '' ? null : ((r.k as string | null) ?? null), v);
  }
  return out;
}

/** Adds aggregate rows into sums per key. */
function merge(into: Map<string | null, KpiSums>, rows: Rows): void {
  for (const [key, v] of rows) {
    const s = into.get(key) ?? emptySums();
    for (const [name, x] of Object.entries(v)) {
      if (name === 'backlogMaxMs') {
        if (x !== null) s.backlogMaxMs = Math.max(s.backlogMaxMs ?? 0, x);
      } else {
        const t = s as unknown as Record<string, number>;
        t[name] = (t[name] ?? 0) + (x ?? 0);
      }
    }
    into.set(key, s);
  }
}

/** Every order scanned in one pass: the reference path, and the one for mixed filters. */
async function scanSums(
  k: K,
  scope: Scope,
  q: KpiQuery,
  dim: KpiDimension | null,
): Promise<Map<string | null, KpiSums>> {
  const out = new Map<string | null, KpiSums>();
  const where = sql<SqlBool>`created_at < ${q.to} and (done_at >= ${q.from} or (done_at is null and (cancelled_at is null or cancelled_at >= ${q.from})))`;
  merge(out, await aggregate(k, scope, q, dim, sums(q.from, q.to), where));
  return out;
}

/** The rollup side a query can be answered from, or null when only a scan can. */
function sideFor(scope: Scope, q: KpiQuery, dim: KpiDimension | null): 'a' | 't' | null {
  if (dim === 'technician')
    return customerFilter(scope) || filters(q).some(([c]) => c !== 'technician_id') ? null : 't';
  return q.technicianId ? null : 'a';
}

/**
 * The sums from the rollup's whole buckets inside the period, plus the raw rows of the two
 * partial buckets at its ends, plus the orders not done (failures still open, the backlog).
 */
async function orderSums(
  k: K,
  scope: Scope,
  q: KpiQuery,
  dim: KpiDimension | null,
  mode: KpiMode = 'auto',
): Promise<Map<string | null, KpiSums>> {
  const side = sideFor(scope, q, dim);
  const m1 = Math.ceil(q.from / KPI_BUCKET_MS) * KPI_BUCKET_MS;
  const m2 = Math.floor(q.to / KPI_BUCKET_MS) * KPI_BUCKET_MS;
  if (mode === 'scan') return scanSums(k, scope, q, dim);
  const { from, to } = q;
  const out = new Map<string | null, KpiSums>();
  // Without whole buckets or a rollup side, the whole period is one "edge" of raw rows.
  const rolled = side !== null && m1 < m2;
  if (rolled) merge(out, await rollupSums(k, scope, q, dim, side, m1, m2));
  // Each part is a plain index range (an OR of ranges would make SQLite scan every order).
  const edges = (
    rolled
      ? [
          [from, m1],
          [m2, to],
        ]
      : [[from, to]]
  ).filter(([a, b]) => a! < b!) as Array<[number, number]>;
  for (const [a, b] of edges) {
    const doneIn = sql`done_at >= ${a} and done_at < ${b}`;
    merge(out, await aggregate(k, scope, q, dim, doneSums(doneIn), sql<SqlBool>`${doneIn}`));
    merge(
      out,
      await aggregate(
        k,
        scope,
        q,
        dim,
        { failures: when(sql`kind = 'corrective'`, 1) },
        sql<SqlBool>`created_at >= ${a} and created_at < ${b} and done_at is not null`,
      ),
    );
  }
  // Not done: failures still open, and the backlog with the orders done or cancelled after `to`.
  const unfinished = {
    failures: when(
      sql`kind = 'corrective' and done_at is null and cancelled_at is null and created_at >= ${from} and created_at < ${to}`,
      1,
    ),
    ...backlogSums(to),
  };
  // Conditions on created_at stay in the sums: in the WHERE clause they would lure SQLite onto
  // the creation-time index, a scan of every order created before `to`.
  // (Cancelled orders are among those not done.)
  for (const part of [sql<SqlBool>`done_at is null`, sql<SqlBool>`done_at >= ${to}`])
    merge(out, await aggregate(k, scope, q, dim, unfinished, part));
  // Down time is restore time clipped at `from`: less (from − created) of the repairs that began
  // before it, found among orders created at most the longest restore time earlier.
  const longest = await k
    .selectFrom('service_kpi_rollup')
    .select(sql<number | null>`max(max_restore_ms)`.as('m'))
    .where('tenant_id', '=', scope.tenantId)
    .where('side', '=', 'a')
    .executeTakeFirst();
  const before = await aggregate(
    k,
    scope,
    q,
    dim,
    {
      cut: when(
        sql`kind = 'corrective' and done_at >= ${from} and done_at < ${to}`,
        sql`${from} - created_at`,
      ),
    },
    sql<SqlBool>`created_at >= ${from - num(longest?.m) - 1} and created_at < ${from}`,
  );
  for (const s of out.values()) s.downMs = s.restoreMs;
  for (const [key, v] of before) {
    const s = out.get(key);
    if (s) s.downMs -= v.cut ?? 0;
  }
  return out;
}

const rollupKey: Record<KpiDimension, string> = { ...column };

async function rollupSums(
  k: K,
  scope: Scope,
  q: KpiQuery,
  dim: KpiDimension | null,
  side: 'a' | 't',
  m1: number,
  m2: number,
): Promise<Rows> {
  const key = dim ? sql.ref(rollupKey[dim]) : sql`null`;
  const only = customerFilter(scope);
  const sum = (c: string) => sql<number>`sum(${sql.ref(c)})`;
  let sel = k
    .selectFrom('service_kpi_rollup')
    .select([
      sql<string | null>`${key}`.as('k'),
      sum('failures').as('failures'),
      sum('repairs').as('repairs'),
      sum('restore_ms').as('restoreMs'),
      sum('first_fix').as('firstFix'),
      sum('sla_measured').as('slaMeasured'),
      sum('sla_met').as('slaMet'),
      sum('labour_minutes').as('labourMinutes'),
      sum('cost_fen').as('costFen'),
    ])
    .where('tenant_id', '=', scope.tenantId)
    .where('side', '=', side)
    .where('bucket', '>=', m1)
    .where('bucket', '<', m2);
  if (only) sel = sel.where('customer_id', 'in', only);
  for (const [c, v] of filters(q)) sel = sel.where(sql<SqlBool>`${sql.ref(c)} = ${v}`);
  if (dim) sel = sel.groupBy(sql.ref(rollupKey[dim]));
  return collect((await sel.execute()) as Array<Record<string, unknown>>);
}

/** Names of the group keys, for the console and the CSV. */
async function labels(
  db: Db,
  scope: Scope,
  dim: KpiDimension,
  keys: string[],
): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const k = kOf(db);
  const table = {
    asset: 'assets',
    model: 'asset_models',
    customer: 'customers',
    contract: 'service_contracts',
    technician: 'service_technicians',
  } as const;
  const out = new Map<string, string>();
  const per = Math.max(1, db.capabilities.maxParameters - 2);
  for (let i = 0; i < keys.length; i += per) {
    const rows = await k
      .selectFrom(table[dim] as 'assets')
      .select(['id', 'name'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', 'in', keys.slice(i, i + per))
      .execute();
    // Technicians' names are sealed (dispatch/technicians.ts); the others are not personal.
    const p = dim === 'technician' ? personalOf(db) : null;
    for (const r of rows) out.set(r.id, p ? p.open(r.name) : r.name);
  }
  return out;
}

function forCustomer(k: ServiceKpis): ServiceKpis {
  // Costs and revenue are the provider's: a customer user sees quantities only.
  return {
    ...k,
    parts: k.parts.map((p) => ({ ...p, costFen: 0 })),
    partsCostFen: 0,
    costFen: 0,
    revenueFen: null,
  };
}

function checkPeriod(q: KpiQuery) {
  if (q.to <= q.from)
    throw invalidField('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
}

/** The KPIs of every order in scope (after the filters) as one total. */
export async function serviceKpis(
  db: Db,
  scope: Scope,
  q: KpiQuery,
  mode: KpiMode = 'auto',
): Promise<ServiceKpis> {
  checkPeriod(q);
  const k = kOf(db);
  const [orders, moves, assets, contracts] = await Promise.all([
    orderSums(k, scope, q, null, mode),
    partMovements(k, scope, q, null),
    assetCounts(db, scope, q, null),
    contractsOf(k, scope, q),
  ]);
  const single = q.contractId ? contracts[0] : undefined;
  const result = finishKpis(
    q,
    assets(null),
    orders.get(null) ?? emptySums(),
    partUse(moves.get(null) ?? []),
    {
      availabilityTarget: single?.availability_target ?? null,
      revenueFen: q.assetId || q.modelId || q.technicianId ? null : revenue(contracts, q),
    },
  );
  return isCustomerScope(scope) ? forCustomer(result) : result;
}

const revenue = (contracts: ContractFacts[], q: KpiQuery) =>
  contracts.reduce((t, c) => t + revenueInPeriod(c.price_fen, c.valid_from, c.valid_to, q), 0);

/** The KPIs per asset, model, customer, contract or technician. */
export async function serviceKpisBy(
  db: Db,
  scope: Scope,
  dim: KpiDimension,
  q: KpiQuery,
  mode: KpiMode = 'auto',
): Promise<KpiReport> {
  checkPeriod(q);
  const k = kOf(db);
  const [orders, moves, assets, contracts, targets] = await Promise.all([
    orderSums(k, scope, q, dim, mode),
    partMovements(k, scope, q, dim),
    assetCounts(db, scope, q, dim),
    dim === 'contract' || dim === 'customer' ? contractsOf(k, scope, q) : Promise.resolve([]),
    dim === 'asset' ? assetTargets(k, scope, q) : Promise.resolve(new Map<string, number>()),
  ]);
  const keys = [...new Set([...orders.keys(), ...moves.keys()])];
  const names = await labels(
    db,
    scope,
    dim,
    keys.filter((x): x is string => x !== null),
  );
  const byContract = new Map(contracts.map((c) => [c.id, c]));
  const groups = keys.map((key): KpiGroup => {
    const c = dim === 'contract' && key !== null ? byContract.get(key) : undefined;
    const extras = {
      availabilityTarget:
        dim === 'contract'
          ? (c?.availability_target ?? null)
          : dim === 'asset' && key !== null
            ? (targets.get(key) ?? null)
            : null,
      revenueFen:
        dim === 'contract'
          ? c
            ? revenue([c], q)
            : null
          : dim === 'customer'
            ? revenue(
                contracts.filter((x) => x.customer_id === key),
                q,
              )
            : null,
    };
    const kpis = finishKpis(
      q,
      assets(key),
      orders.get(key) ?? emptySums(),
      partUse(moves.get(key) ?? []),
      extras,
    );
    return {
      key,
      label: key === null ? '—' : (names.get(key) ?? key),
      ...(isCustomerScope(scope) ? forCustomer(kpis) : kpis),
    };
  });
  groups.sort(
    (a, b) => a.label.localeCompare(b.label, 'zh-CN') || (a.key ?? '').localeCompare(b.key ?? ''),
  );
  return { dimension: dim, from: q.from, to: q.to, groups };
}
