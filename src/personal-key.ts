// The key people's personal data is sealed with (storage/personal-data.ts): RONGHE_SECRET_KEY,
// or for an embedded install without it the key file made once under the data directory (the
// connectors' sealing key, 0600). PostgreSQL and the mlps3 profile require the variable
// (config-security.ts), so the file is never the key of a shared or assessed database.
import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { loadSecretKey } from './connectors/index.ts';
import type { PersonalKey } from './storage/index.ts';

export function personalKeyOf(config: Pick<Config, 'dataDir' | 'security'>): PersonalKey {
  const key =
    config.security?.secretKey ?? loadSecretKey(undefined, join(config.dataDir, 'secret.key'));
  return { key, cipher: config.security?.fieldCipher ?? 'aes-256-gcm' };
}

/**
 * How second-factor secrets are sealed: with their own key derived from the operator's (HKDF,
 * RFC 5869, so a leak of one never yields the other) and the personal data's cipher, SM4 where
 * the install uses 国密 (RONGHE_FIELD_CIPHER=sm4-ctr-hmac-sm3; GB/T 39786-2021). Each sealed
 * secret names its cipher, so those enrolled before a change of cipher still open.
 */
export function secondFactorSealing(p: PersonalKey): {
  secretKey: Buffer;
  fieldCipher: PersonalKey['cipher'];
} {
  return {
    secretKey: Buffer.from(hkdfSync('sha256', p.key, '', 'ronghe totp secrets', 32)),
    fieldCipher: p.cipher,
  };
}
