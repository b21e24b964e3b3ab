// The half-logged-in state between a correct password and the second factor: a short-lived
// token (`rc_…`, stored as its SHA-256) that the authenticator does not accept for anything
// else, so it cannot call the API. It names what is left to do: prove a code (`totp`) or, when
// a second factor is required and none is enrolled, enrol one (`enrol`). A few wrong codes end
// it, and the password must be given again.
import type { Db } from '../storage/index.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { personalOf, toUser, type User } from './users.ts';

export type ChallengePurpose = 'totp' | 'enrol';

/** Long enough to open an authenticator app (or enrol one), short enough to be worthless later. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_FAILURES = 5;

export async function createChallenge(
  db: Db,
  userId: string,
  purpose: ChallengePurpose,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const { token, hash } = newSecret('rc');
  const expiresAt = now + CHALLENGE_TTL_MS;
  // Spent and expired half-logins are removed as new ones are made.
  await db.kysely.deleteFrom('login_challenges').where('expires_at', '<', now).execute();
  await db.kysely
    .insertInto('login_challenges')
    .values({ token_hash: hash, user_id: userId, purpose, failures: 0, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function challengeOf(
  db: Db,
  token: string,
  now = Date.now(),
): Promise<{ user: User; purpose: ChallengePurpose } | undefined> {
  const r = await db.kysely
    .selectFrom('login_challenges')
    .innerJoin('users', 'users.id', 'login_challenges.user_id')
    .selectAll('users')
    .select([
      'login_challenges.purpose',
      'login_challenges.failures',
      'login_challenges.expires_at',
    ])
    .where('login_challenges.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!r || r.expires_at < now || r.failures >= CHALLENGE_MAX_FAILURES || r.disabled_at !== null)
    return undefined;
  return { user: toUser(r, personalOf(db)), purpose: r.purpose as ChallengePurpose };
}

/** Counts a wrong code; the challenge ends at the limit. */
export async function challengeFailed(db: Db, token: string): Promise<void> {
  await db.kysely
    .updateTable('login_challenges')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('token_hash', '=', hashSecret(token))
    .execute();
}

export async function endChallenge(db: Db, token: string): Promise<void> {
  await db.kysely
    .deleteFrom('login_challenges')
    .where('token_hash', '=', hashSecret(token))
    .execute();
}
