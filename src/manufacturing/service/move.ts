// Moving one operation of the current plan by hand (the planner drags a Gantt bar): the server
// checks the move — the station is eligible for the operation, the start is not in the past,
// the start lies in one of the station's shifts (an operation that meets the shift's end
// resumes in the next shift, as the planner places it) — then shifts the rest of the plan right
// as far as the move requires (./right-shift.ts), refusing a start before the operation's
// predecessor ends or while the station is busy, and stores the result as the current plan. A
// later POST /plans solves from scratch again (the hand placement is not kept).
import { invalid, notFound, reason, RongheError } from '../../kernel/index.ts';
import { timeZoneOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { resumeWithin, workingWindows, type Window } from '../capacity/calendar.ts';
import type { PlannedOperation } from '../capacity/plan-instance.ts';
import { getProductionOrder, listCustomerOrders, listProductionOrders } from './orders.ts';
import { explainLateOrders } from '../capacity/explain-late.ts';
import { outcomes } from './planning.ts';
import { requireCurrentPlan, storePlan, type StoredPlan } from './plans.ts';
import { operationName, orderName, orderNames } from './order-name.ts';
import { rightShift, type ShiftOp } from './right-shift.ts';
import { shopState, opKey } from './shop-state.ts';
import { listStations } from './stations.ts';

const MIN = 60_000;
const DAY = 86_400_000;

export interface MoveInput {
  orderId: string;
  op: number;
  station: string;
  start: number;
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export async function moveOperation(
  db: Db,
  scope: Scope,
  input: MoveInput,
  opts: { now?: number } = {},
): Promise<StoredPlan & { moved: PlannedOperation }> {
  const now = opts.now ?? Date.now();
  const start = Math.round(input.start / MIN) * MIN;
  const plan = await requireCurrentPlan(db, scope);
  const key = `${input.orderId}/${input.op}`;
  const planned = plan.operations.find((o) => o.orderId === input.orderId && o.op === input.op);
  if (!planned) throw notFound('Planned operation', key);
  const names = await orderNames(db, scope);
  const name = operationName(
    names.get(input.orderId) ?? input.orderId,
    input.op,
    planned.operation,
  );
  if ((await shopState(db, scope, [input.orderId])).has(opKey(input.orderId, input.op)))
    throw RongheError.of('RONGHE_INVALID_TRANSITION', {
      reason: reason(
        {
          en: '{name} has started on the shop floor; it cannot be moved.',
          'zh-CN': '{name}已在车间开工，不能再移动。',
        },
        { name },
      ),
    });
  if (planned.subLot)
    throw invalid(
      'op',
      reason(
        {
          en: '{name} is split into sub-lots; plan again without a transfer batch to move it by hand.',
          'zh-CN': '{name}已拆分为子批；请不设转运批量重新排产后再手动移动。',
        },
        { name },
      ),
    );
  const po = await getProductionOrder(db, scope, input.orderId);
  const step = po.routing[input.op]!;
  const option = step.stations.find((s) => s.station === input.station);
  if (!option) {
    const eligible = step.stations.map((s) => s.station).join(', ');
    throw invalid(
      'station',
      reason(
        {
          en: "'{station}' is not eligible for {operation}; eligible: {eligible}",
          'zh-CN': '工位“{station}”不能加工{operation}；可选工位：{eligible}',
        },
        { station: input.station, operation: step.operation, eligible },
      ),
    );
  }
  if (start < now)
    throw invalid(
      'start',
      reason(
        { en: 'must not be in the past (now {now})', 'zh-CN': '不能早于当前时间（现在是 {now}）' },
        { now: iso(now) },
      ),
    );
  const minutes = Math.max(
    1,
    Math.ceil((option.setupMinutes ?? 0) + option.minutesPerUnit * po.quantity),
  );
  const station = (await listStations(db, scope)).find((s) => s.code === input.station)!;
  const zone = await timeZoneOf(db, scope.tenantId);
  const windows = workingWindows(station.shifts, start - DAY, start + 28 * DAY, [], zone);
  const pieces = resumeWithin(windows, start, minutes * MIN);
  if (!pieces || pieces[0]![0] !== start) {
    throw invalid(
      'start',
      reason(
        {
          en: '{operation} ({minutes} min) cannot start at {start}: {station} has no shift then',
          'zh-CN':
            '{operation}（{minutes} 分钟）不能在 {start} 开始：工位 {station} 此时不在班次内',
        },
        { operation: step.operation, minutes, station: input.station, start: iso(start) },
      ),
    );
  }
  const pin = { orderId: input.orderId, op: input.op, station: input.station, at: start };
  const { segments: _planned, ...unsegmented } = planned;
  const { operations, windows: stationWindows } = await shifted(db, scope, plan.operations, {
    ...unsegmented,
    station: input.station,
    start,
    end: pieces.at(-1)![1],
    ...(pieces.length > 1 ? { segments: pieces } : {}),
  });
  const orders = await planOrdersOf(
    db,
    scope,
    plan.orders.map((o) => o.orderId),
  );
  const out = outcomes(orders, operations);
  const weight = new Map(orders.map((o) => [o.id, o.weight ?? 1]));
  const result = {
    createdAt: now,
    objective: plan.objective ?? 'tardiness',
    operations,
    makespanAt: operations.length ? Math.max(...operations.map((o) => o.end)) : null,
    orders: out,
    totalTardinessMinutes: out.reduce((s, o) => s + o.tardinessMinutes, 0),
    totalWeightedTardinessMinutes: out.reduce(
      (s, o) => s + (weight.get(o.orderId) ?? 1) * o.tardinessMinutes,
      0,
    ),
    late: explainLateOrders(
      orders,
      operations,
      [...stationWindows].map(([code, ws]) => ({ code, windows: ws })),
    ),
  };
  const stored = await storePlan(db, scope, result, 'plan.move', { moved: key, ...pin });
  const moved = stored.operations.find((o) => o.orderId === pin.orderId && o.op === pin.op)!;
  return { ...stored, moved };
}

/** The plan's operations with the moved one placed and the rest shifted right. */
async function shifted(db: Db, scope: Scope, ops: PlannedOperation[], moved: PlannedOperation) {
  const pos = new Map((await listProductionOrders(db, scope)).map((p) => [p.id, p]));
  const state = await shopState(db, scope, [...pos.keys()]);
  const done = new Map<string, number>();
  for (const [k, s] of state) if (s.finishedAt !== undefined) done.set(k, s.finishedAt);
  const first = Math.min(moved.start, ...ops.map((o) => o.start));
  const last = Math.max(moved.end, ...ops.map((o) => o.end));
  const zone = await timeZoneOf(db, scope.tenantId);
  const windows = new Map<string, Window[]>(
    (await listStations(db, scope)).map((s) => [
      s.code,
      workingWindows(s.shifts, first - DAY, last + 28 * DAY, [], zone),
    ]),
  );
  const names = await orderNames(db, scope);
  const withFamily = (o: PlannedOperation): ShiftOp => {
    const family = pos.get(o.orderId)?.routing[0]?.changeover;
    const orderName = names.get(o.orderId);
    return {
      ...o,
      ...(family ? { family } : {}),
      ...(orderName ? { orderName } : {}),
      ...(state.has(opKey(o.orderId, o.op)) ? { fixed: true } : {}),
    };
  };
  const operations = rightShift(ops.map(withFamily), withFamily(moved), windows, done);
  return { operations, windows };
}

/** Just enough of each order for the due-date outcomes: due date and finished operations. */
async function planOrdersOf(db: Db, scope: Scope, ids: string[]) {
  const pos = new Map((await listProductionOrders(db, scope)).map((p) => [p.id, p]));
  const refs = new Map((await listCustomerOrders(db, scope)).map((c) => [c.id, c.reference]));
  const state = await shopState(db, scope, ids);
  return ids.flatMap((id) => {
    const p = pos.get(id);
    if (!p) return [];
    const operations = p.routing.map((step, i) => {
      const f = state.get(opKey(id, i))?.finishedAt;
      return {
        operation: step.operation,
        stations: step.stations,
        ...(f ? { finishedAt: f } : {}),
      };
    });
    const weight = 6 - p.priority;
    // Named as in the planner's own plan, so a moved plan's late orders read the same.
    const name = orderName(p, refs.get(p.sourceId));
    const customerOrder =
      p.source === 'customer-order' ? { customerOrder: refs.get(p.sourceId) || p.sourceId } : {};
    return [
      {
        id,
        label: name.en,
        name,
        ...customerOrder,
        weight,
        quantity: p.quantity,
        release: p.releaseAt,
        due: p.dueAt,
        operations,
      },
    ];
  });
}
