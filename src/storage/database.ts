// One query layer (Kysely) over two dialects: better-sqlite3 for the embedded default and pg
// for server mode. Code asks `capabilities`, never `dialect === 'postgres'` (ARCHITECTURE.md).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Capabilities {
  /** Column type for binary chunks: `blob` or `bytea`. */
  binaryType: 'blob' | 'bytea';
  /** Several processes may write at once (PostgreSQL); SQLite serialises writers. */
  concurrentWriters: boolean;
  /** Maximum bind parameters per statement, for batching multi-row inserts. */
  maxParameters: number;
  /** Tables can be kept in primary-key order without a row id (SQLite WITHOUT ROWID). */
  withoutRowid: boolean;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  capabilities: Capabilities;
  /** Where the data lives, for logs (file path or URL without password). */
  location: string;
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
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path (or `:memory:`). */
  url: string;
  /** PostgreSQL only: a schema to work in (created if missing), for isolated tests. */
  schema?: string;
}

// int8 (bigint) and numeric come back from pg as strings; our bigints are epoch ms and counts
// well inside 2^53, so parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

export async function createDatabase(options: DatabaseOptions): Promise<Db> {
  return isPostgresUrl(options.url) ? openPostgres(options) : openSqlite(options.url);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // Incremental auto-vacuum (takes effect on a new, empty database): the telemetry ingest log is
  // written and deleted continuously, and `pragma incremental_vacuum` after each compaction
  // returns its pages to the file system instead of leaving them on the free list.
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  // WAL with synchronous=NORMAL: a committed transaction survives a killed process (kill -9);
  // only an OS crash or power loss may lose the last commits (SQLite docs, "WAL mode").
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
    },
    location: file,
    ...(file === ':memory:' ? {} : { reopen: { url: file } }),
    // Through better-sqlite3's pragma(): the statement must be stepped to the end, one page a step.
    reclaimSpace: () => Promise.resolve(void sqlite.pragma('incremental_vacuum')),
    runEach(text, rows) {
      const stmt = statements.prepare(text);
      for (const r of rows) stmt.run(r);
    },
    close: () => kysely.destroy(),
  };
}

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
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
  return {
    kysely,
    dialect: 'postgres',
    capabilities: {
      binaryType: 'bytea',
      concurrentWriters: true,
      maxParameters: 65_535,
      withoutRowid: false,
    },
    location: options.url.replace(/:[^:@/]*@/, ':***@'),
    schema: schema ?? 'public',
    reopen: { ...options },
    reclaimSpace: () => Promise.resolve(),
    close: () => kysely.destroy(),
  };
}
