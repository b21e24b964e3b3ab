// A work order as the API shows it: its row plus the SLA clocks computed from its contract's
// terms and calendar (response: created → first in progress; resolution: created → done, less the
// on-hold pauses when the contract says so). Customer users see no internal notes or costs.
import type { Scope } from '../../identity/index.ts';
import type { ServiceContractTable, ServiceWorkOrderTable } from '../../storage/service-schema.ts';
import type { Priority, SlaTerm } from '../contracts/index.ts';
import {
  compileCalendar,
  slaClock,
  type BusinessCalendar,
  type CompiledCalendar,
  type Pause,
  type SlaClock,
} from '../sla/index.ts';
import { isCustomerScope, json } from '../store.ts';
import type { WorkOrderState } from './states.ts';

export type WorkOrderSource = 'manual' | 'alarm' | 'phm' | 'request' | 'plan';

export interface WorkOrder {
  id: string;
  customerId: string | null;
  assetId: string;
  contractId: string | null;
  title: string;
  description: string;
  priority: Priority;
  kind: 'corrective' | 'preventive';
  source: WorkOrderSource;
  sourceRef: string | null;
  /** The alarm that caused the order (source 'alarm'), else null. */
  alarmId: string | null;
  skills: string[];
  status: WorkOrderState;
  version: number;
  technicianId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  respondedAt: number | null;
  doneAt: number | null;
  closedAt: number | null;
  pauses: Pause[];
  visits: number;
  sla: { response: SlaClock | null; resolution: SlaClock | null; pausedOnHold: boolean };
  rating: number | null;
  customerComment: string | null;
  confirmedAt: number | null;
  internalNotes?: string;
  labourMinutes?: number;
  costFen?: number;
}

/** Compiled calendars per contract, so a list compiles each once. */
export type ContractCache = Map<string, { row: ServiceContractTable; cal: CompiledCalendar }>;

export function slaOf(
  r: ServiceWorkOrderTable,
  contract: { row: ServiceContractTable; cal: CompiledCalendar } | undefined,
  now: number,
): WorkOrder['sla'] {
  const term = contract
    ? json<Partial<Record<Priority, SlaTerm>>>(contract.row.sla)[r.priority as Priority]
    : undefined;
  if (!contract || !term) return { response: null, resolution: null, pausedOnHold: false };
  const pauseOnHold = contract.row.pause_on_hold === 1;
  const pauses = pauseOnHold ? json<Pause[]>(r.pauses) : [];
  // A cancelled order's clocks stop where it was cancelled.
  const stop = r.status === 'cancelled' ? r.updated_at : null;
  return {
    response: slaClock(contract.cal, {
      start: r.created_at,
      targetMinutes: term.responseMinutes,
      stoppedAt: r.responded_at ?? stop,
      now,
    }),
    resolution: slaClock(contract.cal, {
      start: r.created_at,
      targetMinutes: term.resolutionMinutes,
      stoppedAt: r.done_at ?? stop,
      now,
      pauses,
    }),
    pausedOnHold: pauseOnHold,
  };
}

export function cacheContract(cache: ContractCache, row: ServiceContractTable | undefined) {
  if (!row) return undefined;
  let c = cache.get(row.id);
  if (!c) {
    c = { row, cal: compileCalendar(json<BusinessCalendar>(row.calendar)) };
    cache.set(row.id, c);
  }
  return c;
}

export function toWorkOrder(
  r: ServiceWorkOrderTable,
  scope: Scope,
  contract: { row: ServiceContractTable; cal: CompiledCalendar } | undefined,
  now = Date.now(),
): WorkOrder {
  const wo: WorkOrder = {
    id: r.id,
    customerId: r.customer_id,
    assetId: r.asset_id,
    contractId: r.contract_id,
    title: r.title,
    description: r.description,
    priority: r.priority as Priority,
    kind: r.kind as WorkOrder['kind'],
    source: r.source as WorkOrderSource,
    sourceRef: r.source_ref,
    alarmId: r.source === 'alarm' ? r.source_ref : null,
    skills: json(r.skills),
    status: r.status as WorkOrderState,
    version: r.version,
    technicianId: r.technician_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    respondedAt: r.responded_at,
    doneAt: r.done_at,
    closedAt: r.closed_at,
    pauses: json(r.pauses),
    visits: r.visits,
    sla: slaOf(r, contract, now),
    rating: r.rating,
    customerComment: r.customer_comment,
    confirmedAt: r.confirmed_at,
  };
  if (!isCustomerScope(scope)) {
    wo.internalNotes = r.internal_notes;
    wo.labourMinutes = r.labour_minutes;
    wo.costFen = r.cost_fen;
  }
  return wo;
}
