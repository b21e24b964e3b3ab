// Second factor and separated administrators (issue 26, GB/T 22239-2019 8.1.4.1 d, 8.1.4.2 c,
// 8.1.5.1–8.1.5.3): each user's TOTP secret (sealed with the operator's key) and the last time
// step it accepted (no replay), its hashed recovery codes, the short-lived half-login between
// the password and the code, per-tenant (and platform) administrator settings, and the
// administrator duties every account has held (no account combines two, one after another
// included).
import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('recovery_codes_user')
    .on('recovery_codes')
    .column('user_id')
    .execute();
  await db.schema
    .createTable('login_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('security_settings')
    .addColumn('scope_id', 'text', (c) => c.primaryKey())
    .addColumn('mfa_admins', 'integer', (c) => c.notNull())
    .addColumn('separation', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('admin_duties')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('duty', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('admin_duties_pk', ['user_id', 'duty'])
    .execute();
  // Accounts that already administer a tenant hold the system duty from now on.
  await sql`INSERT INTO admin_duties (user_id, duty, granted_at)
    SELECT id, 'system', created_at FROM users WHERE role IN ('tenant_admin', 'platform_admin')`.execute(
    db,
  );
}
