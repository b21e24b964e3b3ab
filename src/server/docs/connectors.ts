// Documentation of the connector routes (issue 23) for /openapi.json (see route-docs.ts and
// src/server/routes/connectors.ts).
import { NoContent, type RouteDocs } from './route-docs.ts';

const modbus = {
  name: 'Chiller 1 PLC',
  deviceId: 'dv_7k2m9q1w3e5r8t4y',
  runOn: 'gateway',
  protocol: 'modbus',
  host: '192.168.10.21',
  port: 502,
  intervalMs: 1000,
  timeoutMs: 1000,
  retries: 1,
  mappings: [
    {
      asset: 'CHL-0001',
      channel: 'chw_supply_temp',
      unitId: 1,
      function: 'holding',
      address: 100,
      dataType: 'float32',
      wordOrder: 'little',
      scale: 1,
      offset: 0,
      deadband: { kind: 'absolute', value: 0.1 },
    },
  ],
};
const connector = {
  ...modbus,
  id: 'ct_3k1x9c7b2m4n8p5q',
  enabled: true,
  hasPassword: false,
  createdAt: 1_796_000_000_000,
  updatedAt: 1_796_000_000_000,
};
const opcua = {
  name: 'Heat station 3',
  deviceId: 'dv_7k2m9q1w3e5r8t4y',
  runOn: 'platform',
  protocol: 'opcua',
  endpointUrl: 'opc.tcp://10.0.4.7:4840',
  securityMode: 'SignAndEncrypt',
  username: 'ronghe',
  password: 'secret from the PLC team',
  publishingIntervalMs: 1000,
  mappings: [
    {
      asset: 'HXS-0003',
      channel: 'supply_temp',
      namespaceUri: 'urn:vendor:heatstation',
      nodeId: 's=Primary.SupplyTemp',
      samplingIntervalMs: 500,
      queueSize: 10,
      deadband: { kind: 'absolute', value: 0.05 },
    },
  ],
};
const params = { id: 'ct_3k1x9c7b2m4n8p5q' };
/** An OPC UA connector as listed: its password sealed, never returned. */
const { password: _sealed, ...opcuaListed } = opcua;
const opcuaConnector = {
  ...opcuaListed,
  id: 'ct_8w2r6t4y1u3i5o7p',
  enabled: true,
  hasPassword: true,
  createdAt: 1_796_000_000_000,
  updatedAt: 1_796_000_060_000,
};

export const connectorsDocs: RouteDocs = {
  'POST /api/v1/connectors': {
    summary: 'Define an OPC UA or Modbus TCP connector',
    description:
      'Maps a source (OPC UA node ids by namespace URI, or Modbus unit, function, address and data type with byte and word order) onto asset channels. `runOn: platform` runs it inside the platform; `gateway` leaves it to `ronghe gateway` in the plant, and the token of its `deviceId` may then write every asset the mappings name (besides its own asset; no other asset of the tenant), so one gateway serves the PLCs of several assets. A password is stored encrypted and never returned (`hasPassword`). Refused with 400 naming the field: overlapping Modbus ranges, a data type that does not fit `count` or the function, an unknown device, asset or channel, and an OPC UA node id the server does not have (checked when the platform can reach the server; `verification` says whether it could).',
    body: modbus,
    example: { connector, verification: { checked: false, reason: null } },
  },
  'GET /api/v1/connectors': {
    summary: 'List connectors',
    description: "The tenant's connector definitions by name, without passwords.",
    example: { items: [connector, opcuaConnector] },
  },
  'GET /api/v1/connectors/:id': {
    summary: 'A connector',
    description: 'One connector definition, without its password.',
    params,
    example: connector,
  },
  'PUT /api/v1/connectors/:id': {
    summary: 'Replace a connector',
    description:
      'Replaces the definition (same checks as creating it; the protocol cannot change). Without `password` the stored one is kept while a user name is given. A platform-run connector restarts with the new definition. A gateway device that no longer runs a mapping of an asset (the mapping or the connector moved to another device, or the connector disabled) may no longer write that asset, from the answer on (on another node of a cluster, within 2 s).',
    params,
    // The Modbus connector above, polled every 2 s instead of every second.
    body: { ...modbus, intervalMs: 2000 },
    example: {
      connector: { ...connector, intervalMs: 2000, updatedAt: 1_796_000_060_000 },
      verification: { checked: false, reason: null },
    },
  },
  'DELETE /api/v1/connectors/:id': {
    summary: 'Delete a connector',
    description:
      'Deletes the definition and stops it if the platform runs it; its gateway device may no longer write the assets only it mapped.',
    response: { 204: NoContent },
    params,
  },
  'GET /api/v1/connectors/:id/status': {
    summary: 'Status of a connector and its mappings',
    description:
      'Connection state and last error of the connector; per mapping the last value and time, last error (Modbus exception, timeout, OPC UA quality), counts of good and bad values and the rate over about the last minute. For a gateway-run connector, `running` is false and this is what its gateway last reported (`reportedAt`); `stale` is true once the gateway has been silent for three of its report intervals (at least 15 s), so the values are old news. Errors are worded in the Accept-Language (zh-CN or en); status code and exception names stay as the protocols give them.',
    params,
    example: {
      id: params.id,
      runOn: 'platform',
      running: true,
      state: 'online',
      lastError: null,
      lastErrorAt: null,
      since: 1_796_000_000_000,
      mappings: [
        {
          key: '0:CH-0001/supply_temp',
          lastValue: 7.25,
          lastTs: 1_796_000_059_000,
          lastError: null,
          lastErrorAt: null,
          good: 60,
          bad: 0,
          rate: 1,
        },
      ],
      reportedAt: null,
      stale: false,
    },
  },
  'POST /api/v1/connectors/gateway-status': {
    summary: "A gateway's status report",
    description:
      'Sent by `ronghe gateway` every few seconds with its device token (or as MQTT `ronghe/gateway/status`): per connector its state and last error, per mapping (one-letter keys, to stay compact) the last value `v` and time `t`, last error `e` (and `ez` in Chinese; `lastErrorZh` for the connector) and its time `et`, good `g` and bad `b` counts and rate `r`. Kept for the connectors this device runs (`runOn: gateway`, its `deviceId`) and served by GET /api/v1/connectors/:id/status; other names are answered in `ignored`. Only a device token may send it (403 otherwise).',
    body: {
      intervalMs: 5000,
      connectors: [
        {
          name: 'Chiller 1 PLC',
          state: 'online',
          lastError: null,
          lastErrorAt: null,
          since: 1_796_000_000_000,
          mappings: [
            {
              k: '0:CH-0001/supply_temp',
              v: 7.25,
              t: 1_796_000_059_000,
              e: null,
              et: null,
              g: 60,
              b: 0,
              r: 1,
            },
          ],
        },
      ],
    },
    example: { stored: 1, ignored: [] },
  },
  'GET /api/v1/connectors/:id/browse': {
    summary: "Browse an OPC UA server's address space",
    description:
      'The children of a node (the Objects folder without `namespaceUri` and `nodeId`), each with its namespace URI and identifier ready for a mapping. Uses the connector’s endpoint, security mode and credentials; 503 when the server cannot be reached.',
    params,
    query: { namespaceUri: 'urn:vendor:heatstation', nodeId: 's=Primary' },
    example: {
      items: [
        {
          namespaceUri: 'urn:vendor:heatstation',
          nodeId: 's=Primary.SupplyTemp',
          browseName: 'SupplyTemp',
          displayName: 'Supply temperature',
          nodeClass: 'Variable',
        },
      ],
    },
  },
};
