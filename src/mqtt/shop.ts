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
    throw invalidMessage(topic, '"at" must be epoch ms or an ISO time', 'at');
  return t;
}

const whole = (topic: string, o: Record<string, unknown>, k: string) => {
  const v = o[k];
  if (!Number.isInteger(v) || (v as number) < 0)
    throw invalidMessage(topic, `"${k}" must be a whole number ≥ 0`, k);
  return v as number;
};

export function parseShopMessage(topic: string, payload: Buffer): ShopReport {
  const parts = topic.split('/');
  const station = parts[2] ?? '';
  if (parts.length !== 3 || !station) {
    throw invalidMessage(topic, 'use ronghe/shop/<station code>', 'topic');
  }
  let o: unknown;
  try {
    o = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw invalidMessage(topic, `payload is not JSON (${(e as Error).message})`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    throw invalidMessage(topic, 'payload must be one JSON object (one event per message)');
  }
  const m = o as Record<string, unknown>;
  for (const k of Object.keys(m)) {
    if (!fields.has(k)) throw invalidMessage(topic, `unknown field "${k}"`, k);
  }
  if (typeof m.order !== 'string' || !m.order)
    throw invalidMessage(topic, '"order" must name a production order', 'order');
  const op = whole(topic, m, 'op');
  const at = time(topic, m.at);
  const when = at === undefined ? {} : { at };
  if (m.event === 'start') {
    if (m.quantity !== undefined || m.scrap !== undefined)
      throw invalidMessage(topic, 'a start carries no quantity or scrap', 'quantity');
    return { order: m.order, op, event: { kind: 'start', station, ...when } };
  }
  if (m.event === 'finish') {
    const quantity = whole(topic, m, 'quantity');
    const scrap = m.scrap === undefined ? {} : { scrap: whole(topic, m, 'scrap') };
    return { order: m.order, op, event: { kind: 'finish', station, quantity, ...scrap, ...when } };
  }
  throw invalidMessage(topic, '"event" must be "start" or "finish"', 'event');
}
