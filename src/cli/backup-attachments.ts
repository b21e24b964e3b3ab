// The attachment files beside a backup. With the embedded default, attachment bytes (photos,
// reports, customers' signatures) are files under data/attachments/<tenant>/<id>, not rows
// (src/service/attachments/blobs.ts), so a snapshot of ronghe.db alone restores attachment
// rows whose bytes are gone. `ronghe backup <file>` copies them to <file>.attachments/ after
// the database snapshot: a file is written before its row commits and never deleted while its
// row stands, so every row in the snapshot finds its file in the copy (files added meanwhile
// are extra, and harmless). `ronghe restore <file>` puts them back, moving the replaced
// directory aside with the database.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RongheError } from '../kernel/index.ts';

const attachmentsOf = (databaseFile: string) => join(dirname(databaseFile), 'attachments');
export const filesSaid = (n: number) => `${n} attachment file${n === 1 ? '' : 's'}`;

/** Counts the files below `dir` (one level of tenant directories). */
function countFiles(dir: string): number {
  let n = 0;
  for (const tenant of readdirSync(dir, { withFileTypes: true }))
    if (tenant.isDirectory()) n += readdirSync(join(dir, tenant.name)).length;
  return n;
}

/** Copies the data directory's attachment files beside the backup; answers where and how many. */
export function backupAttachments(
  databaseFile: string,
  backupFile: string,
): { dir: string; files: number } | undefined {
  const src = attachmentsOf(databaseFile);
  if (!existsSync(src)) return undefined;
  const dest = `${backupFile}.attachments`;
  if (existsSync(dest))
    throw new RongheError('RONGHE_CONFLICT', {
      en: `${dest} exists; choose a new backup file name`,
      'zh-CN': `${dest} 已存在；请换一个备份文件名`,
    });
  // A write in progress (`<id>.tmp`, renamed once complete) has no row yet: not copied.
  cpSync(src, dest, { recursive: true, filter: (f) => !f.endsWith('.tmp') });
  chmodSync(dest, 0o700); // customers' documents: the platform's user only, as in the data dir
  return { dir: dest, files: countFiles(dest) };
}

/** Puts a backup's attachment files in place, moving the replaced directory into `aside`. */
export function restoreAttachments(
  backupFile: string,
  databaseFile: string,
  aside: string | null,
): string | undefined {
  const src = `${backupFile}.attachments`;
  if (!existsSync(src)) return undefined;
  const dir = attachmentsOf(databaseFile);
  if (existsSync(dir)) {
    const to = aside ?? `${dir}.before-restore-${Date.now()}`;
    if (aside) mkdirSync(aside, { recursive: true });
    renameSync(dir, aside ? join(aside, 'attachments') : to);
  }
  cpSync(src, dir, { recursive: true });
  chmodSync(dir, 0o700);
  return `${dir} restored from ${src} (${filesSaid(countFiles(dir))})`;
}
