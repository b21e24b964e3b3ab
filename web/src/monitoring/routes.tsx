// Monitoring context: the alarms console (告警), the alarm journal (告警日志) and the user's alarm
// subscriptions (告警订阅).
import { defineContext } from '../shell/context-module';
import { messages } from './messages';

export const monitoring = defineContext({
  id: 'monitoring',
  messages,
  routes: [
    {
      path: 'alarms',
      lazy: async () => ({ Component: (await import('./alarms-page')).AlarmsPage }),
    },
    {
      path: 'alarms/journal',
      lazy: async () => ({ Component: (await import('./journal-page')).JournalPage }),
    },
    {
      path: 'alarms/subscriptions',
      lazy: async () => ({ Component: (await import('./subscriptions-page')).SubscriptionsPage }),
    },
  ],
  menu: [{ to: '/alarms', label: 'menu.alarms', permission: 'alarm:read', order: 20 }],
});
