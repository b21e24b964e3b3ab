// Audit records past their tenant's retention (audit-retention.ts) move out of the database into
// archive files, so the database stays small while every record stays kept and checkable
// (GB/T 22239-2019 8.1.4.3 c: records protected and kept as the law asks). One file per scope
// (a tenant, or `platform`) and UTC day: `<dir>/<scope>/<YYYY-MM-DD>.jsonl`, a header line then
// one record per line with every hashed field, in chain order. A file is written whole to a
// temporary name, fsynced and renamed (atomic on POSIX), 0600 in 0700 directories; only then are
// its records deleted from the database, so a crash leaves a record in both places (the verifier
// takes identical copies) and never in neither. The header carries the chain's head at writing,
// so a verifier holding only archives can tell that the chain went on to that record.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { AuditTable, Database, Db } from '../storage/index.ts';
import { AUDIT_RETENTION_MIN_DAYS, auditRetentions } from './audit-retention.ts';

const DAY_MS = 86_400_000;

/** One archived record: the audit_log row as stored, which is what the chain hashes. */
export type ArchivedRecord = Required<Pick<AuditTable, 'seq' | 'hash'>> &
  Omit<AuditTable, 'seq' | 'hash'>;

export interface ArchiveHeader {
  ronghe: 'audit-archive';
  version: 1;
  scope: string;
  day: string;
  records: number;
  /** The chain's head when the file was written: the chain reached at least this record. */
  head: { seq: number; hash: string };
  writtenAt: string;
}

export type ArchiveStatus =
  | { scope: string; status: 'ok'; archived: number; files: string[] }
  | { scope: string; status: 'failed'; archived: number; files: string[]; reason: string };

/** A scope's folder name: tenant ids are `tn_…`; anything else is percent-encoded. */
export const scopeDir = (scope: string): string =>
  scope.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** Unchained records (before the chain began) first by time, then the chain's order. */
function chainOrder(a: ArchivedRecord, b: ArchivedRecord): number {
  if (a.seq == null || b.seq == null)
    return a.seq == null && b.seq == null ? Number(a.at) - Number(b.at) : a.seq == null ? -1 : 1;
  return Number(a.seq) - Number(b.seq);
}

const toArchived = (r: AuditTable): ArchivedRecord => ({
  id: r.id,
  tenant_id: r.tenant_id,
  actor: r.actor,
  action: r.action,
  entity_type: r.entity_type,
  entity_id: r.entity_id,
  details: r.details,
  at: Number(r.at),
  seq: r.seq == null ? null : Number(r.seq),
  hash: r.hash ?? null,
});

/** The records of an archive file and its header; throws on a file that is not one. */
export function readArchive(file: string): { header: ArchiveHeader; records: ArchivedRecord[] } {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const header = JSON.parse(lines[0] ?? 'null') as ArchiveHeader | null;
  if (header?.ronghe !== 'audit-archive') throw new Error(`${file}: not an audit archive`);
  return { header, records: lines.slice(1).map((l) => JSON.parse(l) as ArchivedRecord) };
}

/** Writes `file` whole or not at all: a temporary file, fsync, rename, fsync of the folder. */
function writeAtomically(file: string, dir: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/**
 * Adds records to a day's file, keeping what it holds. A record already archived with other
 * contents is a conflict: one copy was altered, and deleting the database's would lose the
 * evidence, so the scope stops there.
 */
function mergeIntoFile(
  dir: string,
  scope: string,
  day: string,
  records: ArchivedRecord[],
  head: { seq: number; hash: string },
): string {
  const folder = join(dir, scopeDir(scope));
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `${day}.jsonl`);
  const byId = new Map<string, ArchivedRecord>();
  if (existsSync(file)) for (const r of readArchive(file).records) byId.set(r.id, r);
  for (const r of records) {
    const had = byId.get(r.id);
    if (had && JSON.stringify(had) !== JSON.stringify(r))
      throw new Error(`record ${r.id} (seq ${r.seq}) differs between the database and ${file}`);
    byId.set(r.id, r);
  }
  const all = [...byId.values()].sort(chainOrder);
  const header: ArchiveHeader = {
    ronghe: 'audit-archive',
    version: 1,
    scope,
    day,
    records: all.length,
    head,
    writtenAt: new Date().toISOString(),
  };
  writeAtomically(file, folder, [header, ...all].map((x) => JSON.stringify(x)).join('\n') + '\n');
  return file;
}

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
  // Nothing younger than the shortest retention allowed is ever archived.
  const scopes = await db.kysely
    .selectFrom('audit_log')
    .select('tenant_id')
    .distinct()
    .where('at', '<', now - AUDIT_RETENTION_MIN_DAYS * DAY_MS)
    .execute();
  const out: ArchiveStatus[] = [];
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
