// Personal data sealed at rest (issue 26, GB/T 22239-2019 8.1.4.8 b): a user's e-mail and name
// columns now hold ciphertext (storage/personal-data.ts) and the e-mail is found by its keyed
// hash, unique per platform as the e-mail was. Rows written before are sealed after the schema
// migrations, at start, with the operator's key (sealPersonalData), which this migration cannot
// hold; a check value of that key is kept so that another key is refused rather than misread.
// And the audit export's cursor (identity/audit-export): the last record a collector took.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_hash', 'text').execute();
  await db.schema
    .createIndex('users_email_hash')
    .unique()
    .on('users')
    .column('email_hash')
    .execute();
  await db.schema
    .createTable('personal_data_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_check', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_export')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
}
