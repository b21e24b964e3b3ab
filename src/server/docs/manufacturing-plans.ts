// Documentation of the manufacturing routes for plans, what-if, Gantt, OEE and capacity, for
// /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { Plan } from './manufacturing-schemas.ts';
import { configurationExample } from './manufacturing-examples.ts';

export const manufacturingPlanDocs: RouteDocs = {
  'POST /api/v1/manufacturing/plans': {
    summary: 'Plan production',
    description:
      'Schedules released orders on the stations and stores the plan as current. Objective (`objective`): weighted tardiness then makespan (default, weight 6 − priority) or makespan then weighted tardiness. Operations resume after breaks and nights (closed time does not count; `segments` shows the pieces); with `transferBatch` lots larger than that are split into sub-lots that run in parallel on eligible stations and move on one by one. `late` explains each late order: the bottleneck operation and station, how long it waited and why (station busy with named orders, station closed, or more work than open time). An infeasible plan names the customer order, production order, operation and stations.',
    response: { 201: Plan },
    example: {
      id: 'pl_8fvd7d3k2ctmd5zb',
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
      createdAt: 1796584966438,
      operations: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'welding',
          station: 'WLD1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      makespanAt: 1796632500000,
      objective: 'tardiness',
      totalTardinessMinutes: 0,
      totalWeightedTardinessMinutes: 0,
      late: [],
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          completionAt: 1796632500000,
          tardinessMinutes: 0,
          weight: 3,
        },
      ],
    },
    body: {
      timeLimitMs: 50,
      horizonDays: 14,
      objective: 'tardiness',
      transferBatch: 25,
    },
  },
  'GET /api/v1/manufacturing/plans/current': {
    summary: 'Current plan',
    description: 'The current production plan.',
    response: { 200: Plan },
    example: {
      id: 'pl_k76hvcfxn0w71zek',
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
      createdAt: 1796584967957,
      makespanAt: 1796632500000,
      objective: 'tardiness',
      totalTardinessMinutes: 0,
      totalWeightedTardinessMinutes: 0,
      late: [],
      operations: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'welding',
          station: 'WLD1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          completionAt: 1796632500000,
          tardinessMinutes: 0,
          weight: 3,
        },
      ],
    },
  },
  'POST /api/v1/manufacturing/plans/current/move': {
    summary: 'Move an operation',
    description:
      'Moves one operation in the current plan by hand; later operations are shifted right.',
    response: { 201: Plan },
    example: {
      id: 'pl_k76hvcfxn0w71zek',
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
      createdAt: 1796584967957,
      operations: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'welding',
          station: 'WLD1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      makespanAt: 1796632500000,
      objective: 'tardiness',
      totalWeightedTardinessMinutes: 0,
      late: [],
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          completionAt: 1796632500000,
          tardinessMinutes: 0,
          weight: 3,
        },
      ],
      totalTardinessMinutes: 0,
      moved: {
        orderId: 'po_6wj1a8jsysgg6n71',
        op: 1,
        operation: 'assembly',
        station: 'ASM2',
        start: 1796585940000,
        end: 1796588100000,
      },
    },
    // op 1 is the assembly of an order the demo has released, after its welding; ASM2 runs
    // every day, round the clock, so the move fits at any time of day three days from now
    body: {
      orderId: 'po_6wj1a8jsysgg6n71',
      op: 1,
      station: 'ASM2',
      start: 'now+3d',
    },
  },
  'POST /api/v1/manufacturing/what-if': {
    summary: 'What-if plan',
    description: 'Plans with extra orders or stations unavailable, without storing anything.',
    response: {
      200: Type.Object({
        plan: Type.Omit(Plan, ['id', 'createdBy', 'moved']),
        base: Type.String(),
        diff: Type.Array(
          Type.Object({
            orderId: Type.String(),
            dueAt: Type.Number(),
            before: Nullable(
              Type.Object({
                completionAt: Type.Number(),
                tardinessMinutes: Type.Number(),
              }),
            ),
            after: Type.Object({
              completionAt: Type.Number(),
              tardinessMinutes: Type.Number(),
            }),
            tardinessChangeMinutes: Type.Number(),
          }),
        ),
        load: Type.Object({
          stations: Type.Array(
            Type.Object({
              day: Type.String(),
              station: Type.String(),
              line: Type.String(),
              loadMinutes: Type.Number(),
              availableMinutes: Type.Number(),
              utilisation: Nullable(Type.Number()), // null: the station or line has no open time in the window
            }),
          ),
          lines: Type.Array(
            Type.Object({
              day: Type.String(),
              station: Type.String(),
              line: Type.String(),
              loadMinutes: Type.Number(),
              availableMinutes: Type.Number(),
              utilisation: Nullable(Type.Number()), // null: the station or line has no open time in the window
            }),
          ),
        }),
      }),
    },
    example: {
      plan: {
        createdAt: 1796584967221,
        operations: [
          {
            orderId: 'po_6wj1a8jsysgg6n71',
            op: 0,
            operation: 'welding',
            station: 'WLD1',
            start: 1796584980000,
            end: 1796585940000,
          },
        ],
        makespanAt: 1796633280000,
        totalTardinessMinutes: 0,
        orders: [
          {
            orderId: 'po_6wj1a8jsysgg6n71',
            dueAt: 1796671366433,
            completionAt: 1796632500000,
            tardinessMinutes: 0,
            weight: 3,
          },
        ],
        objective: 'tardiness',
        totalWeightedTardinessMinutes: 0,
        late: [],
      },
      base: 'current',
      diff: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          before: {
            completionAt: 1796632500000,
            tardinessMinutes: 0,
          },
          after: {
            completionAt: 1796632500000,
            tardinessMinutes: 0,
          },
          tardinessChangeMinutes: 0,
        },
      ],
      load: {
        stations: [
          {
            day: '2026-12-06',
            station: 'WLD1',
            line: 'HX',
            loadMinutes: 30,
            availableMinutes: 960,
            utilisation: 0.03125,
          },
        ],
        lines: [
          {
            day: '2026-12-06',
            station: '*',
            line: 'HX',
            loadMinutes: 66,
            availableMinutes: 2400,
            utilisation: 0.0275,
          },
        ],
      },
    },
    body: {
      timeLimitMs: 50,
      rushOrders: [
        {
          modelId: 'pm_2j1mg1tbxsj0sgy8',
          configuration: configurationExample,
          quantity: 1,
          dueAt: 'now+10d',
        },
      ],
    },
  },
  'GET /api/v1/manufacturing/gantt': {
    summary: 'Gantt chart',
    description: 'The current plan as bars per station.',
    response: {
      200: Type.Object({
        planId: Nullable(Type.String()),
        stations: Type.Array(
          Type.Object({
            code: Type.String(),
            name: Type.String(),
            line: Type.String(),
          }),
        ),
        planned: Type.Array(
          Type.Object({
            orderId: Type.String(),
            op: Type.Number(),
            operation: Type.String(),
            station: Type.String(),
            start: Type.Number(),
            end: Type.Number(),
          }),
        ),
        actual: Type.Array(
          Type.Object({
            orderId: Type.String(),
            op: Type.Number(),
            station: Type.String(),
            start: Type.Number(),
            end: Nullable(Type.Number()),
            quantity: Nullable(Type.Number()),
            scrap: Nullable(Type.Number()),
          }),
        ),
      }),
    },
    example: {
      planId: 'pl_k76hvcfxn0w71zek',
      stations: [
        {
          code: 'WLD1',
          name: 'Auto cutter 1',
          line: 'HX',
        },
      ],
      planned: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'welding',
          station: 'WLD1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      actual: [],
    },
  },
  'GET /api/v1/manufacturing/oee': {
    summary: 'OEE',
    description:
      'Availability, performance (effectiveness), quality and OEE per station over a period (ISO 22400-2). Inputs are checked first: a performance above 100 %, a run whose piece count contradicts its ideal cycle time, or pieces with no ideal cycle time are listed in `flags` with the cause (naming the production order and operation), and effectiveness and OEE are then null instead of an unbelievable number.',
    response: {
      200: Type.Array(
        Type.Object({
          station: Type.String(),
          line: Type.String(),
          plannedBusyMinutes: Type.Number(),
          actualProductionMinutes: Type.Number(),
          producedQuantity: Type.Number(),
          goodQuantity: Type.Number(),
          availability: Type.Number(),
          effectiveness: Nullable(Type.Number()),
          quality: Nullable(Type.Number()),
          oee: Nullable(Type.Number()),
          flags: Type.Array(
            Type.Object({
              code: Type.String({
                description:
                  'performance-above-100, cycle-time-contradicts-counts or ideal-cycle-time-missing',
              }),
              orderId: Type.Optional(Type.String()),
              orderName: Type.Optional(
                Type.Object(
                  { en: Type.String(), 'zh-CN': Type.String() },
                  {
                    description:
                      "The order as the shop floor knows it: its customer order's reference or what it makes.",
                  },
                ),
              ),
              op: Type.Optional(Type.Number()),
              performance: Type.Optional(Type.Number()),
              reason: Type.String(),
            }),
          ),
        }),
      ),
    },
    example: [
      {
        station: 'WLD1',
        line: 'HX',
        plannedBusyMinutes: 960,
        actualProductionMinutes: 0,
        producedQuantity: 0,
        goodQuantity: 0,
        availability: 0,
        effectiveness: null,
        quality: null,
        oee: null,
        flags: [],
      },
    ],
    query: { from: 1796580000000, to: 1796666400000 },
  },
  'GET /api/v1/manufacturing/capacity': {
    summary: 'Capacity',
    description: 'Load against capacity per station and day.',
    response: {
      200: Type.Object({
        planId: Nullable(Type.String()),
        stations: Type.Array(
          Type.Object({
            day: Type.String(),
            station: Type.String(),
            line: Type.String(),
            loadMinutes: Type.Number(),
            availableMinutes: Type.Number(),
            utilisation: Nullable(Type.Number()), // null: no open time in the window
          }),
        ),
        lines: Type.Array(
          Type.Object({
            day: Type.String(),
            station: Type.String(),
            line: Type.String(),
            loadMinutes: Type.Number(),
            availableMinutes: Type.Number(),
            utilisation: Nullable(Type.Number()), // null: no open time in the window
          }),
        ),
      }),
    },
    example: {
      planId: 'pl_k76hvcfxn0w71zek',
      stations: [
        {
          day: '2026-12-06',
          station: 'WLD1',
          line: 'HX',
          loadMinutes: 16,
          availableMinutes: 960,
          utilisation: 0.016666666666666666,
        },
      ],
      lines: [
        {
          day: '2026-12-06',
          station: '*',
          line: 'HX',
          loadMinutes: 52,
          availableMinutes: 2400,
          utilisation: 0.021666666666666667,
        },
      ],
    },
    query: { from: 1796580000000, days: 7 },
  },
};
