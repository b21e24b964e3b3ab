// Personal data encrypted at rest (GB/T 22239-2019 8.1.4.8 b, "重要个人信息…存储过程中的保密性";
// PIPL art. 51): people's e-mail addresses and names are sealed field by field with a key the
// operator holds (kernel/gm.ts: AES-256-GCM, or SM4 with HMAC-SM3 under 国密), and found again
// by a keyed hash (HMAC-SHA256 or HMAC-SM3) where a look-up needs equality: login by e-mail and
// its uniqueness. Two keys are derived from the operator's with HKDF (RFC 5869), one to seal and
// one to index, so the index reveals nothing about the sealing key.
import { hkdfSync } from 'node:crypto';
import { sql } from 'kysely';
import { hmac, openField, sealField, type Digest, type FieldCipher } from '../kernel/gm.ts';
import type { Db } from './database.ts';
import type { ServiceTables } from './service-schema.ts';

export interface PersonalKey {
  /** The operator's 32-byte key (RONGHE_SECRET_KEY, or the key file of an embedded install). */
  key: Uint8Array;
  cipher: FieldCipher;
}

export interface PersonalCrypto {
  seal(plain: string): string;
  open(sealed: string): string;
  /** The keyed hash of a value, for equality look-ups (hex). */
  index(plain: string): string;
}

const isSealed = (v: string) => v.startsWith('v1.');

export function createPersonalCrypto(pk: PersonalKey): PersonalCrypto {
  if (pk.key.length !== 32) throw new RangeError('personal data key: 32 bytes');
  const digest: Digest = pk.cipher === 'aes-256-gcm' ? 'sha256' : 'sm3';
  const derive = (info: string) =>
    Buffer.from(hkdfSync(digest, pk.key, Buffer.alloc(0), `ronghe personal data ${info}`, 32));
  const sealKey = derive('seal');
  const indexKey = derive('index');
  return {
    seal: (plain) => sealField(pk.cipher, sealKey, plain),
    // Rows written before 034 are plain until sealPersonalData has run over them.
    open: (sealed) => (isSealed(sealed) ? openField(sealKey, sealed) : sealed),
    index: (plain) => hmac(digest, indexKey, plain).toString('hex'),
  };
}

/** The e-mail address's look-up key: its keyed hash, lower-cased first. */
export const emailIndex = (p: PersonalCrypto, email: string): string =>
  p.index(`email:${email.trim().toLowerCase()}`);

const KEY_CHECK = 'ronghe personal data key check';
/** kernel/gm.ts sealField's form: no name a person types looks like it. */
const SEALED = /^v1\.(aes-256-gcm|sm4-ctr-hmac-sm3)\.[\w-]+\.[\w-]*\.[\w-]+$/;

/**
 * After the schema migrations (034): checks the key against the one this database's personal
 * data was sealed with, and seals the rows written in clear before 034. Run at every start;
 * does nothing once all rows are sealed.
 */
export async function sealPersonalData(db: Db): Promise<{ sealed: number }> {
  const p = db.personal;
  if (!p) return { sealed: 0 };
  const check = p.index(KEY_CHECK);
  // The first start records its key. Nodes of a cluster started at once on a fresh database
  // race to it (a plain insert failed all but one on the primary key): the first write wins,
  // and every node checks its key against the one stored.
  await db.kysely
    .insertInto('personal_data_key')
    .values({ id: 'personal', key_check: check })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const stored = await db.kysely
    .selectFrom('personal_data_key')
    .select('key_check')
    .where('id', '=', 'personal')
    .executeTakeFirst();
  if (stored?.key_check !== check)
    throw new Error(
      'RONGHE_SECRET_KEY: not the key (or RONGHE_FIELD_CIPHER not the cipher) that sealed the personal data in this database; set the one it was first started with',
    );
  const plain = await db.kysely
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('email_hash', 'is', null)
    .execute();
  for (const u of plain) {
    await db.kysely
      .updateTable('users')
      .set({
        email: p.seal(u.email.toLowerCase()),
        name: p.seal(u.name),
        email_hash: emailIndex(p, u.email),
      })
      .where('id', '=', u.id)
      .execute();
  }
  // Technicians' names (service context), written in clear before they were sealed.
  const service = db.kysely.withTables<ServiceTables>();
  const techs = (
    await service.selectFrom('service_technicians').select(['id', 'name']).execute()
  ).filter((r) => !SEALED.test(r.name));
  for (const r of techs)
    await service
      .updateTable('service_technicians')
      .set({ name: p.seal(r.name) })
      .where('id', '=', r.id)
      .execute();
  // Old cleartext stays in free pages until overwritten: secure_delete zeroes the old cells of
  // rewritten rows, and a checkpoint carries that into the database file.
  if ((plain.length || techs.length) && db.dialect === 'sqlite')
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  return { sealed: plain.length + techs.length };
}
