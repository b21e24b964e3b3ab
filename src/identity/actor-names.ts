// Who an actor label names, looked up when a record is read. Records keep `user:<id>` (ids are
// stable and carry no personal data), so deleting a user leaves no e-mail or name behind in the
// audit chain or in other contexts' `createdBy`-like fields (GB/T 22239-2019 8.1.4.10, PIPL
// art. 47); the name shown beside a record is the user's current one, or none once deleted.
// Audit records written before 037 name users by e-mail and cannot be rewritten without breaking
// the hash chain: those are looked up by the e-mail's keyed hash instead.
import { emailIndex, type Db } from '../storage/index.ts';
import { personalOf } from './users.ts';

/** The label of the user who acted: `user:<id>`. */
export const userActor = (userId: string): string => `user:${userId}`;

/**
 * Display names of the user labels among `actors`: the user's name (or e-mail where the name is
 * empty), or null for a user who no longer exists. Labels that do not name a user (`apikey:…`,
 * `device:…`, `system`, `cli:…`) are left out: they are shown as they are.
 */
export async function actorNames(
  db: Db,
  actors: Iterable<string | null | undefined>,
): Promise<Map<string, string | null>> {
  const labels = new Set<string>();
  for (const a of actors) if (a?.startsWith('user:')) labels.add(a);
  const out = new Map<string, string | null>();
  if (labels.size === 0) return out;
  const p = personalOf(db);
  const byId = new Map<string, string>();
  const byHash = new Map<string, string>();
  for (const l of labels) {
    const rest = l.slice('user:'.length);
    if (rest.includes('@')) byHash.set(emailIndex(p, rest), l);
    else byId.set(rest, l);
    out.set(l, null);
  }
  const ids = [...byId.keys()];
  const hashes = [...byHash.keys()];
  // In chunks: a page of records names few users, but the IN list stays bounded anyway.
  for (let i = 0; i < Math.max(ids.length, hashes.length); i += 200) {
    const idPart = ids.slice(i, i + 200);
    const hashPart = hashes.slice(i, i + 200);
    const rows = await db.kysely
      .selectFrom('users')
      .select(['id', 'email', 'email_hash', 'name'])
      .where((eb) =>
        eb.or([
          ...(idPart.length ? [eb('id', 'in', idPart)] : []),
          ...(hashPart.length ? [eb('email_hash', 'in', hashPart)] : []),
        ]),
      )
      .execute();
    for (const r of rows) {
      const name = p.open(r.name) || p.open(r.email);
      if (byId.has(r.id)) out.set(byId.get(r.id)!, name);
      if (r.email_hash && byHash.has(r.email_hash)) out.set(byHash.get(r.email_hash)!, name);
    }
  }
  return out;
}

/** A signed-in user's own e-mail and name, opened for them (the console's header shows it). */
export async function ownIdentity(
  db: Db,
  userId: string,
): Promise<{ email: string; name: string } | undefined> {
  const r = await db.kysely
    .selectFrom('users')
    .select(['email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!r) return undefined;
  const p = personalOf(db);
  return { email: p.open(r.email), name: p.open(r.name) };
}

/**
 * `rows` with `<field>Name` beside each actor field named in `fields`: the display name from
 * actorNames, null for a deleted user or an actor that is not a user.
 */
export async function withActorNames<T extends object, K extends keyof T & string>(
  db: Db,
  rows: T[],
  fields: K[],
): Promise<(T & Record<`${K}Name`, string | null>)[]> {
  const labels: string[] = [];
  for (const r of rows)
    for (const f of fields) {
      const v = r[f];
      if (typeof v === 'string') labels.push(v);
    }
  const names = await actorNames(db, labels);
  return rows.map((r) => {
    const extra: Record<string, string | null> = {};
    for (const f of fields) {
      const v = r[f];
      extra[`${f}Name`] = typeof v === 'string' ? (names.get(v) ?? null) : null;
    }
    return { ...r, ...extra } as T & Record<`${K}Name`, string | null>;
  });
}

/**
 * What an actor filter matches: the label given, and the same user's other label — by e-mail
 * for audit records written before 037, by id for those after — so that one filter finds both,
 * whether the id or the e-mail was typed (a bare e-mail is taken as that user's label).
 */
export async function actorAliases(db: Db, typed: string): Promise<string[]> {
  const actor = !typed.includes(':') && typed.includes('@') ? `user:${typed}` : typed;
  if (!actor.startsWith('user:') || actor === 'user:deleted') return [actor];
  const p = personalOf(db);
  const rest = actor.slice('user:'.length);
  const r = await db.kysely
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      rest.includes('@') ? 'email_hash' : 'id',
      '=',
      rest.includes('@') ? emailIndex(p, rest) : rest,
    )
    .executeTakeFirst();
  return r ? [...new Set([actor, userActor(r.id), `user:${p.open(r.email)}`])] : [actor];
}
