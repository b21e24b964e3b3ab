// One query layer (Kysely) over two dialects: better-sqlite3 for the embedded default and pg
// for server mode. Code asks `capabilities`, never `dialect === 'postgres'` (ARCHITECTURE.md).
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { createPersonalCrypto, type PersonalCrypto, type PersonalKey } from './personal-data.ts';
import { pgSslOptions, tlsConnectError, type PostgresTls } from './postgres-tls.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What an acknowledged telemetry write means (RONGHE_DURABILITY). `fsync`: on stable storage,
 * surviving a power loss — the ingest log, and the SQLite WAL when the batch registered new
 * series, are fsynced once per group commit before the acknowledgement (ingest-log.ts). `os`:
 * handed to the operating system, surviving a killed process but not a power loss or kernel
 * crash, for those who trade that for speed. PostgreSQL follows its own synchronous_commit (on
 * by default, i.e. fsync).
 */
export type Durability = 'fsync' | 'os';
export const durabilities: readonly Durability[] = ['fsync', 'os'];

export interface Capabilities {
  /** Column type for binary chunks: `blob` or `bytea`. */
  binaryType: 'blob' | 'bytea';
  /** Several processes may write at once (PostgreSQL); SQLite serialises writers. */
  concurrentWriters: boolean;
  /** Maximum bind parameters per statement, for batching multi-row inserts. */
  maxParameters: number;
  /** Tables can be kept in primary-key order without a row id (SQLite WITHOUT ROWID). */
  withoutRowid: boolean;
  /**
   * Largest blob a telemetry row keeps in its own page. A longer SQLite row spills to overflow
   * pages whose last one is mostly empty; a longer PostgreSQL row goes through TOAST. The
   * compactor splits chunks to stay under it.
   */
  maxInlineBlob: number;
  /** A column can be stored without compression (PostgreSQL `SET STORAGE EXTERNAL`). */
  storageWithoutCompression: boolean;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  capabilities: Capabilities;
  /** Where the data lives, for logs (file path or URL without password). */
  location: string;
  /** See Durability; what this connection was opened with. */
  durability: Durability;
  /** PostgreSQL schema the tables live in; undefined where the database has no schemas. */
  schema?: string;
  /**
   * Returns free pages to the file system after large deletes (SQLite incremental vacuum; a
   * no-op on PostgreSQL, whose autovacuum does this).
   */
  reclaimSpace(): Promise<void>;
  /**
   * How another thread opens its own connection to the same database (e.g. the telemetry
   * compaction thread); undefined for an in-memory SQLite database, which no one else can open.
   */
  reopen?: DatabaseOptions;
  /**
   * SQLite only: runs one prepared statement once per row of parameters, synchronously on the
   * connection, so inside the caller's open transaction. For bulk writes: SQLite parses a
   * 1,000-row VALUES list slower than it runs a compiled one-row statement 1,000 times (10,000
   * 160-byte chunks: 48 ms one by one, 93 ms in 1,000-row statements, before Kysely builds
   * them). Undefined on PostgreSQL, where a round trip per row would cost far more.
   */
  runEach?(sql: string, rows: readonly unknown[][]): void;
  /**
   * Calls `row` with each result row of `sql` as an array of its column values, in select
   * order, without an object a row: better-sqlite3's raw mode (stepped one row at a time) or
   * pg's `rowMode: 'array'`. For reads of a million rows at start, where the driver's row
   * objects were most of the collector's work (issue 21, restart at a million series).
   */
  eachRow?(
    sql: string,
    params: readonly unknown[],
    row: (values: unknown[]) => void,
  ): Promise<void>;
  /** Seals and indexes personal fields; absent when opened without a key, and then writing or
   * reading a person's data is refused (identity/users.ts), never done in clear. */
  personal?: PersonalCrypto;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path (or `:memory:`). */
  url: string;
  /** PostgreSQL only: a schema to work in (created if missing), for isolated tests. */
  schema?: string;
  /** What an acknowledgement survives; `fsync` (power loss) unless `os` is asked for. */
  durability?: Durability;
  /** PostgreSQL only: TLS to the server (postgres-tls.ts); plain when absent. */
  ssl?: PostgresTls;
  /** The key people's personal data is sealed with (personal-data.ts). */
  personalKey?: PersonalKey;
}

// int8 (bigint) and numeric come back from pg as strings; our bigints are epoch ms and counts
// well inside 2^53, so parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

export async function createDatabase(options: DatabaseOptions): Promise<Db> {
  const db = isPostgresUrl(options.url)
    ? await openPostgres(options)
    : openSqlite(options.url, options.durability ?? 'fsync');
  if (!options.personalKey) return db;
  return {
    ...db,
    personal: createPersonalCrypto(options.personalKey),
    ...(db.reopen ? { reopen: { ...db.reopen, personalKey: options.personalKey } } : {}),
  };
}

/**
 * The data directory (0700) and a new database file (0600) readable by the platform's own user
 * only (GB/T 22239-2019 8.1.4.7–8.1.4.8); SQLite gives its -wal and -shm files the database
 * file's permissions. An existing file is left as its operator set it.
 */
function createPrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

function openSqlite(file: string, durability: Durability): Db {
  if (file !== ':memory:') createPrivate(file);
  const sqlite = new SQLite(file);
  // Deleted rows are overwritten with zeros, not left readable in free space (GB/T 22239-2019
  // 8.1.4.10, "剩余信息保护": a deleted user's password hash must not stay in the file).
  sqlite.pragma('secure_delete = ON');
  // 8 KiB pages (takes effect on a new, empty database; an existing one keeps its size). Chunk
  // tables are WITHOUT ROWID, so index b-trees, whose cells hold at most about a quarter page
  // inline (sqlite.org/fileformat2.html, "Cell Payload Overflow Pages"): 1,002 bytes with the
  // default 4 KiB pages, below a day of many sensors' chunks. Each longer row took an overflow
  // page for a few hundred bytes: 34 % of the chunk table's pages were empty on the fleet
  // benchmark (16.4 MB → 12.4 MB for 14.4 M points once re-packed in 8 KiB pages).
  sqlite.pragma('page_size = 8192');
  // Incremental auto-vacuum (takes effect on a new, empty database): the telemetry ingest log is
  // written and deleted continuously, and `pragma incremental_vacuum` after each compaction
  // returns its pages to the file system instead of leaving them on the free list.
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  // WAL with synchronous=NORMAL fsyncs only at checkpoints: a commit survives a killed process
  // but an OS crash or power loss may roll back the last ones (sqlite.org/pragma.html). FULL
  // would fsync at every commit, synchronously on the event loop (better-sqlite3): a 20,000-row
  // asset import, a commit per row, blocked it for minutes on this machine. Where an
  // acknowledgement depends on a commit (new series of an ingested batch, chunks before their
  // ingest log is dropped) the ingest log fsyncs the WAL file itself, on the thread pool, once
  // per group (ingest-log.ts): the same guarantee for those commits, none of the blocking.
  // Other registry changes (assets, users, rules) keep NORMAL's guarantee.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const statements = cached(sqlite);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  return {
    kysely,
    dialect: 'sqlite',
    capabilities: {
      binaryType: 'blob',
      concurrentWriters: false,
      maxParameters: 32_766,
      withoutRowid: true,
      maxInlineBlob: sqliteInlineBlob(sqlite.pragma('page_size', { simple: true }) as number),
      storageWithoutCompression: false,
    },
    location: file,
    durability,
    ...(file === ':memory:' ? {} : { reopen: { url: file, durability } }),
    // Through better-sqlite3's pragma(): the statement must be stepped to the end, one page a step.
    reclaimSpace: () => Promise.resolve(void sqlite.pragma('incremental_vacuum')),
    runEach(text, rows) {
      const stmt = statements.prepare(text);
      for (const r of rows) stmt.run(r);
    },
    eachRow(text, params, row) {
      // Its own statement, not a cached one: raw mode is a setting of the statement, and
      // Kysely's statements must keep answering objects.
      for (const r of sqlite.prepare(text).raw(true).iterate(params) as Iterable<unknown[]>) row(r);
      return Promise.resolve();
    },
    close: () => kysely.destroy(),
  };
}

/**
 * The largest chunk blob whose row stays in one cell of an index b-tree page of `pageSize`
 * bytes: the file format's maximum local payload, ((U − 12) · 64 / 255) − 23, less the row's
 * other columns and record header (at most 48 bytes: five integers of up to 8 bytes and their
 * serial types), rounded down.
 */
export const sqliteInlineBlob = (pageSize: number): number =>
  Math.floor(((pageSize - 12) * 64) / 255) - 23 - 48;

/**
 * better-sqlite3 compiles a statement on every `prepare`, and Kysely prepares each query it runs;
 * hot statements (the ingest-log insert, chunk reads) are the same text every time, so keep the
 * most recent ones compiled. Safe to share: Kysely runs one query at a time on the connection.
 */
function cached(db: SQLite.Database, max = 256) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (stmt) {
        statements.delete(sql);
      } else {
        stmt = db.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, stmt);
      return stmt;
    },
  };
}

async function openPostgres(options: DatabaseOptions): Promise<Db> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`Invalid PostgreSQL schema name '${schema}'`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    ...(options.ssl ? { ssl: pgSslOptions(options.ssl) } : {}),
  });
  // An idle connection the server ends (a restart, a failover, an administrator's
  // pg_terminate_backend) is reported by the pool as an 'error' event, which with no listener
  // is an uncaught exception that takes the whole platform down. The pool has already dropped
  // that client and the next query opens a new one, so saying so is all there is to do.
  pool.on('error', (e) => {
    process.emitWarning(`PostgreSQL ended an idle connection: ${e.message}`, 'RongheDatabase');
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // With TLS asked for, connect now: a refused handshake is a start-up error that says why,
  // not a failure of whatever query comes first.
  if (options.ssl)
    await sql`select 1`.execute(kysely).catch(async (e: unknown) => {
      await kysely.destroy();
      throw tlsConnectError(options.ssl!, e);
    });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
  return {
    kysely,
    dialect: 'postgres',
    capabilities: {
      binaryType: 'bytea',
      concurrentWriters: true,
      maxParameters: 65_535,
      withoutRowid: false,
      // Rows over TOAST_TUPLE_THRESHOLD (about 2 kB) are compressed and moved out of line into
      // the TOAST table (postgresql.org/docs/15/storage-toast.html); our blobs are compressed
      // already, and a read would take a second index lookup.
      maxInlineBlob: 1900,
      storageWithoutCompression: true,
    },
    location: options.url.replace(/:[^:@/]*@/, ':***@'),
    durability: options.durability ?? 'fsync',
    schema: schema ?? 'public',
    reopen: { ...options },
    reclaimSpace: () => Promise.resolve(),
    async eachRow(text, params, row) {
      const r = await pool.query<unknown[]>({ text, values: [...params], rowMode: 'array' });
      for (const v of r.rows) row(v);
    },
    close: () => kysely.destroy(),
  };
}
