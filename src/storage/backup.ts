// Backup and restore of an embedded (SQLite) database file. The snapshot is `VACUUM INTO`
// (https://sqlite.org/lang_vacuum.html#vacuuminto): one read transaction, so it is a
// consistent copy while the platform keeps writing (WAL readers do not block writers), and
// unlike the online backup API it does not restart each time another connection writes.
// Restore needs the platform stopped: it replaces the file under it.
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { RongheError } from '../kernel/index.ts';

const busy = (e: unknown) => {
  const code = (e as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
};

/** Copies `file` to `dest` (which must not exist) as of one moment; returns its size. */
export function snapshotSqlite(file: string, dest: string): number {
  if (!existsSync(file))
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      { en: `No database file at ${file}.`, 'zh-CN': `${file} 处没有数据库文件。` },
      { file },
    );
  if (existsSync(dest))
    throw new RongheError(
      'RONGHE_CONFLICT',
      {
        en: `${dest} exists; name a new file for the backup.`,
        'zh-CN': `${dest} 已存在，请为备份指定一个新文件。`,
      },
      {
        file: dest,
      },
    );
  // VACUUM INTO writes into an existing empty file as into a new one: created 0600 here, so
  // the copy is as private as the database (GB/T 22239-2019 8.1.4.7).
  closeSync(openSync(dest, 'wx', 0o600));
  const db = new SQLite(file, { fileMustExist: true, readonly: true, timeout: 5_000 });
  try {
    db.prepare('VACUUM INTO ?').run(dest);
  } catch (e) {
    rmSync(dest, { force: true });
    throw e;
  } finally {
    db.close();
  }
  return statSync(dest).size;
}

/** Refuses unless `file` is a SQLite database that holds Ronghe's migrated schema. */
export function checkBackupFile(file: string): void {
  if (!existsSync(file))
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      { en: `No backup file at ${file}.`, 'zh-CN': `${file} 处没有备份文件。` },
      { file },
    );
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { fileMustExist: true, readonly: true });
    const ok = db.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new Error(String(ok));
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name = ?")
      .all('telemetry_series');
    if (tables.length === 0) throw new Error('no Ronghe tables');
  } catch (e) {
    throw new RongheError(
      'RONGHE_INVALID_DATA',
      {
        en: `${file} is not a Ronghe backup (${(e as Error).message}).`,
        'zh-CN': `${file} 不是融合的备份文件（${(e as Error).message}）。`,
      },
      { file },
    );
  } finally {
    db?.close();
  }
}

/**
 * True when no other process has the database open. A connection in WAL mode holds a shared
 * lock as long as it is open, so an exclusive lock is refused while the platform runs.
 */
function notInUse(file: string): boolean {
  if (!existsSync(file)) return true;
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return true;
  } catch (e) {
    if (busy(e)) return false;
    throw e;
  } finally {
    db.close();
  }
}

export interface RestoreReport {
  file: string;
  /** Where the database it replaced (and its -wal, -shm, -ingest-log) now is; null if none. */
  movedAside: string | null;
}

/**
 * Replaces the database `file` with `backup`. The files it replaces — the database and
 * everything beside it whose name starts with the database's (-wal, -shm, the ingest log) —
 * are moved into `before-restore-<time>/` next to it, never deleted.
 */
export function restoreSqlite(backup: string, file: string, now = new Date()): RestoreReport {
  checkBackupFile(backup);
  if (!notInUse(file))
    throw new RongheError(
      'RONGHE_CONFLICT',
      {
        en: `${file} is in use by another process; stop the platform, then restore.`,
        'zh-CN': `${file} 正被另一个进程使用，请先停止平台再恢复。`,
      },
      { file },
    );
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const name = basename(file);
  const current = readdirSync(dir).filter((f) => f === name || f.startsWith(`${name}-`));
  let movedAside: string | null = null;
  if (current.length > 0) {
    movedAside = join(dir, `before-restore-${now.toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(movedAside);
    for (const f of current) renameSync(join(dir, f), join(movedAside, f));
  }
  cpSync(backup, file);
  return { file, movedAside };
}
