// Answers of /api/v1/service/* (src/service/*). The OpenAPI document leaves them open, so they
// are declared here, mirroring src/service/work-orders/view.ts, sla/clock.ts, dispatch/rank.ts.
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
export type Priority = 'critical' | 'high' | 'medium' | 'low';
export const priorities: Priority[] = ['critical', 'high', 'medium', 'low'];
export type SlaState = 'ok' | 'warning' | 'breached' | 'met';

export interface SlaClock {
  targetMinutes: number;
  elapsedMinutes: number;
  /** null while paused (on hold). */
  dueAt: number | null;
  state: SlaState;
}

export interface WorkOrder {
  id: string;
  customerId: string | null;
  assetId: string;
  contractId: string | null;
  title: string;
  description: string;
  priority: Priority;
  source: 'manual' | 'alarm' | 'phm' | 'request' | 'plan';
  /** The alarm that caused the order (source alarm), else null. */
  alarmId?: string | null;
  customerComment?: string | null;
  confirmedAt?: number | null;
  skills: string[];
  status: WorkOrderState;
  version: number;
  technicianId: string | null;
  createdAt: number;
  updatedAt: number;
  sla: { response: SlaClock | null; resolution: SlaClock | null; pausedOnHold: boolean };
  rating: number | null;
  /** Absent for customer users. */
  internalNotes?: string;
  labourMinutes?: number;
  costFen?: number;
}

export interface HistoryEntry {
  from: WorkOrderState | null;
  to: WorkOrderState;
  at: number;
  by: string;
  note: string | null;
}

export interface Suggestion {
  technicianId: string;
  name: string;
  score: number;
  distanceKm: number | null;
  load: number;
  /** English, from the server (src/service/dispatch/rank.ts). */
  reasons: string[];
  /** The same reasons as codes with parameters, worded by the console (messages `why.*`). */
  why?: DispatchReason[];
}

export type DispatchReason =
  | { code: 'skills'; params: { have: number; need: number; lacks: string } }
  | { code: 'no-skill-required' | 'no-location'; params: Record<string, never> }
  | { code: 'distance'; params: { km: number } }
  | { code: 'load'; params: { count: number } }
  | { code: 'urgent'; params: { hours: number } };

export interface Reservation {
  id: string;
  partId: string;
  warehouseId: string;
  qty: number;
  consumed: number;
  released: number;
}

export interface Technician {
  id: string;
  name: string;
}
export interface Part {
  id: string;
  name: string;
  sku?: string;
}

/** The transitions the server's state machine allows (src/service/work-orders/states.ts). */
export const nextStates: Record<WorkOrderState, readonly WorkOrderState[]> = {
  new: ['planned', 'assigned', 'cancelled'],
  planned: ['assigned', 'cancelled'],
  assigned: ['in_progress', 'planned', 'cancelled'],
  in_progress: ['on_hold', 'done'],
  on_hold: ['in_progress', 'cancelled'],
  done: ['closed'],
  closed: [],
  cancelled: [],
};

/** GET /service/kpis?groupBy=… (src/service/kpi/kpis.ts, load.ts). */
export const kpiDimensions = ['asset', 'model', 'customer', 'contract', 'technician'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];

export interface KpiGroup {
  key: string | null;
  label: string;
  assets: number | null;
  failures: number;
  repairs: number;
  mtbfHours: number | null;
  mttrHours: number | null;
  downHours: number;
  availability: number | null;
  availabilityTarget: number | null;
  firstTimeFixRate: number | null;
  sla: { measured: number; met: number; compliance: number | null };
  backlog: { count: number; meanAgeHours: number | null; maxAgeHours: number | null };
  labourHours: number;
  costFen: number;
  revenueFen: number | null;
}

export interface KpiReport {
  dimension: KpiDimension;
  from: number;
  to: number;
  groups: KpiGroup[];
}
