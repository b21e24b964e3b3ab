// Planning: production orders still to make → a flexible job-shop instance → the scheduler
// core (with a time limit) → a plan of dated operations per station. `plan` stores the plan as
// the current one; `whatIf` solves with added shifts or rush orders and returns the new plan
// and its per-order diff against the current plan without writing anything. The objective is
// lexicographic, weighted tardiness first (weight 6 − priority: priority 1 weighs 5) and then
// makespan, unless the planner asks for makespan first; every late order comes with the
// explanation of capacity/explain-late.ts.
import { invalid, notFound, RongheError } from '../../kernel/index.ts';
import { timeZoneOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { workingWindows, type Window } from '../capacity/calendar.ts';
import {
  buildPlanInstance,
  decodeSchedule,
  type PlanOrder,
  type PlannedOperation,
} from '../capacity/plan-instance.ts';
import { explainLateOrders, type LateOrder } from '../capacity/explain-late.ts';
import {
  checkCalendar,
  describeMachine,
  describeOperation,
  solveParallel,
  weightedTardiness,
  type Instance,
  type Objective,
  type Schedule,
} from '../scheduler/index.ts';
import { listCustomerOrders, listProductionOrders } from './orders.ts';
import { orderName } from './order-name.ts';
import { shopState, opKey } from './shop-state.ts';
import { listStations } from './stations.ts';

export interface ExtraShift {
  station: string;
  start: number;
  end: number;
}

export interface PlanOptions {
  now?: number;
  horizonDays?: number;
  timeLimitMs?: number;
  seed?: number;
  /** Stop the search after this many iterations (deterministic results with a fixed seed). */
  maxIterations?: number;
  /**
   * Searches on worker threads (the scheduler's portfolio); 1 solves in the calling thread, which
   * is deterministic for a seed but blocks the event loop for the time limit.
   */
  workers?: number;
  extraShifts?: ExtraShift[];
  /** Hypothetical orders (what-if), already turned into plan orders. */
  extraOrders?: PlanOrder[];
  /** 'tardiness' (default): weighted tardiness, then makespan; 'makespan': the reverse. */
  objective?: Objective;
  /** Split lots larger than this many pieces into sub-lots (transfer batches); no split when absent. */
  transferBatch?: number;
}

export interface OrderOutcome {
  orderId: string;
  dueAt: number | null;
  completionAt: number | null;
  tardinessMinutes: number;
  /** Tardiness weight (6 − priority). */
  weight: number;
}

export interface PlanResult {
  createdAt: number;
  objective: Objective;
  operations: PlannedOperation[];
  makespanAt: number | null;
  totalTardinessMinutes: number;
  /** Σ weight × tardiness over orders (weight 6 − priority). */
  totalWeightedTardinessMinutes: number;
  orders: OrderOutcome[];
  /** Each late order with its bottleneck operation and cause. */
  late: LateOrder[];
}

const DAY = 86_400_000;

async function planOrders(
  db: Db,
  scope: Scope,
  now: number,
  transferBatch?: number,
): Promise<PlanOrder[]> {
  const pos = (await listProductionOrders(db, scope)).filter((p) => p.status !== 'done');
  const refs = new Map((await listCustomerOrders(db, scope)).map((c) => [c.id, c.reference]));
  // The scheduler's own messages (late orders, what cannot run) name the order as people know it.
  const nameOf = (p: (typeof pos)[number]) => orderName(p, refs.get(p.sourceId));
  const state = await shopState(
    db,
    scope,
    pos.map((p) => p.id),
  );
  return pos.map((p) => ({
    id: p.id,
    label: nameOf(p).en,
    name: nameOf(p),
    ...(p.source === 'customer-order' ? { customerOrder: refs.get(p.sourceId) || p.sourceId } : {}),
    weight: 6 - p.priority,
    ...(transferBatch !== undefined ? { transferBatch } : {}),
    quantity: p.quantity,
    release: Math.max(p.releaseAt, now),
    due: p.dueAt,
    ...(p.routing[0]?.changeover ? { changeover: p.routing[0].changeover } : {}),
    operations: p.routing.map((step, i) => {
      const s = state.get(opKey(p.id, i));
      return {
        operation: step.operation,
        stations: step.stations,
        ...(s ? { started: { station: s.station, at: s.startedAt } } : {}),
        ...(s?.finishedAt !== undefined ? { finishedAt: s.finishedAt } : {}),
      };
    }),
  }));
}

export function outcomes(orders: PlanOrder[], ops: PlannedOperation[]): OrderOutcome[] {
  const completion = new Map<string, number>();
  for (const o of ops) completion.set(o.orderId, Math.max(completion.get(o.orderId) ?? 0, o.end));
  return orders.map((o) => {
    const done = o.operations.length > 0 && o.operations.every((op) => op.finishedAt);
    const at =
      completion.get(o.id) ?? (done ? Math.max(...o.operations.map((x) => x.finishedAt!)) : null);
    const late = at !== null && o.due !== null ? Math.max(0, at - o.due) / 60_000 : 0;
    const weight = o.weight ?? 1;
    return { orderId: o.id, dueAt: o.due, completionAt: at, tardinessMinutes: late, weight };
  });
}

/** The first operation that cannot finish within the horizon, named with its stations. */
function notInHorizon(instance: Instance, schedule: Schedule, horizonDays: number): RongheError {
  const stuck = schedule.operations.find((o) => !Number.isFinite(o.end));
  const what = stuck ? describeOperation(instance, stuck.job, stuck.op) : 'the orders';
  const options = stuck ? instance.jobs[stuck.job]!.operations[stuck.op]!.options : [];
  const where = options.map((o) => describeMachine(instance, o.machine)).join(', ');
  return new RongheError(
    'RONGHE_VALIDATION',
    {
      en:
        `infeasible calendar: ${what} does not finish on ${where || 'its stations'} within the ` +
        `${horizonDays}-day horizon; add shifts or extend the horizon`,
      'zh-CN':
        `日历不可行：${what} 在 ${horizonDays} 天的计划期内无法在 ${where || '其工位'} 上完成；` +
        '请增加班次或延长计划期',
    },
    { field: 'horizonDays', ...(stuck ? { job: stuck.job, op: stuck.op } : {}) },
  );
}

/** Solves the current orders (plus options' extras) without storing anything. */
export async function computePlan(db: Db, scope: Scope, opts: PlanOptions): Promise<PlanResult> {
  // A plan covers every order of the tenant; a customer-scoped principal cannot plan the shop.
  if (scope.customerIds !== null) throw notFound('Shop-floor view', 'plan');
  const now = opts.now ?? Date.now();
  const horizonDays = opts.horizonDays ?? 28;
  const horizonEnd = now + horizonDays * DAY;
  const stations = await listStations(db, scope);
  const codes = new Set(stations.map((s) => s.code));
  (opts.extraShifts ?? []).forEach((x, i) => {
    if (!codes.has(x.station))
      throw invalid(`extraShifts[${i}].station`, {
        en: `no station '${x.station}'`,
        'zh-CN': `没有工位“${x.station}”`,
      });
    if (!(x.end > x.start))
      throw invalid(`extraShifts[${i}].end`, {
        en: 'must be after start',
        'zh-CN': '必须晚于 start',
      });
  });
  const zone = await timeZoneOf(db, scope.tenantId);
  const planStations = stations.map((s) => {
    const extra = (opts.extraShifts ?? [])
      .filter((x) => x.station === s.code)
      .map((x): Window => [x.start, x.end]);
    return { code: s.code, windows: workingWindows(s.shifts, now, horizonEnd, extra, zone) };
  });
  const batch = opts.transferBatch;
  const extra = (opts.extraOrders ?? []).map((o) => (batch ? { ...o, transferBatch: batch } : o));
  const orders = [...(await planOrders(db, scope, now, batch)), ...extra];
  const mapping = buildPlanInstance(planStations, orders, now, horizonEnd);
  const objective = opts.objective ?? 'tardiness';
  let operations: PlannedOperation[] = [];
  let weighted = 0;
  if (mapping.instance.jobs.length > 0) {
    checkCalendar(mapping.instance);
    const result = await solveParallel(mapping.instance, {
      workers: opts.workers ?? 1,
      timeLimitMs: opts.timeLimitMs ?? 2000,
      seed: opts.seed ?? 1,
      objective,
      ...(opts.maxIterations !== undefined ? { maxIterations: opts.maxIterations } : {}),
    });
    if (!Number.isFinite(result.makespan)) {
      throw notInHorizon(mapping.instance, result.schedule, horizonDays);
    }
    operations = decodeSchedule(mapping, result.schedule);
    weighted = weightedTardiness(mapping.instance, result.schedule);
  }
  const out = outcomes(orders, operations);
  return {
    createdAt: now,
    objective,
    operations,
    makespanAt: operations.length ? Math.max(...operations.map((o) => o.end)) : null,
    totalTardinessMinutes: out.reduce((s, o) => s + o.tardinessMinutes, 0),
    totalWeightedTardinessMinutes: weighted,
    orders: out,
    late: explainLateOrders(orders, operations, planStations),
  };
}
