// The documentation of every route, one catalogue per context (see route-docs.ts).
import type { RouteDocs } from './route-docs.ts';
import { assetsDocs } from './assets.ts';
import { clusterDocs } from './cluster.ts';
import { connectorsDocs } from './connectors.ts';
import { energyDocs } from './energy.ts';
import { identityDocs } from './identity.ts';
import { securityDocs } from './security.ts';
import { manufacturingDocs } from './manufacturing.ts';
import { manufacturingFlowDocs } from './manufacturing-flow.ts';
import { monitoringDocs } from './monitoring.ts';
import { alarmSubscriptionDocs } from './monitoring-subscriptions.ts';
import { alarmJournalDocs } from './alarm-journal.ts';
import { phmDocs } from './phm.ts';
import { phmTrainingDocs } from './phm-training.ts';
import { regionDocs } from './region.ts';
import { serviceDocs } from './service.ts';
import { servicePlanDocs } from './service-plans.ts';
import { telemetryDocs } from './telemetry.ts';

export const routeDocs: RouteDocs = {
  ...identityDocs,
  ...securityDocs,
  ...assetsDocs,
  ...telemetryDocs,
  ...monitoringDocs,
  ...alarmSubscriptionDocs,
  ...alarmJournalDocs,
  ...energyDocs,
  ...manufacturingDocs,
  ...manufacturingFlowDocs,
  ...phmDocs,
  ...phmTrainingDocs,
  ...serviceDocs,
  ...servicePlanDocs,
  ...regionDocs,
  ...connectorsDocs,
  ...clusterDocs,
};
