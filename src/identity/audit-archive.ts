// Audit records past their tenant's retention (audit-retention.ts) move out of the database into
// archive files, so the database stays small while every record stays kept and checkable
// (GB/T 22239-2019 8.1.4.3 c: records protected and kept as the law asks). One file per scope
// (a tenant, or `platform`) and UTC day: `<dir>/<scope>/<YYYY-MM-DD>.jsonl`, a header line then
// one record per line with every hashed field, in chain order. A file is written whole to a
// temporary name, fsynced and renamed (atomic on POSIX), 0600 in 0700 directories; only then are
// its records deleted from the database, so a crash leaves a record in both places (the verifier
// takes identical copies) and never in neither. The header carries the chain's head at writing,
// so a verifier holding only archives can tell that the chain went on to that record.
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../storage/index.ts';
import { dayOf, mergeIntoFile, toArchived, type ArchivedRecord } from './audit-archive-file.ts';
import { AUDIT_RETENTION_MIN_DAYS, auditRetentions } from './audit-retention.ts';
import { RESEALED_SCOPE, resealAuditPersonalData } from './audit-reseal.ts';

export {
  readArchive,
  scopeDir,
  type ArchiveHeader,
  type ArchivedRecord,
} from './audit-archive-file.ts';

const DAY_MS = 86_400_000;

export type ArchiveStatus =
  | { scope: string; status: 'ok'; archived: number; files: string[] }
  | { scope: string; status: 'failed'; archived: number; files: string[]; reason: string };

async function chainHead(k: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const h = await k
    .selectFrom('audit_chain')
    .select(['seq', 'hash'])
    .where('id', '=', 'audit')
    .executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
}

/** Moves one scope's records older than `cutoff` to its files, `batch` records at a time. */
async function archiveScope(
  db: Db,
  dir: string,
  tenantId: string | null,
  cutoff: number,
  batch: number,
): Promise<ArchiveStatus> {
  const scope = tenantId ?? 'platform';
  const files = new Set<string>();
  let archived = 0;
  try {
    for (;;) {
      let q = db.kysely.selectFrom('audit_log').selectAll().where('at', '<', cutoff);
      q =
        tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', tenantId);
      const rows = (await q.orderBy('at').orderBy('id').limit(batch).execute()).map(toArchived);
      if (!rows.length) break;
      const head = await chainHead(db.kysely);
      const byDay = new Map<string, ArchivedRecord[]>();
      for (const r of rows) {
        const day = dayOf(r.at);
        const list = byDay.get(day);
        if (list) list.push(r);
        else byDay.set(day, [r]);
      }
      for (const [day, records] of byDay) files.add(mergeIntoFile(dir, scope, day, records, head));
      // Only now, with the files durable, do the records leave the database.
      await db.kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 500)
          await trx
            .deleteFrom('audit_log')
            .where(
              'id',
              'in',
              rows.slice(i, i + 500).map((r) => r.id),
            )
            .execute();
      });
      archived += rows.length;
    }
    return { scope, status: 'ok', archived, files: [...files] };
  } catch (e) {
    return { scope, status: 'failed', archived, files: [...files], reason: (e as Error).message };
  }
}

/** Records written with personal data before 034 and 037 leave the database once (audit-reseal.ts). */
async function reseal(db: Db, dir: string, now: number): Promise<ArchiveStatus | null> {
  const scope = RESEALED_SCOPE;
  try {
    const r = await resealAuditPersonalData(db, dir, now);
    return r.resealed ? { scope, status: 'ok', archived: r.resealed, files: [r.file!] } : null;
  } catch (e) {
    return { scope, status: 'failed', archived: 0, files: [], reason: (e as Error).message };
  }
}

/**
 * Archives every scope's records past its retention (180 days unless set). One status per
 * scope: a scope that fails (a full disk, a conflicting archive) leaves its records in the
 * database and the others go on.
 */
export async function archiveAudit(
  db: Db,
  dir: string,
  opts: { now?: number; batch?: number } = {},
): Promise<ArchiveStatus[]> {
  const now = opts.now ?? Date.now();
  const retentions = await auditRetentions(db);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out: ArchiveStatus[] = [await reseal(db, dir, now)].filter((r) => r !== null);
  // Nothing younger than the shortest retention allowed is ever archived.
  const scopes = await db.kysely
    .selectFrom('audit_log')
    .select('tenant_id')
    .distinct()
    .where('at', '<', now - AUDIT_RETENTION_MIN_DAYS * DAY_MS)
    .execute();
  for (const { tenant_id } of scopes) {
    const days = retentions.get(tenant_id ?? 'platform') ?? AUDIT_RETENTION_MIN_DAYS;
    const r = await archiveScope(db, dir, tenant_id, now - days * DAY_MS, opts.batch ?? 5000);
    if (r.archived || r.status === 'failed') out.push(r);
  }
  return out;
}

export interface AuditArchiver {
  /** Archives now (the timer does this each hour on its own). */
  run(): Promise<ArchiveStatus[]>;
  stop(): Promise<void>;
}

/** Archives at start and then each hour, one run at a time; failures are logged per scope. */
export function startAuditArchiver(
  db: Db,
  dir: string,
  log: (line: string) => void,
  everyMs = 3_600_000,
): AuditArchiver {
  let running: Promise<ArchiveStatus[]> | null = null;
  const run = (): Promise<ArchiveStatus[]> =>
    (running ??= archiveAudit(db, dir)
      .then((statuses) => {
        for (const s of statuses)
          log(
            s.status === 'ok'
              ? `audit: ${s.archived} records of ${s.scope} archived to ${s.files.length} file(s) in ${dir}`
              : `audit: archiving ${s.scope} failed after ${s.archived} records: ${s.reason}`,
          );
        return statuses;
      })
      .finally(() => {
        running = null;
      }));
  const quiet = () => void run().catch((e: Error) => log(`audit: archiving failed: ${e.message}`));
  const first = setTimeout(quiet, 1000);
  const timer = setInterval(quiet, everyMs);
  first.unref();
  timer.unref();
  return {
    run,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
