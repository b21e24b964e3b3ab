// Last-seen times of assets and devices. Telemetry arrives up to millions of points a second;
// an UPDATE per point (or per batch) would cost more than storing the points. Writes are
// noted in memory and written once per interval: at most one UPDATE per asset and per device
// per interval, whatever the rate, and the times shown lag by at most one interval.
//
// A flush is written in chunks of `chunkRows` rows, each its own short transaction, with a turn
// of the event loop before each (issue 21). better-sqlite3 runs statements synchronously, so a
// fleet of 10,000 devices written in one transaction (20,000 UPDATEs through Kysely) held the
// one JavaScript thread for 0.2–0.4 s every minute: every MQTT acknowledgement and HTTP answer
// due meanwhile waited, and PUBACK p99 at 500 messages/s was that stall. A short transaction per
// chunk also lets ingest's own writes through between chunks instead of queueing behind the
// connection. A time is only ever replaced by a later one, so chunks need no common transaction.
import { sql } from 'kysely';
import type { Db } from '../storage/index.ts';

export interface LastSeenRecorder {
  /** An asset (and the device whose token wrote, if any) sent telemetry at `at`. */
  note(assetIds: Iterable<string>, at: number, deviceId?: string): void;
  /** Writes what was noted since the last flush. */
  flush(): Promise<void>;
  /** Rows (assets and devices) written so far (tests, metrics). */
  readonly updates: number;
  /** Stops the timer and writes what is pending. */
  close(): Promise<void>;
}

export const LAST_SEEN_INTERVAL_MS = 60_000;
/**
 * Rows a chunk writes before the event loop gets a turn. On SQLite a compiled one-row UPDATE by
 * primary key takes a few microseconds, so a chunk holds the loop for milliseconds.
 */
export const LAST_SEEN_CHUNK_ROWS = 500;

export interface LastSeenOptions {
  intervalMs?: number;
  chunkRows?: number;
  log?: (line: string) => void;
}

type Table = 'assets' | 'devices';
type Row = [id: string, at: number];

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One chunk in one statement batch. SQLite: a compiled one-row statement per row inside one
 * transaction (database.ts `runEach`: cheaper than parsing a long VALUES list). Elsewhere one
 * multi-row UPDATE … FROM a VALUES list, a round trip per chunk (the CAST types the bind
 * parameters, which PostgreSQL would otherwise read as text).
 */
async function writeChunk(db: Db, table: Table, rows: Row[]): Promise<void> {
  if (db.runEach) {
    const runEach = db.runEach.bind(db);
    const text = `UPDATE ${table} SET last_seen_at = ? WHERE id = ?`;
    await db.kysely.transaction().execute(() => {
      runEach(
        text,
        rows.map(([id, at]) => [at, id]),
      );
      return Promise.resolve();
    });
    return;
  }
  const values = sql.join(rows.map(([id, at]) => sql`(${id}, CAST(${at} AS bigint))`));
  await sql`WITH seen (id, at) AS (VALUES ${values})
    UPDATE ${sql.table(table)} SET last_seen_at = seen.at FROM seen
    WHERE ${sql.table(table)}.id = seen.id`.execute(db.kysely);
}

export function createLastSeenRecorder(db: Db, opts: LastSeenOptions = {}): LastSeenRecorder {
  const chunkRows = opts.chunkRows ?? LAST_SEEN_CHUNK_ROWS;
  let assets = new Map<string, number>();
  let devices = new Map<string, number>();
  let updates = 0;
  let running: Promise<void> = Promise.resolve();
  const later = (m: Map<string, number>, id: string, at: number) => {
    if ((m.get(id) ?? -Infinity) < at) m.set(id, at);
  };
  const writeAll = async (table: Table, m: Map<string, number>) => {
    const rows = [...m];
    for (let i = 0; i < rows.length; i += chunkRows) {
      await turn();
      const chunk = rows.slice(i, i + chunkRows);
      await writeChunk(db, table, chunk);
      updates += chunk.length;
    }
  };
  const write = async () => {
    const a = assets;
    const d = devices;
    assets = new Map();
    devices = new Map();
    await writeAll('assets', a);
    await writeAll('devices', d);
  };
  // One flush at a time, in order: a later one never overwrites a newer time with an older.
  const flush = () => (running = running.then(write, write));
  const timer = setInterval(() => {
    flush().catch((e: unknown) => opts.log?.(`last-seen update failed: ${(e as Error).message}`));
  }, opts.intervalMs ?? LAST_SEEN_INTERVAL_MS);
  timer.unref();
  return {
    note(assetIds, at, deviceId) {
      for (const id of assetIds) later(assets, id, at);
      if (deviceId !== undefined) later(devices, deviceId, at);
    },
    flush,
    get updates() {
      return updates;
    },
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
