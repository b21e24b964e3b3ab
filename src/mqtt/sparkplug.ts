// Sparkplug B edge nodes on the embedded broker (Eclipse Sparkplug 3.0). They publish on
//   spBv1.0/<group_id>/<NBIRTH|NDATA|NDEATH>/<edge_node_id>
//   spBv1.0/<group_id>/<DBIRTH|DDATA|DDEATH>/<edge_node_id>/<device_id>
// and the numeric and boolean metrics of BIRTH and DATA messages become telemetry points of the
// asset that the device_id (D* messages) or the edge_node_id (N* messages) names, by serial or id.
//
// A BIRTH defines each metric's name, datatype and alias for the rest of the session; DATA then
// carries only the alias and usually no datatype (§6.4.6 Metric,
// tck-id-payloads-alias-data-cmd-requirement), so the broker keeps the last BIRTH of every node
// and device. The tables live with the MQTT connection (each connection starts a new Sparkplug
// session with a new NBIRTH, §4.2 NBIRTH); an NBIRTH also drops its devices' tables (they must
// send DBIRTH again), NDEATH/DDEATH drop them. A BIRTH takes effect as soon as it has been
// decoded, before its points are written: Sparkplug publishes with QoS 0
// (tck-id-topics-nbirth-mqtt), so the DATA behind it is often parsed from the same socket read.
// A message that fails to decode or map changes nothing. Compressed payloads (uuid
// SPBV1.0_COMPRESSED, the `algorithm` metric DEFLATE or GZIP, Tahu's `compress: true`) are
// inflated and read as the payload they carry.
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { JsonPoint } from '../telemetry/index.ts';
import type { Localized } from '../kernel/index.ts';
import { ProtobufError, int64Of, uint64Of } from './protobuf.ts';
import {
  DataType,
  ValueField,
  dataTypeName,
  decodePayload,
  type Metric,
  type Payload,
} from './sparkplug-payload.ts';
import { invalidMessage } from './topics.ts';

export const isSparkplugTopic = (topic: string): boolean =>
  topic === 'spBv1.0' || topic.startsWith('spBv1.0/');

const nodeTypes = new Set(['NBIRTH', 'NDATA', 'NDEATH', 'NCMD']);
const deviceTypes = new Set(['DBIRTH', 'DDATA', 'DDEATH', 'DCMD']);

export interface SparkplugTopic {
  type: string;
  group: string;
  edgeNode: string;
  device: string | undefined;
}

/** §4.1 Topic Namespace Elements: namespace/group_id/message_type/edge_node_id/[device_id]. */
export function parseSparkplugTopic(topic: string): SparkplugTopic {
  const parts = topic.split('/');
  if (parts[1] === 'STATE') return { type: 'STATE', group: '', edgeNode: '', device: undefined };
  const [, group = '', type = '', edgeNode = '', device] = parts;
  const levels = deviceTypes.has(type) ? 5 : nodeTypes.has(type) ? 4 : 0;
  if (levels === 0) {
    throw invalidMessage(
      topic,
      {
        en: `unknown Sparkplug message type '${type}'`,
        'zh-CN': `未知的 Sparkplug 消息类型“${type}”`,
      },
      'topic',
    );
  }
  if (parts.length !== levels || parts.some((p) => p === '')) {
    const shape = levels === 5 ? '<edge_node_id>/<device_id>' : '<edge_node_id>';
    throw invalidMessage(
      topic,
      {
        en: `use spBv1.0/<group_id>/${type}/${shape}`,
        'zh-CN': `主题应为 spBv1.0/<group_id>/${type}/${shape}`,
      },
      'topic',
    );
  }
  return { type, group, edgeNode, device };
}

/** Sparkplug's own control metrics (§4.2 NBIRTH): session plumbing, not measurements. */
const isControlMetric = (name: string): boolean =>
  name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Device Control/');

/**
 * Datatypes that become points: the integers, Float, Double and Boolean (as 0/1). DateTime is
 * not one: it is a time, not a measurement, and rollups of epoch milliseconds would mean nothing.
 */
const isPointType = (t: number): boolean => t >= DataType.Int8 && t <= DataType.Boolean;

/**
 * Metric name → channel key (channel keys are `[A-Za-z_][A-Za-z0-9_]*`, at most 64 long):
 * separators at the ends are dropped, every other run of characters outside [A-Za-z0-9_] becomes
 * one '_', and a key that would start with a digit gets a leading '_'. 'Motor/Temp' → Motor_Temp,
 * 'Supply Temp (°C)' → Supply_Temp_C. Undefined when nothing usable is left (e.g. '温度').
 */
export function channelKey(name: string): string | undefined {
  const key = name.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '').replace(/[^A-Za-z0-9_]+/g, '_');
  const k = /^[0-9]/.test(key) ? `_${key}` : key;
  return /[A-Za-z0-9]/.test(k) && k.length <= 64 ? k : undefined;
}

interface MetricDef {
  name: string;
  datatype: number;
  /** Undefined when the metric never becomes a point (control metric, string, dataset …). */
  channel: string | undefined;
}

/** What the last BIRTH of one node or device said about its metrics. */
interface Birth {
  byAlias: Map<number, MetricDef>;
  byName: Map<string, MetricDef>;
  /** channel → the metric name that owns it, so two names never share one series. */
  owner: Map<string, string>;
}

function defineMetric(topic: string, name: string, datatype: number): MetricDef {
  let channel: string | undefined;
  if (isPointType(datatype) && !isControlMetric(name)) {
    channel = channelKey(name);
    if (channel === undefined) {
      throw invalidMessage(topic, {
        en: `metric '${name}' leaves no channel key (use ASCII letters)`,
        'zh-CN': `指标“${name}”无法生成通道键（请使用 ASCII 字母）`,
      });
    }
  }
  return { name, datatype, channel };
}

/** A BIRTH's metric table (§6.4.6: name and datatype required, aliases unique). */
function readBirth(topic: string, metrics: Metric[]): Birth {
  const birth: Birth = { byAlias: new Map(), byName: new Map(), owner: new Map() };
  metrics.forEach((m, i) => {
    if (m.name === undefined) {
      throw invalidMessage(topic, {
        en: `BIRTH metric ${i} has no name (tck-id-payloads-alias-birth-requirement)`,
        'zh-CN': `BIRTH 中的第 ${i} 个指标没有名称（tck-id-payloads-alias-birth-requirement）`,
      });
    }
    if (m.datatype === undefined) {
      throw invalidMessage(topic, {
        en: `BIRTH metric '${m.name}' has no datatype (tck-id-payloads-metric-datatype-req)`,
        'zh-CN': `BIRTH 中的指标“${m.name}”没有数据类型（tck-id-payloads-metric-datatype-req）`,
      });
    }
    const def = defineMetric(topic, m.name, m.datatype);
    birth.byName.set(def.name, def);
    if (def.channel !== undefined) claim(topic, birth.owner, def);
    if (m.alias === undefined) return;
    const other = birth.byAlias.get(m.alias);
    if (other && other.name !== def.name) {
      throw invalidMessage(topic, {
        en: `alias ${m.alias} names both '${other.name}' and '${def.name}' (tck-id-payloads-alias-uniqueness)`,
        'zh-CN': `别名 ${m.alias} 同时指向“${other.name}”和“${def.name}”（tck-id-payloads-alias-uniqueness）`,
      });
    }
    birth.byAlias.set(m.alias, def);
  });
  return birth;
}

/** Records that `def` writes its channel; two different names on one channel are refused. */
function claim(topic: string, owner: Map<string, string>, def: MetricDef): void {
  const other = owner.get(def.channel!);
  if (other !== undefined && other !== def.name) {
    throw invalidMessage(topic, {
      en: `metrics '${other}' and '${def.name}' both map to channel '${def.channel!}'`,
      'zh-CN': `指标“${other}”和“${def.name}”都映射到通道“${def.channel!}”`,
    });
  }
  owner.set(def.channel!, def.name);
}

/** The definition a metric refers to: by name (BIRTH, or DATA without aliases) or by alias. */
function resolve(
  topic: string,
  m: Metric,
  i: number,
  birth: Birth | undefined,
  where: string,
): MetricDef {
  if (m.name !== undefined) {
    const known = birth?.byName.get(m.name);
    const datatype = m.datatype ?? known?.datatype;
    if (datatype === undefined) {
      throw invalidMessage(topic, {
        en: `metric '${m.name}' has no datatype and is not in a BIRTH of ${where}`,
        'zh-CN': `指标“${m.name}”没有数据类型，也不在 ${where} 的 BIRTH 中`,
      });
    }
    return known && known.datatype === datatype ? known : defineMetric(topic, m.name, datatype);
  }
  if (m.alias === undefined)
    throw invalidMessage(topic, {
      en: `metric ${i} has neither name nor alias`,
      'zh-CN': `第 ${i} 个指标既无名称也无别名`,
    });
  const def = birth?.byAlias.get(m.alias);
  if (!def) {
    const why = birth
      ? { en: `it is not in the last BIRTH of ${where}`, 'zh-CN': `不在 ${where} 最近的 BIRTH 中` }
      : {
          en: `no BIRTH of ${where} is in force on this connection (publish one first)`,
          'zh-CN': `此连接上没有 ${where} 的有效 BIRTH（请先发布 BIRTH）`,
        };
    throw invalidMessage(topic, {
      en: `unknown alias ${m.alias}: ${why.en}`,
      'zh-CN': `未知别名 ${m.alias}：${why['zh-CN']}`,
    });
  }
  return def;
}

// The value field a metric carries (Sparkplug B payload `Metric.value` oneof), named in both
// languages (a clause after 却 in Chinese): the protobuf field name stays as the specification
// writes it in either.
const fieldNames: Record<number, Localized> = {
  [ValueField.None]: { en: 'no value', 'zh-CN': '没有值' },
  [ValueField.Int]: { en: 'an int_value', 'zh-CN': '带有 int_value' },
  [ValueField.Long]: { en: 'a long_value', 'zh-CN': '带有 long_value' },
  [ValueField.Float]: { en: 'a float_value', 'zh-CN': '带有 float_value' },
  [ValueField.Double]: { en: 'a double_value', 'zh-CN': '带有 double_value' },
  [ValueField.Boolean]: { en: 'a boolean_value', 'zh-CN': '带有 boolean_value' },
  [ValueField.String]: { en: 'a string_value', 'zh-CN': '带有 string_value' },
  [ValueField.Bytes]: { en: 'a bytes_value', 'zh-CN': '带有 bytes_value' },
  [ValueField.DataSet]: { en: 'a dataset_value', 'zh-CN': '带有 dataset_value' },
  [ValueField.Template]: { en: 'a template_value', 'zh-CN': '带有 template_value' },
  [ValueField.Extension]: { en: 'an extension_value', 'zh-CN': '带有 extension_value' },
};

/**
 * §6.4.17 Datatype Details: Int8/16/32 travel in the uint32 int_value as two's complement, so
 * the low 8/16/32 bits are sign-extended (this reads both 0xFF and 0xFFFFFFFF as Int8 −1, as
 * encoders differ); Int64 is the two's complement of long_value. Unsigned types are read from
 * either field (Tahu's Java client sends UInt32 in long_value). 64-bit values beyond 2^53 round
 * to the nearest double, as every stored value is one.
 */
function integerOf(datatype: number, lo: number, hi: number): number {
  switch (datatype) {
    case DataType.Int8:
      return (lo << 24) >> 24;
    case DataType.Int16:
      return (lo << 16) >> 16;
    case DataType.Int32:
      return lo | 0;
    case DataType.Int64:
      return int64Of(lo, hi);
    default:
      return uint64Of(lo, hi);
  }
}

function valueOf(topic: string, def: MetricDef, m: Metric): number {
  const t = def.datatype;
  const f = m.valueField;
  const ok =
    t === DataType.Float || t === DataType.Double
      ? f === ValueField.Float || f === ValueField.Double
      : t === DataType.Boolean
        ? f === ValueField.Boolean
        : f === ValueField.Int || f === ValueField.Long;
  if (!ok) {
    throw invalidMessage(topic, {
      en: `metric '${def.name}' is ${dataTypeName(t)} but carries ${fieldNames[f]?.en ?? `field ${f}`}`,
      'zh-CN': `指标“${def.name}”的类型为 ${dataTypeName(t)}，却${fieldNames[f]?.['zh-CN'] ?? `带有字段 ${f}`}`,
    });
  }
  if (f === ValueField.Float || f === ValueField.Double) {
    if (!Number.isFinite(m.num)) {
      throw invalidMessage(topic, {
        en: `metric '${def.name}': value must be finite, not ${m.num}`,
        'zh-CN': `指标“${def.name}”：值应为有限数，实为 ${m.num}`,
      });
    }
    return m.num;
  }
  if (f === ValueField.Boolean) return m.lo !== 0 || m.hi !== 0 ? 1 : 0;
  return integerOf(t, m.lo, f === ValueField.Long ? m.hi : 0);
}

/**
 * The message's points, one per distinct time: the metric's timestamp, else the payload's
 * (§6.4.5 Payload), else the server's clock. Null and transient metrics are not stored
 * (§6.4.6: transient metrics "should not be stored in a historian").
 */
function toPoints(
  topic: string,
  asset: string,
  p: Payload,
  birth: Birth | undefined,
  where: string,
): JsonPoint[] {
  const byTime = new Map<number | undefined, Record<string, number>>();
  let extra: Map<string, string> | undefined; // channels of metrics the BIRTH did not define
  p.metrics.forEach((m, i) => {
    const def = resolve(topic, m, i, birth, where);
    if (def.channel === undefined || m.isNull || m.isTransient) return;
    if (birth?.byName.get(def.name) !== def) {
      extra ??= new Map(birth?.owner);
      claim(topic, extra, def);
    }
    const value = valueOf(topic, def, m);
    const ts = m.timestamp ?? p.timestamp;
    let values = byTime.get(ts);
    if (!values) byTime.set(ts, (values = Object.create(null) as Record<string, number>));
    values[def.channel] = value;
  });
  return [...byTime].map(([ts, values]) =>
    ts === undefined ? { asset, values } : { asset, ts, values },
  );
}

/** The uuid Tahu's edge nodes give a compressed payload (PayloadDecoder, `compress: true`). */
export const COMPRESSED_UUID = 'SPBV1.0_COMPRESSED';
/** Inflated payloads past this are refused (a small message must not inflate without bound). */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

function decode(topic: string, bytes: Uint8Array): Payload {
  try {
    const p = decodePayload(bytes);
    return p.uuid === COMPRESSED_UUID ? decodePayload(inflate(topic, p)) : p;
  } catch (e) {
    if (e instanceof ProtobufError) {
      throw invalidMessage(topic, {
        en: `payload is not a Sparkplug B protobuf (${e.message})`,
        'zh-CN': `载荷不是 Sparkplug B protobuf（${e.message}）`,
      });
    }
    throw e;
  }
}

/**
 * The inner payload of a compressed one: its `body`, compressed with the algorithm its
 * `algorithm` metric names — DEFLATE (zlib-wrapped, as Tahu's Java and JavaScript encoders
 * write it; raw deflate read too) or GZIP; DEFLATE when the metric is absent, as Tahu reads it.
 */
function inflate(topic: string, p: Payload): Uint8Array {
  if (!p.body)
    throw invalidMessage(topic, {
      en: `a ${COMPRESSED_UUID} payload has no body`,
      'zh-CN': `${COMPRESSED_UUID} 载荷没有 body`,
    });
  const named = p.metrics.find((m) => m.name === 'algorithm')?.str;
  const algorithm = (named ?? 'DEFLATE').toUpperCase();
  const opts = { maxOutputLength: MAX_INFLATED_BYTES };
  try {
    switch (algorithm) {
      case 'GZIP':
        return gunzipSync(p.body, opts);
      case 'DEFLATE':
        // zlib's header: CMF 0x78 (deflate, 32 KiB window) and a check multiple of 31.
        return p.body[0] === 0x78 ? inflateSync(p.body, opts) : inflateRawSync(p.body, opts);
    }
  } catch (e) {
    const why =
      (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? {
            en: `inflates past ${MAX_INFLATED_BYTES} bytes`,
            'zh-CN': `解压后超过 ${MAX_INFLATED_BYTES} 字节`,
          }
        : { en: `does not inflate as ${algorithm}`, 'zh-CN': `无法按 ${algorithm} 解压` };
    throw invalidMessage(topic, {
      en: `the compressed body ${why.en}`,
      'zh-CN': `压缩的 body ${why['zh-CN']}`,
    });
  }
  throw invalidMessage(topic, {
    en: `compression algorithm '${named}' is not supported (DEFLATE or GZIP, Sparkplug 3.0)`,
    'zh-CN': `不支持压缩算法“${named}”（Sparkplug 3.0 支持 DEFLATE 或 GZIP）`,
  });
}

export interface SparkplugMessage {
  /** The asset key from the topic: device_id for D* messages, edge_node_id for N* messages. */
  asset: string;
  /** Possibly none (a BIRTH of only control and string metrics). */
  points: JsonPoint[];
}

/** The Sparkplug state of one MQTT connection. */
export class SparkplugSession {
  private readonly births = new Map<string, Birth>();

  /** `maxTables` bounds the memory one connection can hold with BIRTHs of made-up devices. */
  constructor(private readonly maxTables = 10_000) {}

  /**
   * A message → the points to write; undefined when there is nothing to write (NDEATH, DDEATH).
   * Throws RONGHE_VALIDATION naming the reason for a message that is refused.
   */
  handle(topic: string, bytes: Uint8Array): SparkplugMessage | undefined {
    const t = parseSparkplugTopic(topic);
    // group_id, edge_node_id and device_id cannot contain '/' (§4.1), so these keys are unique.
    const node = `${t.group}/${t.edgeNode}`;
    const key = t.device === undefined ? node : `${node}/${t.device}`;
    switch (t.type) {
      case 'NDEATH':
        this.forgetNode(node);
        return undefined;
      case 'DDEATH':
        this.births.delete(key);
        return undefined;
      case 'NCMD':
      case 'DCMD':
      case 'STATE':
        throw invalidMessage(
          topic,
          {
            en: `${t.type} is for host applications; Ronghe is not one and takes BIRTH, DATA and DEATH messages`,
            'zh-CN': `${t.type} 供主机应用使用；融合平台不是主机应用，只接收 BIRTH、DATA 和 DEATH 消息`,
          },
          'topic',
        );
    }
    const payload = decode(topic, bytes);
    if (payload.seq !== undefined && payload.seq > 255) {
      throw invalidMessage(topic, {
        en: `seq ${payload.seq} is outside 0..255 (§6.4.5 Payload)`,
        'zh-CN': `seq ${payload.seq} 超出 0..255（§6.4.5 Payload）`,
      });
    }
    const isBirth = t.type.endsWith('BIRTH');
    if (isBirth && !this.births.has(key) && this.births.size >= this.maxTables) {
      throw invalidMessage(topic, {
        en: `more than ${this.maxTables} nodes and devices on one connection`,
        'zh-CN': `一个连接上的节点和设备超过 ${this.maxTables} 个`,
      });
    }
    const birth = isBirth ? readBirth(topic, payload.metrics) : this.births.get(key);
    const asset = t.device ?? t.edgeNode;
    const points = toPoints(topic, asset, payload, birth, key);
    if (isBirth) {
      if (t.type === 'NBIRTH') this.forgetNode(node);
      this.births.set(key, birth!);
    }
    return { asset, points };
  }

  private forgetNode(node: string): void {
    for (const k of this.births.keys()) {
      if (k === node || k.startsWith(`${node}/`)) this.births.delete(k);
    }
  }
}
