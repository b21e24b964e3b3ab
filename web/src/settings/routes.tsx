// Tenant settings: the time zone every day, week, month and time axis is cut and shown in.
import { defineContext } from '../shell/context-module';
import { messages } from './messages';

export const settings = defineContext({
  id: 'settings',
  messages,
  routes: [
    {
      path: 'settings/time-zone',
      lazy: async () => ({ Component: (await import('./time-zone-page')).TimeZonePage }),
    },
  ],
  menu: [
    { to: '/settings/time-zone', label: 'menu.timeZone', permission: 'tenant:settings', order: 95 },
  ],
});
