// Where acknowledged batches live until compaction. Two stores behind one interface:
//  - TableLog: the telemetry_ingest_log table, written in the same transaction as new series.
//    Used on PostgreSQL (every instance sees it) and for in-memory SQLite.
//  - SegmentLog (segment-log.ts): append-only files beside a SQLite database file. A batch is
//    one write() of its record, durable against kill -9 once the call returns (the page cache
//    outlives the process), against a 60 kB blob spread over 4 kB pages and WAL frames, each
//    written and later checkpointed, with SQLite.
// Both replay in id order at start; both drop everything up to a compacted id.
import type { Db } from '../../storage/index.ts';
import type { SeriesRef } from '../types.ts';
import { SegmentLog } from './segment-log.ts';
import { insertSeries } from './store.ts';

export interface LogEntry {
  id: number;
  data: Uint8Array;
}

export interface IngestLog {
  /** Makes the record (and the batch's new series) durable. */
  append(e: LogEntry, tenantId: string, points: number, newSeries: SeriesRef[]): Promise<void>;
  /** Every record not yet dropped, in id order. */
  replay(): Promise<LogEntry[]>;
  /** The heads were frozen: later records belong to the next compaction. */
  rotate(): void;
  /** Drops every record with id ≤ maxId (its points are compacted). */
  drop(maxId: number): Promise<void>;
  close(): Promise<void>;
}

export class TableLog implements IngestLog {
  constructor(private readonly db: Db) {}

  async append(e: LogEntry, tenantId: string, points: number, newSeries: SeriesRef[]) {
    const now = Date.now();
    const record = { id: e.id, tenant_id: tenantId, received_at: now, points, data: e.data };
    if (newSeries.length === 0) {
      // One statement is atomic by itself: no BEGIN/COMMIT round trips on the hot path.
      await this.db.kysely.insertInto('telemetry_ingest_log').values(record).execute();
      return;
    }
    await this.db.kysely.transaction().execute(async (tx) => {
      await insertSeries(this.db, tx, newSeries, now);
      await tx.insertInto('telemetry_ingest_log').values(record).execute();
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
  private readonly table: TableLog;

  constructor(
    private readonly db: Db,
    private readonly segments: SegmentLog,
  ) {
    this.table = new TableLog(db);
  }

  async append(e: LogEntry, _tenantId: string, _points: number, newSeries: SeriesRef[]) {
    // A crash between the two leaves series without points, which is harmless; the other
    // order could leave points whose series does not exist.
    if (newSeries.length > 0) {
      await this.db.kysely
        .transaction()
        .execute((tx) => insertSeries(this.db, tx, newSeries, Date.now()));
    }
    await this.segments.append(e);
  }

  /** Records of the table (written by earlier releases) come first: their ids are lower. */
  async replay(): Promise<LogEntry[]> {
    return [...(await this.table.replay()), ...this.segments.replay()];
  }

  rotate(): void {
    this.segments.rotate();
  }

  async drop(maxId: number): Promise<void> {
    await this.table.drop(maxId);
    this.segments.drop(maxId);
  }

  close(): Promise<void> {
    return this.segments.close();
  }
}

/** Segment files beside a SQLite database file, the table otherwise. */
export function openIngestLog(db: Db): IngestLog {
  if (db.dialect === 'sqlite' && db.reopen) {
    return new SqliteSegmentLog(db, new SegmentLog(`${db.reopen.url}-ingest-log`));
  }
  return new TableLog(db);
}
