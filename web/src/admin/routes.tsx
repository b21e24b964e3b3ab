// Administration: API keys, administrators (separation of duties), the audit view.
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
    {
      path: 'admin/administrators',
      lazy: async () => ({
        Component: (await import('./administrators-page')).AdministratorsPage,
      }),
    },
    {
      path: 'admin/audit-view',
      lazy: async () => ({ Component: (await import('./audit-page')).AuditPage }),
    },
  ],
  menu: [
    { to: '/admin/api-keys', label: 'menu.apiKeys', permission: 'apikey:write', order: 90 },
    { to: '/admin/administrators', label: 'menu.admins', permission: 'user:read', order: 91 },
    { to: '/admin/audit-view', label: 'menu.audit', permission: 'audit:read', order: 92 },
  ],
});
