// Documentation of the service routes for /openapi.json (see route-docs.ts).
// Split by resource into the files imported below; the order of the routes is kept.
import { serviceContractDocs } from './service-contracts.ts';
import { serviceWorkOrderDocs } from './service-work-orders.ts';
import { serviceWorkOrderStepDocs } from './service-work-order-steps.ts';
import { servicePartDocs } from './service-parts.ts';
import type { RouteDocs } from './route-docs.ts';

export const serviceDocs: RouteDocs = {
  ...serviceContractDocs,
  ...serviceWorkOrderDocs,
  ...serviceWorkOrderStepDocs,
  ...servicePartDocs,
};
