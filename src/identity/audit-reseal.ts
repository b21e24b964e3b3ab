// The one-time re-seal of audit records that still hold personal data (issue 26; GB/T
// 22239-2019 8.1.4.10 residual information, PIPL art. 47). Records written before 034 and 037
// name users by e-mail (`user:<e-mail>` actors, a typed e-mail as the object of a failed login,
// `{ email, name }` details of user changes). The chain (audit-chain.ts) forbids editing them in
// place, and leaving them keeps a deleted user's e-mail in the database until retention moves
// them out (180 days or more). So, once, at the first start with the operator's key:
//
// 1. the records are written whole, as they are, to an archive file `resealed/<day>.jsonl` in
//    the archive folder (audit-archive.ts format: 0600, written atomically, the chain's head in
//    its header), so `ronghe audit verify` still walks and checks every original record there;
// 2. in one transaction: an `audit.resealed` record is appended — chained on the old head, so
//    it commits to it, and naming the file, its SHA-256 and the sequence range of the copies —
//    then the originals leave the table and copies with users named by id (`user:deleted` where
//    the user is gone, `(e-mail removed)` for an address that was no account) are appended, in
//    the originals' order, each keeping its time.
//
// Nothing is rewritten: the old records stay verifiable in the file, the new ones in the chain,
// and the re-seal itself is an audited, chained event. A crash before the commit leaves the file
// with identical copies of records still in the table, which the verifier takes once.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { newId } from '../kernel/index.ts';
import type { AuditTable, Database, Db } from '../storage/index.ts';
import { chainOrder, mergeIntoFile, toArchived } from './audit-archive-file.ts';
import { appendChained, type Fields } from './audit-chain.ts';

export const RESEALED_SCOPE = 'resealed';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const REMOVED = '(e-mail removed)';
const NAME_REMOVED = '(name removed)';

export interface ResealReport {
  /** Records moved to the file and chained again without personal data. */
  resealed: number;
  file?: string;
}

/** Records written before 037 that may hold an e-mail or a user's name (`scrub` says which do). */
const candidates = (k: Kysely<Database>, before: number) =>
  k
    .selectFrom('audit_log')
    .selectAll()
    .where('at', '<', before)
    .where((eb) =>
      eb.or([
        eb('actor', 'like', '%@%'),
        eb('entity_id', 'like', '%@%'),
        eb('details', 'like', '%@%'),
        eb.and([eb('entity_type', '=', 'user'), eb('details', 'like', '%"name"%')]),
      ]),
    );

/** The record with every e-mail replaced by its user's label and user names dropped. */
function scrubber(idOf: ReadonlyMap<string, string>) {
  const label = (email: string) => {
    const id = idOf.get(email.toLowerCase());
    return id ? `user:${id}` : null;
  };
  const text = (s: string, unknown: string) => s.replace(EMAIL, (m) => label(m) ?? unknown);
  const value = (v: unknown, userRecord: boolean): unknown => {
    if (typeof v === 'string') return text(v, REMOVED);
    if (Array.isArray(v)) return v.map((x) => value(x, userRecord));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([key, x]) => [
          key,
          // A user's name (user.create, user.update before 034) is personal data, like the e-mail.
          userRecord && key === 'name' && typeof x === 'string'
            ? NAME_REMOVED
            : value(x, userRecord),
        ]),
      );
    return v;
  };
  return (r: AuditTable): Fields => {
    let details = r.details;
    if (details !== null) {
      try {
        details = JSON.stringify(value(JSON.parse(details), r.entity_type === 'user'));
      } catch {
        details = text(details, REMOVED);
      }
    }
    return {
      id: r.id,
      tenant_id: r.tenant_id,
      // An actor label `user:<e-mail>` becomes `user:<id>`, or `user:deleted` for a user gone.
      actor: /^user:[^@]+@/.test(r.actor)
        ? (label(r.actor.slice(5)) ?? 'user:deleted')
        : text(r.actor, REMOVED),
      action: r.action,
      entity_type: r.entity_type,
      entity_id: text(r.entity_id, REMOVED),
      details,
      at: Number(r.at),
    };
  };
}

const same = (a: Fields, b: AuditTable) =>
  a.actor === b.actor && a.entity_id === b.entity_id && a.details === b.details;

/**
 * Re-seals the audit records that hold personal data, once; a no-op when none do or when the
 * database was opened without the operator's key (nothing can be matched to ids then).
 */
export async function resealAuditPersonalData(
  db: Db,
  archiveDir: string,
  now = Date.now(),
): Promise<ResealReport> {
  const p = db.personal;
  if (!p) return { resealed: 0 };
  // Writers name users by id since 037: only what was written before it was applied (Kysely's
  // record of it; on a fresh install nothing) can hold their e-mails.
  const applied = await sql<{ timestamp: string }>`select "timestamp" from kysely_migration
    where name = ${'037-actor-labels'}`.execute(db.kysely);
  const before = Date.parse(applied.rows[0]?.timestamp ?? '');
  if (!Number.isFinite(before)) return { resealed: 0 };
  if (!(await candidates(db.kysely, before).select('id').limit(1).executeTakeFirst()))
    return { resealed: 0 };
  const idOf = new Map<string, string>();
  for (const u of await db.kysely.selectFrom('users').select(['id', 'email']).execute())
    idOf.set(p.open(u.email).toLowerCase(), u.id);
  const scrub = scrubber(idOf);

  const report = await db.kysely.transaction().execute(async (trx) => {
    // The head row first: it serialises this with every append (and another node's re-seal).
    const head = await trx
      .updateTable('audit_chain')
      .set((eb) => ({ seq: eb('seq', '+', 0) }))
      .where('id', '=', 'audit')
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const oldHead = { seq: Number(head.seq), hash: head.hash };
    const originals = (await candidates(trx, before).execute())
      .map((r) => ({ r, copy: scrub(r) }))
      .filter(({ r, copy }) => !same(copy, r))
      .sort((a, b) => chainOrder(toArchived(a.r), toArchived(b.r)));
    if (!originals.length) return { resealed: 0 };
    const day = new Date(now).toISOString().slice(0, 10);
    const file = mergeIntoFile(
      archiveDir,
      RESEALED_SCOPE,
      day,
      originals.map(({ r }) => toArchived(r)),
      oldHead,
    );
    await appendChained(trx, {
      id: `au_${newId('user').slice(3)}`,
      tenant_id: null,
      actor: 'system',
      action: 'audit.resealed',
      entity_type: 'audit_chain',
      entity_id: 'audit',
      details: JSON.stringify({
        reason: 'personal data in records written before migrations 034 and 037',
        oldHead,
        file: relative(archiveDir, file),
        sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
        records: originals.length,
        // The copies follow this record in the originals' order (the file's, by sequence).
        copies: { firstSeq: oldHead.seq + 2, lastSeq: oldHead.seq + 1 + originals.length },
      }),
      at: now,
    });
    const ids = originals.map(({ r }) => r.id);
    for (let i = 0; i < ids.length; i += 500)
      await trx
        .deleteFrom('audit_log')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    for (const { copy } of originals)
      await appendChained(trx, { ...copy, id: `au_${newId('user').slice(3)}` });
    return { resealed: originals.length, file };
  });
  // secure_delete zeroed the old cells; the checkpoint carries that into the database file.
  if (report.resealed && db.dialect === 'sqlite')
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  return report;
}
