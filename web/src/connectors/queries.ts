// The connector reads: definitions (never carrying a password), their status, and the devices
// a connector can feed.
import { api, type Body, type Res } from '../api/client';

export type Connector = Res<'/api/v1/connectors', 'get'>['items'][number];
export type ConnectorStatus = Res<'/api/v1/connectors/{id}/status', 'get'>;
export type Definition = Body<'/api/v1/connectors', 'post'>;
export type Created = Res<'/api/v1/connectors', 'post'>;
export type Replaced = Res<'/api/v1/connectors/{id}', 'put'>;
export type BrowsedNode = Res<'/api/v1/connectors/{id}/browse', 'get'>['items'][number];

/** GET /api/v1/devices (src/assets/devices.ts Device). */
export interface DeviceRef {
  id: string;
  assetId: string;
  name: string;
}

export const connectorsKey = ['connectors', 'list'] as const;
export const statusKey = (id: string) => ['connectors', 'status', id] as const;
export const connectorKey = (id: string) => ['connectors', 'one', id] as const;

export const fetchConnector = (id: string): Promise<Connector> =>
  api.get('/api/v1/connectors/{id}', { path: { id } });

export const replaceConnector = (id: string, def: Definition): Promise<Replaced> =>
  api.put('/api/v1/connectors/{id}', def, { path: { id } });

/** The children of an OPC UA node, or of the Objects folder without one. */
export const browse = (
  id: string,
  node?: { namespaceUri: string; nodeId: string },
): Promise<BrowsedNode[]> =>
  api
    .get('/api/v1/connectors/{id}/browse', {
      path: { id },
      ...(node ? { query: { namespaceUri: node.namespaceUri, nodeId: node.nodeId } } : {}),
    })
    .then((r) => r.items);

export const fetchConnectors = async (): Promise<Connector[]> =>
  (await api.get('/api/v1/connectors')).items;

export const fetchStatus = (id: string): Promise<ConnectorStatus> =>
  api.get('/api/v1/connectors/{id}/status', { path: { id } });

export const fetchDevices = (): Promise<DeviceRef[]> =>
  api.get<'/api/v1/devices', DeviceRef[]>('/api/v1/devices');

export const createConnector = (def: Definition): Promise<Created> =>
  api.post('/api/v1/connectors', def);

export const deleteConnector = (id: string): Promise<unknown> =>
  api.delete('/api/v1/connectors/{id}', { path: { id } });
