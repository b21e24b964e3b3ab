// Test support: a Sparkplug B payload encoder (the mirror of sparkplug-payload.ts), written
// against the field numbers of Eclipse Tahu's sparkplug_b.proto.
import { ProtoWriter, WireType } from './protobuf.ts';

export interface MetricInput {
  name?: string;
  alias?: number;
  timestamp?: number;
  datatype?: number;
  isHistorical?: boolean;
  isTransient?: boolean;
  isNull?: boolean;
  /** int_value (uint32): pass the unsigned 32-bit two's complement for negative Int8/16/32. */
  int?: number;
  /** long_value (uint64): negative numbers are written as 64-bit two's complement. */
  long?: number | bigint;
  float?: number;
  double?: number;
  boolean?: boolean;
  string?: string;
}

export interface PayloadInput {
  timestamp?: number;
  seq?: number;
  uuid?: string;
  metrics?: MetricInput[];
  /** bytes body (a compressed payload's inner payload). */
  body?: Uint8Array;
}

function encodeMetric(m: MetricInput): Uint8Array {
  const w = new ProtoWriter();
  const varint = (field: number, v: number | bigint | boolean | undefined) => {
    if (v !== undefined) w.tag(field, WireType.Varint).varint(typeof v === 'boolean' ? +v : v);
  };
  if (m.name !== undefined) w.tag(1, WireType.Bytes).bytes(m.name);
  varint(2, m.alias);
  varint(3, m.timestamp);
  varint(4, m.datatype);
  varint(5, m.isHistorical);
  varint(6, m.isTransient);
  varint(7, m.isNull);
  varint(10, m.int === undefined ? undefined : m.int >>> 0);
  varint(11, m.long);
  if (m.float !== undefined) w.tag(12, WireType.Fixed32).float(m.float);
  if (m.double !== undefined) w.tag(13, WireType.Fixed64).double(m.double);
  varint(14, m.boolean);
  if (m.string !== undefined) w.tag(15, WireType.Bytes).bytes(m.string);
  return w.finish();
}

export function encodePayload(p: PayloadInput): Buffer {
  const w = new ProtoWriter();
  if (p.timestamp !== undefined) w.tag(1, WireType.Varint).varint(p.timestamp);
  for (const m of p.metrics ?? []) w.tag(2, WireType.Bytes).bytes(encodeMetric(m));
  if (p.seq !== undefined) w.tag(3, WireType.Varint).varint(p.seq);
  if (p.uuid !== undefined) w.tag(4, WireType.Bytes).bytes(p.uuid);
  if (p.body !== undefined) w.tag(5, WireType.Bytes).bytes(p.body);
  return Buffer.from(w.finish());
}
