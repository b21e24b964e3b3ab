// Modbus data decoding, pure: registers in, engineering values out. Modbus Application Protocol
// v1.1b3 §4.2 defines registers as 16-bit big-endian words and says nothing about values wider
// than one register, so devices differ: the byte order inside a word and the order of the words
// are both per mapping ("ABCD" = big/big, "CDAB" = word-swapped, "BADC" = byte-swapped,
// "DCBA" = both).

export const MODBUS_DATA_TYPES = [
  'bool',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'float32',
  'float64',
] as const;
export type ModbusDataType = (typeof MODBUS_DATA_TYPES)[number];

export const MODBUS_FUNCTIONS = ['coils', 'discrete-inputs', 'holding', 'input'] as const;
export type ModbusFunction = (typeof MODBUS_FUNCTIONS)[number];

export type Endian = 'big' | 'little';

export interface ModbusValueSpec {
  readonly dataType: ModbusDataType;
  /** Order of the two bytes inside each register; the wire order is big. */
  readonly byteOrder: Endian;
  /** Order of the registers of a multi-register value; `big` = most significant word first. */
  readonly wordOrder: Endian;
  readonly scale: number;
  readonly offset: number;
}

/** Registers (16-bit words) a value occupies; bits (coils, inputs) always take one address. */
export function registerCount(dataType: ModbusDataType): number {
  switch (dataType) {
    case 'bool':
    case 'int16':
    case 'uint16':
      return 1;
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
      return 4;
  }
}

/** True for the two functions that read single bits (FC 01, 02) rather than registers. */
export const isBitFunction = (fn: ModbusFunction): boolean =>
  fn === 'coils' || fn === 'discrete-inputs';

/** The registers as big-endian bytes in most-significant-first order, undoing the device's
 * byte and word order. */
function canonicalBytes(words: readonly number[], spec: ModbusValueSpec): Buffer {
  const ordered = spec.wordOrder === 'big' ? words : [...words].reverse();
  const buf = Buffer.alloc(ordered.length * 2);
  ordered.forEach((w, i) => {
    const hi = (w >> 8) & 0xff;
    const lo = w & 0xff;
    buf[i * 2] = spec.byteOrder === 'big' ? hi : lo;
    buf[i * 2 + 1] = spec.byteOrder === 'big' ? lo : hi;
  });
  return buf;
}

/** Raw value of `registerCount(dataType)` registers starting at `words[at]`. */
export function decodeRaw(words: readonly number[], at: number, spec: ModbusValueSpec): number {
  const n = registerCount(spec.dataType);
  if (at < 0 || at + n > words.length) {
    throw new RangeError(`need ${n} registers at ${at}, have ${words.length}`);
  }
  const b = canonicalBytes(words.slice(at, at + n), spec);
  switch (spec.dataType) {
    case 'bool':
      return b.readUInt16BE(0) !== 0 ? 1 : 0;
    case 'int16':
      return b.readInt16BE(0);
    case 'uint16':
      return b.readUInt16BE(0);
    case 'int32':
      return b.readInt32BE(0);
    case 'uint32':
      return b.readUInt32BE(0);
    case 'float32':
      return b.readFloatBE(0);
    case 'float64':
      return b.readDoubleBE(0);
  }
}

/** Engineering value: raw × scale + offset (a bool is 0 or 1 and is not scaled). */
export function decodeValue(words: readonly number[], at: number, spec: ModbusValueSpec): number {
  const raw = decodeRaw(words, at, spec);
  return spec.dataType === 'bool' ? raw : raw * spec.scale + spec.offset;
}

/** The inverse, for simulators and tests: a raw value as registers in the device's order. */
export function encodeRaw(
  value: number,
  spec: Omit<ModbusValueSpec, 'scale' | 'offset'>,
): number[] {
  const n = registerCount(spec.dataType);
  const b = Buffer.alloc(n * 2);
  switch (spec.dataType) {
    case 'bool':
      b.writeUInt16BE(value ? 1 : 0, 0);
      break;
    case 'int16':
      b.writeInt16BE(value, 0);
      break;
    case 'uint16':
      b.writeUInt16BE(value, 0);
      break;
    case 'int32':
      b.writeInt32BE(value, 0);
      break;
    case 'uint32':
      b.writeUInt32BE(value, 0);
      break;
    case 'float32':
      b.writeFloatBE(value, 0);
      break;
    case 'float64':
      b.writeDoubleBE(value, 0);
      break;
  }
  const words: number[] = [];
  for (let i = 0; i < n; i++) {
    const hi = b[i * 2] ?? 0;
    const lo = b[i * 2 + 1] ?? 0;
    words.push(spec.byteOrder === 'big' ? (hi << 8) | lo : (lo << 8) | hi);
  }
  return spec.wordOrder === 'big' ? words : words.reverse();
}
