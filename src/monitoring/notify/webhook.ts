// Webhook delivery: POST a JSON body signed with the target's secret; retry transient failures
// (network error, timeout, 408, 429, 5xx) with capped exponential backoff and jitter ("equal
// jitter", Brooker, AWS Architecture Blog 2015), honouring Retry-After; after the last attempt,
// or at once on a permanent failure (other 4xx), the delivery goes to the dead-letter list
// from which an operator can retry it. Requests go out through node:http(s) with a guarded DNS
// lookup (address-guard.ts): loopback, link-local and private addresses are refused, unless
// allowed, on the address actually connected to; a refused address is a permanent failure.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress, RefusedAddressError } from './address-guard.ts';
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
  /** Lets webhooks reach loopback, link-local and private addresses (default false). */
  allowPrivate?: boolean;
  /** Where failed deliveries go besides the in-memory list (e.g. a database table). */
  onDeadLetter?: (d: DeadLetter) => Promise<void>;
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
  /** Sends a stored body again under its delivery id (a dead letter kept elsewhere). */
  resend(target: WebhookTarget, deliveryId: string, body: string): Promise<DeliveryResult>;
}

type Attempt =
  | { ok: true; status: number }
  | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

function retryAfter(h: string | null): number | undefined {
  const s = h === null ? NaN : Number(h);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

interface Answer {
  status: number;
  retryAfter: string | null;
}

/** One POST; rejects on a network error, a timeout or a refused address. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  o: Required<WebhookOptions>,
) {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An IP literal is connected to without a lookup: check it here.
  if (!o.allowPrivate && isIP(host) && isPrivateAddress(host))
    return Promise.reject(new RefusedAddressError(host, host));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Answer>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(o.allowPrivate),
        timeout: o.timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] ?? null }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function attempt(
  target: WebhookTarget,
  id: string,
  body: string,
  o: Required<WebhookOptions>,
): Promise<Attempt> {
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Ronghe-Webhook/1',
    'x-ronghe-delivery': id,
    [signatureHeader]: signPayload(target.secret, o.now(), body),
  };
  try {
    const res = await post(new URL(target.url), headers, body, o);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const transient = res.status >= 500 || res.status === 408 || res.status === 429;
    const a: Attempt = { ok: false, retry: transient, error: `HTTP ${res.status}` };
    const ra = retryAfter(res.retryAfter);
    if (ra !== undefined) a.retryAfterMs = ra;
    return a;
  } catch (e) {
    return {
      ok: false,
      retry: !(e instanceof RefusedAddressError),
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
    allowPrivate: false,
    onDeadLetter: () => Promise.resolve(),
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
        const letter: DeadLetter = {
          deliveryId: id,
          targetId: target.id,
          url: target.url,
          body,
          attempts: n,
          lastError: last,
          at: o.now(),
        };
        dead.push(letter);
        if (dead.length > 1000) dead.shift(); // the durable list is onDeadLetter's
        await o.onDeadLetter(letter);
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
    resend: (target, deliveryId, body) => send(target, deliveryId, body),
  };
}
