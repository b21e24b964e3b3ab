// Vibration waveforms over MQTT: a device or gateway publishes one block of samples per message
// on `ronghe/waveform/<asset serial or id>`:
//   {"sampleRate": 12000, "rpm": 1797, "samples": "<base64 of little-endian float32>",
//    "ts"?: ms or ISO, "channel"?: "vibration"}
// 4,096 samples are about 22 KB, well under the broker's packet limit. A payload starting with the
// bytes "RW" is the compact binary form instead (header and layout in
// phm/service/waveform-binary.ts, the same as an octet-stream body over HTTP). The
// block is stored compressed and diagnosed by the asset model's active bearing model
// (phm/service/waveforms.ts).
import { RongheError, reasonOf } from '../kernel/index.ts';
import { decodeFloat32, isBinaryWaveform, parseBinaryWaveform } from '../phm/index.ts';
import { invalidMessage } from './topics.ts';

export interface WaveformMessage {
  asset: string;
  sampleRate: number;
  rpm: number;
  samples: Float64Array;
  /** How the block came: JSON with base64 float32, or the binary form. */
  encoding: 'json' | 'binary';
  ts?: number;
  channel?: string;
}

export const isWaveformTopic = (topic: string): boolean => topic.startsWith('ronghe/waveform/');

const fields = new Set(['sampleRate', 'rpm', 'samples', 'ts', 'channel']);

export function parseWaveformMessage(topic: string, payload: Buffer): WaveformMessage {
  const parts = topic.split('/');
  const asset = parts[2] ?? '';
  if (parts.length !== 3 || !asset)
    throw invalidMessage(topic, {
      en: 'use ronghe/waveform/<asset>',
      'zh-CN': '主题应为 ronghe/waveform/<资产>',
    });
  if (isBinaryWaveform(payload)) return { asset, encoding: 'binary', ...binary(topic, payload) };
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw invalidMessage(topic, {
      en: `payload is not JSON (${(e as Error).message})`,
      'zh-CN': `载荷不是 JSON（${(e as Error).message}）`,
    });
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw invalidMessage(topic, {
      en: 'payload must be one JSON object',
      'zh-CN': '载荷应为一个 JSON 对象',
    });
  const unknown = Object.keys(o).filter((k) => !fields.has(k));
  if (unknown.length)
    throw invalidMessage(
      topic,
      { en: `unknown field "${unknown[0]}"`, 'zh-CN': `未知字段“${unknown[0]}”` },
      unknown[0],
    );
  const num = (k: string) => {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k]))
      throw invalidMessage(topic, { en: `"${k}" must be a number`, 'zh-CN': `“${k}”应为数字` }, k);
    return o[k];
  };
  if (typeof o.samples !== 'string' || o.samples === '')
    throw invalidMessage(
      topic,
      {
        en: '"samples" must be base64 of little-endian float32',
        'zh-CN': '“samples”应为小端 float32 的 base64 编码',
      },
      'samples',
    );
  const ts =
    o.ts === undefined
      ? undefined
      : typeof o.ts === 'number'
        ? o.ts
        : typeof o.ts === 'string'
          ? Date.parse(o.ts)
          : NaN;
  if (ts !== undefined && !Number.isFinite(ts))
    throw invalidMessage(
      topic,
      { en: '"ts" must be epoch ms or an ISO time', 'zh-CN': '“ts”应为纪元毫秒数或 ISO 时间' },
      'ts',
    );
  if (o.channel !== undefined && typeof o.channel !== 'string')
    throw invalidMessage(
      topic,
      { en: '"channel" must be a string', 'zh-CN': '“channel”应为字符串' },
      'channel',
    );
  return {
    asset,
    sampleRate: num('sampleRate'),
    rpm: num('rpm'),
    samples: decodeSamples(topic, o.samples),
    encoding: 'json',
    ...(ts !== undefined ? { ts } : {}),
    ...(typeof o.channel === 'string' ? { channel: o.channel } : {}),
  };
}

function decodeSamples(topic: string, base64: string): Float64Array {
  try {
    return decodeFloat32(base64, 'samples');
  } catch (e) {
    throw invalidMessage(
      topic,
      { en: `"samples": ${(e as Error).message}`, 'zh-CN': `“samples”：${(e as Error).message}` },
      'samples',
    );
  }
}

/** The binary form, its refusal re-worded with the topic as every MQTT refusal is. */
function binary(topic: string, payload: Buffer) {
  try {
    return parseBinaryWaveform(payload);
  } catch (e) {
    if (!(e instanceof RongheError)) throw e;
    const field = (e.details as Array<{ field?: string }> | undefined)?.[0]?.field;
    throw invalidMessage(topic, reasonOf(e), field);
  }
}
