// The create form's state (all strings, as the inputs hold them) and its translation into a
// definition for POST /api/v1/connectors. Every mapping feeds the chosen device's asset; the
// Modbus unit id is the form's, given to each mapping (one device per connector).
import type { Definition } from './queries';

export type Protocol = 'modbus' | 'opcua';

export interface MappingRow {
  channel: string;
  function: string;
  address: string;
  dataType: string;
  byteOrder: string;
  wordOrder: string;
  scale: string;
  offset: string;
  namespaceUri: string;
  nodeId: string;
  samplingIntervalMs: string;
}

export interface FormState {
  protocol: Protocol;
  name: string;
  deviceId: string;
  runOn: 'platform' | 'gateway';
  host: string;
  port: string;
  unitId: string;
  intervalMs: string;
  endpointUrl: string;
  securityMode: string;
  username: string;
  password: string;
  mappings: MappingRow[];
}

export const FUNCTIONS = ['holding', 'input', 'coils', 'discrete-inputs'] as const;
export const DATA_TYPES = [
  'float32',
  'float64',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'bool',
] as const;
export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;

export const emptyMapping = (): MappingRow => ({
  channel: '',
  function: 'holding',
  address: '0',
  dataType: 'float32',
  byteOrder: 'big',
  wordOrder: 'big',
  scale: '1',
  offset: '0',
  namespaceUri: '',
  nodeId: '',
  samplingIntervalMs: '1000',
});

export const emptyForm = (): FormState => ({
  protocol: 'modbus',
  name: '',
  deviceId: '',
  runOn: 'platform',
  host: '',
  port: '502',
  unitId: '1',
  intervalMs: '1000',
  endpointUrl: 'opc.tcp://',
  securityMode: 'None',
  username: '',
  password: '',
  mappings: [emptyMapping()],
});

/** A number the user typed; an empty field is left out so the server's default applies. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
const opt = <T>(k: string, v: T | undefined) => (v === undefined || v === '' ? {} : { [k]: v });

export function toDefinition(f: FormState, assetId: string): Definition {
  const common = { name: f.name, deviceId: f.deviceId, runOn: f.runOn };
  if (f.protocol === 'opcua') {
    return {
      ...common,
      protocol: 'opcua',
      endpointUrl: f.endpointUrl,
      securityMode: f.securityMode as (typeof SECURITY_MODES)[number],
      ...opt('username', f.username),
      ...opt('password', f.password),
      mappings: f.mappings.map((m) => ({
        asset: assetId,
        channel: m.channel,
        namespaceUri: m.namespaceUri,
        nodeId: m.nodeId,
        ...opt('samplingIntervalMs', num(m.samplingIntervalMs)),
      })),
    } as Definition;
  }
  return {
    ...common,
    protocol: 'modbus',
    host: f.host,
    port: Number(f.port),
    ...opt('intervalMs', num(f.intervalMs)),
    mappings: f.mappings.map((m) => ({
      asset: assetId,
      channel: m.channel,
      unitId: Number(f.unitId),
      function: m.function,
      address: Number(m.address),
      dataType: m.dataType,
      byteOrder: m.byteOrder,
      wordOrder: m.wordOrder,
      ...opt('scale', num(m.scale)),
      ...opt('offset', num(m.offset)),
    })),
  } as Definition;
}

/** The field a 400 names, as `mappings[1].address` (schema errors may come as a JSON pointer). */
export function badField(details: unknown): string | null {
  const first = Array.isArray(details)
    ? (details[0] as { field?: unknown } | undefined)
    : undefined;
  if (typeof first?.field !== 'string') return null;
  return first.field
    .replace(/^\/+/, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
}
