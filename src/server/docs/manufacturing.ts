// Documentation of the manufacturing routes for /openapi.json (see route-docs.ts).
// Split by resource into the files imported below; the order of the routes is kept.
import { manufacturingCatalogueDocs } from './manufacturing-catalogue.ts';
import { manufacturingOrderDocs } from './manufacturing-orders.ts';
import { manufacturingStockDocs } from './manufacturing-stock.ts';
import { manufacturingPlanDocs } from './manufacturing-plans.ts';
import type { RouteDocs } from './route-docs.ts';

export const manufacturingDocs: RouteDocs = {
  ...manufacturingCatalogueDocs,
  ...manufacturingOrderDocs,
  ...manufacturingStockDocs,
  ...manufacturingPlanDocs,
};
