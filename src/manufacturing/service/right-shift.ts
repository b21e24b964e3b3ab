// Right-shift repair of a plan after one operation is placed by hand (Abumaizar & Svestka 1997,
// "Rescheduling job shops under random disruptions", IJPR 35(7)): every other operation keeps
// its station and its order on that station and starts no earlier than planned; an operation
// moves later only as far as its routing predecessor, the station's previous operation (with
// the changeover when the product family changes) and the station's shifts require. Like the
// planner, an operation that meets a shift's end stops there and resumes at the next shift's
// start (its running pieces are kept as `segments`). The placed operation must start exactly
// where the planner put it; when it cannot, the error says what holds it back.
import { invalid, reason, type Localized } from '../../kernel/index.ts';
import { resumeWithin, type Window } from '../capacity/calendar.ts';
import type { PlannedOperation } from '../capacity/plan-instance.ts';
import { operationName } from './order-name.ts';

export interface ShiftOp extends PlannedOperation {
  /** Changeover family of the order and the minutes a station needs to switch to it. */
  family?: { family: string; minutes: number };
  /** Started or finished on the shop floor: stays where it is. */
  fixed?: boolean;
  /** The order as its refusals name it (order-name.ts); without it, its id. */
  orderName?: Localized;
}

const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const label = (o: ShiftOp) => operationName(o.orderName ?? o.orderId, o.op, o.operation);

/** Working time an operation needs: the sum of its running pieces. */
const workOf = (o: PlannedOperation): number =>
  o.segments ? o.segments.reduce((sum, [a, b]) => sum + (b - a), 0) : o.end - o.start;

/**
 * The plan with `moved` placed at its station and start and the rest shifted right as needed.
 * `windows` are the working windows per station; `done` the finish time of operations that
 * finished on the shop floor (key `${orderId}/${op}`), which bound their successors.
 */
export function rightShift(
  ops: ShiftOp[],
  moved: ShiftOp,
  windows: Map<string, Window[]>,
  done: Map<string, number>,
): PlannedOperation[] {
  const key = (o: { orderId: string; op: number }) => `${o.orderId}/${o.op}`;
  const todo = [...ops.filter((o) => key(o) !== key(moved)), moved];
  const placed = new Map<string, PlannedOperation>();
  const lastOn = new Map<string, ShiftOp & { end: number }>();
  const out: PlannedOperation[] = [];
  while (todo.length) {
    // The earliest-planned operation whose routing predecessor is placed (or not in the plan).
    const ready = todo.filter((o) => !todo.some((x) => x.orderId === o.orderId && x.op < o.op));
    ready.sort((a, b) => a.start - b.start || (a === moved ? -1 : b === moved ? 1 : 0));
    const o = ready[0]!;
    todo.splice(todo.indexOf(o), 1);
    let next: PlannedOperation = o;
    if (!o.fixed) {
      const pred = [...placed.values()]
        .filter((x) => x.orderId === o.orderId && x.op < o.op)
        .reduce((m, x) => Math.max(m, x.end), done.get(`${o.orderId}/${o.op - 1}`) ?? -Infinity);
      const prev = lastOn.get(o.station);
      const switchMin =
        prev && o.family && prev.family?.family !== o.family.family ? o.family.minutes : 0;
      const free = prev ? prev.end + Math.ceil(switchMin) * MIN : -Infinity;
      if (o === moved) {
        if (pred > o.start)
          throw invalid(
            'start',
            reason(
              {
                en: '{op} cannot start before its predecessor ends at {at}',
                'zh-CN': '{op}不能在前一道工序结束（{at}）之前开始',
              },
              { op: label(o), at: iso(pred) },
            ),
          );
        if (free > o.start)
          throw invalid(
            'start',
            reason(
              {
                en: '{station} is busy until {at} with {op}',
                'zh-CN': '工位 {station} 在 {at} 之前被{op}占用',
              },
              { station: o.station, at: iso(free), op: label(prev!) },
            ),
          );
      }
      const from = o === moved ? o.start : Math.max(o.start, pred, free);
      const pieces = resumeWithin(windows.get(o.station) ?? [], from, workOf(o));
      if (!pieces || (o === moved && pieces[0]![0] !== o.start))
        throw invalid(
          'start',
          reason(
            {
              en: '{op} no longer fits in the shifts of {station}',
              'zh-CN': '{op}已放不进工位 {station} 的班次',
            },
            { op: label(o), station: o.station },
          ),
        );
      const { segments: _before, ...rest } = o;
      next = {
        ...rest,
        start: pieces[0]![0],
        end: pieces.at(-1)![1],
        ...(pieces.length > 1 ? { segments: pieces } : {}),
      };
    }
    placed.set(key(o), next);
    const prev = lastOn.get(o.station);
    if (!prev || next.end >= prev.end) lastOn.set(o.station, { ...o, ...next });
    out.push(next);
  }
  return out.map(({ orderId, op, operation, station, start, end, segments }) => ({
    orderId,
    op,
    operation,
    station,
    start,
    end,
    ...(segments ? { segments } : {}),
  }));
}
