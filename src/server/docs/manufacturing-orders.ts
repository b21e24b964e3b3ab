// Documentation of the manufacturing routes for customer orders, production orders and work in
// progress, for /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { type RouteDocs } from './route-docs.ts';
import { CustomerOrder, ProductionOrder } from './manufacturing-schemas.ts';

export const manufacturingOrderDocs: RouteDocs = {
  'GET /api/v1/manufacturing/customer-orders': {
    summary: 'List customer orders',
    description: 'The customer orders of the tenant (not yet filtered or paged).',
    response: { 200: Type.Array(CustomerOrder) },
    example: [],
  },
  'POST /api/v1/manufacturing/customer-orders': {
    summary: 'Place a customer order',
    description: 'An order for a configured product, quantity and due date.',
    response: { 201: CustomerOrder },
    example: {
      id: 'co_7axns9rdq9cnj0vh',
      customerId: 'cu_84ftyaw2j3txg3wf',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      reference: '',
      sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
      configuration: {
        size: 'M',
        fabric: 'NYLON',
        colour: 'RED',
        embroidery: 'logo',
        fill: 'DUCK90',
      },
      quantity: 2,
      dueAt: 1796844166424,
      priority: 3,
      bom: [
        {
          item: 'SHELL-NYLON-RED',
          unit: 'm',
          perPiece: 1.8,
          quantity: 3.6,
        },
      ],
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
          changeover: {
            family: 'colour=RED',
            minutes: 20,
          },
        },
      ],
      status: 'open',
      productionOrderId: null,
      createdAt: 1796584966426,
    },
    body: {
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      customerId: 'cu_84ftyaw2j3txg3wf',
      configuration: {
        size: 'M',
        fabric: 'NYLON',
        colour: 'RED',
        embroidery: 'logo',
      },
      quantity: 2,
      dueAt: 1796844166424,
    },
  },
  'GET /api/v1/manufacturing/customer-orders/:id': {
    summary: 'Get a customer order',
    description: 'One customer order by id.',
    response: { 200: CustomerOrder },
    example: {
      id: 'co_41x74xdxz25400q0',
      customerId: 'cu_84ftyaw2j3txg3wf',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      reference: '',
      sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
      configuration: {
        size: 'M',
        fabric: 'NYLON',
        colour: 'RED',
        embroidery: 'logo',
        fill: 'DUCK90',
      },
      quantity: 1,
      dueAt: 1796671367989,
      priority: 3,
      bom: [
        {
          item: 'SHELL-NYLON-RED',
          unit: 'm',
          perPiece: 1.8,
          quantity: 1.8,
        },
      ],
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
          changeover: {
            family: 'colour=RED',
            minutes: 20,
          },
        },
      ],
      status: 'released',
      productionOrderId: 'po_nyjecyha8mr6p3h9',
      createdAt: 1796584967989,
    },
  },
  'POST /api/v1/manufacturing/customer-orders/:id/release': {
    summary: 'Release an order to production',
    description: 'Creates the production order with its operations from the configured routing.',
    response: { 201: ProductionOrder },
    example: {
      id: 'po_6wj1a8jsysgg6n71',
      customerId: 'cu_84ftyaw2j3txg3wf',
      source: 'customer-order',
      sourceId: 'co_8wqk0q0ky40mzv9x',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
      quantity: 3,
      releaseAt: 1796584966435,
      dueAt: 1796671366433,
      priority: 3,
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
          changeover: {
            family: 'colour=RED',
            minutes: 20,
          },
        },
      ],
      status: 'released',
      createdAt: 1796584966436,
    },
  },
  'GET /api/v1/manufacturing/production-orders': {
    summary: 'List production orders',
    description:
      'Production orders the caller may see with their routing and status, filtered by status, source, customer, product model, SKU and creation time (release time with `sort=releaseAt`), newest first (`order=asc` for oldest), paged by cursor (`limit`, default 100, and `cursor` → `nextCursor`).',
    response: { 200: CursorPage(ProductionOrder) },
    query: { status: 'in-progress', limit: 50 },
    example: {
      items: [
        {
          id: 'po_6wj1a8jsysgg6n71',
          customerId: 'cu_84ftyaw2j3txg3wf',
          source: 'customer-order',
          sourceId: 'co_8wqk0q0ky40mzv9x',
          modelId: 'pm_2j1mg1tbxsj0sgy8',
          sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
          quantity: 3,
          releaseAt: 1796584966435,
          dueAt: 1796671366433,
          priority: 3,
          routing: [
            {
              operation: 'cutting',
              stations: [
                {
                  station: 'CUT1',
                  minutesPerUnit: 2,
                  setupMinutes: 10,
                },
              ],
              changeover: {
                family: 'colour=RED',
                minutes: 20,
              },
            },
          ],
          status: 'in-progress',
          createdAt: 1796584966436,
        },
      ],
      nextCursor: null,
    },
  },
  'GET /api/v1/manufacturing/production-orders/:id': {
    summary: 'Get a production order',
    description: 'One production order with its operations.',
    response: { 200: ProductionOrder },
    params: { id: 'po_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/production-orders/:id/operations/:op/start': {
    summary: 'Start an operation',
    description: 'A station reports that an operation has started.',
    response: {
      200: Type.Object({
        orderId: Type.String(),
        op: Type.Number(),
        operation: Type.String(),
        station: Type.String(),
        kind: Type.String(),
        at: Type.Number(),
        quantity: Type.Number(),
        scrap: Type.Number(),
        orderStatus: Type.String(),
        units: Type.Array(Type.Object({ assetId: Type.String(), serial: Type.String() }), {
          description:
            'Units registered as assets when the last operation of a serialised product finished',
        }),
      }),
    },
    example: {
      orderId: 'po_6wj1a8jsysgg6n71',
      op: 0,
      operation: 'cutting',
      station: 'CUT1',
      kind: 'start',
      at: 1796584967969,
      quantity: 0,
      scrap: 0,
      orderStatus: 'in-progress',
      units: [],
    },
    body: {
      station: 'CUT1',
    },
  },
  'POST /api/v1/manufacturing/production-orders/:id/operations/:op/finish': {
    summary: 'Finish an operation',
    description: 'A station reports that an operation finished, with good and scrap quantities.',
    response: {
      200: Type.Object({
        orderId: Type.String(),
        op: Type.Number(),
        operation: Type.String(),
        station: Type.String(),
        kind: Type.String(),
        at: Type.Number(),
        quantity: Type.Number(),
        scrap: Type.Number(),
        orderStatus: Type.String(),
        units: Type.Array(Type.Object({ assetId: Type.String(), serial: Type.String() }), {
          description:
            'Units registered as assets when the last operation of a serialised product finished',
        }),
      }),
    },
    example: {
      orderId: 'po_nyjecyha8mr6p3h9',
      op: 0,
      operation: 'cutting',
      station: 'CUT2',
      kind: 'finish',
      at: 1796584968003,
      quantity: 1,
      scrap: 0,
      orderStatus: 'in-progress',
      units: [],
    },
    body: {
      quantity: 1,
    },
  },
  'GET /api/v1/manufacturing/wip': {
    summary: 'Work in progress',
    description: 'Production orders in progress per station.',
    response: {
      200: Type.Array(
        Type.Object({
          orderId: Type.String(),
          sku: Type.String(),
          quantity: Type.Number(),
          dueAt: Type.Number(),
          running: Type.Array(
            Type.Object(
              { op: Type.Integer(), operation: Type.String() },
              { additionalProperties: true },
            ),
          ),
          finishedOperations: Type.Integer(),
          operations: Type.Integer(),
        }),
      ),
    },
    example: [],
  },
};
