// Energy context (能源): settlement statements (printable), energy performance contracts with
// their baselines, meters, efficiency and heating.
import { Navigate } from 'react-router';
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

export const energy = defineContext({
  id: 'energy',
  // The top-menu labels now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages({ menu: { energy: '能源' } }, { menu: { energy: 'Energy' } }),
  lazyMessages: async () => (await import('./messages')).messages,
  routes: [
    { path: 'energy', element: <Navigate to="/energy/statements" replace /> },
    {
      path: 'energy/statements',
      lazy: async () => ({ Component: (await import('./statements-page')).StatementsPage }),
    },
    {
      path: 'energy/statements/:id',
      lazy: async () => ({ Component: (await import('./statement-page')).StatementPage }),
    },
    {
      path: 'energy/contracts',
      lazy: async () => ({ Component: (await import('./contracts-page')).ContractsPage }),
    },
    {
      path: 'energy/contracts/:id',
      lazy: async () => ({ Component: (await import('./contract-page')).ContractPage }),
    },
    {
      path: 'energy/meters',
      lazy: async () => ({ Component: (await import('./meters-page')).MetersPage }),
    },
    {
      path: 'energy/efficiency',
      lazy: async () => ({ Component: (await import('./efficiency-page')).EfficiencyPage }),
    },
    {
      path: 'energy/heating',
      lazy: async () => ({ Component: (await import('./heating-page')).HeatingPage }),
    },
  ],
  menu: [{ to: '/energy/statements', label: 'menu.energy', permission: 'energy:read', order: 40 }],
});
