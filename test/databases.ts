// One test list of databases (after Kysely's test setup): every storage-touching suite runs
// against real SQLite, and against real PostgreSQL when RONGHE_TEST_PG_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { sql } from 'kysely';
import {
  createDatabase,
  migrateToLatest,
  type Db,
  type DialectName,
  type PersonalKey,
} from '../src/storage/index.ts';

export interface TestDatabase {
  dialect: DialectName;
  /** A fresh, migrated, empty database; `dispose` removes it. */
  open(): Promise<{ db: Db; url: string; schema?: string; dispose(): Promise<void> }>;
}

const pgUrl = process.env.RONGHE_TEST_PG_URL;

/** The operator key tests seal personal data with (storage/personal-data.ts). */
export const testPersonalKey: PersonalKey = { key: Buffer.alloc(32, 0x5a), cipher: 'aes-256-gcm' };

const sqliteDatabase: TestDatabase = {
  dialect: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-test-'));
    const url = join(dir, 'ronghe.db');
    const db = await createDatabase({ url, personalKey: testPersonalKey });
    await migrateToLatest(db);
    return {
      db,
      url,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresDatabase = (url: string): TestDatabase => ({
  dialect: 'postgres',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await createDatabase({ url, schema, personalKey: testPersonalKey });
    await migrateToLatest(db);
    return {
      db,
      url,
      schema,
      async dispose() {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
        await db.close();
      },
    };
  },
});

export const testDatabases: TestDatabase[] = pgUrl
  ? [sqliteDatabase, postgresDatabase(pgUrl)]
  : [sqliteDatabase];

/** `describe` once per database in the list, named after its dialect. */
export function describeEachDatabase(name: string, fn: (t: TestDatabase) => void): void {
  for (const t of testDatabases) describe(`${name} [${t.dialect}]`, () => fn(t));
}
