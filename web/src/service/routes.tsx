// Service (工单 and SLA, issue 16): the work-order list, one work order (SLA clocks, history,
// transitions, dispatch suggestions, reserved parts) and a customer's service request form.
import { defineContext } from '../shell/context-module';
import { messages } from './messages';

export const service = defineContext({
  id: 'service',
  messages,
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
