// The work-order state machine (工单: 新建 new, 已计划 planned, 已派工 assigned, 处理中 in_progress,
// 挂起 on_hold, 已完成 done, 已关闭 closed, 已取消 cancelled). Only these transitions exist; any
// other is refused naming from and to. Work starts (in_progress) only once a technician is
// assigned; on hold goes back to in progress when the customer, part or permit is there.
import { RongheError } from '../../kernel/index.ts';

export const workOrderStates = [
  'new',
  'planned',
  'assigned',
  'in_progress',
  'on_hold',
  'done',
  'closed',
  'cancelled',
] as const;
export type WorkOrderState = (typeof workOrderStates)[number];

const allowed: Record<WorkOrderState, readonly WorkOrderState[]> = {
  new: ['planned', 'assigned', 'cancelled'],
  planned: ['assigned', 'cancelled'],
  assigned: ['in_progress', 'planned', 'cancelled'],
  in_progress: ['on_hold', 'done'],
  on_hold: ['in_progress', 'cancelled'],
  done: ['closed'],
  closed: [],
  cancelled: [],
};

/** States in which a work order is open (counts in the backlog and a technician's load). */
export const openStates: readonly WorkOrderState[] = [
  'new',
  'planned',
  'assigned',
  'in_progress',
  'on_hold',
];

export const isWorkOrderState = (s: string): s is WorkOrderState =>
  (workOrderStates as readonly string[]).includes(s);

export const nextStates = (from: WorkOrderState): readonly WorkOrderState[] => allowed[from];

/** Throws a 400 naming from and to unless the transition exists. */
export function checkTransition(from: WorkOrderState, to: string): WorkOrderState {
  if (!isWorkOrderState(to))
    throw new RongheError(
      'RONGHE_VALIDATION',
      { en: `to: '${to}' is not a work-order state`, 'zh-CN': `to：“${to}”不是工单状态` },
      [{ field: 'to', reason: `unknown state; one of ${workOrderStates.join(', ')}` }],
    );
  if (!allowed[from].includes(to)) {
    const options = allowed[from].length ? allowed[from].join(', ') : 'none (final state)';
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `to: a work order cannot go from ${from} to ${to}; from ${from} it may go to ${options}`,
        'zh-CN': `to：工单不能从 ${from} 转到 ${to}；从 ${from} 可转到 ${options}`,
      },
      [{ field: 'to', reason: 'transition not allowed', from, to }],
    );
  }
  return to;
}
