import { Migrator, type Migration, type MigrationResult } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';
import { relabelActors } from './actor-labels.ts';
import { sealPersonalData } from './personal-data.ts';

export interface MigrateReport {
  applied: string[];
  pending: string[];
  /** Set when the database was migrated by a newer release (a rolling upgrade in progress):
   * one migration this release does not know. Nothing was applied. */
  newer?: string;
}

const MISSING = /previously executed migration (.+) is missing/;

/** Brings the schema up to date; idempotent. Throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrateReport> {
  const provided: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(migrations)) {
    provided[name] = { up: (k) => m.up(k, db.capabilities) };
  }
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(provided) },
    // Kysely looks for its bookkeeping tables in every schema unless told which; with several
    // schemas in one database (tests, side-by-side installs) it must be this one.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  // Rolling upgrades (docs/cluster.md): a node of the previous release that restarts after a
  // newer node migrated the shared database finds migrations it does not know. Migrations are
  // additive (new tables, columns with defaults, indexes), so it runs on the newer schema, as
  // long as every migration it knows is applied.
  const newer = error instanceof Error ? MISSING.exec(error.message)?.[1] : undefined;
  if (newer !== undefined) {
    const mine = await migrator.getMigrations();
    const notApplied = mine.filter((m) => m.executedAt === undefined).map((m) => m.name);
    if (notApplied.length === 0) return { applied: [], pending: [], newer };
    throw new Error(
      `Migration ${notApplied[0]} cannot be applied: the database already has ${newer}, which this release does not know; start a node of the newer release`,
    );
  }
  const failed = results?.find((r: MigrationResult) => r.status === 'Error');
  if (error) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(
      `Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // Rows written in clear before 034 are sealed now that the key is at hand.
  await sealPersonalData(db);
  // Actor labels written by e-mail before 037 are rewritten by id, with the same key.
  await relabelActors(db);
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    pending: [],
  };
}
