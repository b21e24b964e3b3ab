// Service (工单 and SLA, issue 16): the work-order list, one work order (SLA clocks, history,
// transitions, dispatch suggestions, reserved parts, checklist, photos, sign-off), a customer's
// service request form, maintenance plans and the printable product passport.
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

/** The work-order and plan catalogues, one namespace, fetched with the first screen. */
async function loadMessages() {
  const [{ messages: base }, { planMessages }] = await Promise.all([
    import('./messages'),
    import('./messages-plans'),
  ]);
  return {
    'zh-CN': { ...base['zh-CN'], ...planMessages['zh-CN'] },
    en: { ...base.en, ...planMessages.en },
  };
}

export const service = defineContext({
  id: 'service',
  // The top-menu labels now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages(
    { menu: { service: '服务', kpis: '服务指标' } },
    { menu: { service: 'Service', kpis: 'Service KPIs' } },
  ),
  lazyMessages: loadMessages,
  routes: [
    {
      path: 'service/work-orders',
      lazy: async () => ({ Component: (await import('./work-orders-page')).WorkOrdersPage }),
    },
    {
      path: 'service/work-orders/:id',
      lazy: async () => ({ Component: (await import('./work-order-page')).WorkOrderPage }),
    },
    {
      path: 'service/plans',
      lazy: async () => ({ Component: (await import('./plans-page')).PlansPage }),
    },
    {
      path: 'service/assets/:id/passport',
      lazy: async () => ({ Component: (await import('./passport-page')).PassportPage }),
    },
    {
      path: 'service/kpis',
      lazy: async () => ({ Component: (await import('./kpi-page')).KpiPage }),
    },
    {
      path: 'service/request',
      lazy: async () => ({ Component: (await import('./request-page')).RequestPage }),
    },
  ],
  menu: [
    { to: '/service/work-orders', label: 'menu.service', permission: 'service:read', order: 35 },
    { to: '/service/kpis', label: 'menu.kpis', permission: 'service:read', order: 36 },
  ],
});
