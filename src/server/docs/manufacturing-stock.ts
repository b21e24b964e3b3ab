// Documentation of the manufacturing routes for SKUs, sales, stock and replenishment, for
// /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { ProductionOrder, ItemStatuses, Proposal } from './manufacturing-schemas.ts';

export const manufacturingStockDocs: RouteDocs = {
  'POST /api/v1/manufacturing/skus': {
    summary: 'Create a SKU',
    description: 'A stock-keeping unit for replenishment.',
    response: {
      201: Type.Object({
        sku: Type.String(),
        modelId: Type.String(),
        configuration: Type.Object({
          size: Type.String(),
          fabric: Type.String(),
          colour: Type.String(),
          fill: Type.String(),
          embroidery: Type.String(),
        }),
      }),
    },
    example: {
      sku: 'DJ01-L-GORE-BLACK-DUCK90-none',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      configuration: {
        size: 'L',
        fabric: 'GORE',
        colour: 'BLACK',
        fill: 'DUCK90',
        embroidery: 'none',
      },
    },
    body: {
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      configuration: {
        size: 'L',
        fabric: 'GORE',
        colour: 'BLACK',
      },
    },
  },
  'POST /api/v1/manufacturing/sales': {
    summary: 'Record sales',
    description: 'Sales per SKU and day, the demand replenishment reads.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.Optional(Type.String()),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          index: 0,
          status: 'ok',
        },
      ],
    },
    body: {
      csv: 'sku,store,day,quantity\nDJ01-L-GORE-BLACK-DUCK90-none,BJ01,2026-01-05,4\nDJ01-L-GORE-BLACK-DUCK90-none,BJ01,2026-01-06,-2\n',
    },
  },
  'POST /api/v1/manufacturing/stock': {
    summary: 'Record stock',
    description: 'Stock on hand per SKU.',
    response: { 200: ItemStatuses },
    example: { items: [{ index: 0, status: 'ok' }] },
    body: { rows: [{ sku: 'SHIRT-M-BLUE', store: 'SH01', onHand: 40 }] },
  },
  'POST /api/v1/manufacturing/replenishment/run': {
    summary: 'Run replenishment',
    description:
      'Proposes production for SKUs whose projected stock falls below their reorder point.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.String(),
            sku: Type.String(),
            store: Type.String(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          index: 0,
          status: 'insufficient-data',
          reason: 'DJ01-L-GORE-BLACK-DUCK90-none@BJ01: 2 days of sales, need 14',
          sku: 'DJ01-L-GORE-BLACK-DUCK90-none',
          store: 'BJ01',
        },
      ],
    },
    body: {
      asOfDay: '2026-01-07',
      leadTimeDays: 2,
      reviewDays: 1,
    },
  },
  'GET /api/v1/manufacturing/replenishment/proposals': {
    summary: 'Replenishment proposals',
    description: 'Open and decided proposals.',
    response: { 200: Type.Array(Proposal) },
    example: [],
  },
  'POST /api/v1/manufacturing/replenishment/proposals/:id/accept': {
    summary: 'Accept a proposal',
    description: 'Accepts a replenishment proposal.',
    response: {
      200: Type.Object({
        id: Type.String(),
        status: Type.String(),
        productionOrder: Nullable(ProductionOrder),
      }),
    },
    params: { id: 'rp_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/replenishment/proposals/:id/reject': {
    summary: 'Reject a proposal',
    description: 'Rejects a replenishment proposal.',
    response: {
      200: Type.Object({
        id: Type.String(),
        status: Type.String(),
        productionOrder: Nullable(ProductionOrder),
      }),
    },
    params: { id: 'rp_0d09fdtsw20a82xz' },
  },
};
