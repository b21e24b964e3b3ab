// Read models of the shop floor: work in progress, the Gantt of planned against actual bars
// (JSON the console draws), OEE per station over a period and capacity load per day.
import { notFound } from '../../kernel/index.ts';
import { timeZoneOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { workingWindows } from '../capacity/calendar.ts';
import { loadPerDay, localDays } from '../capacity/load.ts';
import { computeOee, type RunInterval } from '../execution/oee.ts';
import { orderName } from './order-name.ts';
import { listCustomerOrders, listProductionOrders } from './orders.ts';
import { currentPlan } from './plans.ts';
import { shopState } from './shop-state.ts';
import { listStations } from './stations.ts';

// Station aggregates mix every customer's production: tenant data, which a customer-scoped
// principal does not see (404, as for any resource outside its scope).
function requireTenantWide(scope: Scope, what: string): void {
  if (scope.customerIds !== null) throw notFound('Shop-floor view', what);
}

export async function workInProgress(db: Db, scope: Scope) {
  const orders = (await listProductionOrders(db, scope)).filter((p) => p.status === 'in-progress');
  const state = await shopState(
    db,
    scope,
    orders.map((o) => o.id),
  );
  return orders.map((o) => {
    const ops = o.routing.map((s, i) => ({
      op: i,
      operation: s.operation,
      ...state.get(`${o.id}/${i}`),
    }));
    return {
      orderId: o.id,
      sku: o.sku,
      quantity: o.quantity,
      dueAt: o.dueAt,
      running: ops.filter((x) => x.startedAt !== undefined && x.finishedAt === undefined),
      finishedOperations: ops.filter((x) => x.finishedAt !== undefined).length,
      operations: o.routing.length,
    };
  });
}

export async function gantt(db: Db, scope: Scope) {
  const orders = await listProductionOrders(db, scope);
  const visible = new Set(orders.map((o) => o.id));
  const plan = await currentPlan(db, scope);
  const state = await shopState(db, scope, [...visible]);
  const actual = [...state].map(([key, s]) => {
    const [orderId, op] = key.split('/');
    return {
      orderId: orderId!,
      op: Number(op),
      station: s.station,
      start: s.startedAt,
      end: s.finishedAt ?? null,
      quantity: s.quantity ?? null,
      scrap: s.scrap ?? null,
    };
  });
  return {
    planId: plan?.id ?? null,
    stations: (await listStations(db, scope)).map((s) => ({
      code: s.code,
      name: s.name,
      line: s.line,
    })),
    planned: (plan?.operations ?? []).filter((o) => visible.has(o.orderId)),
    actual,
  };
}

/** OEE per station over [from, to) (ISO 22400-2; see execution/oee.ts). */
export async function stationOee(db: Db, scope: Scope, from: number, to: number, now = Date.now()) {
  requireTenantWide(scope, 'oee');
  const stations = await listStations(db, scope);
  const orders = new Map((await listProductionOrders(db, scope)).map((o) => [o.id, o]));
  const refs = new Map((await listCustomerOrders(db, scope)).map((c) => [c.id, c.reference]));
  const state = await shopState(db, scope);
  const zone = await timeZoneOf(db, scope.tenantId);
  return stations.map((st) => {
    const runs: RunInterval[] = [];
    for (const [key, s] of state) {
      if (s.station !== st.code) continue;
      const [orderId, op] = key.split('/');
      const step = orders.get(orderId!)?.routing[Number(op)];
      const pri = step?.stations.find((x) => x.station === st.code)?.minutesPerUnit ?? 0;
      runs.push({
        start: s.startedAt,
        ...(s.finishedAt !== undefined ? { end: s.finishedAt } : {}),
        produced: s.quantity ?? 0,
        scrap: s.scrap ?? 0,
        plannedMinutesPerUnit: pri,
        orderId: orderId!,
        ...(orders.has(orderId!)
          ? {
              orderName: orderName(orders.get(orderId!)!, refs.get(orders.get(orderId!)!.sourceId)),
            }
          : {}),
        op: Number(op),
        ...(step ? { operation: step.operation } : {}),
      });
    }
    const calendar = workingWindows(st.shifts, from, to, [], zone);
    return { station: st.code, line: st.line, ...computeOee(calendar, runs, from, to, now) };
  });
}

export async function capacityLoad(
  db: Db,
  scope: Scope,
  from: number,
  days: number,
  /** Zone to cut the days in (a request's `tz`); shifts stay in the tenant's zone. */
  dayZone?: string,
) {
  requireTenantWide(scope, 'capacity');
  const stations = await listStations(db, scope);
  const plan = await currentPlan(db, scope);
  // Local days (issue 17): the day holding `from` in the tenant's zone, and the days after it.
  const zone = await timeZoneOf(db, scope.tenantId);
  const span = localDays(from, days, dayZone ?? zone);
  const start = span[0]?.[0] ?? from;
  const end = span[span.length - 1]?.[1] ?? from;
  const inputs = stations.map((s) => ({
    station: s.code,
    line: s.line,
    windows: workingWindows(s.shifts, start, end, [], zone),
  }));
  return {
    planId: plan?.id ?? null,
    ...loadPerDay(inputs, plan?.operations ?? [], from, days, dayZone ?? zone),
  };
}
