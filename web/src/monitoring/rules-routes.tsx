// Rules and derived channels (规则与派生测点): a context of its own ('rules') beside the alarms
// console, so the two catalogues and route lists are edited independently.
import { defineContext } from '../shell/context-module';
import { rulesMessages } from './rules-messages';

export const rules = defineContext({
  id: 'rules',
  messages: rulesMessages,
  routes: [
    {
      path: 'rules',
      lazy: async () => ({ Component: (await import('./rules-page')).RulesPage }),
    },
  ],
  menu: [
    { to: '/rules', label: 'menu.rules', permission: 'alarm:read', order: 25, tenantOnly: true },
  ],
});
