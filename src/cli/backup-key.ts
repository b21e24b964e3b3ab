// The key beside a backup. An embedded install without RONGHE_SECRET_KEY seals people's e-mail
// and name, connector passwords and second-factor secrets with the key file of its data
// directory (src/personal-key.ts): a backup of the database is unreadable without it. So
// `ronghe backup <file>` writes the key to <file>.key (0600) and `ronghe restore <file>` puts it
// back, moving a different key aside with the database it replaces. With RONGHE_SECRET_KEY the
// operator holds the key and nothing is copied.
import {
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const keyFileOf = (databaseFile: string) => join(dirname(databaseFile), 'secret.key');

/** Copies the data directory's key file beside the backup; answers the copy's path, if any. */
export function backupKey(databaseFile: string, backupFile: string): string | undefined {
  const key = keyFileOf(databaseFile);
  if (process.env.RONGHE_SECRET_KEY || !existsSync(key)) return undefined;
  const dest = `${backupFile}.key`;
  copyFileSync(key, dest, constants.COPYFILE_EXCL);
  chmodSync(dest, 0o600);
  return dest;
}

/**
 * Puts the backup's key file in place (a different one moves to `aside`, or beside itself with
 * a suffix when nothing else was moved); answers what was done, or undefined without a key.
 */
export function restoreKey(
  backupFile: string,
  databaseFile: string,
  aside: string | null,
): string | undefined {
  const src = `${backupFile}.key`;
  if (!existsSync(src)) return undefined;
  const key = keyFileOf(databaseFile);
  if (existsSync(key)) {
    if (readFileSync(key).equals(readFileSync(src))) return `${key} already holds the backup's key`;
    const to = aside ?? `${key}.before-restore-${Date.now()}`;
    if (aside) {
      mkdirSync(aside, { recursive: true });
      renameSync(key, join(aside, 'secret.key'));
    } else renameSync(key, to);
  }
  copyFileSync(src, key);
  chmodSync(key, 0o600);
  return `${key} restored from ${src}`;
}
