// service: the service business on top of the installed base — service contracts (服务合同) per
// customer over a set of assets with SLA terms per priority, a business calendar (working hours,
// public holidays, 调休 adjusted working days, a time zone) and entitlements; work orders (工单)
// opened by a person, from an alarm, from a PHM remaining-life result or from a customer's
// service request, moved through an enforced state machine with every change timed, attributed
// and audited, under optimistic concurrency; SLA clocks in business time that pause on hold when
// the contract says so; technicians and a ranked dispatch suggestion with its reasons; spare parts,
// warehouses (a technician's van too), stock that never goes negative, reservations, consumption,
// returns, transfers and reorder proposals; the customer-portal view (its own customers only, no
// internal notes or costs); and service KPIs (MTBF, MTTR, first-time fix, SLA compliance,
// backlog, parts). The calendar/SLA clock (sla/), the dispatch ranking and the KPI arithmetic are
// pure; the stores keep the tables of migration 014-service. Migration 018 adds maintenance plans
// (calendar or usage from telemetry, fired once per due point by a scheduler tick), checklists
// from templates per model, attachments (magic-byte checked, on disk or in PostgreSQL), the
// customer's sign-off, the as-built record and the product passport (the asset's whole life). Alarms are reached through an
// `AlarmPort` the composition root builds from the monitoring context's surface.
import type { Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { releaseAll } from './parts/index.ts';
import { requireChecklistDone } from './checklists/index.ts';
import { transitionWorkOrder, type TransitionInput, type WorkOrder } from './work-orders/index.ts';

export * from './sla/index.ts';
export * from './contracts/index.ts';
export {
  workOrderStates,
  openStates,
  nextStates,
  isWorkOrderState,
  openWorkOrder,
  assignWorkOrder,
  confirmWorkOrder,
  updateInternal,
  getWorkOrder,
  listWorkOrders,
  workOrderHistory,
  openFromAlarm,
  openFromRul,
  openServiceRequest,
  setPhmPolicy,
  setAlarmPolicy,
  createAlarmAutomation,
  createRulWatcher,
  RUL_CHANNEL,
  type RulWatcher,
  type AlarmPolicy,
  type AlarmAutomation,
  type WorkOrder,
  type WorkOrderState,
  type WorkOrderSource,
  type WorkOrderQuery,
  type AlarmPort,
  type AlarmRef,
  type PhmPolicy,
  type RulOutcome,
  type OpenInput,
  alarmLinks,
  checkAlarmAction,
  settleAlarm,
  type AlarmLink,
  type AlarmAction,
} from './work-orders/index.ts';
export * from './parts/index.ts';
export * from './dispatch/index.ts';
export * from './kpi/index.ts';
export * from './notices/index.ts';
export { seedServiceDemo, type ServiceDemoInput } from './demo-seed.ts';
export * from './plans/index.ts';
export * from './checklists/index.ts';
export * from './attachments/index.ts';
export * from './passport/index.ts';

/** A state change; cancelling releases what is left of the order's part reservations, and an
 * order is done only once every mandatory checklist item is ticked. */
export function transition(
  db: Db,
  scope: Scope,
  id: string,
  input: TransitionInput,
  now = Date.now(),
): Promise<WorkOrder> {
  return transitionWorkOrder(db, scope, id, input, now, async (tx, r, to, at) => {
    if (to === 'cancelled') await releaseAll(tx, scope, r.id, at);
    if (to === 'done') await requireChecklistDone(tx, r.id);
  });
}
