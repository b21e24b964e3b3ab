// Actor labels by id (issue 26, GB/T 22239-2019 8.1.4.10): records name the user who acted as
// `user:<id>` from now on. The rows written before name them `user:<e-mail>`; they are rewritten
// at start (storage/actor-labels.ts), where the operator's key opens the users' e-mail
// addresses, which this migration cannot hold. It leaves the note that the rewrite is due.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await (db as Kysely<{ personal_data_key: { id: string; key_check: string } }>)
    .insertInto('personal_data_key')
    .values({ id: 'actor-labels', key_check: 'due' })
    .execute();
}
