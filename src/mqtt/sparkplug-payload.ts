// The Sparkplug B payload (Sparkplug 3.0 §6.4.1, the `Payload` and `Payload.Metric` messages of
// Eclipse Tahu's sparkplug_b.proto), decoded with the wire-format reader in protobuf.ts.
// Only what telemetry needs is kept: per metric its name, alias, timestamp, datatype, flags and
// scalar value; metadata, properties, datasets, templates and bytes are skipped unread.
// A known field with the wrong wire type is an error, as in protoc's parsers: it is the usual
// symptom of a payload that is not Sparkplug B at all.
import { ProtoReader, WireType } from './protobuf.ts';

/** Sparkplug DataType enum (§6.4.16 Data Types). */
export const DataType = {
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
} as const;

// prettier-ignore
const dataTypeNames = [
  'Unknown', 'Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64', 'Float',
  'Double', 'Boolean', 'String', 'DateTime', 'Text', 'UUID', 'DataSet', 'Bytes', 'File',
  'Template', 'PropertySet', 'PropertySetList', 'Int8Array', 'Int16Array', 'Int32Array',
  'Int64Array', 'UInt8Array', 'UInt16Array', 'UInt32Array', 'UInt64Array', 'FloatArray',
  'DoubleArray', 'BooleanArray', 'StringArray', 'DateTimeArray',
];

export const dataTypeName = (t: number): string => dataTypeNames[t] ?? `DataType ${t}`;

/** Metric fields of the `value` oneof (§6.4.6 Metric). */
export const ValueField = {
  None: 0,
  Int: 10,
  Long: 11,
  Float: 12,
  Double: 13,
  Boolean: 14,
  String: 15,
  Bytes: 16,
  DataSet: 17,
  Template: 18,
  Extension: 19,
} as const;

export interface Metric {
  name: string | undefined;
  alias: number | undefined;
  /** Epoch ms. */
  timestamp: number | undefined;
  datatype: number | undefined;
  isHistorical: boolean;
  isTransient: boolean;
  isNull: boolean;
  /** Which field of the value oneof was set (ValueField), None when none was. */
  valueField: number;
  /** int_value / long_value / boolean_value as unsigned 32-bit halves. */
  lo: number;
  hi: number;
  /** float_value / double_value. */
  num: number;
  /** string_value (read for the compression `algorithm` metric; never a point). */
  str?: string;
}

export interface Payload {
  /** Epoch ms, when the message was published (§6.4.5 Payload). */
  timestamp: number | undefined;
  seq: number | undefined;
  metrics: Metric[];
  /** `SPBV1.0_COMPRESSED` marks a compressed payload (Sparkplug 3.0 §6.4.5; Tahu). */
  uuid?: string;
  /** The compressed inner payload. */
  body?: Uint8Array;
}

const newMetric = (): Metric => ({
  name: undefined,
  alias: undefined,
  timestamp: undefined,
  datatype: undefined,
  isHistorical: false,
  isTransient: false,
  isNull: false,
  valueField: ValueField.None,
  lo: 0,
  hi: 0,
  num: 0,
});

/** uint64 that must stay exact as a number (aliases are map keys; ms timestamps are < 2^53). */
function exactUint64(r: ProtoReader, what: string): number {
  const v = r.uint64();
  if (!Number.isSafeInteger(v)) r.fail(`${what} ${r.hi}·2^32+${r.lo} is beyond 2^53`);
  return v;
}

function readValue(r: ProtoReader, m: Metric): void {
  const f = r.field;
  m.valueField = f;
  switch (f) {
    case ValueField.Int:
      r.expect(WireType.Varint, 'int_value');
      m.lo = r.uint32();
      m.hi = 0;
      return;
    case ValueField.Long:
    case ValueField.Boolean:
      r.expect(WireType.Varint, f === ValueField.Long ? 'long_value' : 'boolean_value');
      r.varint();
      m.lo = r.lo;
      m.hi = r.hi;
      return;
    case ValueField.Float:
      r.expect(WireType.Fixed32, 'float_value');
      m.num = r.float();
      return;
    case ValueField.Double:
      r.expect(WireType.Fixed64, 'double_value');
      m.num = r.double();
      return;
    case ValueField.String:
      r.expect(WireType.Bytes, 'string_value');
      m.str = r.string();
      return;
    default: // string, bytes, dataset, template, extension: never telemetry points
      r.expect(WireType.Bytes, 'metric value');
      r.skip();
  }
}

function readMetric(r: ProtoReader): Metric {
  const m = newMetric();
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.expect(WireType.Bytes, 'name');
        m.name = r.string();
        break;
      case 2:
        r.expect(WireType.Varint, 'alias');
        m.alias = exactUint64(r, 'alias');
        break;
      case 3:
        r.expect(WireType.Varint, 'timestamp');
        m.timestamp = exactUint64(r, 'timestamp');
        break;
      case 4:
        r.expect(WireType.Varint, 'datatype');
        m.datatype = r.uint32();
        break;
      case 5:
      case 6:
      case 7: {
        r.expect(WireType.Varint, 'flag');
        const on = r.bool();
        if (r.field === 5) m.isHistorical = on;
        else if (r.field === 6) m.isTransient = on;
        else m.isNull = on;
        break;
      }
      case 8:
      case 9:
        r.expect(WireType.Bytes, r.field === 8 ? 'metadata' : 'properties');
        r.skip();
        break;
      default:
        if (r.field >= ValueField.Int && r.field <= ValueField.Extension) readValue(r, m);
        else r.skip();
    }
  }
  return m;
}

/** Decodes a Sparkplug B payload; throws ProtobufError on malformed input. */
export function decodePayload(bytes: Uint8Array): Payload {
  const r = new ProtoReader(bytes);
  const p: Payload = { timestamp: undefined, seq: undefined, metrics: [] };
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.expect(WireType.Varint, 'payload timestamp');
        p.timestamp = exactUint64(r, 'payload timestamp');
        break;
      case 2:
        r.expect(WireType.Bytes, 'metric');
        p.metrics.push(readMetric(r.message()));
        break;
      case 3:
        r.expect(WireType.Varint, 'seq');
        p.seq = r.uint64();
        break;
      case 4:
        r.expect(WireType.Bytes, 'uuid');
        p.uuid = r.string();
        break;
      case 5:
        r.expect(WireType.Bytes, 'body');
        p.body = r.bytes();
        break;
      default:
        r.skip(); // extensions 6 to max, and anything newer
    }
  }
  return p;
}
