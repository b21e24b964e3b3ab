// Assets context: the fleet overview (设备总览) and the asset page (资产详情).
import { defineContext } from '../shell/context-module';
import { messages } from './messages';
import { prefetchFleet } from './queries';

export const assets = defineContext({
  id: 'assets',
  messages,
  routes: [
    {
      path: 'fleet',
      loader: prefetchFleet,
      lazy: async () => ({ Component: (await import('./fleet-page')).FleetPage }),
    },
    {
      path: 'assets/:id',
      lazy: async () => ({ Component: (await import('./asset-page')).AssetPage }),
    },
  ],
  menu: [{ to: '/fleet', label: 'menu.fleet', permission: 'asset:read', order: 10 }],
});
