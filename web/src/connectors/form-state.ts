// The connector form's state (all strings, as the inputs hold them), its translation into a
// definition for POST or PUT /api/v1/connectors and back from a stored one, and the checks made
// before sending (each names its field, as the server's refusals do). Every mapping feeds the
// chosen device's asset; the Modbus unit id is the form's, given to each mapping.
import type { Connector, Definition } from './queries';

export type Protocol = 'modbus' | 'opcua';

export interface MappingRow {
  /** The asset it feeds: empty for the connector device's own asset. */
  asset: string;
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
  asset: '',
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

/** A stored connector as the form holds it (its password is never there: write-only). */
export function fromConnector(c: Connector): FormState {
  const base = { ...emptyForm(), name: c.name, deviceId: c.deviceId, runOn: c.runOn };
  if (c.protocol === 'opcua') {
    return {
      ...base,
      protocol: 'opcua',
      endpointUrl: c.endpointUrl,
      securityMode: c.securityMode,
      username: c.username ?? '',
      mappings: c.mappings.map((m) => ({
        ...emptyMapping(),
        asset: m.asset,
        channel: m.channel,
        namespaceUri: m.namespaceUri,
        nodeId: m.nodeId,
        samplingIntervalMs: m.samplingIntervalMs === undefined ? '' : String(m.samplingIntervalMs),
      })),
    };
  }
  return {
    ...base,
    protocol: 'modbus',
    host: c.host,
    port: String(c.port),
    unitId: String(c.mappings[0]?.unitId ?? 1),
    intervalMs: c.intervalMs === undefined ? '' : String(c.intervalMs),
    mappings: c.mappings.map((m) => ({
      ...emptyMapping(),
      asset: m.asset,
      channel: m.channel,
      function: m.function,
      address: String(m.address),
      dataType: m.dataType,
      byteOrder: m.byteOrder ?? 'big',
      wordOrder: m.wordOrder ?? 'big',
      scale: m.scale === undefined ? '' : String(m.scale),
      offset: m.offset === undefined ? '' : String(m.offset),
    })),
  };
}

/** A problem with one field: `mappings[1].address` and the words to show beside it. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** Why a row's value is wrong, as a message key of the `check` group, or null. */
export type CheckKey = 'address' | 'nodeId' | 'interval' | 'number';

const NODE_ID = /^(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]+)$/;
const isNumber = (s: string) => s.trim() === '' || Number.isFinite(Number(s));

/** The first problem the form can see by itself, row by row, before the server does. */
export function checkForm(f: FormState): { field: string; check: CheckKey } | null {
  for (const [i, m] of f.mappings.entries()) {
    const at = (k: keyof MappingRow, check: CheckKey) => ({ field: `mappings[${i}].${k}`, check });
    if (f.protocol === 'modbus') {
      const a = Number(m.address);
      if (!Number.isInteger(a) || a < 0 || a > 65_535) return at('address', 'address');
      if (!isNumber(m.scale)) return at('scale', 'number');
      if (!isNumber(m.offset)) return at('offset', 'number');
    } else {
      if (!NODE_ID.test(m.nodeId.trim())) return at('nodeId', 'nodeId');
      const s = Number(m.samplingIntervalMs);
      if (m.samplingIntervalMs.trim() !== '' && (!Number.isInteger(s) || s < 0))
        return at('samplingIntervalMs', 'interval');
    }
  }
  return null;
}

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
        asset: m.asset || assetId,
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
      asset: m.asset || assetId,
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
  return fieldProblem(details, '')?.field ?? null;
}

/** The field a 400 names and its reason in the user's language: details are English in every
 * language (src/server/errors.ts), so the reason is cut from the localized message, which reads
 * `…{field}: {reason}` (or `：`); failing that, the details' own reason. */
export function fieldProblem(details: unknown, message: string): FieldProblem | null {
  const first = Array.isArray(details)
    ? (details[0] as { field?: unknown; reason?: unknown } | undefined)
    : undefined;
  if (typeof first?.field !== 'string') return null;
  const at = message.indexOf(first.field);
  const localized =
    at >= 0 ? message.slice(at + first.field.length).replace(/^\s*[:：]\s*/, '') : '';
  const field = first.field
    .replace(/^\/+/, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  const reason = localized || (typeof first.reason === 'string' ? first.reason : message);
  return { field, reason };
}

/** A variable picked in the address space as a mapping: it fills an untouched first row, or is
 * added; its channel is suggested from its browse name (`SupplyTemp` → `supply_temp`). */
export function withPicked(
  rows: MappingRow[],
  node: { namespaceUri: string; nodeId: string; browseName: string },
): MappingRow[] {
  const channel = node.browseName
    .replace(/^\d+:/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase();
  const row = { ...emptyMapping(), channel, namespaceUri: node.namespaceUri, nodeId: node.nodeId };
  const [first] = rows;
  if (rows.length === 1 && first && !first.channel && !first.nodeId && !first.namespaceUri)
    return [row];
  return [...rows, row];
}
