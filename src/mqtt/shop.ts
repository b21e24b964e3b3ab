// Shop-floor station events over MQTT: a station (or its gateway) reports the start and finish
// of a production order's operation on `ronghe/shop/<station code>`, one JSON event per message:
//   {"order": "<production order id>", "op": 0, "event": "start", "at"?: ms or ISO}
//   {"order": "<production order id>", "op": 0, "event": "finish", "quantity": 20, "scrap"?: 1}
// The same rules as the HTTP station reports apply (manufacturing/service/execution.ts); a
// finish must come from the station that started the operation. One event per message, so a
// refused message has written nothing.
import { invalidMessage } from './topics.ts';

export interface ShopReport {
  order: string;
  op: number;
  event:
    | { kind: 'start'; station: string; at?: number }
    | { kind: 'finish'; station: string; quantity: number; scrap?: number; at?: number };
}

export const isShopTopic = (topic: string): boolean => topic.startsWith('ronghe/shop/');

const fields = new Set(['order', 'op', 'event', 'at', 'quantity', 'scrap']);

function time(topic: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t))
    throw invalidMessage(
      topic,
      { en: '"at" must be epoch ms or an ISO time', 'zh-CN': '“at”应为纪元毫秒数或 ISO 时间' },
      'at',
    );
  return t;
}

const whole = (topic: string, o: Record<string, unknown>, k: string) => {
  const v = o[k];
  if (!Number.isInteger(v) || (v as number) < 0)
    throw invalidMessage(
      topic,
      { en: `"${k}" must be a whole number ≥ 0`, 'zh-CN': `“${k}”应为 ≥ 0 的整数` },
      k,
    );
  return v as number;
};

export function parseShopMessage(topic: string, payload: Buffer): ShopReport {
  const parts = topic.split('/');
  const station = parts[2] ?? '';
  if (parts.length !== 3 || !station) {
    throw invalidMessage(
      topic,
      { en: 'use ronghe/shop/<station code>', 'zh-CN': '主题应为 ronghe/shop/<工位代码>' },
      'topic',
    );
  }
  let o: unknown;
  try {
    o = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw invalidMessage(topic, {
      en: `payload is not JSON (${(e as Error).message})`,
      'zh-CN': `载荷不是 JSON（${(e as Error).message}）`,
    });
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    throw invalidMessage(topic, {
      en: 'payload must be one JSON object (one event per message)',
      'zh-CN': '载荷应为一个 JSON 对象（每条消息一个事件）',
    });
  }
  const m = o as Record<string, unknown>;
  for (const k of Object.keys(m)) {
    if (!fields.has(k))
      throw invalidMessage(topic, { en: `unknown field "${k}"`, 'zh-CN': `未知字段“${k}”` }, k);
  }
  if (typeof m.order !== 'string' || !m.order)
    throw invalidMessage(
      topic,
      { en: '"order" must name a production order', 'zh-CN': '“order”应为生产订单' },
      'order',
    );
  const op = whole(topic, m, 'op');
  const at = time(topic, m.at);
  const when = at === undefined ? {} : { at };
  if (m.event === 'start') {
    if (m.quantity !== undefined || m.scrap !== undefined)
      throw invalidMessage(
        topic,
        { en: 'a start carries no quantity or scrap', 'zh-CN': '开工事件不带数量或废品数' },
        'quantity',
      );
    return { order: m.order, op, event: { kind: 'start', station, ...when } };
  }
  if (m.event === 'finish') {
    const quantity = whole(topic, m, 'quantity');
    const scrap = m.scrap === undefined ? {} : { scrap: whole(topic, m, 'scrap') };
    return { order: m.order, op, event: { kind: 'finish', station, quantity, ...scrap, ...when } };
  }
  throw invalidMessage(
    topic,
    { en: '"event" must be "start" or "finish"', 'zh-CN': '“event”应为“start”或“finish”' },
    'event',
  );
}
