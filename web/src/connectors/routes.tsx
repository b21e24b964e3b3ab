// OPC UA and Modbus connectors (issue 23): the list with each connector's and mapping's status,
// the create form for both protocols, the edit screen with the OPC UA address-space browser,
// and delete. The routes need device:read / device:write.
import { defineContext } from '../shell/context-module';
import { defineMessages } from '../shell/define-messages';

export const connectors = defineContext({
  id: 'connectors',
  // The top-menu label now; the rest with the first screen (shell/context-module.ts).
  messages: defineMessages(
    { menu: { connectors: '设备接入' } },
    { menu: { connectors: 'Connectors' } },
  ),
  lazyMessages: async () => (await import('./messages')).messages,
  routes: [
    {
      path: 'connectors',
      lazy: async () => ({ Component: (await import('./connectors-page')).ConnectorsPage }),
    },
    {
      path: 'connectors/:id',
      lazy: async () => ({ Component: (await import('./edit-connector')).EditConnectorPage }),
    },
  ],
  menu: [
    {
      to: '/connectors',
      label: 'menu.connectors',
      permission: 'device:read',
      tenantOnly: true,
      order: 78,
    },
  ],
});
