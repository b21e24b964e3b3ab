// Offline repacking of an embedded database: rewrites the file in 8 KiB pages, packed (VACUUM).
// A database made before 8 KiB pages became the default (database.ts) keeps its 4 KiB pages,
// whose b-tree cells hold too little for a sealed day of a noisy channel; its chunks are split
// to fit, in more and smaller rows. Run with the platform stopped: changing the page size
// needs the only connection to the file.
import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { RongheError } from '../kernel/index.ts';

export interface RepackReport {
  file: string;
  pageSizeBefore: number;
  pageSizeAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

const size = (db: SQLite.Database) =>
  (db.pragma('page_count', { simple: true }) as number) *
  (db.pragma('page_size', { simple: true }) as number);

export function repackSqlite(file: string, pageSize = 8192): RepackReport {
  if (!existsSync(file)) {
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      { en: `No database file at ${file}.`, 'zh-CN': `${file} 处没有数据库文件。` },
      { file },
    );
  }
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    const pageSizeBefore = db.pragma('page_size', { simple: true }) as number;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytesBefore = size(db);
    // The page size cannot change in WAL mode, and WAL mode cannot be left while another
    // connection is open: SQLite then keeps 'wal' without an error, so the answer is checked.
    const mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
    if (mode !== 'delete') {
      throw new RongheError(
        'RONGHE_CONFLICT',
        {
          en: `${file} is in use by another process; stop the platform, then repack.`,
          'zh-CN': `${file} 正被另一个进程使用，请先停止平台再整理。`,
        },
        { file },
      );
    }
    db.pragma(`page_size = ${pageSize}`);
    db.exec('VACUUM');
    db.pragma('journal_mode = WAL');
    return {
      file,
      pageSizeBefore,
      pageSizeAfter: db.pragma('page_size', { simple: true }) as number,
      bytesBefore,
      bytesAfter: size(db),
    };
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      throw new RongheError(
        'RONGHE_CONFLICT',
        {
          en: `${file} is in use by another process; stop the platform, then repack.`,
          'zh-CN': `${file} 正被另一个进程使用，请先停止平台再整理。`,
        },
        { file },
      );
    }
    throw e;
  } finally {
    db.close();
  }
}
