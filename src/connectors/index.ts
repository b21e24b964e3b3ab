// connectors: the factory floor's own protocols, OPC UA (node-opcua) and Modbus TCP
// (modbus-serial), mapped onto asset channels. It owns connector definitions (one schema for the
// API and the gateway's config file; passwords sealed with AES-256-GCM), the pure Modbus
// decoding and read planning, the OPC UA session/subscription manager and the Modbus poller,
// status per connector and mapping, and the runtime that runs connectors inside the platform.
// `ronghe gateway` (src/cli/commands/gateway.ts) runs the same connectors inside the plant.
export {
  DefinitionSchema,
  OpcUaDefinitionSchema,
  ModbusDefinitionSchema,
  checkDefinition,
  type ConnectorDefinition,
  type OpcUaDefinition,
  type ModbusDefinition,
} from './definitions.ts';
export { createSecretBox, loadSecretKey, type SecretBox } from './secret-box.ts';
export {
  createConnector,
  getConnector,
  listConnectors,
  replaceConnector,
  deleteConnector,
  runnableConnectors,
  connectorPassword,
  type ConnectorView,
  type RunnableConnector,
} from './store.ts';
export { createGatewayGrants, GRANTS_TTL_MS, type GatewayGrants } from './gateway-grants.ts';
export { recordGatewayReport, reportedStatus, type ReportedStatus } from './reports.ts';
export {
  GatewayReportSchema,
  parseGatewayReport,
  reportedConnector,
  type GatewayReport,
} from './gateway/report.ts';
export { createConnectorRuntime, type ConnectorRuntime, type ConnectorIngest } from './runtime.ts';
export { startConnector, asJsonPoints, type RunningConnector } from './run.ts';
export {
  withOpcUaSession,
  unknownNodes,
  browseChildren,
  trustServerCertificate,
  type BrowsedNode,
  type ProbeTarget,
} from './opcua/lazy.ts';
export type { ConnectorPoint, PointSink } from './points.ts';
export type { ConnectorStatus, MappingStatus } from './status.ts';
export { registerCount, decodeValue, encodeRaw, type ModbusDataType } from './modbus/decode.ts';
export {
  startGateway,
  parseGatewayConfig,
  GatewayConfigSchema,
  type Gateway,
  type GatewayConfig,
} from './gateway/gateway.ts';
export { forwarderFor, httpForwarder, mqttForwarder, type Forwarder } from './gateway/forward.ts';
export { openDiskQueue, readQueueDir, type DiskQueue } from './gateway/disk-queue.ts';
