// 国密 (Chinese commercial cryptography) beside the default algorithms: SM3 (GB/T 32905-2016)
// as the hash and HMAC, SM4 (GB/T 32907-2016) as the block cipher, from Node.js's own OpenSSL 3
// (no further dependency). Field encryption is SM4-CTR then HMAC-SM3 (encrypt-then-MAC: OpenSSL
// offers SM4 without GCM in Node.js 20), or AES-256-GCM by default. SM2 and TLCP (GB/T 38636)
// are not offered by the Node.js runtime: README says so.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export const DIGESTS = ['sha256', 'sm3'] as const;
export type Digest = (typeof DIGESTS)[number];

export const digestHex = (alg: Digest, data: string | Uint8Array): string =>
  createHash(alg).update(data).digest('hex');

export const hmac = (alg: Digest, key: Uint8Array, data: string | Uint8Array): Buffer =>
  createHmac(alg, key).update(data).digest();

/** One SM4 block (ECB, no padding): what the standard's test vectors are written for. */
export function sm4Block(key: Uint8Array, block: Uint8Array, decrypt = false): Buffer {
  const c = decrypt ? createDecipheriv('sm4-ecb', key, null) : createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

export const CIPHERS = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const;
export type FieldCipher = (typeof CIPHERS)[number];

/**
 * Encrypts a field with a 32-byte key: `v1.<cipher>.<iv>.<ciphertext>.<tag>` (base64url). For
 * SM4 the first 16 key bytes encrypt and the last 16 key the HMAC-SM3 over iv and ciphertext.
 */
export function sealField(cipher: FieldCipher, key: Uint8Array, plain: string): string {
  if (key.length !== 32) throw new RangeError('field key: 32 bytes');
  const iv = randomBytes(cipher === 'aes-256-gcm' ? 12 : 16);
  let body: Buffer;
  let tag: Buffer;
  if (cipher === 'aes-256-gcm') {
    const c = createCipheriv('aes-256-gcm', key, iv);
    body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    tag = c.getAuthTag();
  } else {
    const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
    body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    tag = hmac('sm3', key.subarray(16), Buffer.concat([iv, body]));
  }
  return ['v1', cipher, iv, body, tag]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plaintext of a sealed field; throws when it was altered or the key is wrong. */
export function openField(key: Uint8Array, sealed: string): string {
  const [v, cipher, ...parts] = sealed.split('.');
  if (v !== 'v1' || parts.length !== 3 || !CIPHERS.includes(cipher as FieldCipher))
    throw new RangeError('sealed field: unknown format');
  const [iv, body, tag] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (cipher === 'aes-256-gcm') {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  }
  const want = hmac('sm3', key.subarray(16), Buffer.concat([iv, body]));
  if (want.length !== tag.length || !timingSafeEqual(want, tag))
    throw new RangeError('sealed field: authentication failed');
  const d = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
  return Buffer.concat([d.update(body), d.final()]).toString('utf8');
}
