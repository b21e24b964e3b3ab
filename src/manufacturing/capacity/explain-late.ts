// Why is an order late? For each late order of a plan, every planned operation (every sub-lot)
// is looked at from the moment it could start (its release, or the end of the same sub-lot's
// previous operation) to when it does start. That wait is split into the station's closed time
// (nights, breaks, weekends) and the time the station was busy with other work, naming the
// orders it ran. The operation with the longest wait is the bottleneck. An order that never
// waits less than it is late is late by its own work content: its operations need more open
// station time than there is between its release and its due date.
import type { Localized } from '../../kernel/index.ts';
import { overlapMs, type Window } from './calendar.ts';
import type { PlanOrder, PlanStation, PlannedOperation } from './plan-instance.ts';

export type LateCause = 'station-busy' | 'closed-time' | 'work-content';

export interface LateBottleneck {
  op: number;
  operation: string;
  station: string;
  /** 1-based sub-lot index when the lot is split. */
  subLot: number | null;
  waitingMinutes: number;
  busyMinutes: number;
  closedMinutes: number;
  /** Orders the station ran while this operation waited, longest first. */
  blockingOrders: string[];
  /** The same orders as people know them (customer reference or what they make). */
  blockingOrderNames: Localized[];
}

export interface LateOrder {
  orderId: string;
  label: string;
  /** The order as people know it, in both languages. */
  name: Localized;
  customerOrder: string | null;
  dueAt: number;
  completionAt: number;
  tardinessMinutes: number;
  cause: LateCause;
  bottleneck: LateBottleneck | null;
  /** Minutes of processing the order needs and open minutes of its stations before the due date. */
  workMinutes: number;
  reason: string;
}

const MIN = 60_000;
const minutes = (ms: number) => Math.round(ms / MIN);
const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function waitOf(
  op: PlannedOperation,
  ready: number,
  windows: Window[],
  onStation: PlannedOperation[],
  nameOf: (orderId: string) => Localized,
): LateBottleneck {
  const wait = Math.max(0, op.start - ready);
  const open = overlapMs(windows, ready, op.start);
  const busyBy = new Map<string, number>();
  for (const other of onStation) {
    if (other === op || other.end <= ready || other.start >= op.start) continue;
    const ms = Math.min(other.end, op.start) - Math.max(other.start, ready);
    busyBy.set(other.orderId, (busyBy.get(other.orderId) ?? 0) + ms);
  }
  const blocking = [...busyBy].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  return {
    op: op.op,
    operation: op.operation,
    station: op.station,
    subLot: op.subLot?.index ?? null,
    waitingMinutes: minutes(wait),
    busyMinutes: minutes(Math.min(open, wait)),
    closedMinutes: minutes(Math.max(0, wait - open)),
    blockingOrders: blocking,
    blockingOrderNames: blocking.map(nameOf),
  };
}

function reasonOf(o: LateOrder): string {
  const late = `${o.label} finishes ${iso(o.completionAt)}, ${o.tardinessMinutes} min after its due date ${iso(o.dueAt)}`;
  const b = o.bottleneck;
  if (o.cause === 'work-content' || !b) {
    return `${late}: its ${o.workMinutes} min of work do not fit in the open station time before the due date (late even without waiting)`;
  }
  const where = `operation ${b.op} (${b.operation}) on ${b.station}${b.subLot ? `, sub-lot ${b.subLot}` : ''}`;
  if (o.cause === 'station-busy') {
    return `${late}: ${where} waits ${b.waitingMinutes} min, ${b.busyMinutes} min of it while ${b.station} runs ${b.blockingOrderNames.map((n) => n.en).join(', ')}`;
  }
  return `${late}: ${where} waits ${b.waitingMinutes} min, ${b.closedMinutes} min of it while ${b.station} is closed`;
}

const nameOf = (o: PlanOrder): Localized =>
  o.name ?? { en: o.label ?? `production order ${o.id}`, 'zh-CN': o.label ?? `生产订单 ${o.id}` };

/** The late orders of a plan, each with its bottleneck operation and cause. */
export function explainLateOrders(
  orders: PlanOrder[],
  planned: PlannedOperation[],
  stations: PlanStation[],
): LateOrder[] {
  const windows = new Map(stations.map((s) => [s.code, s.windows]));
  const names = new Map(orders.map((o) => [o.id, nameOf(o)]));
  const nameById = (id: string) => names.get(id) ?? { en: id, 'zh-CN': id };
  const byStation = new Map<string, PlannedOperation[]>();
  for (const p of planned) byStation.set(p.station, [...(byStation.get(p.station) ?? []), p]);
  const out: LateOrder[] = [];
  for (const o of orders) {
    const mine = planned.filter((p) => p.orderId === o.id);
    if (o.due === null || mine.length === 0) continue;
    const completion = Math.max(...mine.map((p) => p.end));
    if (completion <= o.due) continue;
    let bottleneck: LateBottleneck | null = null;
    let work = 0;
    // Waits along the chain of the sub-lot that finishes last (it sets the completion).
    const last = mine.reduce((a, b) => (b.end > a.end ? b : a)).subLot?.index;
    let chainWait = 0;
    for (const p of mine) {
      const ws = windows.get(p.station) ?? [];
      work += overlapMs(ws, p.start, p.end);
      // Ready when the same sub-lot's previous operation ends (the transfer batch arrives).
      const before = mine.filter((q) => q.op < p.op && q.subLot?.index === p.subLot?.index);
      const ready = Math.max(o.release, ...before.map((q) => q.end));
      const w = waitOf(p, ready, ws, byStation.get(p.station) ?? [], nameById);
      if (p.subLot?.index === last) chainWait += w.waitingMinutes;
      if (!bottleneck || w.waitingMinutes > bottleneck.waitingMinutes) bottleneck = w;
    }
    const tardiness = minutes(completion - o.due);
    const waited = bottleneck !== null && bottleneck.waitingMinutes > 0;
    const cause: LateCause =
      !waited || chainWait < tardiness
        ? 'work-content'
        : bottleneck!.busyMinutes >= bottleneck!.closedMinutes
          ? 'station-busy'
          : 'closed-time';
    const late: LateOrder = {
      orderId: o.id,
      label: o.label ?? `production order ${o.id}`,
      name: nameById(o.id),
      customerOrder: o.customerOrder ?? null,
      dueAt: o.due,
      completionAt: completion,
      tardinessMinutes: tardiness,
      cause,
      bottleneck: waited ? bottleneck : null,
      workMinutes: minutes(work),
      reason: '',
    };
    late.reason = reasonOf(late);
    out.push(late);
  }
  return out.sort((a, b) => b.tardinessMinutes - a.tardinessMinutes);
}
