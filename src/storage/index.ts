// storage: the Kysely database over SQLite (embedded) or PostgreSQL (server mode), its table
// types, and the one migration set. Contexts take a `Db` and ask its capabilities.
export { createDatabase, durabilities, isPostgresUrl } from './database.ts';
export type { Db, DatabaseOptions, Capabilities, DialectName, Durability } from './database.ts';
export { migrateToLatest } from './migrate.ts';
export { repackSqlite, type RepackReport } from './repack.ts';
export { checkBackupFile, restoreSqlite, snapshotSqlite, type RestoreReport } from './backup.ts';
export type { MigrateReport } from './migrate.ts';
export type * from './schema.ts';
export {
  createPersonalCrypto,
  emailIndex,
  sealPersonalData,
  type PersonalCrypto,
  type PersonalKey,
} from './personal-data.ts';
