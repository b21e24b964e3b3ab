// The webhook channel: each message goes to the URL of every matching subscription, signed
// with that subscription's secret (signature.ts). Deliveries run in the background, so a slow
// or failing receiver (retries with backoff can take minutes) never holds up the tenant's
// other notifications; `idle()` waits for those in flight (shutdown, tests).
import { statusOf, type AlarmEffect } from '../alarms/index.ts';
import type { NotifyMessage, Transport } from './notifier.ts';
import type { WebhookSender } from './webhook.ts';

const effectBody = (e: AlarmEffect) => ({
  change: e.change,
  at: e.at,
  alarm: { ...e.alarm, status: statusOf(e.alarm) },
});

/** The JSON a receiver gets (documented in the subscription routes' OpenAPI description). */
export function webhookPayload(m: NotifyMessage) {
  return m.kind === 'alarm'
    ? { kind: 'alarm' as const, ...effectBody(m.effect) }
    : {
        kind: 'digest' as const,
        count: m.count,
        windowStart: m.windowStart,
        changes: m.effects.map(effectBody),
      };
}

export function createWebhookTransport(
  sender: WebhookSender,
  log: (line: string) => void = () => undefined,
): { transport: Transport; idle(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  const transport: Transport = (userId, message, subscriptions) => {
    const payload = webhookPayload(message);
    for (const s of subscriptions) {
      if (!s.webhook || !s.id) continue;
      const target = { id: s.id, url: s.webhook.url, secret: s.webhook.secret };
      const p = sender
        .deliver(target, payload)
        .then((r) => {
          if (!r.ok)
            log(`webhook ${r.deliveryId} of ${s.id} (${userId}) dead-lettered: ${r.error}`);
        })
        .catch((e: unknown) => log(`webhook of ${s.id}: ${(e as Error).message}`))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    return Promise.resolve();
  };
  return {
    transport,
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
