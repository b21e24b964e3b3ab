// The compact form of a block of vibration samples: little-endian IEEE 754 float32 values,
// base64-encoded in JSON (or the raw bytes in an MQTT payload). 4,096 samples are 16 KiB raw,
// about 22 KB as base64, where the same as decimal text is some 40 KB.
import { invalid } from '../../kernel/index.ts';

export function float32Of(bytes: Uint8Array, field: string): Float64Array {
  if (bytes.length === 0 || bytes.length % 4 !== 0)
    throw invalid(field, {
      en: `${bytes.length} bytes is not a whole number of float32 samples`,
      'zh-CN': `${bytes.length} 字节不是 float32 采样点的整数倍`,
    });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) {
    const v = view.getFloat32(4 * i, true);
    if (!Number.isFinite(v))
      throw invalid(field, {
        en: `sample ${i} is not a finite number`,
        'zh-CN': `采样点 ${i} 不是有限数值`,
      });
    out[i] = v;
  }
  return out;
}

export function decodeFloat32(base64: string, field: string): Float64Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
    throw invalid(field, { en: 'is not base64', 'zh-CN': '不是 base64 编码' });
  return float32Of(Buffer.from(base64, 'base64'), field);
}

export function encodeFloat32(samples: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(samples.length * 4);
  for (let i = 0; i < samples.length; i++) b.writeFloatLE(samples[i] as number, 4 * i);
  return b;
}
