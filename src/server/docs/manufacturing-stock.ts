// Documentation of the manufacturing routes for SKUs, sales, stock and replenishment, for
// /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { ProductionOrder, ItemStatuses, Proposal } from './manufacturing-schemas.ts';

/** The standard unit the demo's depots (NJ01, XZ01) keep in stock (src/manufacturing/demo-seed.ts). */
const DEPOT_SKU = 'HXU-P-1MW-SS316-single';
const Decision = Type.Object({
  id: Type.String(),
  status: Type.String(),
  productionOrder: Nullable(ProductionOrder),
});

export const manufacturingStockDocs: RouteDocs = {
  'POST /api/v1/manufacturing/skus': {
    summary: 'Create a SKU',
    description: 'A stock-keeping unit for replenishment.',
    response: {
      201: Type.Object({
        sku: Type.String(),
        modelId: Type.String(),
        configuration: Type.Record(Type.String(), Type.String()),
      }),
    },
    example: {
      sku: DEPOT_SKU,
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      configuration: { duty: '1MW', plate: 'SS316', pump: 'single' },
    },
    body: { modelId: 'pm_2j1mg1tbxsj0sgy8', configuration: { duty: '1MW', plate: 'SS316' } },
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
        { index: 0, status: 'ok' },
        { index: 1, status: 'ok' },
      ],
    },
    body: {
      csv: `sku,store,day,quantity\n${DEPOT_SKU},NJ01,2026-01-05,1\n${DEPOT_SKU},NJ01,2026-01-06,0\n`,
    },
  },
  'POST /api/v1/manufacturing/stock': {
    summary: 'Record stock',
    description: 'Stock on hand per SKU.',
    response: { 200: ItemStatuses },
    example: { items: [{ index: 0, status: 'ok' }] },
    body: { rows: [{ sku: DEPOT_SKU, store: 'NJ01', onHand: 1 }] },
  },
  'POST /api/v1/manufacturing/replenishment/run': {
    summary: 'Run replenishment',
    description:
      'Proposes production for SKUs whose projected stock falls below their reorder point, from the sales before `asOfDay` (a proposal still open for the same SKU and store is superseded). The example looks at the two days of sales recorded above: too few to propose.',
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
          reason: `${DEPOT_SKU}@NJ01: 2 days of sales, need 14`,
          sku: DEPOT_SKU,
          store: 'NJ01',
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
    description:
      'Open proposals first (what waits for a decision), then decided and superseded ones, newest first.',
    response: { 200: Type.Array(Proposal) },
    example: [],
  },
  'POST /api/v1/manufacturing/replenishment/proposals/:id/accept': {
    summary: 'Accept a proposal',
    description:
      'Accepts an open replenishment proposal: a production order of the SKU, due after the lead time of the run. A decided proposal is a 409.',
    response: { 200: Decision },
    params: { id: 'rp_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/replenishment/proposals/:id/reject': {
    summary: 'Reject a proposal',
    description:
      'Rejects an open replenishment proposal (the first open one the list shows); a decided proposal is a 409.',
    response: { 200: Decision },
    // No id example: the walk of the contract test, like a reader, takes the list's first open
    // proposal, which is not the one the accept example decided.
    example: { id: 'rp_0d09fdtsw20a82xz', status: 'rejected', productionOrder: null },
  },
};
