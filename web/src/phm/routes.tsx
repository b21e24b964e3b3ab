// PHM (issues 14, 18): installed-base health with the RUL ranking, one asset's latest assessment
// and bearing diagnosis, the assessment schedules, and the model registry.
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

export const phm = defineContext({
  id: 'phm',
  // The top-menu labels now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages(
    { menu: { health: '健康与寿命' } },
    { menu: { health: 'Health and RUL' } },
  ),
  lazyMessages: async () => (await import('./messages')).messages,
  routes: [
    {
      path: 'phm/health',
      lazy: async () => ({ Component: (await import('./health-page')).HealthPage }),
    },
    {
      path: 'phm/schedules',
      lazy: async () => ({ Component: (await import('./schedules-page')).SchedulesPage }),
    },
    {
      path: 'phm/assets/:id',
      lazy: async () => ({ Component: (await import('./asset-page')).AssetPhmPage }),
    },
    {
      path: 'phm/rul',
      lazy: async () => ({ Component: (await import('./rul-page')).RulPage }),
    },
    {
      path: 'phm/models',
      lazy: async () => ({ Component: (await import('./models-page')).ModelsPage }),
    },
  ],
  // One top-menu entry; the model registry is a tab of it (tabs.tsx) for roles with phm:write.
  menu: [{ to: '/phm/health', label: 'menu.health', permission: 'phm:read', order: 30 }],
});
