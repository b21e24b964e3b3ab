// A connector definition: one schema for the API body and the gateway's config file (house
// style 7), and the checks a schema cannot express (overlapping Modbus ranges, a data type that
// does not fit the register count, a bool on a bit function). Each problem names its field.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { invalid } from '../kernel/index.ts';
import {
  isBitFunction,
  MODBUS_DATA_TYPES,
  MODBUS_FUNCTIONS,
  registerCount,
} from './modbus/decode.ts';
import { addressSpan, findOverlap } from './modbus/plan.ts';
import { SECURITY_MODES } from './opcua/modes.ts';
import { isNodeIdentifier } from './opcua/values.ts';

const S = <T extends Record<string, TSchema>>(p: T) =>
  Type.Object(p, { additionalProperties: false });
// An enum of strings, typed as their union (Ajv's `enum` error names the allowed values).
const lit = <T extends readonly string[]>(xs: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...xs] });
const Key = Type.String({ minLength: 1, maxLength: 200 });

export const DeadbandSchema = S({
  kind: lit(['none', 'absolute', 'percent'] as const),
  value: Type.Optional(Type.Number({ minimum: 0 })),
});

const Common = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  deviceId: Type.String({
    minLength: 3,
    maxLength: 64,
    description:
      "on a gateway, the device whose token it uses: that token may write the mappings' assets",
  }),
  runOn: lit(['platform', 'gateway'] as const),
  enabled: Type.Optional(Type.Boolean({ default: true })),
};

export const OpcUaMappingSchema = S({
  asset: Key,
  channel: Key,
  namespaceUri: Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'resolved to an index at every session (Part 3 §8.2)',
  }),
  nodeId: Type.String({
    minLength: 3,
    maxLength: 500,
    description: 'identifier without namespace: s=Temp, i=1001',
  }),
  samplingIntervalMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
  queueSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  deadband: Type.Optional(DeadbandSchema),
});

export const OpcUaDefinitionSchema = S({
  ...Common,
  protocol: Type.Literal('opcua'),
  endpointUrl: Type.String({ pattern: '^opc\\.tcp://', maxLength: 500 }),
  securityMode: lit(SECURITY_MODES),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  password: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'write-only: stored encrypted, never returned',
    }),
  ),
  publishingIntervalMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 3_600_000 })),
  mappings: Type.Array(OpcUaMappingSchema, { maxItems: 20_000 }),
});

export const ModbusMappingSchema = S({
  asset: Key,
  channel: Key,
  unitId: Type.Integer({ minimum: 0, maximum: 255 }),
  function: lit(MODBUS_FUNCTIONS),
  address: Type.Integer({ minimum: 0, maximum: 65_535 }),
  dataType: lit(MODBUS_DATA_TYPES),
  count: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 4,
      description: 'registers the value occupies; checked against dataType',
    }),
  ),
  byteOrder: Type.Optional(lit(['big', 'little'] as const)),
  wordOrder: Type.Optional(lit(['big', 'little'] as const)),
  scale: Type.Optional(Type.Number()),
  offset: Type.Optional(Type.Number()),
  deadband: Type.Optional(DeadbandSchema),
});

export const ModbusDefinitionSchema = S({
  ...Common,
  protocol: Type.Literal('modbus'),
  host: Type.String({ minLength: 1, maxLength: 253 }),
  port: Type.Integer({ minimum: 1, maximum: 65_535 }),
  intervalMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 3_600_000 })),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 60_000 })),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  mappings: Type.Array(ModbusMappingSchema, { maxItems: 20_000 }),
});

export const DefinitionSchema = Type.Union([OpcUaDefinitionSchema, ModbusDefinitionSchema]);
export type OpcUaDefinition = Static<typeof OpcUaDefinitionSchema>;
export type ModbusDefinition = Static<typeof ModbusDefinitionSchema>;
export type ConnectorDefinition = Static<typeof DefinitionSchema>;

/** Checks beyond the schema; throws RONGHE_VALIDATION naming the first bad field. */
export function checkDefinition(d: ConnectorDefinition): void {
  const seen = new Map<string, number>();
  d.mappings.forEach((m, i) => {
    const k = `${m.asset}\u0000${m.channel}`;
    const first = seen.get(k);
    if (first !== undefined)
      throw invalid(`mappings[${i}].channel`, {
        en: `channel '${m.channel}' of asset '${m.asset}' is mapped twice: mappings[${first}] maps it already`,
        'zh-CN': `资产“${m.asset}”的通道“${m.channel}”映射了两次：mappings[${first}] 已映射该通道`,
      });
    seen.set(k, i);
    if (m.deadband && m.deadband.kind !== 'none' && m.deadband.value === undefined) {
      throw invalid(`mappings[${i}].deadband.value`, {
        en: `a ${m.deadband.kind} deadband needs a value`,
        'zh-CN': `${m.deadband.kind === 'percent' ? '百分比' : '绝对'}死区需要一个数值`,
      });
    }
    // A percent deadband is a share of the range: 0–100 (OPC UA Part 8 §6.2 PercentDeadband).
    if (m.deadband?.kind === 'percent' && (m.deadband.value ?? 0) > 100) {
      throw invalid(`mappings[${i}].deadband.value`, {
        en: `a percent deadband is at most 100, not ${m.deadband.value}`,
        'zh-CN': `百分比死区不能超过 100（当前为 ${m.deadband.value}）`,
      });
    }
  });
  if (d.protocol === 'opcua') return checkOpcUa(d);
  return checkModbus(d);
}

function checkOpcUa(d: OpcUaDefinition): void {
  if (d.password !== undefined && d.username === undefined) {
    throw invalid('username', {
      en: 'a password needs a user name',
      'zh-CN': '有密码时须填写用户名',
    });
  }
  d.mappings.forEach((m, i) => {
    if (!isNodeIdentifier(m.nodeId)) {
      throw invalid(`mappings[${i}].nodeId`, {
        en: `'${m.nodeId}' is not an identifier like s=Temp or i=1001 (the namespace goes in namespaceUri)`,
        'zh-CN': `“${m.nodeId}”不是 s=Temp、i=1001 这样的标识（命名空间填在 namespaceUri）`,
      });
    }
  });
}

/** A Modbus function as Chinese readers know it (the Modbus Application Protocol's tables), the
 * API's own name beside it so the field's value can still be found. */
const FUNCTION_ZH: Record<ModbusDefinition['mappings'][number]['function'], string> = {
  coils: '线圈（coils）',
  'discrete-inputs': '离散输入（discrete-inputs）',
  holding: '保持寄存器（holding）',
  input: '输入寄存器（input）',
};

function checkModbus(d: ModbusDefinition): void {
  d.mappings.forEach((m, i) => {
    if (isBitFunction(m.function) && m.dataType !== 'bool') {
      throw invalid(`mappings[${i}].dataType`, {
        en: `${m.function} are single bits: use bool, not ${m.dataType}`,
        'zh-CN': `${FUNCTION_ZH[m.function]}是单个位：数据类型请用 bool，而不是 ${m.dataType}`,
      });
    }
    const need = isBitFunction(m.function) ? 1 : registerCount(m.dataType);
    if (m.count !== undefined && m.count !== need) {
      throw invalid(`mappings[${i}].count`, {
        en: `${m.dataType} takes ${need} register${need > 1 ? 's' : ''}, not ${m.count}`,
        'zh-CN': `${m.dataType} 占 ${need} 个寄存器，而不是 ${m.count} 个`,
      });
    }
    if (m.address + addressSpan(m) > 65_536) {
      throw invalid(`mappings[${i}].address`, {
        en: `${m.dataType} at ${m.address} runs past address 65535`,
        'zh-CN': `位于 ${m.address} 的 ${m.dataType} 超出了地址 65535`,
      });
    }
  });
  const keyed = d.mappings.map((m, i) => ({ ...m, key: String(i) }));
  const o = findOverlap(keyed);
  if (o) {
    throw invalid(`mappings[${o.b.key}].address`, {
      en: `unit ${o.b.unitId} ${o.b.function} ${o.b.address} overlaps mappings[${o.a.key}] (${o.a.address}–${o.a.address + addressSpan(o.a) - 1})`,
      'zh-CN': `从站 ${o.b.unitId} 的${FUNCTION_ZH[o.b.function]}地址 ${o.b.address} 与 mappings[${o.a.key}]（${o.a.address}–${o.a.address + addressSpan(o.a) - 1}）重叠`,
    });
  }
}
