// Regional pilot programme (两业融合试点, issue #22): the programme overview with the evaluation,
// the map of cities coloured by D, radar and trend per unit, and the printable report.
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

export const region = defineContext({
  id: 'region',
  // The top-menu labels now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages(
    { menu: { region: '两业融合试点' } },
    { menu: { region: 'Pilot programme' } },
  ),
  lazyMessages: async () => (await import('./messages')).messages,
  routes: [
    {
      path: 'region',
      lazy: async () => ({ Component: (await import('./region-page')).RegionPage }),
    },
    {
      path: 'region/report',
      lazy: async () => ({ Component: (await import('./report-page')).ReportPage }),
    },
  ],
  menu: [
    { to: '/region', label: 'menu.region', permission: 'region:read', tenantOnly: true, order: 75 },
  ],
});
