// Administration: API keys (more to come: customers, users, devices, models, import, audit).
import { defineContext } from '../shell/context-module';
import { messages } from './messages';

export const admin = defineContext({
  id: 'admin',
  messages,
  routes: [
    {
      path: 'admin/api-keys',
      lazy: async () => ({ Component: (await import('./api-keys-page')).ApiKeysPage }),
    },
  ],
  menu: [{ to: '/admin/api-keys', label: 'menu.apiKeys', permission: 'apikey:write', order: 90 }],
});
