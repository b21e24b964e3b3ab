import { describe, expect, it } from 'vitest';
import {
  decodeRaw,
  decodeValue,
  encodeRaw,
  MODBUS_DATA_TYPES,
  registerCount,
  type Endian,
  type ModbusDataType,
} from './decode.ts';
import { findOverlap, planReads, type AddressedMapping } from './plan.ts';

const spec = (dataType: ModbusDataType, byteOrder: Endian = 'big', wordOrder: Endian = 'big') => ({
  dataType,
  byteOrder,
  wordOrder,
  scale: 1,
  offset: 0,
});

describe('Modbus decoding', () => {
  // Reference layouts from the Modbus convention tables (value 0x12345678 → ABCD etc.).
  it('reads a 32-bit value in each of the four byte/word orders', () => {
    expect(decodeRaw([0x1234, 0x5678], 0, spec('uint32', 'big', 'big'))).toBe(0x12345678);
    expect(decodeRaw([0x5678, 0x1234], 0, spec('uint32', 'big', 'little'))).toBe(0x12345678);
    expect(decodeRaw([0x3412, 0x7856], 0, spec('uint32', 'little', 'big'))).toBe(0x12345678);
    expect(decodeRaw([0x7856, 0x3412], 0, spec('uint32', 'little', 'little'))).toBe(0x12345678);
  });

  it('reads IEEE 754 float32 123.456 from its known registers (0x42F6 0xE979)', () => {
    expect(decodeRaw([0x42f6, 0xe979], 0, spec('float32'))).toBeCloseTo(123.456, 4);
    expect(decodeRaw([0xe979, 0x42f6], 0, spec('float32', 'big', 'little'))).toBeCloseTo(
      123.456,
      4,
    );
  });

  it('reads float64 1.0 (0x3FF0 0 0 0) and its word-swapped form', () => {
    expect(decodeRaw([0x3ff0, 0, 0, 0], 0, spec('float64'))).toBe(1);
    expect(decodeRaw([0, 0, 0, 0x3ff0], 0, spec('float64', 'big', 'little'))).toBe(1);
    expect(decodeRaw([0, 0, 0, 0xf03f], 0, spec('float64', 'little', 'little'))).toBe(1);
  });

  it('reads signed and unsigned 16- and 32-bit values', () => {
    expect(decodeRaw([0xffff], 0, spec('int16'))).toBe(-1);
    expect(decodeRaw([0xffff], 0, spec('uint16'))).toBe(65535);
    expect(decodeRaw([0x0080], 0, spec('int16', 'little'))).toBe(-32768);
    expect(decodeRaw([0xffff, 0xfffe], 0, spec('int32'))).toBe(-2);
    expect(decodeRaw([0xfffe, 0xffff], 0, spec('int32', 'big', 'little'))).toBe(-2);
    expect(decodeRaw([0xffff, 0xfffe], 0, spec('uint32'))).toBe(4294967294);
  });

  it('reads bool from a register as 0/1 and ignores scale', () => {
    expect(decodeValue([0], 0, { ...spec('bool'), scale: 10, offset: 5 })).toBe(0);
    expect(decodeValue([0x0100], 0, { ...spec('bool'), scale: 10, offset: 5 })).toBe(1);
  });

  it('applies scale and offset: raw 2345 × 0.1 − 40 = 194.5', () => {
    expect(decodeValue([2345], 0, { ...spec('uint16'), scale: 0.1, offset: -40 })).toBeCloseTo(
      194.5,
    );
  });

  it('round-trips every type in every order through encodeRaw', () => {
    const samples: Record<ModbusDataType, number> = {
      bool: 1,
      int16: -12345,
      uint16: 54321,
      int32: -123456789,
      uint32: 3123456789,
      float32: -0.15625,
      float64: 6.02214076e23,
    };
    for (const t of MODBUS_DATA_TYPES) {
      for (const b of ['big', 'little'] as const) {
        for (const w of ['big', 'little'] as const) {
          const words = encodeRaw(samples[t], spec(t, b, w));
          expect(words).toHaveLength(registerCount(t));
          expect(decodeRaw([7, ...words], 1, spec(t, b, w))).toBe(samples[t]);
        }
      }
    }
  });

  it('refuses to read past the registers it was given', () => {
    expect(() => decodeRaw([1], 0, spec('float32'))).toThrow(RangeError);
  });
});

const m = (
  key: string,
  address: number,
  dataType: ModbusDataType,
  fn: AddressedMapping['function'] = 'holding',
  unitId = 1,
): AddressedMapping => ({
  key,
  unitId,
  function: fn,
  address,
  dataType,
});

describe('Modbus read planning', () => {
  it('merges touching mappings into one read and splits at gaps, units and functions', () => {
    const reads = planReads([
      m('a', 0, 'float32'),
      m('b', 2, 'uint16'),
      m('c', 10, 'int16'),
      m('d', 0, 'uint16', 'input'),
      m('e', 0, 'uint16', 'holding', 2),
    ]);
    const holding1 = reads.filter((r) => r.unitId === 1 && r.function === 'holding');
    expect(holding1.map((r) => [r.address, r.count])).toEqual([
      [0, 3],
      [10, 1],
    ]);
    expect(holding1[0]?.items.map((i) => [i.mapping.key, i.at])).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
    expect(reads).toHaveLength(4);
  });

  it('never asks for more than 125 registers in one read', () => {
    const many = Array.from({ length: 300 }, (_, i) => m(`r${i}`, i, 'uint16'));
    const reads = planReads(many);
    expect(reads.map((r) => r.count)).toEqual([125, 125, 50]);
    // A float32 that would straddle the limit starts the next read instead of being cut.
    const floats = Array.from({ length: 63 }, (_, i) => m(`f${i}`, i * 2, 'float32'));
    expect(planReads(floats).map((r) => r.count)).toEqual([124, 2]);
  });

  it('batches up to 2000 coils in one read', () => {
    const coils = Array.from({ length: 2500 }, (_, i) => m(`c${i}`, i, 'bool', 'coils'));
    expect(planReads(coils).map((r) => r.count)).toEqual([2000, 500]);
  });

  it('finds overlapping ranges on the same unit and function only', () => {
    expect(findOverlap([m('a', 0, 'float32'), m('b', 1, 'uint16')])?.b.key).toBe('b');
    expect(findOverlap([m('a', 0, 'float32'), m('b', 2, 'uint16')])).toBeUndefined();
    expect(findOverlap([m('a', 0, 'float32'), m('b', 1, 'uint16', 'input')])).toBeUndefined();
  });
});
