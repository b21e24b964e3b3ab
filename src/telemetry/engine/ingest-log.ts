// Where acknowledged batches live until compaction. Two stores behind one interface:
//  - TableLog: the telemetry_ingest_log table, written in the same transaction as new series.
//    Used on PostgreSQL (every instance sees it) and for in-memory SQLite.
//  - SegmentLog (segment-log.ts): append-only files beside a SQLite database file. A batch is
//    one write() of its record, durable against kill -9 once the call returns (the page cache
//    outlives the process), against a 60 kB blob spread over 4 kB pages and WAL frames, each
//    written and later checkpointed, with SQLite. With durability `fsync` (the default) a group
//    of batches is acknowledged after one fsync of its segment (and of the SQLite WAL when it
//    registered new series), so it survives a power loss too; records are dropped only after
//    the WAL holding their compacted chunks is fsynced.
// Both replay in id order at start; both drop everything up to a compacted id.
import { closeSync, openSync } from 'node:fs';
import type { Db } from '../../storage/index.ts';
import type { SeriesRef } from '../types.ts';
import { SegmentLog, fsyncFile, type SyncFile } from './segment-log.ts';
import { batches, insertSeries } from './store.ts';

export interface LogEntry {
  id: number;
  data: Uint8Array;
}

/** One acknowledged batch's record, with what the table row and the registry need. */
export interface LogAppend extends LogEntry {
  tenantId: string;
  points: number;
  newSeries: SeriesRef[];
}

export interface IngestLog {
  /**
   * Most batches worth committing together (engine.ts, group-commit.ts): many where an append
   * waits for the database's commit, one where it is a write() of microseconds.
   */
  readonly maxGroup: number;
  /** Makes the records (and their batches' new series) durable, all or none, in id order. */
  append(entries: LogAppend[]): Promise<void>;
  /** Every record not yet dropped, in id order. */
  replay(): Promise<LogEntry[]>;
  /** The heads were frozen: later records belong to the next compaction. */
  rotate(): void;
  /** Drops every record with id ≤ maxId (its points are compacted). */
  drop(maxId: number): Promise<void>;
  close(): Promise<void>;
}

export class TableLog implements IngestLog {
  readonly maxGroup = 64;

  constructor(private readonly db: Db) {}

  async append(entries: LogAppend[]) {
    const now = Date.now();
    const records = entries.map((e) => ({
      id: e.id,
      tenant_id: e.tenantId,
      received_at: now,
      points: e.points,
      data: e.data,
    }));
    const newSeries = entries.flatMap((e) => e.newSeries);
    const parts = batches(records, 5, this.db.capabilities.maxParameters);
    if (newSeries.length === 0 && parts.length === 1) {
      // One statement is atomic by itself: no BEGIN/COMMIT round trips on the hot path.
      await this.db.kysely.insertInto('telemetry_ingest_log').values(parts[0]!).execute();
      return;
    }
    await this.db.kysely.transaction().execute(async (tx) => {
      if (newSeries.length > 0) await insertSeries(this.db, tx, newSeries, now);
      for (const part of parts) await tx.insertInto('telemetry_ingest_log').values(part).execute();
    });
  }

  async replay(): Promise<LogEntry[]> {
    const rows = await this.db.kysely
      .selectFrom('telemetry_ingest_log')
      .select(['id', 'data'])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), data: r.data }));
  }

  rotate(): void {}

  async drop(maxId: number): Promise<void> {
    await this.db.kysely.deleteFrom('telemetry_ingest_log').where('id', '<=', maxId).execute();
  }

  async close(): Promise<void> {}
}

/** New series go to the database first; the record then goes to the segment files. */
class SqliteSegmentLog implements IngestLog {
  /** One write() per group without fsync; with fsync, everything that queued behind the last. */
  readonly maxGroup: number;
  private readonly table: TableLog;

  private readonly durable: boolean;

  constructor(
    private readonly db: Db,
    private readonly segments: SegmentLog,
    private readonly wal: string,
    private readonly sync: SyncFile,
  ) {
    this.table = new TableLog(db);
    this.durable = db.durability === 'fsync';
    this.maxGroup = this.durable ? 256 : 1;
  }

  async append(entries: LogAppend[]) {
    // A crash between the two leaves series without points, which is harmless; the other
    // order could leave points whose series does not exist. With fsync, the series' WAL
    // frames are made durable together with the segment, before the acknowledgement.
    const newSeries = entries.flatMap((e) => e.newSeries);
    if (newSeries.length > 0) {
      await this.db.kysely
        .transaction()
        .execute((tx) => insertSeries(this.db, tx, newSeries, Date.now()));
    }
    const wal = newSeries.length > 0 && this.durable ? this.syncWal() : undefined;
    await Promise.all([this.segments.appendAll(entries), wal]);
  }

  /**
   * fsync(2) of the WAL file flushes what every connection (this one, the compaction thread's)
   * committed to it; a checkpoint fsyncs the database file itself (synchronous=NORMAL).
   */
  private async syncWal(): Promise<void> {
    let fd: number;
    try {
      fd = openSync(this.wal, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // checkpointed and removed
      throw e;
    }
    try {
      await this.sync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Records of the table (written by earlier releases) come first: their ids are lower. */
  async replay(): Promise<LogEntry[]> {
    return [...(await this.table.replay()), ...this.segments.replay()];
  }

  rotate(): void {
    this.segments.rotate();
  }

  async drop(maxId: number): Promise<void> {
    // The compacted chunks must be on stable storage before the records they replace go.
    if (this.durable) await this.syncWal();
    await this.table.drop(maxId);
    this.segments.drop(maxId);
  }

  close(): Promise<void> {
    return this.segments.close();
  }
}

/** Segment files beside a SQLite database file, the table otherwise. */
export function openIngestLog(db: Db, sync: SyncFile = fsyncFile): IngestLog {
  if (db.dialect === 'sqlite' && db.reopen) {
    const dir = `${db.reopen.url}-ingest-log`;
    const segments = new SegmentLog(dir, db.durability, sync);
    return new SqliteSegmentLog(db, segments, `${db.reopen.url}-wal`, sync);
  }
  return new TableLog(db);
}
