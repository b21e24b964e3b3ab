// The archive files of the audit log (audit-archive.ts moves records into them, audit-reseal.ts
// writes the records it re-seals, audit-verify.ts reads them): one file per scope and UTC day,
// a header line with the chain's head then one record per line with every hashed field, in
// chain order, written whole (temporary file, fsync, rename), 0600 in 0700 directories.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditTable } from '../storage/index.ts';

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

/** A scope's folder name: tenant ids are `tn_…`; anything else is percent-encoded. */
export const scopeDir = (scope: string): string =>
  scope.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** Unchained records (before the chain began) first by time, then the chain's order. */
export function chainOrder(a: ArchivedRecord, b: ArchivedRecord): number {
  if (a.seq == null || b.seq == null)
    return a.seq == null && b.seq == null ? Number(a.at) - Number(b.at) : a.seq == null ? -1 : 1;
  return Number(a.seq) - Number(b.seq);
}

export const toArchived = (r: AuditTable): ArchivedRecord => ({
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
export function mergeIntoFile(
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
