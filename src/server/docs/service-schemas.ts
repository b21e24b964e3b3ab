// Schemas and examples shared by the documentation of the service routes (service.ts).
import { Type } from '@sinclair/typebox';
import { Nullable } from './route-docs.ts';

export const ServiceContract = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  validFrom: Type.String(),
  validTo: Type.String(),
  validFromMs: Type.Number(),
  validToMs: Type.Number(),
  assetIds: Type.Array(Type.String()),
  sla: Type.Object({
    high: Type.Optional(
      Type.Object({
        responseMinutes: Type.Number(),
        resolutionMinutes: Type.Number(),
      }),
    ),
    medium: Type.Optional(
      Type.Object({
        responseMinutes: Type.Number(),
        resolutionMinutes: Type.Number(),
      }),
    ),
    critical: Type.Optional(
      Type.Object({
        responseMinutes: Type.Number(),
        resolutionMinutes: Type.Number(),
      }),
    ),
    low: Type.Optional(
      Type.Object({
        responseMinutes: Type.Number(),
        resolutionMinutes: Type.Number(),
      }),
    ),
  }),
  pauseOnHold: Type.Boolean(),
  availabilityTarget: Nullable(Type.Number()),
  calendar: Type.Object({
    timeZone: Type.String(),
    hours: Type.Record(
      Type.String(),
      Type.Array(
        Type.Object({
          start: Type.String(),
          end: Type.String(),
        }),
      ),
    ),
    holidays: Type.Array(Type.String()),
    workdays: Type.Array(Type.String()),
  }),
  entitlements: Type.Object({
    visitsPerYear: Nullable(Type.Number()),
    partsIncluded: Type.Boolean(),
    labourHours: Nullable(Type.Number()),
  }),
  energyContractId: Nullable(Type.String()),
  priceFen: Nullable(Type.Number()),
  createdAt: Type.Number(),
  notes: Type.Optional(Type.String()),
});
export const Technician = Type.Object({
  id: Type.String(),
  userId: Nullable(Type.String()),
  name: Type.String(),
  skills: Type.Array(Type.String()),
  homeLat: Nullable(Type.Number()),
  homeLon: Nullable(Type.Number()),
  region: Type.String(),
  active: Type.Boolean(),
});
export const ServiceKpiFields = {
  from: Type.Number(),
  to: Type.Number(),
  assets: Nullable(
    Type.Number({ description: 'Assets the availability is over; null per technician' }),
  ),
  failures: Type.Number(),
  repairs: Type.Number(),
  mtbfHours: Nullable(Type.Number()),
  mttrHours: Nullable(Type.Number()),
  downHours: Type.Number(),
  availability: Nullable(Type.Number()),
  availabilityTarget: Nullable(Type.Number()),
  firstTimeFixRate: Nullable(Type.Number()),
  sla: Type.Object({
    measured: Type.Number(),
    met: Type.Number(),
    compliance: Nullable(Type.Number()),
  }),
  backlog: Type.Object({
    count: Type.Number(),
    meanAgeHours: Nullable(Type.Number()),
    maxAgeHours: Nullable(Type.Number()),
  }),
  parts: Type.Array(
    Type.Object({ partId: Type.String(), qty: Type.Number(), costFen: Type.Number() }),
  ),
  partsCostFen: Type.Number(),
  labourHours: Type.Number(),
  costFen: Type.Number({ description: 'Parts plus other costs booked on the orders' }),
  revenueFen: Nullable(
    Type.Number({ description: 'Contract revenue in the period; null outside the contract view' }),
  ),
};
export const ServiceKpis = Type.Object(ServiceKpiFields);
export const KpiReport = Type.Object({
  dimension: Type.Union(
    ['asset', 'model', 'customer', 'contract', 'technician'].map((x) => Type.Literal(x)),
  ),
  from: Type.Number(),
  to: Type.Number(),
  groups: Type.Array(
    Type.Object({ ...ServiceKpiFields, key: Nullable(Type.String()), label: Type.String() }),
  ),
});
export const kpisExample = {
  from: 1796580000000,
  to: 1796666400000,
  assets: 12,
  failures: 2,
  repairs: 1,
  mtbfHours: 144,
  mttrHours: 3.5,
  downHours: 3.5,
  availability: 0.9988,
  availabilityTarget: 0.98,
  firstTimeFixRate: 1,
  sla: { measured: 1, met: 1, compliance: 1 },
  backlog: { count: 1, meanAgeHours: 5.25, maxAgeHours: 5.25 },
  parts: [{ partId: 'pt_4r6t8y0u2i4o6p8a', qty: 1, costFen: 125000 }],
  partsCostFen: 125000,
  labourHours: 4,
  costFen: 185000,
  revenueFen: null,
};
export const ServiceNotice = Type.Object({
  id: Type.String(),
  subjectId: Type.String({ description: 'The work order (SLA) or the contract (renewal)' }),
  kind: Type.Union(
    [
      'sla.response.warning',
      'sla.response.breached',
      'sla.resolution.warning',
      'sla.resolution.breached',
      'contract.renewal',
    ].map((x) => Type.Literal(x)),
  ),
  assetId: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
  at: Type.Number(),
  message: Type.String(),
  severity: Type.Union([Type.Literal('major'), Type.Literal('warning')]),
});

export const WorkOrder = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  assetId: Type.String(),
  contractId: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  priority: Type.String(),
  kind: Type.String(),
  source: Type.String(),
  sourceRef: Nullable(Type.String()),
  alarmId: Nullable(Type.String({ description: 'The alarm that opened the order (source alarm)' })),
  skills: Type.Array(Type.String()),
  status: Type.String(),
  version: Type.Number(),
  technicianId: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  respondedAt: Nullable(Type.Number()),
  doneAt: Nullable(Type.Number()),
  closedAt: Nullable(Type.Number()),
  pauses: Type.Array(
    Type.Object({
      from: Type.Number(),
      to: Nullable(Type.Number()),
    }),
  ),
  visits: Type.Number(),
  sla: Type.Object({
    response: Nullable(
      Type.Object({
        targetMinutes: Type.Number(),
        elapsedMinutes: Type.Number(),
        dueAt: Type.Number(),
        state: Type.String(),
      }),
    ),
    resolution: Nullable(
      Type.Object({
        targetMinutes: Type.Number(),
        elapsedMinutes: Type.Number(),
        dueAt: Nullable(Type.Number()),
        state: Type.String(),
      }),
    ),
    pausedOnHold: Type.Boolean(),
  }),
  rating: Nullable(Type.Number()),
  customerComment: Nullable(Type.String()),
  confirmedAt: Nullable(Type.Number()),
  internalNotes: Type.Optional(Type.String()),
  labourMinutes: Type.Optional(Type.Number()),
  costFen: Type.Optional(Type.Number()),
});
export const Part = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  fits: Type.Array(Type.String()),
  unitCostFen: Type.Number(),
  reorderPoint: Type.Number(),
  reorderQty: Type.Number(),
});
export const Warehouse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  technicianId: Nullable(Type.String()),
});
export const Reservation = Type.Object({
  id: Type.String(),
  workOrderId: Type.String(),
  partId: Type.String(),
  warehouseId: Type.String(),
  qty: Type.Number(),
  consumed: Type.Number(),
  released: Type.Number(),
});

export const StockLevel = Type.Object({
  warehouseId: Type.String(),
  partId: Type.String(),
  onHand: Type.Number(),
  reserved: Type.Number(),
  available: Type.Number(),
});
