// One-time passwords (pure: no I/O). HOTP (RFC 4226 §5.3: HMAC, dynamic truncation, modulo
// 10^digits) counted in time steps since the Unix epoch (TOTP, RFC 6238 §4.2: T = floor(t / X),
// X = 30 s). Secrets travel as base32 without padding (RFC 4648 §6), the form authenticator
// apps read from an otpauth:// URI (Google Authenticator "Key Uri Format").
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpParams {
  algorithm: TotpAlgorithm;
  digits: number;
  /** Seconds per step (X in RFC 6238). */
  period: number;
}

/** What every common authenticator app understands. */
export const defaultTotp: TotpParams = { algorithm: 'sha1', digits: 6, period: 30 };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; undefined on any other character. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    const i = ALPHABET.indexOf(c);
    if (i < 0) return undefined;
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP value of `counter` (RFC 4226 §5.3), zero-padded to `digits`. */
export function hotp(
  secret: Uint8Array,
  counter: number,
  digits = 6,
  algorithm: TotpAlgorithm = 'sha1',
): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step of an instant (RFC 6238 §4.2, T0 = 0). */
export const timeStep = (atMs: number, period = defaultTotp.period): number =>
  Math.floor(atMs / 1000 / period);

export const totp = (secret: Uint8Array, atMs: number, p: TotpParams = defaultTotp): string =>
  hotp(secret, timeStep(atMs, p.period), p.digits, p.algorithm);

/**
 * The step a code belongs to within ±`window` steps of `atMs` (RFC 6238 §5.2: one step back
 * for network delay, one ahead for a fast clock), or undefined. Only steps after `lastStep` are
 * tried: a code once accepted is not accepted again (§5.2, "MUST NOT accept the second attempt
 * of the same OTP"), nor any older one.
 */
export function matchTotp(
  secret: Uint8Array,
  code: string,
  atMs: number,
  opts: { window?: number; lastStep?: number | null; params?: TotpParams } = {},
): number | undefined {
  const p = opts.params ?? defaultTotp;
  if (!new RegExp(`^\\d{${p.digits}}$`).test(code)) return undefined;
  const now = timeStep(atMs, p.period);
  const window = opts.window ?? 1;
  let found: number | undefined;
  // Every candidate is computed and compared, so the time taken says nothing of which matched.
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0 || (opts.lastStep != null && step <= opts.lastStep)) continue;
    const expected = Buffer.from(hotp(secret, step, p.digits, p.algorithm));
    if (timingSafeEqual(expected, Buffer.from(code)) && found === undefined) found = step;
  }
  return found;
}

/** The otpauth:// URI an authenticator app scans (issuer and account shown to the user). */
export function otpauthUri(
  secret: Uint8Array,
  issuer: string,
  account: string,
  p: TotpParams = defaultTotp,
): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: p.algorithm.toUpperCase(),
    digits: String(p.digits),
    period: String(p.period),
  });
  return `otpauth://totp/${label}?${q.toString()}`;
}
