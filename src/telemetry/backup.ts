// Telemetry's share of a backup of the embedded database. Acknowledged points live in two
// places: compacted chunks in the database, and ingest-log segment files beside it until they
// are compacted (ingest-log.ts). A consistent cut while ingest runs: copy the segments first,
// then snapshot the database. Every point acknowledged before the copy began is then in the
// copied segments, or was compacted (and its segment dropped) before that, so it is in the
// later snapshot; points compacted between the two are in both, and replay is idempotent (last
// write wins on equal timestamps). Compaction takes a prefix of the log and the segments hold
// the rest, so the backup is every acknowledged batch up to one point in the log: a cut.
// The copied records go into the snapshot's telemetry_ingest_log table, which replay reads
// first (the table log of ingest-log.ts), so the backup is one SQLite file.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { RongheError } from '../kernel/index.ts';
import { snapshotSqlite } from '../storage/index.ts';
import { decodeLogRecord } from './engine/log-record.ts';
import { SegmentLog } from './engine/segment-log.ts';

export interface BackupReport {
  file: string;
  bytes: number;
  /** Acknowledged batches not yet compacted, carried in the backup's ingest-log table. */
  logRecords: number;
  logPoints: number;
}

/** Copies the segment files there are now; one that compaction drops meanwhile is skipped. */
function copySegments(logDir: string, to: string): number {
  let files: string[];
  try {
    files = readdirSync(logDir).filter((f) => /^segment-\d{16}\.log$/.test(f));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let copied = 0;
  for (const f of files.sort()) {
    try {
      copyFileSync(join(logDir, f), join(to, f));
      copied++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return copied;
}

/** Writes the copied records into the snapshot's ingest-log table. */
function carryRecords(segmentsDir: string, dest: string): { records: number; points: number } {
  const entries = new SegmentLog(segmentsDir).replay();
  const db = new SQLite(dest, { fileMustExist: true });
  try {
    // The registry is keyed by (tenant, asset, channel), not by id (migration 046): read the
    // tenant of every id once, when a record needs one.
    let tenants: Map<number, string> | undefined;
    const tenantOf = (id: number) => {
      tenants ??= new Map(
        db
          .prepare<[], { id: number; tenant_id: string }>(
            'select id, tenant_id from telemetry_series',
          )
          .all()
          .map((r) => [Number(r.id), r.tenant_id]),
      );
      return tenants.get(id);
    };
    const insert = db.prepare(
      'insert or ignore into telemetry_ingest_log (id, tenant_id, received_at, points, data) values (?, ?, ?, ?, ?)',
    );
    let points = 0;
    const now = Date.now();
    db.transaction(() => {
      for (const e of entries) {
        const batch = decodeLogRecord(e.data);
        const first = batch.rows.ids.find((ids) => ids.length > 0)?.[0];
        const tenant = first === undefined ? '' : (tenantOf(first) ?? '');
        points += batch.values.length;
        insert.run(e.id, tenant, now, batch.values.length, e.data);
      }
    })();
    return { records: entries.length, points };
  } finally {
    db.close();
  }
}

/**
 * Backs up the embedded database `file` (and its ingest log) into the new file `dest`, while
 * the platform may be running.
 */
export function backupEmbeddedDatabase(file: string, dest: string): BackupReport {
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
  if (!existsSync(dirname(dest)))
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      {
        en: `No directory ${dirname(dest)} for the backup.`,
        'zh-CN': `备份目录 ${dirname(dest)} 不存在。`,
      },
      {
        file: dest,
      },
    );
  const tmp = mkdtempSync(join(dirname(dest), '.ronghe-backup-'));
  try {
    copySegments(`${file}-ingest-log`, tmp);
    const bytes = snapshotSqlite(file, dest);
    const carried = carryRecords(tmp, dest);
    return { file: dest, bytes, logRecords: carried.records, logPoints: carried.points };
  } catch (e) {
    rmSync(dest, { force: true });
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
