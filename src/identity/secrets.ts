import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { randomBase32 } from '../kernel/index.ts';

// scrypt parameters per RFC 7914 §2 guidance for interactive logins (N=2^15, r=8, p=1).
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_LEN = 32;

function scryptAsync(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, base64url; the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LEN, SCRYPT);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const opts = { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem };
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, opts);
  return timingSafeEqual(key, expected);
}

/**
 * A bearer secret: `<kind>_<prefix>_<secret>`. Only its SHA-256 is stored; the prefix is kept in
 * clear so people can tell their keys apart. 160 random bits make a slow hash unnecessary.
 */
export function newSecret(kind: 'rk' | 'rd' | 'rs' | 'rc'): {
  token: string;
  prefix: string;
  hash: string;
} {
  const prefix = randomBase32(6);
  const token = `${kind}_${prefix}_${randomBase32(32)}`;
  return { token, prefix, hash: hashSecret(token) };
}

export const hashSecret = (token: string): string =>
  createHash('sha256').update(token).digest('hex');
