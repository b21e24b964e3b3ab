// Temporary passwords (issue 15, finding 13): a password set by anyone other than the user (an
// administrator creating the user or resetting the password) must be changed by the user before
// the session may do anything else, so a provider cannot act as a customer's user — approve a
// baseline, say — with a password it chose. 1 = temporary, 0 = set by the user.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('password_must_change', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
