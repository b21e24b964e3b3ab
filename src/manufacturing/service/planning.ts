// Planning: production orders still to make → a flexible job-shop instance → the scheduler
// core (with a time limit) → a plan of dated operations per station. `plan` stores the plan as
// the current one; `whatIf` solves with added shifts or rush orders and returns the new plan
// and its per-order diff against the current plan without writing anything.
import { invalid, notFound } from '../../kernel/index.ts';
import { timeZoneOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { workingWindows, type Window } from '../capacity/calendar.ts';
import {
  buildPlanInstance,
  decodeSchedule,
  type PlanOrder,
  type PlannedOperation,
} from '../capacity/plan-instance.ts';
import { checkCalendar, solveParallel } from '../scheduler/index.ts';
import { listProductionOrders } from './orders.ts';
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
}

export interface OrderOutcome {
  orderId: string;
  dueAt: number | null;
  completionAt: number | null;
  tardinessMinutes: number;
}

export interface PlanResult {
  createdAt: number;
  operations: PlannedOperation[];
  makespanAt: number | null;
  totalTardinessMinutes: number;
  orders: OrderOutcome[];
}

const DAY = 86_400_000;

async function planOrders(db: Db, scope: Scope, now: number): Promise<PlanOrder[]> {
  const pos = (await listProductionOrders(db, scope)).filter((p) => p.status !== 'done');
  const state = await shopState(
    db,
    scope,
    pos.map((p) => p.id),
  );
  return pos.map((p) => ({
    id: p.id,
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
    return { orderId: o.id, dueAt: o.due, completionAt: at, tardinessMinutes: late };
  });
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
      throw invalid(`extraShifts[${i}].station`, `no station '${x.station}'`);
    if (!(x.end > x.start)) throw invalid(`extraShifts[${i}].end`, 'must be after start');
  });
  const zone = await timeZoneOf(db, scope.tenantId);
  const planStations = stations.map((s) => {
    const extra = (opts.extraShifts ?? [])
      .filter((x) => x.station === s.code)
      .map((x): Window => [x.start, x.end]);
    return { code: s.code, windows: workingWindows(s.shifts, now, horizonEnd, extra, zone) };
  });
  const orders = [...(await planOrders(db, scope, now)), ...(opts.extraOrders ?? [])];
  const mapping = buildPlanInstance(planStations, orders, now, horizonEnd);
  let operations: PlannedOperation[] = [];
  if (mapping.instance.jobs.length > 0) {
    checkCalendar(mapping.instance);
    const result = await solveParallel(mapping.instance, {
      workers: opts.workers ?? 1,
      timeLimitMs: opts.timeLimitMs ?? 2000,
      seed: opts.seed ?? 1,
      ...(opts.maxIterations !== undefined ? { maxIterations: opts.maxIterations } : {}),
    });
    if (!Number.isFinite(result.makespan)) {
      throw invalid(
        'horizonDays',
        `infeasible calendar: the orders do not fit in the station shifts within ${horizonDays} days; add shifts or extend the horizon`,
      );
    }
    operations = decodeSchedule(mapping, result.schedule);
  }
  const out = outcomes(orders, operations);
  return {
    createdAt: now,
    operations,
    makespanAt: operations.length ? Math.max(...operations.map((o) => o.end)) : null,
    totalTardinessMinutes: out.reduce((s, o) => s + o.tardinessMinutes, 0),
    orders: out,
  };
}
