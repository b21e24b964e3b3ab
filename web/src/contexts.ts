// The one registry of the console's contexts. Adding a context's screens = one folder with a
// routes.tsx exporting a ContextModule, plus one line here (web/README.md).
import type { ContextModule } from './shell/context-module';
import { assets } from './assets/routes';
import { monitoring } from './monitoring/routes';
import { rules } from './monitoring/rules-routes';
import { admin } from './admin/routes';
import { connectors } from './connectors/routes';
import { energy } from './energy/routes';
import { manufacturing } from './manufacturing/routes';
import { phm } from './phm/routes';
import { region } from './region/routes';
import { registry } from './registry/routes';
import { service } from './service/routes';
import { settings } from './settings/routes';

export const contexts: ContextModule[] = [
  assets,
  monitoring,
  rules,
  phm,
  energy,
  manufacturing,
  service,
  region,
  registry,
  connectors,
  admin,
  settings,
];
