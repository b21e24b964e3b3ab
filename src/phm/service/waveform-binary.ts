// The compact binary form of a waveform block (issue 18), the same on both edges: an MQTT
// message on ronghe/waveform/<asset> and an application/octet-stream body of
// POST /api/v1/phm/assets/:id/waveforms. A 28-byte header, then the samples, all little-endian.
// A gateway on a thin link sends 4,096 int16 samples as 8,220 bytes, where base64 float32 in
// JSON is some 22 KB.
//
//   offset size type     field
//        0    2 ASCII    magic "RW" (0x52 0x57); JSON payloads start with "{" so the two never mix
//        2    1 uint8    version, 1
//        3    1 uint8    sample format: 1 = float32, 2 = int16
//        4    4 float32  sample rate, Hz
//        8    4 float32  running speed, rpm
//       12    4 float32  scale: a sample is its stored value × scale (use 1 for float32 in g)
//       16    4 uint32   sample count n
//       20    8 float64  timestamp, epoch ms of the first sample; 0 = time of arrival
//       28  n×w samples  w = 4 (float32) or 2 (int16, two's complement)
//
// Every defect (short header, wrong magic, unknown version or format, count not matching the
// bytes that follow, a non-positive rate or speed, a zero scale, a non-finite sample) is refused
// with a validation error naming the header field; each edge words where it came from.
import { invalid, type Localized } from '../../kernel/index.ts';

export const WAVEFORM_MAGIC = 0x5752; // "RW" read as little-endian uint16
export const WAVEFORM_HEADER_BYTES = 28;
export const waveformFormats = { float32: 1, int16: 2 } as const;
export type WaveformFormat = keyof typeof waveformFormats;

export interface BinaryWaveform {
  sampleRate: number;
  rpm: number;
  ts?: number;
  samples: Float64Array;
}

export const isBinaryWaveform = (payload: Buffer): boolean =>
  payload.length >= 2 && payload.readUInt16LE(0) === WAVEFORM_MAGIC;

const width = (format: number): number | undefined =>
  format === waveformFormats.float32 ? 4 : format === waveformFormats.int16 ? 2 : undefined;

export function parseBinaryWaveform(b: Buffer): BinaryWaveform {
  const bad = (field: string, reason: Localized) => invalid(field, reason);
  if (b.length < WAVEFORM_HEADER_BYTES)
    throw bad('header', {
      en: `binary payload of ${b.length} bytes is shorter than its 28-byte header`,
      'zh-CN': `二进制载荷只有 ${b.length} 字节，短于 28 字节的报头`,
    });
  if (!isBinaryWaveform(b))
    throw bad('magic', {
      en: `binary waveform starts with 0x${b.subarray(0, 2).toString('hex')}, not "RW" (0x5257)`,
      'zh-CN': `二进制波形以 0x${b.subarray(0, 2).toString('hex')} 开头，而不是“RW”（0x5257）`,
    });
  const version = b.readUInt8(2);
  if (version !== 1)
    throw bad('version', {
      en: `binary waveform version ${version} is unknown (use 1)`,
      'zh-CN': `未知的二进制波形版本 ${version}（请用 1）`,
    });
  const format = b.readUInt8(3);
  const w = width(format);
  if (w === undefined)
    throw bad('format', {
      en: `sample format ${format} is unknown (1 = float32, 2 = int16)`,
      'zh-CN': `未知的采样格式 ${format}（1 = float32，2 = int16）`,
    });
  const sampleRate = b.readFloatLE(4);
  if (!(Number.isFinite(sampleRate) && sampleRate > 0))
    throw bad('sampleRate', {
      en: `sample rate ${sampleRate} is not a positive number`,
      'zh-CN': `采样率 ${sampleRate} 不是正数`,
    });
  const rpm = b.readFloatLE(8);
  if (!(Number.isFinite(rpm) && rpm > 0))
    throw bad('rpm', {
      en: `running speed ${rpm} is not a positive number`,
      'zh-CN': `转速 ${rpm} 不是正数`,
    });
  const scale = b.readFloatLE(12);
  if (!(Number.isFinite(scale) && scale !== 0))
    throw bad('scale', {
      en: `scale ${scale} is not a finite non-zero number`,
      'zh-CN': `比例系数 ${scale} 不是非零有限数`,
    });
  const count = b.readUInt32LE(16);
  const bytes = b.length - WAVEFORM_HEADER_BYTES;
  if (count === 0 || count * w !== bytes)
    throw bad('count', {
      en: `header says ${count} samples (${count * w} bytes) but ${bytes} bytes follow the header`,
      'zh-CN': `报头声明 ${count} 个采样（${count * w} 字节），但报头后有 ${bytes} 字节`,
    });
  const ts = b.readDoubleLE(20);
  // Whole milliseconds within the range of a JavaScript Date (ECMA-262 §21.4.1.22).
  if (!Number.isInteger(ts) || ts < 0 || ts > 8.64e15)
    throw bad('ts', {
      en: `timestamp ${ts} is not whole epoch milliseconds (0 = time of arrival)`,
      'zh-CN': `时间戳 ${ts} 不是整数纪元毫秒数（0 表示到达时间）`,
    });
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = WAVEFORM_HEADER_BYTES + i * w;
    const v = (w === 4 ? b.readFloatLE(o) : b.readInt16LE(o)) * scale;
    if (!Number.isFinite(v))
      throw bad('samples', {
        en: `sample ${i} is not a finite number`,
        'zh-CN': `第 ${i} 个采样不是有限数`,
      });
    samples[i] = v;
  }
  return { sampleRate, rpm, ...(ts > 0 ? { ts } : {}), samples };
}

/** Builds a binary block (devices, tests, the simulator); int16 quantises with `scale`. */
export function encodeBinaryWaveform(
  w: { sampleRate: number; rpm: number; ts?: number; samples: ArrayLike<number> },
  format: WaveformFormat = 'float32',
  scale = 1,
): Buffer {
  const size = format === 'float32' ? 4 : 2;
  const b = Buffer.alloc(WAVEFORM_HEADER_BYTES + w.samples.length * size);
  b.writeUInt16LE(WAVEFORM_MAGIC, 0);
  b.writeUInt8(1, 2);
  b.writeUInt8(waveformFormats[format], 3);
  b.writeFloatLE(w.sampleRate, 4);
  b.writeFloatLE(w.rpm, 8);
  b.writeFloatLE(scale, 12);
  b.writeUInt32LE(w.samples.length, 16);
  b.writeDoubleLE(w.ts ?? 0, 20);
  for (let i = 0; i < w.samples.length; i++) {
    const v = (w.samples[i] as number) / scale;
    const o = WAVEFORM_HEADER_BYTES + i * size;
    if (format === 'float32') b.writeFloatLE(v, o);
    else b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v))), o);
  }
  return b;
}
