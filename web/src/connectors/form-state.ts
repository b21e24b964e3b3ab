// The connector form's state (all strings, as the inputs hold them), its translation into a
// definition for POST or PUT /api/v1/connectors and back from a stored one, and the checks made
// before sending (each names its field, as the server's refusals do). Every new mapping feeds
// the chosen device's asset. Editing must not lose what the form has no input for (a mapping's
// queue size or register count, the connector's enabled flag): a stored connector's values
// the form does not show are kept beside its rows and sent back as they came.
import type { Connector, Definition } from './queries';

export type Protocol = 'modbus' | 'opcua';

/** A stored mapping's fields the form has no input for, sent back unchanged. */
export type KeptMapping = Record<string, unknown>;

/** The inputs of one mapping row (strings, as the inputs hold them). */
export interface MappingFields {
  /** The asset it feeds: empty for the connector device's own asset. */
  asset: string;
  channel: string;
  unitId: string;
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
  /** none, absolute or percent (OPC UA: of the EURange, Part 8 §6.2; Modbus: of the last value). */
  deadbandKind: string;
  deadbandValue: string;
}

export interface MappingRow extends MappingFields {
  kept: KeptMapping;
}

export interface FormState {
  protocol: Protocol;
  name: string;
  deviceId: string;
  runOn: 'platform' | 'gateway';
  host: string;
  port: string;
  intervalMs: string;
  timeoutMs: string;
  retries: string;
  endpointUrl: string;
  securityMode: string;
  username: string;
  password: string;
  publishingIntervalMs: string;
  mappings: MappingRow[];
  /** A stored connector's fields the form does not show (enabled), sent back unchanged. */
  kept: Record<string, unknown>;
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
export const DEADBANDS = ['none', 'absolute', 'percent'] as const;

export const emptyMapping = (): MappingRow => ({
  asset: '',
  channel: '',
  unitId: '1',
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
  deadbandKind: 'none',
  deadbandValue: '',
  kept: {},
});

export const emptyForm = (): FormState => ({
  protocol: 'modbus',
  name: '',
  deviceId: '',
  runOn: 'platform',
  host: '',
  port: '502',
  intervalMs: '1000',
  timeoutMs: '',
  retries: '',
  endpointUrl: 'opc.tcp://',
  securityMode: 'None',
  username: '',
  password: '',
  publishingIntervalMs: '',
  mappings: [emptyMapping()],
  kept: {},
});

/** A number the user typed; an empty field is left out so the server's default applies. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
const opt = <T>(k: string, v: T | undefined) => (v === undefined || v === '' ? {} : { [k]: v });

const text = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** Everything of `o` but `shown`: what the form keeps without showing. */
const rest = (o: object, shown: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !shown.includes(k)));

type StoredDeadband = { kind: string; value?: number } | undefined;
const deadbandFields = (d: StoredDeadband) => ({
  deadbandKind: d?.kind ?? 'none',
  deadbandValue: text(d?.value),
});

// What the form holds (shows or derives); the rest of a stored record is kept as it came. A
// Modbus mapping's register count is derived: it only restates its data type (and would
// contradict a changed one).
const HELD_OPCUA = ['asset', 'channel', 'namespaceUri', 'nodeId', 'samplingIntervalMs', 'deadband'];
const HELD_MODBUS = [
  ...['asset', 'channel', 'unitId', 'function', 'address', 'dataType', 'byteOrder', 'wordOrder'],
  ...['scale', 'offset', 'deadband', 'count'],
];
/** The connector's own fields the form holds or the API adds; the rest (enabled…) is kept. */
const HELD = [
  ...['id', 'name', 'deviceId', 'runOn', 'protocol', 'mappings', 'hasPassword', 'createdAt'],
  ...['updatedAt', 'host', 'port', 'intervalMs', 'timeoutMs', 'retries', 'endpointUrl'],
  ...['securityMode', 'username', 'publishingIntervalMs'],
];

/** A stored connector as the form holds it (its password is never there: write-only). */
export function fromConnector(c: Connector): FormState {
  const base = {
    ...emptyForm(),
    name: c.name,
    deviceId: c.deviceId,
    runOn: c.runOn,
    kept: rest(c, HELD),
  };
  if (c.protocol === 'opcua') {
    return {
      ...base,
      protocol: 'opcua',
      endpointUrl: c.endpointUrl,
      securityMode: c.securityMode,
      username: c.username ?? '',
      publishingIntervalMs: text(c.publishingIntervalMs),
      mappings: c.mappings.map((m) => ({
        ...emptyMapping(),
        asset: m.asset,
        channel: m.channel,
        namespaceUri: m.namespaceUri,
        nodeId: m.nodeId,
        samplingIntervalMs: text(m.samplingIntervalMs),
        ...deadbandFields(m.deadband),
        kept: rest(m, HELD_OPCUA),
      })),
    };
  }
  return {
    ...base,
    protocol: 'modbus',
    host: c.host,
    port: String(c.port),
    intervalMs: text(c.intervalMs),
    timeoutMs: text(c.timeoutMs),
    retries: text(c.retries),
    mappings: c.mappings.map((m) => ({
      ...emptyMapping(),
      asset: m.asset,
      channel: m.channel,
      unitId: String(m.unitId),
      function: m.function,
      address: String(m.address),
      dataType: m.dataType,
      byteOrder: m.byteOrder ?? 'big',
      wordOrder: m.wordOrder ?? 'big',
      scale: text(m.scale),
      offset: text(m.offset),
      ...deadbandFields(m.deadband),
      kept: rest(m, HELD_MODBUS),
    })),
  };
}

/** A problem with one field: `mappings[1].address` and the words to show beside it. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** Why a row's value is wrong, as a message key of the `check` group, or null. */
export type CheckKey = 'address' | 'nodeId' | 'interval' | 'number' | 'unitId' | 'deadband';

/** The field path a refusal names for a row's input (`deadband.value` for `deadbandValue`). */
export const fieldPath = (k: keyof MappingFields): string =>
  k === 'deadbandKind' ? 'deadband.kind' : k === 'deadbandValue' ? 'deadband.value' : k;

const NODE_ID = /^(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]+)$/;
const isNumber = (s: string) => s.trim() === '' || Number.isFinite(Number(s));
const isInt = (s: string, lo: number, hi: number) => {
  const n = Number(s);
  return s.trim() !== '' && Number.isInteger(n) && n >= lo && n <= hi;
};

/** A deadband's value: needed unless the kind is none; a percent is at most 100 (Part 8 §6.2). */
function deadbandOk(m: MappingFields): boolean {
  if (m.deadbandKind === 'none') return true;
  const v = Number(m.deadbandValue);
  return (
    m.deadbandValue.trim() !== '' &&
    Number.isFinite(v) &&
    v >= 0 &&
    (m.deadbandKind !== 'percent' || v <= 100)
  );
}

/** The first problem the form can see by itself, row by row, before the server does. */
export function checkForm(f: FormState): { field: string; check: CheckKey } | null {
  for (const [i, m] of f.mappings.entries()) {
    const at = (k: keyof MappingFields, check: CheckKey) => ({
      field: `mappings[${i}].${fieldPath(k)}`,
      check,
    });
    if (f.protocol === 'modbus') {
      if (!isInt(m.unitId, 0, 255)) return at('unitId', 'unitId');
      if (!isInt(m.address, 0, 65_535)) return at('address', 'address');
      if (!isNumber(m.scale)) return at('scale', 'number');
      if (!isNumber(m.offset)) return at('offset', 'number');
    } else {
      if (!NODE_ID.test(m.nodeId.trim())) return at('nodeId', 'nodeId');
      if (m.samplingIntervalMs.trim() !== '' && !isInt(m.samplingIntervalMs, 0, 3_600_000))
        return at('samplingIntervalMs', 'interval');
    }
    if (!deadbandOk(m)) return at('deadbandValue', 'deadband');
  }
  return null;
}

/** No deadband is the same as kind none, so none is left out. */
const deadbandOf = (m: MappingFields) =>
  m.deadbandKind === 'none'
    ? {}
    : { deadband: { kind: m.deadbandKind, value: Number(m.deadbandValue) } };

export function toDefinition(f: FormState, assetId: string): Definition {
  const common = { ...f.kept, name: f.name, deviceId: f.deviceId, runOn: f.runOn };
  if (f.protocol === 'opcua') {
    return {
      ...common,
      protocol: 'opcua',
      endpointUrl: f.endpointUrl,
      securityMode: f.securityMode as (typeof SECURITY_MODES)[number],
      ...opt('username', f.username),
      ...opt('password', f.password),
      ...opt('publishingIntervalMs', num(f.publishingIntervalMs)),
      mappings: f.mappings.map((m) => ({
        ...m.kept,
        asset: m.asset || assetId,
        channel: m.channel,
        namespaceUri: m.namespaceUri,
        nodeId: m.nodeId,
        ...opt('samplingIntervalMs', num(m.samplingIntervalMs)),
        ...deadbandOf(m),
      })),
    } as Definition;
  }
  return {
    ...common,
    protocol: 'modbus',
    host: f.host,
    port: Number(f.port),
    ...opt('intervalMs', num(f.intervalMs)),
    ...opt('timeoutMs', num(f.timeoutMs)),
    ...opt('retries', num(f.retries)),
    mappings: f.mappings.map((m) => ({
      ...m.kept,
      asset: m.asset || assetId,
      channel: m.channel,
      unitId: Number(m.unitId),
      function: m.function,
      address: Number(m.address),
      dataType: m.dataType,
      byteOrder: m.byteOrder,
      wordOrder: m.wordOrder,
      ...opt('scale', num(m.scale)),
      ...opt('offset', num(m.offset)),
      ...deadbandOf(m),
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
