// The audit log as a hash chain (GB/T 22239-2019 8.1.4.3 c: "应对审计记录进行保护…避免受到
// 未预期的删除、修改或覆盖"). Each record carries a sequence number and
// hash = H(previous hash ‖ its fields), H being SHA-256 or SM3 (GB/T 32905-2016; 国密 option,
// RONGHE_AUDIT_HASH). The head row (audit_chain) holds the last sequence number and hash; every
// append updates it first, which serialises appends (a row lock on PostgreSQL, the one writer on
// SQLite) so the chain never forks. audit-verify.ts walks it: an edited record fails its hash, a
// deleted one leaves a gap in the sequence, a deleted last record disagrees with the head.
import type { Kysely } from 'kysely';
import { digestHex, type Digest } from '../kernel/gm.ts';
import type { AuditTable, Database } from '../storage/index.ts';

let algorithm: Digest = 'sha256';

/** The hash new records are chained with (the process's setting; each record names its own). */
export function setAuditHash(alg: Digest): void {
  algorithm = alg;
}

export type Fields = Pick<
  AuditTable,
  'id' | 'tenant_id' | 'actor' | 'action' | 'entity_type' | 'entity_id' | 'details' | 'at'
>;

/** The hashed form: every field, in a fixed order, as JSON (unambiguous where joining is not). */
export function chainHash(alg: Digest, prev: string, seq: number, r: Fields): string {
  const body = JSON.stringify([
    prev,
    seq,
    r.id,
    r.tenant_id,
    r.actor,
    r.action,
    r.entity_type,
    r.entity_id,
    r.details,
    Number(r.at),
  ]);
  return `${alg}:${digestHex(alg, body)}`;
}

export const algOf = (hash: string): Digest => (hash.startsWith('sm3:') ? 'sm3' : 'sha256');

/** Appends a record at the head of the chain, in the caller's transaction or one of its own. */
export async function appendChained(k: Kysely<Database>, row: Fields): Promise<void> {
  const run = async (tx: Kysely<Database>) => {
    const head = await tx
      .updateTable('audit_chain')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 'audit')
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    // RETURNING gives the new sequence number and the hash before this record: its previous.
    const seq = Number(head.seq);
    const hash = chainHash(algorithm, head.hash, seq, row);
    await tx.updateTable('audit_chain').set({ hash }).where('id', '=', 'audit').execute();
    await tx
      .insertInto('audit_log')
      .values({ ...row, seq, hash })
      .execute();
  };
  if (k.isTransaction) await run(k);
  else await k.transaction().execute(run);
}

/** Audit rows a multi-row insert carries (10 columns: well under either database's parameters). */
const INSERT_ROWS = 500;

/**
 * appendChained for several records in order: the head is moved once by their number, each
 * record chained to the one before, and the records inserted a few hundred to a statement. The
 * same chain as appending them one by one (an import of 100,000 assets spent a fifth of its CPU
 * on three statements an audit record, issue 21).
 */
export async function appendChainedMany(k: Kysely<Database>, rows: Fields[]): Promise<void> {
  if (rows.length === 0) return;
  const run = async (tx: Kysely<Database>) => {
    const head = await tx
      .updateTable('audit_chain')
      .set((eb) => ({ seq: eb('seq', '+', rows.length) }))
      .where('id', '=', 'audit')
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    // RETURNING gives the last of the new sequence numbers and the hash before the first.
    let seq = Number(head.seq) - rows.length;
    let hash = head.hash;
    const chained = rows.map((row) => {
      seq += 1;
      hash = chainHash(algorithm, hash, seq, row);
      return { ...row, seq, hash };
    });
    await tx.updateTable('audit_chain').set({ hash }).where('id', '=', 'audit').execute();
    for (let i = 0; i < chained.length; i += INSERT_ROWS)
      await tx
        .insertInto('audit_log')
        .values(chained.slice(i, i + INSERT_ROWS))
        .execute();
  };
  if (k.isTransaction) await run(k);
  else await k.transaction().execute(run);
}
