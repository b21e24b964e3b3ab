// The MQTT topic convention (documented in README):
//   ronghe/telemetry/<asset serial or id>   JSON {"ts"?: ms, "values": {channel: number}} or an array of them
//   ronghe/telemetry                        JSON [{"asset": key, "ts"?: ms, "values": {…}}, …] (gateways)
//   ronghe/lp[/<ns|us|ms|s>]               InfluxDB line protocol, default precision ms
//   ronghe/errors/<client id>               where the broker reports a rejected message back
//   spBv1.0/…                               Sparkplug B (sparkplug.ts)
import { RongheError, type Localized } from '../kernel/index.ts';
import type { JsonPoint, Precision } from '../telemetry/index.ts';

export type Message =
  { kind: 'json'; points: JsonPoint[] } | { kind: 'line'; body: string; precision: Precision };

const precisions = new Set(['ns', 'us', 'ms', 's']);

/** A refused message: RONGHE_VALIDATION naming the topic and the reason. */
export const invalidMessage = (topic: string, reason: Localized, field = 'payload') =>
  new RongheError(
    'RONGHE_VALIDATION',
    { en: `${topic}: ${reason.en}`, 'zh-CN': `${topic}：${reason['zh-CN']}` },
    [{ field, reason: reason.en }],
  );
const bad = invalidMessage;

function asPoint(topic: string, v: unknown, asset: string | undefined, i: number): JsonPoint {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw bad(topic, { en: `item ${i} is not an object`, 'zh-CN': `第 ${i} 项不是对象` });
  const o = v as Record<string, unknown>;
  const key = asset ?? o.asset;
  if (typeof key !== 'string' || !key)
    throw bad(topic, {
      en: `item ${i} names no asset (put it in the topic or an "asset" field)`,
      'zh-CN': `第 ${i} 项未指明资产（请写在主题中或“asset”字段里）`,
    });
  if (typeof o.values !== 'object' || o.values === null)
    throw bad(topic, {
      en: `item ${i} has no "values" object`,
      'zh-CN': `第 ${i} 项没有“values”对象`,
    });
  if (o.ts !== undefined && typeof o.ts !== 'number' && typeof o.ts !== 'string')
    throw bad(topic, {
      en: `item ${i}: "ts" must be epoch ms or an ISO time`,
      'zh-CN': `第 ${i} 项：“ts”应为纪元毫秒数或 ISO 时间`,
    });
  return {
    asset: key,
    ...(o.ts !== undefined ? { ts: o.ts as number | string } : {}),
    values: o.values as Record<string, number>,
  };
}

/** Whether the broker handles this topic as telemetry; anything else is routed as plain MQTT. */
export const isTelemetryTopic = (topic: string): boolean =>
  topic === 'ronghe/telemetry' ||
  topic.startsWith('ronghe/telemetry/') ||
  topic === 'ronghe/lp' ||
  topic.startsWith('ronghe/lp/');

export function parseMessage(topic: string, payload: Buffer): Message {
  const parts = topic.split('/');
  if (parts[1] === 'lp') {
    const precision = parts[2] ?? 'ms';
    if (parts.length > 3 || !precisions.has(precision))
      throw bad(topic, {
        en: 'use ronghe/lp or ronghe/lp/<ns|us|ms|s>',
        'zh-CN': '主题应为 ronghe/lp 或 ronghe/lp/<ns|us|ms|s>',
      });
    return { kind: 'line', body: payload.toString('utf8'), precision: precision as Precision };
  }
  if (parts.length > 3)
    throw bad(topic, {
      en: 'use ronghe/telemetry or ronghe/telemetry/<asset>',
      'zh-CN': '主题应为 ronghe/telemetry 或 ronghe/telemetry/<资产>',
    });
  const asset = parts[2];
  if (asset === '')
    throw bad(topic, { en: 'empty asset key in topic', 'zh-CN': '主题中的资产键为空' });
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw bad(topic, {
      en: `payload is not JSON (${(e as Error).message})`,
      'zh-CN': `载荷不是 JSON（${(e as Error).message}）`,
    });
  }
  const items = Array.isArray(json) ? json : [json];
  // An empty array carries nothing to store: refused like an empty body over HTTP, so the
  // sender learns of it instead of getting a PUBACK for nothing.
  if (items.length === 0)
    throw bad(topic, {
      en: 'payload is an empty array; send at least one point',
      'zh-CN': '载荷是空数组；请至少发送一个数据点',
    });
  return { kind: 'json', points: items.map((v, i) => asPoint(topic, v, asset, i)) };
}
