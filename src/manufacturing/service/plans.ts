// Stored plans (the current one supersedes the previous) and what-if: the same solve with an
// added shift or a rush order, returned with the per-order change in completion and tardiness
// against the current plan, and never written.
import { notFound } from '../../kernel/index.ts';
import { timeZoneOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { configure } from '../configurator/configure.ts';
import type { Configuration } from '../configurator/model.ts';
import type { PlanOrder } from '../capacity/plan-instance.ts';
import { checkQuantity, listProductionOrders } from './orders.ts';
import { workingWindows, type Window } from '../capacity/calendar.ts';
import { loadPerDay, localDays } from '../capacity/load.ts';
import {
  computePlan,
  type ExtraShift,
  type OrderOutcome,
  type PlanOptions,
  type PlanResult,
} from './planning.ts';
import { listStations } from './stations.ts';
import { getProductModel } from './product-models.ts';
import { audit, mfg, mfgId, parseJson } from './store.ts';

export interface StoredPlan extends PlanResult {
  id: string;
  createdBy: string;
}

export async function commitPlan(db: Db, scope: Scope, opts: PlanOptions): Promise<StoredPlan> {
  const plan = await computePlan(db, scope, { ...opts, extraOrders: [] });
  return storePlan(db, scope, plan, 'plan.commit', {});
}

/** Stores a solved plan as the current one (the previous current one is superseded). */
export async function storePlan(
  db: Db,
  scope: Scope,
  plan: PlanResult,
  action: 'plan.commit' | 'plan.move',
  details: Record<string, unknown>,
): Promise<StoredPlan> {
  const id = mfgId('pl');
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      await tx
        .updateTable('mfg_plans')
        .set({ status: 'superseded' })
        .where('tenant_id', '=', scope.tenantId)
        .where('status', '=', 'current')
        .execute();
      await tx
        .insertInto('mfg_plans')
        .values({
          id,
          tenant_id: scope.tenantId,
          status: 'current',
          makespan_at: plan.makespanAt,
          total_tardiness_min: plan.totalTardinessMinutes,
          operations: JSON.stringify({
            operations: plan.operations,
            orders: plan.orders,
            late: plan.late,
            objective: plan.objective,
            totalWeightedTardinessMinutes: plan.totalWeightedTardinessMinutes,
          }),
          created_at: plan.createdAt,
          created_by: scope.actor,
        })
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action,
        entityType: 'mfg_plan',
        entityId: id,
        details: {
          ...details,
          operations: plan.operations.length,
          tardiness: plan.totalTardinessMinutes,
        },
      });
    });
  return { id, createdBy: scope.actor, ...plan };
}

/** The current plan, or null when none was committed yet. */
export async function currentPlan(db: Db, scope: Scope): Promise<StoredPlan | null> {
  const row = await mfg(db)
    .selectFrom('mfg_plans')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'current')
    .executeTakeFirst();
  if (!row) return null;
  const body = parseJson<
    Pick<PlanResult, 'operations' | 'orders'> &
      Partial<Pick<PlanResult, 'late' | 'objective' | 'totalWeightedTardinessMinutes'>>
  >(row.operations);
  // Plans stored before issue 19 carry neither the objective nor the late-order explanations.
  return {
    id: row.id,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    makespanAt: row.makespan_at === null ? null : Number(row.makespan_at),
    totalTardinessMinutes: row.total_tardiness_min,
    objective: body.objective ?? 'makespan',
    totalWeightedTardinessMinutes: body.totalWeightedTardinessMinutes ?? row.total_tardiness_min,
    operations: body.operations,
    orders: body.orders,
    late: body.late ?? [],
  };
}

/** The current plan as the scope may see it: a customer-scoped principal gets its orders only. */
export async function requireCurrentPlan(db: Db, scope: Scope): Promise<StoredPlan> {
  const plan = await currentPlan(db, scope);
  if (!plan) throw notFound('Plan', 'current');
  if (scope.customerIds === null) return plan;
  const visible = new Set((await listProductionOrders(db, scope)).map((o) => o.id));
  const operations = plan.operations.filter((o) => visible.has(o.orderId));
  const orders = plan.orders.filter((o) => visible.has(o.orderId));
  return {
    ...plan,
    operations,
    orders,
    late: plan.late.filter((o) => visible.has(o.orderId)),
    makespanAt: operations.length ? Math.max(...operations.map((o) => o.end)) : null,
    totalTardinessMinutes: orders.reduce((s, o) => s + o.tardinessMinutes, 0),
    totalWeightedTardinessMinutes: orders.reduce(
      (s, o) => s + (o.weight ?? 1) * o.tardinessMinutes,
      0,
    ),
  };
}

export interface RushOrderInput {
  modelId: string;
  configuration: Configuration;
  quantity: number;
  dueAt: number;
}

export interface OrderDiff {
  orderId: string;
  dueAt: number | null;
  before: { completionAt: number | null; tardinessMinutes: number } | null;
  after: { completionAt: number | null; tardinessMinutes: number };
  tardinessChangeMinutes: number;
}

async function rushOrders(db: Db, scope: Scope, rush: RushOrderInput[], now: number) {
  const out: PlanOrder[] = [];
  for (const [i, r] of rush.entries()) {
    checkQuantity(r.quantity, `rushOrders[${i}].quantity`);
    const model = await getProductModel(db, scope, r.modelId);
    const product = configure(model.spec, r.configuration, r.quantity);
    out.push({
      id: `rush-${i + 1}`,
      quantity: r.quantity,
      release: now,
      due: r.dueAt,
      ...(product.routing[0]?.changeover ? { changeover: product.routing[0].changeover } : {}),
      operations: product.routing.map((s) => ({ operation: s.operation, stations: s.stations })),
    });
  }
  return out;
}

/** Load per station and line per day of a (what-if) plan, with the added shifts counted. */
async function planLoad(
  db: Db,
  scope: Scope,
  plan: PlanResult,
  extra: ExtraShift[],
  now: number,
  days: number,
) {
  const zone = await timeZoneOf(db, scope.tenantId);
  const span = localDays(now, days, zone);
  const from = span[0]?.[0] ?? now;
  const to = span[span.length - 1]?.[1] ?? now;
  const stations = (await listStations(db, scope)).map((s) => ({
    station: s.code,
    line: s.line,
    windows: workingWindows(
      s.shifts,
      from,
      to,
      extra.filter((x) => x.station === s.code).map((x): Window => [x.start, x.end]),
      zone,
    ),
  }));
  return loadPerDay(stations, plan.operations, from, days, zone);
}

const pick = (o: OrderOutcome) => ({
  completionAt: o.completionAt,
  tardinessMinutes: o.tardinessMinutes,
});

/** The plan with the changes applied and its diff to the current plan (or a fresh base plan). */
export async function whatIf(
  db: Db,
  scope: Scope,
  opts: PlanOptions & { rushOrders?: RushOrderInput[] },
): Promise<{
  plan: PlanResult;
  base: 'current' | 'recomputed';
  diff: OrderDiff[];
  load: ReturnType<typeof loadPerDay>;
}> {
  const now = opts.now ?? Date.now();
  const extraOrders = await rushOrders(db, scope, opts.rushOrders ?? [], now);
  const stored = await currentPlan(db, scope);
  const base =
    stored ?? (await computePlan(db, scope, { ...opts, now, extraShifts: [], extraOrders: [] }));
  const plan = await computePlan(db, scope, { ...opts, now, extraOrders });
  // Load over the plan horizon (at most a month), the same days for every what-if.
  const days = Math.min(31, opts.horizonDays ?? 28);
  const load = await planLoad(db, scope, plan, opts.extraShifts ?? [], now, days);
  const before = new Map(base.orders.map((o) => [o.orderId, o]));
  const diff = plan.orders.map((o): OrderDiff => {
    const b = before.get(o.orderId);
    return {
      orderId: o.orderId,
      dueAt: o.dueAt,
      before: b ? pick(b) : null,
      after: pick(o),
      tardinessChangeMinutes: o.tardinessMinutes - (b?.tardinessMinutes ?? 0),
    };
  });
  return { plan, base: stored ? 'current' : 'recomputed', diff, load };
}
