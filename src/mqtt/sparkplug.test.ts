// Sparkplug B messages → telemetry points, without a broker: topics, alias tables, datatypes,
// timestamps, what is skipped and what is refused.
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isRongheError } from '../kernel/index.ts';
import {
  SparkplugSession,
  channelKey,
  isSparkplugTopic,
  parseSparkplugTopic,
} from './sparkplug.ts';
import { DataType } from './sparkplug-payload.ts';
import { encodePayload, type MetricInput, type PayloadInput } from './test-support.ts';

const T = 1_700_000_000_000;
const NBIRTH = 'spBv1.0/Plant1/NBIRTH/EDGE-1';
const DBIRTH = 'spBv1.0/Plant1/DBIRTH/EDGE-1/PUMP-1';
const DDATA = 'spBv1.0/Plant1/DDATA/EDGE-1/PUMP-1';

const send = (s: SparkplugSession, topic: string, p: PayloadInput) =>
  s.handle(topic, encodePayload(p));

/** The message's reason, for a message the session refuses. */
function refusal(
  s: SparkplugSession,
  topic: string,
  p: PayloadInput | Uint8Array,
  lang: 'en' | 'zh-CN' = 'en',
): string {
  try {
    s.handle(topic, p instanceof Uint8Array ? p : encodePayload(p));
  } catch (e) {
    if (isRongheError(e) && e.code === 'RONGHE_VALIDATION') return e.messageIn(lang);
    throw e;
  }
  throw new Error('the message was accepted');
}

const pumpBirth: MetricInput[] = [
  { name: 'Motor/Temp', alias: 1, datatype: DataType.Float, float: 20.5 },
  { name: 'Motor/Current', alias: 2, datatype: DataType.Int32, int: -3 },
  { name: 'Running', alias: 3, datatype: DataType.Boolean, boolean: true },
  { name: 'Device Control/Rebirth', alias: 4, datatype: DataType.Boolean, boolean: false },
  { name: 'Model', alias: 5, datatype: DataType.String, string: 'KSB Etanorm' },
];

function bornSession(): SparkplugSession {
  const s = new SparkplugSession();
  send(s, NBIRTH, {
    timestamp: T,
    seq: 0,
    metrics: [
      { name: 'bdSeq', datatype: DataType.UInt64, long: 0 },
      { name: 'Node Control/Rebirth', datatype: DataType.Boolean, boolean: false },
    ],
  });
  send(s, DBIRTH, { timestamp: T, seq: 1, metrics: pumpBirth });
  return s;
}

describe('Sparkplug topics and names', () => {
  it('recognises the namespace and parses node and device topics', () => {
    expect(isSparkplugTopic('spBv1.0/G/NDATA/E')).toBe(true);
    expect(isSparkplugTopic('spAv1.0/G/NDATA/E')).toBe(false);
    expect(parseSparkplugTopic(DDATA)).toEqual({
      type: 'DDATA',
      group: 'Plant1',
      edgeNode: 'EDGE-1',
      device: 'PUMP-1',
    });
    expect(parseSparkplugTopic(NBIRTH)).toMatchObject({ edgeNode: 'EDGE-1', device: undefined });
    expect(() => parseSparkplugTopic('spBv1.0/G/NDATA/E/D')).toThrow(/spBv1.0\/<group_id>\/NDATA/);
    expect(() => parseSparkplugTopic('spBv1.0/G/DDATA/E')).toThrow(/<device_id>/);
    expect(() => parseSparkplugTopic('spBv1.0/G//E')).toThrow(/unknown Sparkplug message type/);
    expect(() => parseSparkplugTopic('spBv1.0//NDATA/E')).toThrow(/use spBv1.0/);
  });

  it('maps metric names to channel keys by a fixed rule', () => {
    expect(channelKey('Motor/Temp')).toBe('Motor_Temp');
    expect(channelKey('Supply Temp')).toBe('Supply_Temp');
    expect(channelKey('Supply Temp (°C)')).toBe('Supply_Temp_C');
    expect(channelKey('/Line 2//Flow/')).toBe('Line_2_Flow');
    expect(channelKey('3phase/V_avg')).toBe('_3phase_V_avg');
    expect(channelKey('cop')).toBe('cop');
    expect(channelKey('温度')).toBeUndefined();
    expect(channelKey('__')).toBeUndefined();
    expect(channelKey('x'.repeat(65))).toBeUndefined();
  });
});

describe('SparkplugSession', () => {
  it('turns BIRTH metrics into points and resolves DATA aliases from the last BIRTH', () => {
    const s = new SparkplugSession();
    const birth = send(s, DBIRTH, { timestamp: T, seq: 1, metrics: pumpBirth });
    expect(birth).toEqual({
      asset: 'PUMP-1',
      points: [
        { asset: 'PUMP-1', ts: T, values: { Motor_Temp: 20.5, Motor_Current: -3, Running: 1 } },
      ],
    });
    const data = send(s, DDATA, {
      timestamp: T + 1000,
      seq: 2,
      metrics: [
        { alias: 1, float: 0.1 },
        { alias: 3, boolean: false },
      ],
    });
    expect(data?.points).toEqual([
      { asset: 'PUMP-1', ts: T + 1000, values: { Motor_Temp: Math.fround(0.1), Running: 0 } },
    ]);
  });

  it('decodes signed, unsigned and 64-bit integers by the datatype', () => {
    const s = new SparkplugSession();
    const m = (name: string, datatype: number, v: Partial<MetricInput>): MetricInput => ({
      name,
      datatype,
      ...v,
    });
    const p = send(s, 'spBv1.0/G/NBIRTH/E', {
      timestamp: T,
      metrics: [
        m('i8', DataType.Int8, { int: -100 }), // sent as 0xFFFFFF9C
        m('i8_narrow', DataType.Int8, { int: 0xff }), // sent as one byte of two's complement
        m('i16', DataType.Int16, { int: -30000 }),
        m('i32', DataType.Int32, { int: -2147483648 }),
        m('i64', DataType.Int64, { long: -5_000_000_000n }),
        m('u8', DataType.UInt8, { int: 250 }),
        m('u32', DataType.UInt32, { int: 4294967295 }),
        m('u32_long', DataType.UInt32, { long: 4294967295n }), // Tahu Java sends UInt32 in long
        m('u64', DataType.UInt64, { long: 2n ** 53n + 2n }),
        m('f', DataType.Float, { float: -1.5 }),
        m('d', DataType.Double, { double: 1e-300 }),
      ],
    });
    expect(p?.points[0]?.values).toEqual({
      i8: -100,
      i8_narrow: -1,
      i16: -30000,
      i32: -2147483648,
      i64: -5_000_000_000,
      u8: 250,
      u32: 4294967295,
      u32_long: 4294967295,
      u64: 2 ** 53 + 2,
      f: -1.5,
      d: 1e-300,
    });
  });

  it('takes the metric timestamp, else the payload timestamp, else none (server time)', () => {
    const s = bornSession();
    const p = send(s, DDATA, {
      timestamp: T + 5000,
      metrics: [
        { alias: 1, float: 1, timestamp: T + 1000 },
        { alias: 2, int: 2, timestamp: T + 1000 },
        { alias: 1, float: 3, timestamp: T + 2000, isHistorical: true },
        { alias: 3, boolean: true },
      ],
    });
    expect(p?.points).toEqual([
      { asset: 'PUMP-1', ts: T + 1000, values: { Motor_Temp: 1, Motor_Current: 2 } },
      { asset: 'PUMP-1', ts: T + 2000, values: { Motor_Temp: 3 } },
      { asset: 'PUMP-1', ts: T + 5000, values: { Running: 1 } },
    ]);
    const untimed = send(s, DDATA, { metrics: [{ alias: 1, float: 4 }] });
    expect(untimed?.points).toEqual([{ asset: 'PUMP-1', values: { Motor_Temp: 4 } }]);
  });

  it('skips control metrics, strings, DateTime, null and transient metrics', () => {
    const s = bornSession();
    const p = send(s, DDATA, {
      timestamp: T,
      metrics: [
        { alias: 4, boolean: true },
        { alias: 5, string: 'changed' },
        { alias: 1, isNull: true },
        { alias: 2, int: 9, isTransient: true },
        { name: 'Last service', datatype: DataType.DateTime, long: T },
        { name: 'Note', datatype: DataType.Text, string: 'n' },
      ],
    });
    expect(p).toEqual({ asset: 'PUMP-1', points: [] });
    const node = send(s, 'spBv1.0/Plant1/NBIRTH/EDGE-1', {
      metrics: [{ name: 'bdSeq', datatype: DataType.UInt64, long: 1 }],
    });
    expect(node).toEqual({ asset: 'EDGE-1', points: [] });
  });

  it('refuses an unknown alias, and DATA by alias before any BIRTH', () => {
    const s = bornSession();
    expect(refusal(s, DDATA, { metrics: [{ alias: 99, float: 1 }] })).toMatch(
      /unknown alias 99: it is not in the last BIRTH of Plant1\/EDGE-1\/PUMP-1/,
    );
    const fresh = new SparkplugSession();
    expect(refusal(fresh, DDATA, { metrics: [{ alias: 1, float: 1 }] })).toMatch(
      /no BIRTH of Plant1\/EDGE-1\/PUMP-1 is in force/,
    );
  });

  it('accepts DATA by name with a datatype; refuses it without one', () => {
    const s = new SparkplugSession();
    const p = send(s, 'spBv1.0/G/NDATA/E', {
      metrics: [{ name: 'Flow', datatype: DataType.Double, double: 2.5 }],
    });
    expect(p?.points[0]?.values).toEqual({ Flow: 2.5 });
    expect(refusal(s, 'spBv1.0/G/NDATA/E', { metrics: [{ name: 'Flow', double: 1 }] })).toMatch(
      /'Flow' has no datatype/,
    );
  });

  it('forgets the tables on NDEATH, DDEATH and a new NBIRTH', () => {
    const data = { metrics: [{ alias: 1, float: 1 }] };
    let s = bornSession();
    expect(s.handle('spBv1.0/Plant1/DDEATH/EDGE-1/PUMP-1', new Uint8Array())).toBeUndefined();
    expect(refusal(s, DDATA, data)).toMatch(/no BIRTH of .* is in force/);
    s = bornSession();
    expect(s.handle('spBv1.0/Plant1/NDEATH/EDGE-1', encodePayload({}))).toBeUndefined();
    expect(refusal(s, DDATA, data)).toMatch(/no BIRTH of .* is in force/);
    s = bornSession();
    send(s, NBIRTH, { seq: 0, metrics: [] }); // a new node session: its devices must be reborn
    expect(refusal(s, DDATA, data)).toMatch(/no BIRTH of .* is in force/);
  });

  it('leaves the last good BIRTH in force when a BIRTH is refused', () => {
    const s = bornSession();
    const reason = refusal(s, DBIRTH, {
      metrics: [
        { name: 'A', alias: 1, datatype: DataType.Float, float: 1 },
        { name: 'B', alias: 1, datatype: DataType.Float, float: 2 },
      ],
    });
    expect(reason).toMatch(/alias 1 names both 'A' and 'B'/);
    expect(send(s, DDATA, { metrics: [{ alias: 1, float: 7 }] })?.points[0]?.values).toEqual({
      Motor_Temp: 7,
    });
  });

  it('refuses malformed messages with the reason', () => {
    const s = bornSession();
    const bad = (p: PayloadInput) => refusal(s, DBIRTH, p);
    expect(refusal(s, DDATA, Uint8Array.from([0xff, 0xff, 0xff]))).toMatch(
      /payload is not a Sparkplug B protobuf \(protobuf: .*at byte/,
    );
    expect(bad({ metrics: [{ alias: 1, datatype: DataType.Float, float: 1 }] })).toMatch(
      /BIRTH metric 0 has no name/,
    );
    expect(bad({ metrics: [{ name: 'x', alias: 1, float: 1 }] })).toMatch(/has no datatype/);
    expect(
      bad({
        metrics: [
          { name: 'Motor/Temp', datatype: DataType.Float, float: 1 },
          { name: 'Motor Temp', datatype: DataType.Float, float: 2 },
        ],
      }),
    ).toMatch(/'Motor\/Temp' and 'Motor Temp' both map to channel 'Motor_Temp'/);
    expect(bad({ metrics: [{ name: '温度', datatype: DataType.Float, float: 1 }] })).toMatch(
      /'温度' leaves no channel key/,
    );
    expect(bad({ seq: 256, metrics: [] })).toMatch(/seq 256 is outside 0..255/);
    expect(refusal(s, DDATA, { metrics: [{ alias: 1, double: NaN }] })).toMatch(
      /'Motor\/Temp': value must be finite, not NaN/,
    );
    expect(refusal(s, DDATA, { metrics: [{ alias: 1, float: Infinity }] })).toMatch(/finite/);
    expect(refusal(s, DDATA, { metrics: [{ alias: 2, float: 1 }] })).toMatch(
      /'Motor\/Current' is Int32 but carries a float_value/,
    );
    expect(refusal(s, DDATA, { metrics: [{ alias: 3 }] })).toMatch(/Boolean but carries no value/);
    // In Chinese the value field is named in Chinese too (issue #17), not 'a float_value'.
    const zh = refusal(s, DDATA, { metrics: [{ alias: 2, float: 1 }] }, 'zh-CN');
    expect(zh).toMatch(/“Motor\/Current”的类型为 Int32，却带有 float_value$/);
    expect(zh).not.toMatch(/ a float_value/);
    expect(refusal(s, DDATA, { metrics: [{ alias: 3 }] }, 'zh-CN')).toMatch(/却没有值$/);
  });

  it('holds at most maxTables BIRTHs per connection', () => {
    const s = new SparkplugSession(2);
    const birth = { metrics: [] };
    send(s, 'spBv1.0/G/NBIRTH/E', birth);
    send(s, 'spBv1.0/G/DBIRTH/E/D1', birth);
    send(s, 'spBv1.0/G/DBIRTH/E/D1', birth); // a rebirth replaces its table
    expect(refusal(s, 'spBv1.0/G/DBIRTH/E/D2', birth)).toMatch(/more than 2 nodes and devices/);
    s.handle('spBv1.0/G/DDEATH/E/D1', new Uint8Array());
    expect(send(s, 'spBv1.0/G/DBIRTH/E/D2', birth)).toEqual({ asset: 'D2', points: [] });
  });

  it('refuses commands and STATE: they are for host applications', () => {
    const s = bornSession();
    for (const topic of [
      'spBv1.0/Plant1/NCMD/EDGE-1',
      'spBv1.0/Plant1/DCMD/EDGE-1/PUMP-1',
      'spBv1.0/STATE/scada-1',
    ]) {
      expect(refusal(s, topic, { metrics: [] })).toMatch(/is for host applications/);
    }
  });
});

// Tahu's encoders with `compress: true` (PayloadEncoder/compressPayload): the payload is
// deflated or gzipped into `body`, with uuid SPBV1.0_COMPRESSED and an `algorithm` metric.
describe('Sparkplug compressed payloads', () => {
  const inner = encodePayload({
    timestamp: T + 1000,
    seq: 2,
    metrics: [
      { alias: 1, float: 21.5 },
      { alias: 2, int: 7 },
    ],
  });
  const compressed = (body: Uint8Array, algorithm?: string): PayloadInput => ({
    uuid: 'SPBV1.0_COMPRESSED',
    body,
    metrics:
      algorithm === undefined
        ? []
        : [{ name: 'algorithm', datatype: DataType.String, string: algorithm }],
  });
  const want = [{ asset: 'PUMP-1', ts: T + 1000, values: { Motor_Temp: 21.5, Motor_Current: 7 } }];

  it('reads DEFLATE (zlib or raw), GZIP, and DEFLATE when no algorithm is named', () => {
    const s = bornSession();
    expect(send(s, DDATA, compressed(deflateSync(inner), 'DEFLATE'))?.points).toEqual(want);
    expect(send(s, DDATA, compressed(deflateRawSync(inner), 'DEFLATE'))?.points).toEqual(want);
    expect(send(s, DDATA, compressed(gzipSync(inner), 'GZIP'))?.points).toEqual(want);
    expect(send(s, DDATA, compressed(deflateSync(inner)))?.points).toEqual(want);
    // A compressed BIRTH sets the alias table like a plain one.
    const t = new SparkplugSession();
    send(
      t,
      DBIRTH,
      compressed(gzipSync(encodePayload({ timestamp: T, metrics: pumpBirth })), 'GZIP'),
    );
    expect(send(t, DDATA, { metrics: [{ alias: 1, float: 2 }] })?.points).toEqual([
      { asset: 'PUMP-1', values: { Motor_Temp: 2 } },
    ]);
  });

  it('refuses an unknown algorithm, a body that does not inflate and one that inflates too far', () => {
    const s = bornSession();
    expect(refusal(s, DDATA, compressed(deflateSync(inner), 'LZ4'))).toMatch(
      /compression algorithm 'LZ4' is not supported/,
    );
    expect(refusal(s, DDATA, compressed(Buffer.from('not deflate'), 'GZIP'))).toMatch(
      /does not inflate as GZIP/,
    );
    expect(refusal(s, DDATA, { uuid: 'SPBV1.0_COMPRESSED' })).toMatch(/has no body/);
    const bomb = deflateSync(Buffer.alloc(17 * 1024 * 1024));
    expect(refusal(s, DDATA, compressed(bomb, 'DEFLATE'))).toMatch(/inflates past/);
  });
});
