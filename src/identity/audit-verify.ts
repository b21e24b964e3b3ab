// `ronghe audit verify` and GET /audit/chain: recompute the audit hash chain (audit-chain.ts)
// from its first record across the archive files (audit-archive.ts) and the live table, merged
// in sequence order, and name the first break (GB/T 22239-2019 8.1.4.3 c). An edited record
// fails its hash wherever it lies (a file and line, or the database); a deleted one, or a line
// cut from an archive, leaves a gap; a cut tail disagrees with the chain's head, and with the
// head an archive's header says the chain had reached. Memory stays bounded: a file is read
// when the walk reaches its first record, the table a page at a time.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/index.ts';
import { readArchive, type ArchivedRecord } from './audit-archive.ts';
import { algOf, chainHash } from './audit-chain.ts';

export interface ChainReport {
  ok: boolean;
  /** Records checked in the chain. */
  records: number;
  /** Records written before the chain began, which it cannot vouch for. */
  unchained: number;
  /** Of them, records read from archive files. */
  archived?: number;
  /** The first break: where, and what it means. */
  problem?: {
    seq: number;
    id?: string;
    kind: 'edited' | 'deleted' | 'head';
    /** `database`, or an archive file (relative to the archive folder) and its line. */
    where?: string;
  };
}

export interface VerifyOptions {
  /** The archive folder (RONGHE_AUDIT_ARCHIVE_DIR, or audit-archive under the data folder). */
  archiveDir?: string;
  pageSize?: number;
}

interface Copy {
  rec: ArchivedRecord;
  where: string;
}

interface ArchiveFile {
  file: string;
  name: string;
  /** The first chained record's sequence number. */
  first: number;
}

/** Every archive file, its first record, the records outside the chain and the heads claimed. */
function indexArchives(dir: string | undefined) {
  const files: ArchiveFile[] = [];
  const claims = new Map<number, { hash: string; where: string }[]>();
  let unchained = 0;
  if (!dir || !existsSync(dir)) return { files, claims, unchained };
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.jsonl')) continue;
    const file = join(dir, entry);
    const { header, records } = readArchive(file);
    let first = Infinity;
    for (const r of records)
      if (r.seq == null) unchained++;
      else first = Math.min(first, Number(r.seq));
    const name = relative(dir, file);
    const claim = { hash: header.head.hash, where: `${name}:1` };
    claims.set(header.head.seq, [...(claims.get(header.head.seq) ?? []), claim]);
    if (first < Infinity) files.push({ file, name, first });
  }
  files.sort((a, b) => a.first - b.first);
  return { files, claims, unchained };
}

type Problem = NonNullable<ChainReport['problem']>;

/** Recomputes the chain across archives and table; stops at the first break. */
export async function verifyAuditChain(
  k: Kysely<Database>,
  opts: VerifyOptions = {},
): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 1000;
  const { files, claims, unchained: archivedUnchained } = indexArchives(opts.archiveDir);
  const liveUnchained = Number(
    (
      await k
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('seq', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const unchained = liveUnchained + archivedUnchained;
  const buffer = new Map<number, Copy[]>();
  const add = (rec: ArchivedRecord, where: string) => {
    const seq = Number(rec.seq);
    buffer.set(seq, [...(buffer.get(seq) ?? []), { rec, where }]);
  };
  let nextFile = 0;
  let dbNext = 1;
  let dbDone = false;
  let archived = 0;
  let expected = 1;
  let prev = '';
  const report = (problem?: Problem): ChainReport => ({
    ok: !problem,
    records: expected - 1,
    unchained,
    ...(opts.archiveDir ? { archived } : {}),
    ...(problem ? { problem } : {}),
  });

  for (;;) {
    // The table, a page at a time, until it has given everything up to the expected record.
    while (!dbDone && dbNext <= expected) {
      const rows = await k
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', dbNext)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const r of rows) add({ ...r, seq: Number(r.seq), hash: r.hash ?? null }, 'database');
      if (rows.length) dbNext = Number(rows[rows.length - 1]!.seq) + 1;
      if (rows.length < pageSize) dbDone = true;
    }
    // Archive files whose records have begun.
    while (nextFile < files.length && files[nextFile]!.first <= expected) {
      const f = files[nextFile++]!;
      readArchive(f.file).records.forEach((r, i) => {
        if (r.seq != null && Number(r.seq) >= expected) add(r, `${f.name}:${i + 2}`);
      });
    }
    const copies = buffer.get(expected);
    if (!copies) {
      if (buffer.size || nextFile < files.length || !dbDone)
        return report({ seq: expected, kind: 'deleted' });
      break;
    }
    buffer.delete(expected);
    for (const { rec, where } of copies)
      if (!rec.hash || chainHash(algOf(rec.hash), prev, expected, rec) !== rec.hash)
        return report({ seq: expected, id: rec.id, kind: 'edited', where });
    const wrong = claims.get(expected)?.find((c) => c.hash !== copies[0]!.rec.hash);
    if (wrong) return report({ seq: expected, kind: 'head', where: wrong.where });
    archived += copies.some((c) => c.where !== 'database') ? 1 : 0;
    prev = copies[0]!.rec.hash!;
    expected++;
  }
  const last = expected - 1;
  for (const [seq, claim] of claims)
    if (seq > last) return report({ seq, kind: 'head', where: claim[0]!.where });
  const head = await k
    .selectFrom('audit_chain')
    .select(['seq', 'hash'])
    .where('id', '=', 'audit')
    .executeTakeFirstOrThrow();
  if (Number(head.seq) !== last || head.hash !== prev)
    return report({ seq: Number(head.seq), kind: 'head', where: 'database' });
  return report();
}
