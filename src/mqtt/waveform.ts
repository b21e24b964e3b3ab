// Vibration waveforms over MQTT: a device or gateway publishes one block of samples per message
// on `ronghe/waveform/<asset serial or id>`:
//   {"sampleRate": 12000, "rpm": 1797, "samples": "<base64 of little-endian float32>",
//    "ts"?: ms or ISO, "channel"?: "vibration"}
// 4,096 samples are about 22 KB, well under the broker's packet limit. A payload starting with the
// bytes "RW" is the compact binary form instead (header and layout in waveform-binary.ts). The
// block is stored compressed and diagnosed by the asset model's active bearing model
// (phm/service/waveforms.ts).
import { decodeFloat32 } from '../phm/index.ts';
import { invalidMessage } from './topics.ts';
import { isBinaryWaveform, parseBinaryWaveform } from './waveform-binary.ts';

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
  if (parts.length !== 3 || !asset) throw invalidMessage(topic, 'use ronghe/waveform/<asset>');
  if (isBinaryWaveform(payload))
    return { asset, encoding: 'binary', ...parseBinaryWaveform(topic, payload) };
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw invalidMessage(topic, `payload is not JSON (${(e as Error).message})`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw invalidMessage(topic, 'payload must be one JSON object');
  const unknown = Object.keys(o).filter((k) => !fields.has(k));
  if (unknown.length) throw invalidMessage(topic, `unknown field "${unknown[0]}"`, unknown[0]);
  const num = (k: string) => {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k]))
      throw invalidMessage(topic, `"${k}" must be a number`, k);
    return o[k];
  };
  if (typeof o.samples !== 'string' || o.samples === '')
    throw invalidMessage(topic, '"samples" must be base64 of little-endian float32', 'samples');
  const ts =
    o.ts === undefined
      ? undefined
      : typeof o.ts === 'number'
        ? o.ts
        : typeof o.ts === 'string'
          ? Date.parse(o.ts)
          : NaN;
  if (ts !== undefined && !Number.isFinite(ts))
    throw invalidMessage(topic, '"ts" must be epoch ms or an ISO time', 'ts');
  if (o.channel !== undefined && typeof o.channel !== 'string')
    throw invalidMessage(topic, '"channel" must be a string', 'channel');
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
    throw invalidMessage(topic, `"samples": ${(e as Error).message}`, 'samples');
  }
}
