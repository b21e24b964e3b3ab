// Webhook signatures: HMAC-SHA256 (RFC 2104, FIPS 198-1) over `${timestamp}.${body}`, sent as
// `x-ronghe-signature: t=<epoch ms>,v1=<hex>`. Signing the timestamp with the body lets a
// receiver refuse replays older than its tolerance; comparison is constant-time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-ronghe-signature';

export function signPayload(secret: string, timestampMs: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex');
  return `t=${timestampMs},v1=${mac}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Receiver side (also used by our tests): checks the MAC and that the timestamp is recent. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowMs: number,
  toleranceMs = 5 * 60_000,
): VerifyResult {
  if (!header) return { ok: false, reason: 'missing signature header' };
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isFinite(t) || !v1) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(nowMs - t) > toleranceMs)
    return { ok: false, reason: 'timestamp outside tolerance' };
  const want = Buffer.from(signPayload(secret, t, body).split('v1=')[1]!, 'hex');
  const got = Buffer.from(v1, 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return { ok: false, reason: 'bad signature' };
  return { ok: true };
}
