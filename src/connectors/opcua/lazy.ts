// The OPC UA stack (node-opcua) for the API's probes, loaded on first use: at import it prints a
// warning about Node 20's RSA PKCS#1 v1.5 on stdout, which a platform or CLI command that never
// speaks OPC UA should not carry (JSON output included).
import type * as Probe from './probe.ts';
import type * as Client from './client.ts';

export type { BrowsedNode, ProbeTarget } from './probe.ts';

export const withOpcUaSession: typeof Probe.withOpcUaSession = async (...args) =>
  (await import('./probe.ts')).withOpcUaSession(...args);
export const unknownNodes: typeof Probe.unknownNodes = async (...args) =>
  (await import('./probe.ts')).unknownNodes(...args);
export const browseChildren: typeof Probe.browseChildren = async (...args) =>
  (await import('./probe.ts')).browseChildren(...args);
export const trustServerCertificate: typeof Client.trustServerCertificate = async (...args) =>
  (await import('./client.ts')).trustServerCertificate(...args);
