// Webhook delivery: POST a JSON body signed with the target's secret; retry transient failures
// (network error, timeout, 408, 429, 5xx) with capped exponential backoff and jitter ("equal
// jitter", Brooker, AWS Architecture Blog 2015), honouring Retry-After; after the last attempt,
// or at once on a permanent failure (other 4xx), the delivery goes to the dead-letter list
// from which an operator can retry it.
import { randomUUID } from 'node:crypto';
import { signatureHeader, signPayload } from './signature.ts';

export interface WebhookTarget {
  id: string;
  url: string;
  secret: string;
}

export interface WebhookOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface DeadLetter {
  deliveryId: string;
  targetId: string;
  url: string;
  body: string;
  attempts: number;
  lastError: string;
  at: number;
}

export type DeliveryResult =
  | { ok: true; deliveryId: string; attempts: number; status: number }
  | { ok: false; deliveryId: string; attempts: number; error: string };

export interface WebhookSender {
  deliver(target: WebhookTarget, payload: unknown): Promise<DeliveryResult>;
  readonly deadLetters: readonly DeadLetter[];
  /** Tries a dead letter again (same delivery id, so receivers can de-duplicate). */
  retryDeadLetter(deliveryId: string, target: WebhookTarget): Promise<DeliveryResult>;
}

type Attempt =
  | { ok: true; status: number }
  | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

function retryAfter(h: string | null): number | undefined {
  const s = h === null ? NaN : Number(h);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

async function attempt(
  target: WebhookTarget,
  id: string,
  body: string,
  o: Required<WebhookOptions>,
): Promise<Attempt> {
  const headers = {
    'content-type': 'application/json',
    'x-ronghe-delivery': id,
    [signatureHeader]: signPayload(target.secret, o.now(), body),
  };
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true, status: res.status };
    const transient = res.status >= 500 || res.status === 408 || res.status === 429;
    const a: Attempt = { ok: false, retry: transient, error: `HTTP ${res.status}` };
    const ra = retryAfter(res.headers.get('retry-after'));
    if (ra !== undefined) a.retryAfterMs = ra;
    return a;
  } catch (e) {
    return {
      ok: false,
      retry: true,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    };
  }
}

export function createWebhookSender(options: WebhookOptions = {}): WebhookSender {
  const o: Required<WebhookOptions> = {
    maxAttempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    timeoutMs: 10_000,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: Date.now,
    random: Math.random,
    ...options,
  };
  const dead: DeadLetter[] = [];

  const send = async (target: WebhookTarget, id: string, body: string): Promise<DeliveryResult> => {
    let last = '';
    for (let n = 1; n <= o.maxAttempts; n++) {
      const r = await attempt(target, id, body, o);
      if (r.ok) return { ok: true, deliveryId: id, attempts: n, status: r.status };
      last = r.error;
      if (!r.retry || n === o.maxAttempts) {
        dead.push({
          deliveryId: id,
          targetId: target.id,
          url: target.url,
          body,
          attempts: n,
          lastError: last,
          at: o.now(),
        });
        return { ok: false, deliveryId: id, attempts: n, error: last };
      }
      const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (n - 1));
      const delay = exp / 2 + (o.random() * exp) / 2;
      await o.sleep(Math.min(o.maxDelayMs, Math.max(delay, r.retryAfterMs ?? 0)));
    }
    throw new Error('unreachable');
  };

  return {
    deliver: (target, payload) => send(target, randomUUID(), JSON.stringify(payload)),
    deadLetters: dead,
    async retryDeadLetter(deliveryId, target) {
      const i = dead.findIndex((d) => d.deliveryId === deliveryId);
      if (i < 0) throw new Error(`no dead letter '${deliveryId}'`);
      const [d] = dead.splice(i, 1);
      return send(target, d!.deliveryId, d!.body);
    },
  };
}
