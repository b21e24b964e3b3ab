// PHM (issue 14): installed-base health with the RUL ranking, and the model registry.
import { defineContext } from '../shell/context-module';
import { messages } from './messages';

export const phm = defineContext({
  id: 'phm',
  messages,
  routes: [
    {
      path: 'phm/health',
      lazy: async () => ({ Component: (await import('./health-page')).HealthPage }),
    },
    {
      path: 'phm/models',
      lazy: async () => ({ Component: (await import('./models-page')).ModelsPage }),
    },
  ],
  // One top-menu entry; the model registry is a tab of it (tabs.tsx) for roles with phm:write.
  menu: [{ to: '/phm/health', label: 'menu.health', permission: 'phm:read', order: 30 }],
});
