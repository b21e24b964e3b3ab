// Documentation of the energy routes for /openapi.json (see route-docs.ts).
// Split by resource into the files imported below; the order of the routes is kept.
import { energyStatementDocs } from './energy-statements.ts';
import { energyMeterDocs } from './energy-meters.ts';
import { energyContractDocs } from './energy-contracts.ts';
import { energyEfficiencyDocs } from './energy-efficiency.ts';
import type { RouteDocs } from './route-docs.ts';

export const energyDocs: RouteDocs = {
  ...energyStatementDocs,
  ...energyMeterDocs,
  ...energyContractDocs,
  ...energyEfficiencyDocs,
};
