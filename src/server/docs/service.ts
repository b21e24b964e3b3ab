// Documentation of the service routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { Nullable, type RouteDocs } from './route-docs.ts';

const ServiceContract = Type.Object({
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
const Technician = Type.Object({
  id: Type.String(),
  userId: Nullable(Type.String()),
  name: Type.String(),
  skills: Type.Array(Type.String()),
  homeLat: Nullable(Type.Number()),
  homeLon: Nullable(Type.Number()),
  region: Type.String(),
  active: Type.Boolean(),
});
const ServiceKpiFields = {
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
const ServiceKpis = Type.Object(ServiceKpiFields);
const KpiReport = Type.Object({
  dimension: Type.Union(
    ['asset', 'model', 'customer', 'contract', 'technician'].map((x) => Type.Literal(x)),
  ),
  from: Type.Number(),
  to: Type.Number(),
  groups: Type.Array(
    Type.Object({ ...ServiceKpiFields, key: Nullable(Type.String()), label: Type.String() }),
  ),
});
const kpisExample = {
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
const ServiceNotice = Type.Object({
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

const WorkOrder = Type.Object({
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
const Part = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  fits: Type.Array(Type.String()),
  unitCostFen: Type.Number(),
  reorderPoint: Type.Number(),
  reorderQty: Type.Number(),
});
const Warehouse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  technicianId: Nullable(Type.String()),
});
const Reservation = Type.Object({
  id: Type.String(),
  workOrderId: Type.String(),
  partId: Type.String(),
  warehouseId: Type.String(),
  qty: Type.Number(),
  consumed: Type.Number(),
  released: Type.Number(),
});

const StockLevel = Type.Object({
  warehouseId: Type.String(),
  partId: Type.String(),
  onHand: Type.Number(),
  reserved: Type.Number(),
  available: Type.Number(),
});

export const serviceDocs: RouteDocs = {
  'POST /api/v1/service/contracts': {
    summary: 'Create a service contract',
    description:
      "A maintenance contract for a customer's assets with SLA targets and business calendar.",
    response: { 201: ServiceContract },
    example: {
      id: 'sc_w9eqd8f5pp5xpx2c',
      customerId: 'cu_6pyahv3rg2mx9k9d',
      name: 'Suzhou full service 2026',
      kind: 'full_service',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      validFromMs: 1767196800000,
      validToMs: 1798732800000,
      assetIds: ['as_f7r41hrfc78mws06'],
      sla: {
        high: {
          responseMinutes: 120,
          resolutionMinutes: 480,
        },
      },
      pauseOnHold: true,
      availabilityTarget: 0.98,
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: {
          '1': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '2': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '3': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '4': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '5': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
        },
        holidays: ['2026-09-25'],
        workdays: ['2026-09-20'],
      },
      entitlements: {
        visitsPerYear: 4,
        partsIncluded: true,
        labourHours: 40,
      },
      energyContractId: null,
      priceFen: 12000000,
      createdAt: 1796584962322,
      notes: 'margin 18 %',
    },
    body: {
      customerId: 'cu_6pyahv3rg2mx9k9d',
      name: 'Suzhou full service 2026',
      kind: 'full_service',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      assetIds: ['as_f7r41hrfc78mws06'],
      sla: {
        high: {
          responseMinutes: 120,
          resolutionMinutes: 480,
        },
      },
      pauseOnHold: true,
      availabilityTarget: 0.98,
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: {
          '1': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '2': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '3': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '4': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
          '5': [
            {
              start: '09:00',
              end: '18:00',
            },
          ],
        },
        holidays: ['2026-09-25'],
        workdays: ['2026-09-20'],
      },
      entitlements: {
        visitsPerYear: 4,
        partsIncluded: true,
        labourHours: 40,
      },
      priceFen: 12000000,
      notes: 'margin 18 %',
    },
  },
  'GET /api/v1/service/contracts': {
    summary: 'List service contracts',
    description: 'Service contracts the caller may see.',
    response: {
      200: Type.Object({
        items: Type.Array(ServiceContract),
      }),
    },
    example: {
      items: [
        {
          id: 'sc_w9eqd8f5pp5xpx2c',
          customerId: 'cu_6pyahv3rg2mx9k9d',
          name: 'Suzhou full service 2026',
          kind: 'full_service',
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
          validFromMs: 1767196800000,
          validToMs: 1798732800000,
          assetIds: ['as_f7r41hrfc78mws06'],
          sla: {
            high: {
              responseMinutes: 120,
              resolutionMinutes: 480,
            },
          },
          pauseOnHold: true,
          availabilityTarget: 0.98,
          calendar: {
            timeZone: 'Asia/Shanghai',
            hours: {
              '1': [
                {
                  start: '09:00',
                  end: '18:00',
                },
              ],
              '2': [
                {
                  start: '09:00',
                  end: '18:00',
                },
              ],
              '3': [
                {
                  start: '09:00',
                  end: '18:00',
                },
              ],
              '4': [
                {
                  start: '09:00',
                  end: '18:00',
                },
              ],
              '5': [
                {
                  start: '09:00',
                  end: '18:00',
                },
              ],
            },
            holidays: ['2026-09-25'],
            workdays: ['2026-09-20'],
          },
          entitlements: {
            visitsPerYear: 4,
            partsIncluded: true,
            labourHours: 40,
          },
          energyContractId: null,
          priceFen: 12000000,
          createdAt: 1796584962322,
          notes: 'margin 18 %',
        },
      ],
    },
  },
  'GET /api/v1/service/contracts/:id': {
    summary: 'Get a service contract',
    description: 'One service contract by id.',
    response: { 200: ServiceContract },
    example: {
      id: 'sc_bn33hm1a5r2jzn4w',
      customerId: 'cu_xmbhynncmscvgv0h',
      name: 'Contract cu_xmbhynncmscvgv0h',
      kind: 'on_call',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      validFromMs: 1767196800000,
      validToMs: 1830268800000,
      assetIds: ['as_dc55jayb9af68gyx'],
      sla: {
        medium: {
          responseMinutes: 240,
          resolutionMinutes: 960,
        },
      },
      pauseOnHold: true,
      availabilityTarget: null,
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: {
          '1': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '2': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '3': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '4': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '5': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
        },
        holidays: [],
        workdays: [],
      },
      entitlements: {
        visitsPerYear: null,
        partsIncluded: false,
        labourHours: null,
      },
      energyContractId: null,
      priceFen: null,
      createdAt: 1796585102475,
    },
  },
  'POST /api/v1/service/calendars/check': {
    summary: 'Check a business calendar',
    description:
      'Validates a calendar and computes one deadline from a start time and a duration in business hours; nothing is stored.',
    response: { 200: Type.Object({ dueAt: Type.Number({ description: 'epoch ms' }) }) },
    example: { dueAt: 1796608800000 },
  },
  'POST /api/v1/service/work-orders': {
    summary: 'Create a work order',
    description:
      "A manual work order for an asset, with priority, skills and due date from the contract's SLA.",
    response: { 201: WorkOrder },
    example: {
      id: 'wo_nhvb41t7ctt9zw6h',
      customerId: 'cu_79dvts7pvqzdr0rr',
      assetId: 'as_r0qz9rjh7h3me9s6',
      contractId: 'sc_w9eqd8f5pp5xpx2c',
      title: 'Compressor noise',
      description: '',
      priority: 'high',
      kind: 'corrective',
      source: 'manual',
      sourceRef: null,
      alarmId: null,
      skills: [],
      status: 'new',
      version: 1,
      technicianId: null,
      createdBy: 'user:tech@acme.test',
      createdAt: 1790751600000,
      updatedAt: 1790751600000,
      respondedAt: null,
      doneAt: null,
      closedAt: null,
      pauses: [],
      visits: 0,
      sla: {
        response: {
          targetMinutes: 120,
          elapsedMinutes: 0,
          dueAt: 1790758800000,
          state: 'ok',
        },
        resolution: {
          targetMinutes: 480,
          elapsedMinutes: 0,
          dueAt: 1791439200000,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
      internalNotes: '',
      labourMinutes: 0,
      costFen: 0,
    },
    body: {
      assetId: 'as_r0qz9rjh7h3me9s6',
      title: 'Compressor noise',
      priority: 'high',
    },
  },
  'GET /api/v1/service/work-orders': {
    summary: 'List work orders',
    description:
      'Work orders the caller may see, filtered by status, asset, customer, technician, priority and creation time, newest first (`order=asc` for oldest), paged by cursor (`limit`, default 200, and `cursor` → `nextCursor`).',
    response: { 200: CursorPage(WorkOrder) },
    query: { status: 'in_progress', limit: 50 },
    example: {
      items: [
        {
          id: 'wo_xezqy9m0fx0130m5',
          customerId: 'cu_bw91mesqv1nbenf3',
          assetId: 'as_6g7j5rkt6gx4e2z5',
          contractId: null,
          title: 'Alarm cop-auto (major)',
          description: '',
          priority: 'high',
          kind: 'corrective',
          source: 'alarm',
          sourceRef: 'as_6g7j5rkt6gx4e2z5/cop-auto/1796584422539',
          alarmId: 'as_6g7j5rkt6gx4e2z5/cop-auto/1796584422539',
          skills: ['refrigeration'],
          status: 'new',
          version: 1,
          technicianId: null,
          createdBy: 'system:alarm-policy',
          createdAt: 1796584962522,
          updatedAt: 1796584962522,
          respondedAt: null,
          doneAt: null,
          closedAt: null,
          pauses: [],
          visits: 0,
          sla: {
            response: null,
            resolution: null,
            pausedOnHold: false,
          },
          rating: null,
          customerComment: null,
          confirmedAt: null,
          internalNotes: '',
          labourMinutes: 0,
          costFen: 0,
        },
      ],
      nextCursor: null,
    },
  },
  'POST /api/v1/service/work-orders/from-alarm/:alarmId': {
    summary: 'Work order from an alarm',
    description:
      'Opens a work order for an alarm (one per alarm: a second call answers the existing order).',
    response: { 200: WorkOrder },
    example: {
      id: 'wo_s1wq0t5aw5by23r6',
      customerId: 'cu_6pyahv3rg2mx9k9d',
      assetId: 'as_f7r41hrfc78mws06',
      contractId: 'sc_w9eqd8f5pp5xpx2c',
      title: 'Alarm low-cop (major)',
      description: '',
      priority: 'high',
      kind: 'corrective',
      source: 'alarm',
      sourceRef: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      alarmId: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      skills: ['refrigeration'],
      status: 'new',
      version: 1,
      technicianId: null,
      createdBy: 'user:tech@acme.test',
      createdAt: 1791529200000,
      updatedAt: 1791529200000,
      respondedAt: null,
      doneAt: null,
      closedAt: null,
      pauses: [],
      visits: 0,
      sla: {
        response: {
          targetMinutes: 120,
          elapsedMinutes: 0,
          dueAt: 1791536400000,
          state: 'ok',
        },
        resolution: {
          targetMinutes: 480,
          elapsedMinutes: 0,
          dueAt: 1791612000000,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
      internalNotes: '',
      labourMinutes: 0,
      costFen: 0,
    },
    body: {},
  },
  'POST /api/v1/service/work-orders/from-phm': {
    summary: 'Work order from remaining life',
    description:
      "Opens a work order when an asset's predicted remaining life is under the model's policy.",
    response: {
      200: Type.Object({
        kind: Type.String(),
        thresholdHours: Type.Optional(Nullable(Type.Number())),
        workOrder: Type.Optional(WorkOrder),
      }),
    },
    example: {
      kind: 'above-threshold',
      thresholdHours: 500,
    },
    body: {
      assetId: 'as_r0qz9rjh7h3me9s6',
      rulHours: 800,
    },
  },
  'PUT /api/v1/service/phm-policies/:modelId': {
    summary: 'Set a PHM policy',
    description:
      "When remaining life of a model's assets falls under the threshold, a work order opens by itself.",
    response: {
      200: Type.Object({
        modelId: Type.String(),
        rulThresholdHours: Type.Number(),
        priority: Type.String(),
      }),
    },
    example: {
      modelId: 'am_272eme0nppme8g87',
      rulThresholdHours: 500,
      priority: 'medium',
    },
    body: {
      rulThresholdHours: 500,
      priority: 'medium',
    },
  },
  'PUT /api/v1/service/alarm-policies/:ruleId': {
    summary: 'Set an alarm policy',
    description:
      'Alarms of this rule at or above the minimum severity open a work order by themselves.',
    response: {
      200: Type.Object({
        ruleId: Type.String(),
        minSeverity: Type.String(),
        priority: Nullable(Type.String()),
        skills: Type.Array(Type.String()),
      }),
    },
    example: {
      ruleId: 'cop-auto',
      minSeverity: 'major',
      priority: null,
      skills: ['refrigeration'],
    },
    body: {
      minSeverity: 'major',
      skills: ['refrigeration'],
    },
  },
  'POST /api/v1/service/requests': {
    summary: 'Request service',
    description: 'A customer user asks for service on one of their assets; a work order is opened.',
    response: { 201: WorkOrder },
    example: {
      id: 'wo_kkjt0kq3ag8azepw',
      customerId: 'cu_pk1ez3twrym9850t',
      assetId: 'as_dc55jayb9af68gyx',
      contractId: 'sc_bn33hm1a5r2jzn4w',
      title: 'Water leak',
      description: 'under the unit',
      priority: 'medium',
      kind: 'corrective',
      source: 'request',
      sourceRef: null,
      alarmId: null,
      skills: [],
      status: 'new',
      version: 1,
      technicianId: null,
      createdBy: 'user:viewer@suzhou.test',
      createdAt: 1796585095242,
      updatedAt: 1796585095242,
      respondedAt: null,
      doneAt: null,
      closedAt: null,
      pauses: [],
      visits: 0,
      sla: {
        response: {
          targetMinutes: 240,
          elapsedMinutes: 0,
          dueAt: 1796617800000,
          state: 'ok',
        },
        resolution: {
          targetMinutes: 960,
          elapsedMinutes: 0,
          dueAt: 1796715000000,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
    },
    body: {
      assetId: 'as_dc55jayb9af68gyx',
      title: 'Water leak',
      description: 'under the unit',
    },
  },
  'GET /api/v1/service/work-orders/:id': {
    summary: 'Get a work order',
    description: 'One work order with its SLA deadlines, pauses and confirmation.',
    response: { 200: WorkOrder },
    example: {
      id: 'wo_s1wq0t5aw5by23r6',
      customerId: 'cu_6pyahv3rg2mx9k9d',
      assetId: 'as_f7r41hrfc78mws06',
      contractId: 'sc_w9eqd8f5pp5xpx2c',
      title: 'Alarm low-cop (major)',
      description: '',
      priority: 'high',
      kind: 'corrective',
      source: 'alarm',
      sourceRef: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      alarmId: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      skills: ['refrigeration'],
      status: 'on_hold',
      version: 4,
      technicianId: 'te_0c4aq9zbedemqdrw',
      createdBy: 'user:tech@acme.test',
      createdAt: 1791529200000,
      updatedAt: 1791536400000,
      respondedAt: 1791532800000,
      doneAt: null,
      closedAt: null,
      pauses: [
        {
          from: 1791536400000,
          to: null,
        },
      ],
      visits: 1,
      sla: {
        response: {
          targetMinutes: 120,
          elapsedMinutes: 60,
          dueAt: 1791536400000,
          state: 'met',
        },
        resolution: {
          targetMinutes: 480,
          elapsedMinutes: 120,
          dueAt: null,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
      internalNotes: '',
      labourMinutes: 0,
      costFen: 86000,
    },
  },
  'GET /api/v1/service/work-orders/:id/history': {
    summary: 'Work-order history',
    description: 'Every transition of a work order, who made it and when.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            from: Nullable(Type.String()),
            to: Type.String(),
            at: Type.Number(),
            by: Type.String(),
            note: Type.String(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          from: null,
          to: 'new',
          at: 1791529200000,
          by: 'user:tech@acme.test',
          note: 'opened (alarm)',
        },
      ],
    },
  },
  'POST /api/v1/service/work-orders/:id/transitions': {
    summary: 'Move a work order',
    description:
      'Applies one allowed status change (plan, start, hold, resume, finish, close…); an illegal one is a 409 naming the allowed ones.',
    response: { 200: WorkOrder },
    example: {
      id: 'wo_s1wq0t5aw5by23r6',
      customerId: 'cu_6pyahv3rg2mx9k9d',
      assetId: 'as_f7r41hrfc78mws06',
      contractId: 'sc_w9eqd8f5pp5xpx2c',
      title: 'Alarm low-cop (major)',
      description: '',
      priority: 'high',
      kind: 'corrective',
      source: 'alarm',
      sourceRef: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      alarmId: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      skills: ['refrigeration'],
      status: 'in_progress',
      version: 3,
      technicianId: 'te_0c4aq9zbedemqdrw',
      createdBy: 'user:tech@acme.test',
      createdAt: 1791529200000,
      updatedAt: 1791532800000,
      respondedAt: 1791532800000,
      doneAt: null,
      closedAt: null,
      pauses: [],
      visits: 1,
      sla: {
        response: {
          targetMinutes: 120,
          elapsedMinutes: 60,
          dueAt: 1791536400000,
          state: 'met',
        },
        resolution: {
          targetMinutes: 480,
          elapsedMinutes: 60,
          dueAt: 1791612000000,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
      internalNotes: '',
      labourMinutes: 0,
      costFen: 0,
    },
    body: {
      to: 'in_progress',
    },
  },
  'POST /api/v1/service/work-orders/:id/assign': {
    summary: 'Assign a technician',
    description: "Assigns a technician who has the order's skills.",
    response: { 200: WorkOrder },
    example: {
      id: 'wo_s1wq0t5aw5by23r6',
      customerId: 'cu_6pyahv3rg2mx9k9d',
      assetId: 'as_f7r41hrfc78mws06',
      contractId: 'sc_w9eqd8f5pp5xpx2c',
      title: 'Alarm low-cop (major)',
      description: '',
      priority: 'high',
      kind: 'corrective',
      source: 'alarm',
      sourceRef: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      alarmId: 'as_f7r41hrfc78mws06/low-cop/1791529200000',
      skills: ['refrigeration'],
      status: 'assigned',
      version: 2,
      technicianId: 'te_0c4aq9zbedemqdrw',
      createdBy: 'user:tech@acme.test',
      createdAt: 1791529200000,
      updatedAt: 1791529200000,
      respondedAt: null,
      doneAt: null,
      closedAt: null,
      pauses: [],
      visits: 0,
      sla: {
        response: {
          targetMinutes: 120,
          elapsedMinutes: 0,
          dueAt: 1791536400000,
          state: 'ok',
        },
        resolution: {
          targetMinutes: 480,
          elapsedMinutes: 0,
          dueAt: 1791612000000,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
      internalNotes: '',
      labourMinutes: 0,
      costFen: 0,
    },
    body: {
      technicianId: 'te_0c4aq9zbedemqdrw',
    },
  },
  'GET /api/v1/service/work-orders/:id/suggestions': {
    summary: 'Dispatch suggestions',
    description:
      'Technicians ranked for a work order by skills, distance from home to the site (weighing double when the SLA deadline is near) and open work orders. Each suggestion gives its reasons twice: as English lines (`reasons`) and as codes with parameters (`why`) the console renders in its own language. An unknown work order is a 404.',
    response: {
      200: Type.Object({
        workOrderId: Type.String(),
        suggestions: Type.Array(
          Type.Object({
            technicianId: Type.String(),
            name: Type.String(),
            score: Type.Number(),
            skillMatch: Type.Number(),
            distanceKm: Nullable(Type.Number({ description: 'Null where a location is unknown' })),
            load: Type.Number(),
            reasons: Type.Array(Type.String()),
            why: Type.Array(
              Type.Union([
                Type.Object({
                  code: Type.Literal('skills'),
                  params: Type.Object({
                    have: Type.Number(),
                    need: Type.Number(),
                    lacks: Type.String({ description: 'Missing skills, comma-separated' }),
                  }),
                }),
                Type.Object({
                  code: Type.Literal('no-skill-required'),
                  params: Type.Object({}),
                }),
                Type.Object({
                  code: Type.Literal('distance'),
                  params: Type.Object({ km: Type.Number() }),
                }),
                Type.Object({ code: Type.Literal('no-location'), params: Type.Object({}) }),
                Type.Object({
                  code: Type.Literal('load'),
                  params: Type.Object({ count: Type.Number() }),
                }),
                Type.Object({
                  code: Type.Literal('urgent'),
                  params: Type.Object({ hours: Type.Number() }),
                }),
              ]),
            ),
          }),
        ),
      }),
    },
    example: {
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      suggestions: [
        {
          technicianId: 'te_0c4aq9zbedemqdrw',
          name: 'Li Wei',
          score: 99.8,
          skillMatch: 1,
          distanceKm: 2.9,
          load: 0,
          reasons: ['skills 1/1', '2.9 km from the site', '0 open work orders'],
          why: [
            { code: 'skills', params: { have: 1, need: 1, lacks: '' } },
            { code: 'distance', params: { km: 2.9 } },
            { code: 'load', params: { count: 0 } },
          ],
        },
      ],
    },
  },
  'POST /api/v1/service/work-orders/:id/confirm': {
    summary: 'Confirm a visit',
    description: 'The customer confirms the work with a rating and comment.',
    response: { 200: WorkOrder },
    example: {
      id: 'wo_7cd1prdsh130rq5b',
      customerId: 'cu_xmbhynncmscvgv0h',
      assetId: 'as_ykfyxym3g2cm2357',
      contractId: 'sc_bn33hm1a5r2jzn4w',
      title: 'Visit',
      description: '',
      priority: 'medium',
      kind: 'corrective',
      source: 'manual',
      sourceRef: null,
      alarmId: null,
      skills: [],
      status: 'done',
      version: 6,
      technicianId: 'te_v629ajxcgyat36q9',
      createdBy: 'user:tech@acme.test',
      createdAt: 1796585095242,
      updatedAt: 1796585095242,
      respondedAt: 1796585095242,
      doneAt: 1796585095242,
      closedAt: null,
      pauses: [],
      visits: 1,
      sla: {
        response: {
          targetMinutes: 240,
          elapsedMinutes: 0,
          dueAt: 1796617800000,
          state: 'met',
        },
        resolution: {
          targetMinutes: 960,
          elapsedMinutes: 0,
          dueAt: 1796715000000,
          state: 'met',
        },
        pausedOnHold: true,
      },
      rating: 4,
      customerComment: 'quick',
      confirmedAt: 1796585095242,
    },
    body: {
      rating: 4,
      comment: 'quick',
    },
  },
  'PATCH /api/v1/service/work-orders/:id/internal': {
    summary: 'Change internal fields',
    description: "The provider's internal notes and cost fields of a work order.",
    response: { 200: WorkOrder },
    example: {
      id: 'wo_7cd1prdsh130rq5b',
      customerId: 'cu_xmbhynncmscvgv0h',
      assetId: 'as_ykfyxym3g2cm2357',
      contractId: 'sc_bn33hm1a5r2jzn4w',
      title: 'Visit',
      description: '',
      priority: 'medium',
      kind: 'corrective',
      source: 'manual',
      sourceRef: null,
      alarmId: null,
      skills: [],
      status: 'new',
      version: 2,
      technicianId: null,
      createdBy: 'user:tech@acme.test',
      createdAt: 1796585095242,
      updatedAt: 1796585095242,
      respondedAt: null,
      doneAt: null,
      closedAt: null,
      pauses: [],
      visits: 0,
      sla: {
        response: {
          targetMinutes: 240,
          elapsedMinutes: 0,
          dueAt: 1796617800000,
          state: 'ok',
        },
        resolution: {
          targetMinutes: 960,
          elapsedMinutes: 0,
          dueAt: 1796715000000,
          state: 'ok',
        },
        pausedOnHold: true,
      },
      rating: null,
      customerComment: null,
      confirmedAt: null,
      internalNotes: 'customer is slow to pay',
      labourMinutes: 90,
      costFen: 0,
    },
    body: {
      internalNotes: 'customer is slow to pay',
      labourMinutes: 90,
    },
  },
  'GET /api/v1/service/work-orders/:id/reservations': {
    summary: 'Parts reserved for a work order',
    description: 'Spare-part reservations of one work order.',
    response: {
      200: Type.Object({
        items: Type.Array(Reservation),
      }),
    },
    example: {
      items: [],
    },
  },
  'POST /api/v1/service/technicians': {
    summary: 'Create a technician',
    description: 'A technician with skills, home location and an optional user account.',
    response: { 201: Technician },
    example: {
      id: 'te_0c4aq9zbedemqdrw',
      userId: null,
      name: 'Li Wei',
      skills: ['refrigeration'],
      homeLat: 31.3,
      homeLon: 120.62,
      region: 'Suzhou',
      active: true,
    },
    body: {
      name: 'Li Wei',
      skills: ['refrigeration'],
      homeLat: 31.3,
      homeLon: 120.62,
      region: 'Suzhou',
    },
  },
  'GET /api/v1/service/technicians': {
    summary: 'List technicians',
    description: "The tenant's technicians.",
    response: {
      200: Type.Object({
        items: Type.Array(Technician),
      }),
    },
    example: {
      items: [
        {
          id: 'te_kkmq8f7ge1vzhgr8',
          userId: null,
          name: '张磊 Zhang Lei',
          skills: ['boiler'],
          homeLat: 31.57,
          homeLon: 120.3,
          region: 'Wuxi',
          active: true,
        },
      ],
    },
  },
  'POST /api/v1/service/parts': {
    summary: 'Create a spare part',
    description: 'A spare part with its unit cost and reorder point.',
    response: { 201: Part },
    example: {
      id: 'pt_jjz6kvr6w0t334m4',
      sku: 'EXV-25',
      name: 'Electronic expansion valve',
      fits: ['am_272eme0nppme8g87'],
      unitCostFen: 86000,
      reorderPoint: 1,
      reorderQty: 5,
    },
    body: {
      sku: 'EXV-25',
      name: 'Electronic expansion valve',
      fits: ['am_272eme0nppme8g87'],
      unitCostFen: 86000,
      reorderPoint: 1,
      reorderQty: 5,
    },
  },
  'GET /api/v1/service/parts': {
    summary: 'List spare parts',
    description: 'The spare-part catalogue.',
    response: {
      200: Type.Object({
        items: Type.Array(Part),
      }),
    },
    example: {
      items: [
        {
          id: 'pt_76g95gm5y698k5mh',
          sku: 'BRG-6205',
          name: 'Bearing SKF 6205-2RS',
          fits: ['am_x9dfyvhp94zjj16f'],
          unitCostFen: 5000,
          reorderPoint: 2,
          reorderQty: 10,
        },
      ],
    },
  },
  'POST /api/v1/service/warehouses': {
    summary: 'Create a warehouse',
    description: "A warehouse or a technician's van stock.",
    response: { 201: Warehouse },
    example: {
      id: 'wh_y6a10dv998n8j2x0',
      name: 'Li van',
      kind: 'van',
      technicianId: 'te_0c4aq9zbedemqdrw',
    },
    body: {
      name: 'Li van',
      kind: 'van',
      technicianId: 'te_0c4aq9zbedemqdrw',
    },
  },
  'GET /api/v1/service/warehouses': {
    summary: 'List warehouses',
    description: 'Warehouses and van stocks.',
    response: {
      200: Type.Object({
        items: Type.Array(Warehouse),
      }),
    },
    example: {
      items: [
        {
          id: 'wh_srn3dv4xghtepnpc',
          name: '李伟 van',
          kind: 'van',
          technicianId: 'te_fy2b16bz3dwfyssj',
        },
      ],
    },
  },
  'GET /api/v1/service/stock': {
    summary: 'Stock levels',
    description: 'Quantity on hand and reserved per part and warehouse.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            warehouseId: Type.String(),
            partId: Type.String(),
            onHand: Type.Number(),
            reserved: Type.Number(),
            available: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          warehouseId: 'wh_y6a10dv998n8j2x0',
          partId: 'pt_jjz6kvr6w0t334m4',
          onHand: 1,
          reserved: 0,
          available: 1,
        },
      ],
    },
  },
  'POST /api/v1/service/stock/receive': {
    summary: 'Receive stock',
    description: 'Books received parts into a warehouse.',
    response: {
      200: Type.Object({
        warehouseId: Type.String(),
        partId: Type.String(),
        onHand: Type.Number(),
        reserved: Type.Number(),
        available: Type.Number(),
      }),
    },
    example: {
      warehouseId: 'wh_y6a10dv998n8j2x0',
      partId: 'pt_jjz6kvr6w0t334m4',
      onHand: 2,
      reserved: 0,
      available: 2,
    },
    body: {
      warehouseId: 'wh_y6a10dv998n8j2x0',
      partId: 'pt_jjz6kvr6w0t334m4',
      qty: 2,
    },
  },
  'POST /api/v1/service/stock/transfer': {
    summary: 'Transfer stock',
    description: 'Moves parts between warehouses.',
    response: { 200: Type.Object({ items: Type.Array(StockLevel) }) },
    body: {
      partId: 'pt_jjz6kvr6w0t334m4',
      fromWarehouseId: 'wh_y6a10dv998n8j2x0',
      toWarehouseId: 'wh_0d09fdtsw20a82xz',
      qty: 1,
    },
  },
  'POST /api/v1/service/stock/return': {
    summary: 'Return stock',
    description: 'Books parts returned from a job back into a warehouse.',
    response: { 200: StockLevel },
    body: {
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
    },
  },
  'POST /api/v1/service/reservations': {
    summary: 'Reserve parts',
    description: 'Reserves parts of a warehouse for a work order.',
    response: { 201: Reservation },
    example: {
      id: 'rv_t9zcb9mvr2vb7ntm',
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
      consumed: 0,
      released: 0,
    },
    body: {
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
    },
  },
  'POST /api/v1/service/reservations/:id/consume': {
    summary: 'Consume a reservation',
    description: 'The reserved parts were used on the job.',
    response: { 200: Reservation },
    example: {
      id: 'rv_t9zcb9mvr2vb7ntm',
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
      consumed: 1,
      released: 0,
    },
    body: {},
  },
  'POST /api/v1/service/reservations/:id/release': {
    summary: 'Release a reservation',
    description: 'The reserved parts go back to free stock.',
    response: { 200: Reservation },
    body: { qty: 1 },
  },
  'GET /api/v1/service/reorder-proposals': {
    summary: 'Reorder proposals',
    description: 'Parts whose free stock is under their reorder point, with the quantity to order.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            partId: Type.String(),
            sku: Type.String(),
            available: Type.Number(),
            reorderPoint: Type.Number(),
            proposedQty: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          partId: 'pt_btdegghj4syn6b45',
          sku: 'BRG-6205',
          available: 0,
          reorderPoint: 2,
          proposedQty: 10,
        },
      ],
    },
  },
  'GET /api/v1/service/kpis': {
    summary: 'Service KPIs',
    description:
      'Failures, repairs, MTBF and MTTR, downtime and availability (against the contract target), first-time fix rate, SLA compliance, backlog, parts, labour and cost over [`from`, `to`), for the whole tenant or filtered by asset, model, customer, contract or technician. With `groupBy` the answer is one row per asset, model, customer, contract or technician (`key` null for orders without one). `format=csv` exports the same rows (service provider only: a customer gets 403). A bad time or an unknown `groupBy` is a 400 naming the parameter.',
    response: {
      200: Type.Union([ServiceKpis, KpiReport]),
    },
    example: kpisExample,
    query: { from: 1796580000000, to: 1796666400000 },
  },
  'GET /api/v1/service/alarm-links': {
    summary: 'Work orders opened from alarms',
    description:
      'Which work order each alarm opened (`alarmId` → `workOrderId` and its status), newest first, at most 1000; `alarmIds` (comma-separated) limits the answer to those alarms. The alarm console uses it to show the order beside each alarm. Customers see their own orders only.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            alarmId: Type.String(),
            workOrderId: Type.String(),
            status: Type.String(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          alarmId: 'as_6g7j5rkt6gx4e2z5/cop-auto/1796584422539',
          workOrderId: 'wo_xezqy9m0fx0130m5',
          status: 'in_progress',
        },
      ],
    },
  },
  'GET /api/v1/service/notices': {
    summary: 'Service notices',
    description:
      'SLA warnings and breaches of work orders and contract renewal reminders, newest first (`limit`, default 200, at most 1000), optionally of one work order or contract (`subjectId`). The same notices reach subscribers through the alarm fan-out (SSE feed, e-mail). Customers see their own only.',
    response: { 200: Type.Object({ items: Type.Array(ServiceNotice) }) },
    example: {
      items: [
        {
          id: 'sn_8h6g4f2d0s9a7q5w',
          subjectId: 'wo_xezqy9m0fx0130m5',
          kind: 'sla.response.warning',
          assetId: 'as_6g7j5rkt6gx4e2z5',
          customerId: 'cu_bw91mesqv1nbenf3',
          at: 1796585000000,
          message: 'Work order wo_xezqy9m0fx0130m5: response due in 30 min',
          severity: 'warning',
        },
      ],
    },
  },
};
