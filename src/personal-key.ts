// The key people's personal data is sealed with (storage/personal-data.ts): RONGHE_SECRET_KEY,
// or for an embedded install without it the key file made once under the data directory (the
// connectors' sealing key, 0600). PostgreSQL and the mlps3 profile require the variable
// (config-security.ts), so the file is never the key of a shared or assessed database.
import { join } from 'node:path';
import type { Config } from './config.ts';
import { loadSecretKey } from './connectors/index.ts';
import type { PersonalKey } from './storage/index.ts';

export function personalKeyOf(config: Pick<Config, 'dataDir' | 'security'>): PersonalKey {
  const key =
    config.security?.secretKey ?? loadSecretKey(undefined, join(config.dataDir, 'secret.key'));
  return { key, cipher: config.security?.fieldCipher ?? 'aes-256-gcm' };
}
