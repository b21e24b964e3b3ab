// Documentation of the manufacturing routes for customer orders, production orders and work in
// progress, for /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { type RouteDocs } from './route-docs.ts';
import { CustomerOrder, ProductionOrder } from './manufacturing-schemas.ts';
import {
  configurationExample,
  customerOrderExample,
  productionOrderExample,
} from './manufacturing-examples.ts';

/** What a station reports back about an operation (start or finish). */
const OperationEvent = Type.Object({
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
});
const opParams = { id: productionOrderExample.id, op: 0 };

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
    example: customerOrderExample,
    body: {
      modelId: customerOrderExample.modelId,
      customerId: customerOrderExample.customerId,
      reference: customerOrderExample.reference,
      configuration: configurationExample,
      quantity: 2,
      dueAt: 'now+21d',
    },
  },
  'GET /api/v1/manufacturing/customer-orders/:id': {
    summary: 'Get a customer order',
    description: 'One customer order by id.',
    response: { 200: CustomerOrder },
    params: { id: customerOrderExample.id },
    example: {
      ...customerOrderExample,
      status: 'released',
      productionOrderId: productionOrderExample.id,
    },
  },
  'POST /api/v1/manufacturing/customer-orders/:id/release': {
    summary: 'Release an order to production',
    description: 'Creates the production order with its operations from the configured routing.',
    response: { 201: ProductionOrder },
    // the order placed above (an order released already is a 409)
    params: { id: customerOrderExample.id },
    example: productionOrderExample,
  },
  'GET /api/v1/manufacturing/production-orders': {
    summary: 'List production orders',
    description:
      'Production orders the caller may see with their routing and status, filtered by status, source, customer, product model, SKU and creation time (release time with `sort=releaseAt`), newest first (`order=asc` for oldest), paged by cursor (`limit`, default 100, and `cursor` → `nextCursor`).',
    response: { 200: CursorPage(ProductionOrder) },
    query: { status: 'in-progress', limit: 50 },
    example: { items: [{ ...productionOrderExample, status: 'in-progress' }], nextCursor: null },
  },
  'GET /api/v1/manufacturing/production-orders/:id': {
    summary: 'Get a production order',
    description: 'One production order with its operations.',
    response: { 200: ProductionOrder },
    params: { id: 'po_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/production-orders/:id/operations/:op/start': {
    summary: 'Start an operation',
    description:
      'A station reports that an operation has started (operation 0 first, each after the one before it finished).',
    response: { 200: OperationEvent },
    params: opParams,
    example: {
      orderId: productionOrderExample.id,
      op: 0,
      operation: 'welding',
      station: 'WLD1',
      kind: 'start',
      at: 1796584967969,
      quantity: 0,
      scrap: 0,
      orderStatus: 'in-progress',
      units: [],
    },
    body: { station: 'WLD1' },
  },
  'POST /api/v1/manufacturing/production-orders/:id/operations/:op/finish': {
    summary: 'Finish an operation',
    description: 'A station reports that an operation finished, with good and scrap quantities.',
    response: { 200: OperationEvent },
    params: opParams,
    example: {
      orderId: productionOrderExample.id,
      op: 0,
      operation: 'welding',
      station: 'WLD1',
      kind: 'finish',
      at: 1796584968003,
      quantity: 2,
      scrap: 0,
      orderStatus: 'in-progress',
      units: [],
    },
    body: { quantity: 2 },
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
