// Administration (系统管理, issue 14): users and roles, customers, devices and their tokens, the
// CSV asset import, the audit log and asset models. Each menu entry needs a permission that a
// customer_viewer lacks (src/identity/roles.ts), so a customer sees none of them.
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

export const registry = defineContext({
  id: 'registry',
  // The top-menu label now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages({ menu: { admin: '系统管理' } }, { menu: { admin: 'Administration' } }),
  lazyMessages: async () => (await import('./messages')).messages,
  routes: [
    {
      path: 'admin',
      lazy: async () => ({ Component: (await import('./tabs')).AdminHome }),
    },
    {
      path: 'admin/users',
      lazy: async () => ({ Component: (await import('./users-page')).UsersPage }),
    },
    {
      path: 'admin/customers',
      lazy: async () => ({ Component: (await import('./customers-page')).CustomersPage }),
    },
    {
      path: 'admin/devices',
      lazy: async () => ({ Component: (await import('./devices-page')).DevicesPage }),
    },
    {
      path: 'admin/import',
      lazy: async () => ({ Component: (await import('./import-page')).ImportPage }),
    },
    {
      path: 'admin/audit',
      lazy: async () => ({ Component: (await import('./audit-page')).AuditPage }),
    },
    {
      path: 'admin/asset-models',
      lazy: async () => ({ Component: (await import('./models-page')).AssetModelsPage }),
    },
  ],
  // One entry in the top menu; the pages share a tab bar (tabs.tsx) showing what the role may use.
  menu: [{ to: '/admin', label: 'menu.admin', permission: 'device:read', order: 80 }],
});
