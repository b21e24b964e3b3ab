// Turns production orders on stations into a flexible job-shop instance for the scheduler core
// (one job per order, one machine per station, minutes from the plan origin as the time unit)
// and the solved schedule back into dated bars. Station calendars become downtime windows: the
// gaps between working windows up to the horizon, and everything after the horizon; operations
// resume after a break or a night (the scheduler's preemptive-resume mode), so an operation
// longer than a shift still plans on ordinary shifts.
//
// Lot streaming (Trietsch & Baker 1993): an order with a transfer batch b is split into
// ⌈quantity / b⌉ consistent sub-lots of near-equal size, each a job of its own that follows the
// whole routing. Sub-lots of one operation may run in parallel on different eligible stations,
// and a sub-lot moves on to the next operation as soon as it is done (the transfer batch), not
// when the whole lot is. The sub-lots of an order form one tardiness group. An order with an
// operation already reported started is not split (the shop floor reports whole operations).
import { invalid, type Localized } from '../../kernel/index.ts';
import type { Downtime, FixedOperation, Instance, Job, Schedule } from '../scheduler/index.ts';
import type { Window } from './calendar.ts';

export interface PlanStation {
  code: string;
  windows: Window[];
}

export interface PlanOperation {
  operation: string;
  stations: { station: string; minutesPerUnit: number; setupMinutes?: number }[];
  /** Reported start on a station: the operation is pinned there. */
  started?: { station: string; at: number };
  /** Reported finish: the operation is done and left out. */
  finishedAt?: number;
}

export interface PlanOrder {
  id: string;
  /** How messages name the order, e.g. "customer order CO-7 / production order po_x". */
  label?: string;
  /** The same name in both languages, for the console. */
  name?: Localized;
  /** The customer order's reference (or id) the production order was released for. */
  customerOrder?: string;
  /** Weight of the order's tardiness (from its priority); 1 when absent. */
  weight?: number;
  /** Pieces per sub-lot (transfer batch); the lot is not split when absent or ≥ quantity. */
  transferBatch?: number;
  /** Changeover family and minutes a station needs to switch to this order (sequence-dependent). */
  changeover?: { family: string; minutes: number };
  quantity: number;
  release: number;
  due: number | null;
  operations: PlanOperation[];
}

export interface SubLot {
  /** 1-based index of the sub-lot within the order, and the number of sub-lots. */
  index: number;
  count: number;
  quantity: number;
}

export interface PlannedOperation {
  orderId: string;
  op: number;
  operation: string;
  station: string;
  start: number;
  end: number;
  /** Present when the order's lot is split into sub-lots. */
  subLot?: SubLot;
  /** The running pieces when the operation is interrupted by a break or a night. */
  segments?: [number, number][];
}

export interface PlanMapping {
  instance: Instance;
  origin: number;
  /** Per job: the order, the routing index of each job operation, and the sub-lot. */
  jobs: { orderId: string; ops: number[]; names: string[]; subLot?: SubLot }[];
  stations: string[];
}

const MIN = 60_000;
const toMin = (t: number, origin: number) => Math.max(0, Math.round((t - origin) / MIN));

function downtimes(stations: PlanStation[], from: number, horizonEnd: number): Downtime[] {
  const out: Downtime[] = [];
  stations.forEach((s, machine) => {
    let cursor = from;
    for (const [a, b] of s.windows) {
      if (a > cursor) out.push({ machine, start: cursor, end: a });
      cursor = Math.max(cursor, b);
    }
    if (cursor < horizonEnd) out.push({ machine, start: cursor, end: horizonEnd });
    out.push({ machine, start: horizonEnd, end: Infinity });
  });
  return out;
}

const labelOf = (o: PlanOrder) => o.label ?? `production order ${o.id}`;
const opLabel = (i: number, name: string) => `operation ${i} (${name})`;

/** Near-equal sub-lot sizes summing to the quantity (one lot when not split). */
export function subLotSizes(o: PlanOrder): number[] {
  const started = o.operations.some((op) => op.started || op.finishedAt);
  const b = o.transferBatch;
  if (started || b === undefined || b >= o.quantity) return [o.quantity];
  const n = Math.ceil(o.quantity / b);
  const base = Math.floor(o.quantity / n);
  return Array.from({ length: n }, (_, i) => base + (i < o.quantity % n ? 1 : 0));
}

function jobOf(o: PlanOrder, quantity: number, index: Map<string, number>, origin: number) {
  const todo = o.operations.map((op, i) => ({ op, i })).filter(({ op }) => !op.finishedAt);
  const done = o.operations.filter((op) => op.finishedAt).map((op) => op.finishedAt!);
  const job: Job = {
    operations: todo.map(({ op, i }) => {
      const options = op.stations
        .filter((s) => !op.started || s.station === op.started.station)
        .map((s) => {
          const machine = index.get(s.station);
          if (machine === undefined) {
            throw invalid(`routing[${i}].stations`, {
              en: `${labelOf(o)}, ${opLabel(i, op.operation)}: station '${s.station}' does not exist`,
              'zh-CN': `${labelOf(o)}，${opLabel(i, op.operation)}：工位“${s.station}”不存在`,
            });
          }
          const minutes = (s.setupMinutes ?? 0) + s.minutesPerUnit * quantity;
          return { machine, duration: Math.max(1, Math.ceil(minutes)) };
        });
      return { options, name: opLabel(i, op.operation) };
    }),
    release: toMin(Math.max(o.release, ...done), origin),
    weight: o.weight ?? 1,
    ...(o.due !== null ? { due: toMin(o.due, origin) } : {}),
  };
  return { job, todo };
}

// Family 0 is "no changeover"; families are numbered from 1 in order of first appearance.
function familyIndex(
  families: Map<string, { index: number; minutes: number }>,
  c: { family: string; minutes: number },
): number {
  const f = families.get(c.family) ?? { index: families.size + 1, minutes: 0 };
  f.minutes = Math.max(f.minutes, c.minutes);
  families.set(c.family, f);
  return f.index;
}

/** times[a][b]: switching from family a to a different family b costs b's changeover minutes. */
function setupMatrix(families: Map<string, { index: number; minutes: number }>): number[][] {
  const minutes = [
    0,
    ...[...families.values()].sort((a, b) => a.index - b.index).map((f) => f.minutes),
  ];
  return minutes.map((_, a) => minutes.map((m, b) => (a === b || b === 0 ? 0 : Math.ceil(m))));
}

/** Builds the instance; `now` is when re-planning starts (nothing new starts before it). */
export function buildPlanInstance(
  stations: PlanStation[],
  orders: PlanOrder[],
  now: number,
  horizonEnd: number,
): PlanMapping {
  const starts = orders.flatMap((o) => o.operations.flatMap((op) => op.started?.at ?? []));
  const origin = Math.floor(Math.min(now, ...starts) / MIN) * MIN;
  const index = new Map(stations.map((s, i) => [s.code, i]));
  const fixed: FixedOperation[] = [];
  const jobs: Instance['jobs'] = [];
  const families = new Map<string, { index: number; minutes: number }>();
  const mapping: PlanMapping['jobs'] = [];
  orders.forEach((o, group) => {
    const sizes = subLotSizes(o);
    sizes.forEach((quantity, s) => {
      const { job, todo } = jobOf(o, quantity, index, origin);
      if (job.operations.length === 0) return;
      const j = jobs.length;
      todo.forEach(({ op }, k) => {
        if (op.started) {
          const machine = index.get(op.started.station)!;
          fixed.push({ job: j, op: k, machine, start: toMin(op.started.at, origin) });
        }
      });
      const subLot = sizes.length > 1 ? { index: s + 1, count: sizes.length, quantity } : undefined;
      const name = subLot
        ? `${labelOf(o)}, sub-lot ${subLot.index} of ${subLot.count} (${quantity} pcs)`
        : labelOf(o);
      const family = o.changeover ? { family: familyIndex(families, o.changeover) } : {};
      jobs.push({ ...job, ...family, group, name });
      mapping.push({
        orderId: o.id,
        ops: todo.map((t) => t.i),
        names: todo.map((t) => t.op.operation),
        ...(subLot ? { subLot } : {}),
      });
    });
  });
  const from = toMin(now, origin);
  const end = toMin(horizonEnd, origin);
  const windows = stations.map((s) => ({
    ...s,
    windows: s.windows.map(([a, b]): Window => [toMin(a, origin), toMin(b, origin)]),
  }));
  const instance: Instance = {
    machineCount: stations.length,
    machineNames: stations.map((s) => s.code),
    resumable: true,
    jobs,
    ...(families.size > 0 ? { setups: { times: setupMatrix(families) } } : {}),
    downtimes: downtimes(windows, from, end),
    frozen: { from, operations: fixed },
  };
  return { instance, origin, jobs: mapping, stations: stations.map((s) => s.code) };
}

/** The schedule as dated bars per order operation. */
export function decodeSchedule(m: PlanMapping, schedule: Schedule): PlannedOperation[] {
  const at = (t: number) => m.origin + t * MIN;
  return schedule.operations.map((s) => {
    const job = m.jobs[s.job]!;
    return {
      orderId: job.orderId,
      op: job.ops[s.op]!,
      operation: job.names[s.op]!,
      station: m.stations[s.machine]!,
      start: at(s.start),
      end: at(s.end),
      ...(job.subLot ? { subLot: job.subLot } : {}),
      ...(s.segments
        ? { segments: s.segments.map(([a, b]): [number, number] => [at(a), at(b)]) }
        : {}),
    };
  });
}
