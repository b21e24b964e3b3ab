// Manufacturing (制造): configurator and customer orders, production orders and WIP, the plan
// as a Gantt with moves the server checks, what-if, OEE and capacity, replenishment proposals,
// quotes with prices, material requirements and purchase proposals, material issue.
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

/** The base and order-flow catalogues, one namespace, fetched with the first screen. */
async function loadMessages() {
  const [{ messages: base }, { flowMessages }] = await Promise.all([
    import('./messages'),
    import('./messages-flow'),
  ]);
  return {
    'zh-CN': { ...base['zh-CN'], ...flowMessages['zh-CN'] },
    en: { ...base.en, ...flowMessages.en },
  };
}

export const manufacturing = defineContext({
  id: 'manufacturing',
  // The top-menu labels now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages(
    { menu: { manufacturing: '制造' } },
    { menu: { manufacturing: 'Manufacturing' } },
  ),
  lazyMessages: loadMessages,
  routes: [
    {
      path: 'manufacturing',
      lazy: async () => ({ Component: (await import('./schedule-page')).SchedulePage }),
    },
    {
      path: 'manufacturing/configurator',
      lazy: async () => ({ Component: (await import('./configurator-page')).ConfiguratorPage }),
    },
    {
      path: 'manufacturing/quotes',
      lazy: async () => ({ Component: (await import('./quotes-page')).QuotesPage }),
    },
    {
      path: 'manufacturing/materials',
      lazy: async () => ({ Component: (await import('./materials-page')).MaterialsPage }),
    },
    {
      path: 'manufacturing/orders',
      lazy: async () => ({ Component: (await import('./orders-page')).OrdersPage }),
    },
    {
      path: 'manufacturing/performance',
      lazy: async () => ({ Component: (await import('./performance-page')).PerformancePage }),
    },
    {
      path: 'manufacturing/replenishment',
      lazy: async () => ({
        Component: (await import('./replenishment-page')).ReplenishmentPage,
      }),
    },
  ],
  menu: [
    {
      to: '/manufacturing',
      label: 'menu.manufacturing',
      permission: 'production:read',
      order: 50,
      tenantOnly: true,
    },
  ],
});
