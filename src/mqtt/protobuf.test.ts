// The protobuf wire-format reader: varints to 64 bits, every wire type skipped, malformed input
// refused with a ProtobufError (never a RangeError, a hang or a read past the end).
import { describe, expect, it } from 'vitest';
import { ProtoReader, ProtoWriter, ProtobufError, WireType, int64Of } from './protobuf.ts';
import { DataType, decodePayload } from './sparkplug-payload.ts';
import { encodePayload } from './test-support.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);
const varintBytes = (v: number | bigint) => new ProtoWriter().varint(v).finish();

describe('ProtoReader varints', () => {
  const cases: Array<[bigint, number[]]> = [
    [0n, [0x00]],
    [1n, [0x01]],
    [127n, [0x7f]],
    [128n, [0x80, 0x01]],
    [300n, [0xac, 0x02]],
    [2n ** 28n - 1n, [0xff, 0xff, 0xff, 0x7f]],
    [2n ** 28n, [0x80, 0x80, 0x80, 0x80, 0x01]],
    [2n ** 32n - 1n, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    [2n ** 32n, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [2n ** 35n, [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
    [2n ** 53n - 1n, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    [2n ** 63n, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
    [2n ** 64n - 1n, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ];

  it.each(cases)('reads %s exactly, as the writer encodes it', (value, encoded) => {
    expect([...varintBytes(value)]).toEqual(encoded);
    const r = new ProtoReader(Uint8Array.from(encoded));
    expect(r.bigUint64()).toBe(value);
    expect(r.pos).toBe(encoded.length);
    expect(new ProtoReader(Uint8Array.from(encoded)).uint64()).toBe(Number(value));
  });

  it('narrows a uint32 to the low 32 bits, as protobuf does for a sign-extended int32', () => {
    const r = new ProtoReader(varintBytes(-5)); // ten bytes: 2^64 − 5
    expect(r.uint32()).toBe(2 ** 32 - 5);
    expect(r.hi).toBe(0xffffffff);
    expect(int64Of(r.lo, r.hi)).toBe(-5);
  });

  it('turns the halves into signed 64-bit numbers', () => {
    expect(int64Of(0xffffffff, 0xffffffff)).toBe(-1);
    expect(int64Of(0, 0x80000000)).toBe(-(2 ** 63));
    expect(int64Of(0xffffffff, 0x7fffffff)).toBe(2 ** 63 - 1); // rounded, as every double is
    expect(int64Of(123, 0)).toBe(123);
  });

  it('refuses a varint longer than ten bytes and a truncated one', () => {
    const eleven = bytes(...Array<number>(10).fill(0x80), 0x01);
    expect(() => new ProtoReader(eleven).varint()).toThrow(/longer than 10 bytes at byte 0/);
    expect(() => new ProtoReader(bytes(0x80)).varint()).toThrow(/truncated varint at byte 1/);
    expect(() => new ProtoReader(bytes(0xff, 0xff, 0xff)).varint()).toThrow(ProtobufError);
  });
});

describe('ProtoReader fields', () => {
  /** field 2 (a payload metric) holding `inner`, with unknown fields of every wire type around. */
  function withUnknownFields(inner: Uint8Array): Uint8Array {
    const unknowns = new ProtoWriter()
      .tag(100, WireType.Varint)
      .varint(2n ** 64n - 1n)
      .tag(101, WireType.Fixed64)
      .double(1.5)
      .tag(102, WireType.Bytes)
      .bytes('ignored')
      .tag(103, WireType.StartGroup)
      .tag(1, WireType.Varint)
      .varint(7)
      .tag(104, WireType.StartGroup) // a nested group
      .tag(2, WireType.Fixed32)
      .float(1)
      .tag(104, WireType.EndGroup)
      .tag(103, WireType.EndGroup)
      .tag(105, WireType.Fixed32)
      .float(2)
      .finish();
    return new ProtoWriter()
      .raw(unknowns)
      .tag(1, WireType.Varint)
      .varint(1_700_000_000_000)
      .raw(unknowns)
      .tag(2, WireType.Bytes)
      .bytes(Uint8Array.from([...unknowns, ...inner, ...unknowns]))
      .tag(3, WireType.Varint)
      .varint(9)
      .raw(unknowns)
      .finish();
  }

  it('skips unknown fields of every wire type, in the payload and in a metric', () => {
    const metric = new ProtoWriter()
      .tag(1, WireType.Bytes)
      .bytes('Motor/Temp')
      .tag(4, WireType.Varint)
      .varint(DataType.Float)
      .tag(12, WireType.Fixed32)
      .float(21.5)
      .finish();
    const p = decodePayload(withUnknownFields(metric));
    expect(p.timestamp).toBe(1_700_000_000_000);
    expect(p.seq).toBe(9);
    expect(p.metrics).toMatchObject([{ name: 'Motor/Temp', datatype: DataType.Float, num: 21.5 }]);
  });

  it('reads back what the test encoder writes, every value field included', () => {
    const buf = encodePayload({
      timestamp: 1_700_000_000_123,
      seq: 255,
      uuid: 'u',
      metrics: [
        { name: 'a', alias: 2 ** 40, timestamp: 1_700_000_000_000, datatype: 3, int: -7 },
        { alias: 1, long: -2n, isHistorical: true },
        { alias: 2, double: -0.25, isTransient: true },
        { alias: 3, boolean: true, isNull: true },
        { alias: 4, string: 'ok 温度' },
      ],
    });
    const p = decodePayload(buf);
    expect(p).toMatchObject({ timestamp: 1_700_000_000_123, seq: 255 });
    expect(p.metrics[0]).toMatchObject({ name: 'a', alias: 2 ** 40, datatype: 3, lo: 2 ** 32 - 7 });
    expect(p.metrics[1]).toMatchObject({ lo: 0xfffffffe, hi: 0xffffffff, isHistorical: true });
    expect(p.metrics[2]).toMatchObject({ num: -0.25, isTransient: true });
    expect(p.metrics[3]).toMatchObject({ lo: 1, isNull: true });
    expect(p.metrics[4]).toMatchObject({ valueField: 15 });
  });

  it('refuses truncated and malformed input with the reason and the byte offset', () => {
    const refuses = (b: Uint8Array, reason: RegExp) =>
      expect(() => decodePayload(b)).toThrow(reason);
    refuses(bytes(0x12, 0x05, 0x0a), /length runs past the end at byte 1/); // metric of 5, 1 left
    refuses(bytes(0x12, 0x03, 0x65, 0x00, 0x00), /truncated: 4 bytes expected/); // float cut
    refuses(bytes(0x12, 0x03, 0x69, 0x00, 0x00), /truncated: 8 bytes expected/); // double cut
    refuses(bytes(0x08), /truncated varint/); // timestamp without its value
    refuses(bytes(0x33, 0x08, 0x01), /group 6 has no end/); // field 6: an unknown one
    refuses(bytes(0x34), /end of group 6 without a start/);
    refuses(bytes(0x33, 0x3c), /mismatched end of group/);
    refuses(bytes(0x0e, 0x00), /invalid wire type 6/);
    refuses(bytes(0x00, 0x00), /invalid field number/);
    refuses(bytes(0x0a, 0x00), /payload timestamp \(field 1\) has wire type 2/);
    refuses(bytes(0x12, 0x03, 0x0a, 0x01, 0xff), /not valid UTF-8/);
    const deep = new ProtoWriter();
    for (let i = 0; i < 40; i++) deep.tag(100, WireType.StartGroup);
    refuses(deep.finish(), /groups nested too deep/);
  });

  it('never fails with anything but a ProtobufError: every prefix, and random bytes', () => {
    const whole = encodePayload({
      timestamp: 1_700_000_000_000,
      seq: 3,
      metrics: [
        { name: 'x/y', alias: 5, datatype: DataType.Double, double: 1.25 },
        { alias: 6, long: 2n ** 63n, timestamp: 1_700_000_000_001 },
      ],
    });
    const outcome = (b: Uint8Array) => {
      try {
        decodePayload(b);
        return 'ok';
      } catch (e) {
        if (e instanceof ProtobufError) return 'refused';
        throw e;
      }
    };
    for (let n = 0; n <= whole.length; n++) outcome(whole.subarray(0, n));
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let i = 0; i < 2000; i++) {
      outcome(Uint8Array.from({ length: 1 + (i % 40) }, rand));
    }
    expect(outcome(whole)).toBe('ok');
    expect(outcome(new TextEncoder().encode('{"values": {"cop": 1}}'))).toBe('refused');
  });
});
