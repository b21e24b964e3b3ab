// The documentation of every route, one catalogue per context (see route-docs.ts).
import type { RouteDocs } from './route-docs.ts';
import { assetsDocs } from './assets.ts';
import { connectorsDocs } from './connectors.ts';
import { energyDocs } from './energy.ts';
import { identityDocs } from './identity.ts';
import { manufacturingDocs } from './manufacturing.ts';
import { monitoringDocs } from './monitoring.ts';
import { phmDocs } from './phm.ts';
import { serviceDocs } from './service.ts';
import { servicePlanDocs } from './service-plans.ts';
import { telemetryDocs } from './telemetry.ts';

export const routeDocs: RouteDocs = {
  ...identityDocs,
  ...assetsDocs,
  ...telemetryDocs,
  ...monitoringDocs,
  ...energyDocs,
  ...manufacturingDocs,
  ...phmDocs,
  ...serviceDocs,
  ...servicePlanDocs,
  ...connectorsDocs,
};
