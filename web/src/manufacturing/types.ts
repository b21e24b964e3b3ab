// Answers of the manufacturing API the console reads (src/manufacturing/service). Declared here
// because the OpenAPI document leaves these objects open.
export type Configuration = Record<string, string>;

export interface OptionValue {
  code: string;
  name?: string;
}
export interface ModelOption {
  key: string;
  name?: string;
  required: boolean;
  values: OptionValue[];
  default?: string;
}
export interface StationTime {
  station: string;
  minutesPerUnit: number;
  setupMinutes?: number;
}
export interface RoutingStep {
  operation: string;
  stations: StationTime[];
}
export interface ProductModel {
  id: string;
  spec: { code: string; name: string; options: ModelOption[]; pricing?: unknown };
}
export interface BomLine {
  item: string;
  unit: string;
  quantity: number;
  perPiece: number;
}
export interface ConfiguredProduct {
  configuration: Configuration;
  sku: string;
  bom: BomLine[];
  routing: RoutingStep[];
}
export interface CustomerOrder {
  id: string;
  reference: string;
  sku: string;
  quantity: number;
  dueAt: number;
  status: string;
  productionOrderId: string | null;
  createdAt: number;
}
export interface ProductionOrder {
  id: string;
  source: string;
  sku: string;
  quantity: number;
  dueAt: number | null;
  routing: RoutingStep[];
  status: string;
}
export interface WipOrder {
  orderId: string;
  sku: string;
  quantity: number;
  dueAt: number | null;
  running: { op: number; operation: string; station?: string; startedAt?: number }[];
  finishedOperations: number;
  operations: number;
}
export interface PlannedOperation {
  orderId: string;
  op: number;
  operation: string;
  station: string;
  start: number;
  end: number;
  subLot?: { index: number; count: number; quantity: number };
  /** Running pieces when the operation resumes after a break or a night. */
  segments?: number[][];
}
export interface LateOrder {
  orderId: string;
  label: string;
  /** Absent in plans stored before the names were added. */
  name?: { en: string; 'zh-CN': string };
  customerOrder: string | null;
  dueAt: number;
  completionAt: number;
  tardinessMinutes: number;
  cause: 'station-busy' | 'closed-time' | 'work-content';
  bottleneck: {
    op: number;
    operation: string;
    station: string;
    subLot: number | null;
    waitingMinutes: number;
    busyMinutes: number;
    closedMinutes: number;
    blockingOrders: string[];
    blockingOrderNames?: { en: string; 'zh-CN': string }[];
  } | null;
  workMinutes: number;
}
export interface OrderOutcome {
  orderId: string;
  dueAt: number | null;
  completionAt: number | null;
  tardinessMinutes: number;
}
export interface Plan {
  id?: string;
  objective?: 'tardiness' | 'makespan';
  late?: LateOrder[];
  operations: PlannedOperation[];
  makespanAt: number | null;
  totalTardinessMinutes: number;
  orders: OrderOutcome[];
}
export interface Gantt {
  planId: string | null;
  stations: { code: string; name: string; line: string }[];
  planned: PlannedOperation[];
  actual: {
    orderId: string;
    op: number;
    station: string;
    start: number;
    end: number | null;
  }[];
}
export interface DayLoad {
  day: string;
  station: string;
  line: string;
  loadMinutes: number;
  availableMinutes: number;
  utilisation: number | null;
}
export interface WhatIf {
  plan: Plan;
  base: 'current' | 'recomputed';
  diff: {
    orderId: string;
    dueAt: number | null;
    before: { completionAt: number | null; tardinessMinutes: number } | null;
    after: { completionAt: number | null; tardinessMinutes: number };
    tardinessChangeMinutes: number;
  }[];
  load: { stations: DayLoad[]; lines: DayLoad[] };
}
export interface StationOee {
  station: string;
  line: string;
  availability: number | null;
  effectiveness: number | null;
  quality: number | null;
  oee: number | null;
  producedQuantity: number;
  goodQuantity: number;
  flags: {
    code: string;
    orderId?: string;
    orderName?: { en: string; 'zh-CN': string };
    op?: number;
    performance?: number;
    reason: string;
  }[];
}
export interface Proposal {
  id: string;
  sku: string;
  store: string;
  quantity: number;
  status: string;
  productionOrderId: string | null;
  createdAt: number;
}
