// Security policy (issue 26, GB/T 22239-2019 8.1.4.1–8.1.4.2): when a password was set (its
// maximum age), the user's earlier password hashes (no reuse), a session's last request (the
// idle timeout), and expiry dates on API keys and device tokens.
import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_changed_at', 'bigint').execute();
  await sql`UPDATE users SET password_changed_at = created_at`.execute(db);
  await db.schema
    .createTable('password_history')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_history_user')
    .on('password_history')
    .columns(['user_id', 'set_at'])
    .execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
  await db.schema.alterTable('api_keys').addColumn('expires_at', 'bigint').execute();
  await db.schema.alterTable('device_credentials').addColumn('expires_at', 'bigint').execute();
  await upAuditChain(db);
}

/**
 * The audit hash chain (GB/T 22239-2019 8.1.4.3 c, audit records protected from deletion and
 * change): each record's sequence number and hash over its fields and the previous hash; the
 * head (last sequence and hash) in one row that every append updates, so appends are serialised
 * and a deleted last record is seen too. Records written before this migration are outside it.
 */
export async function upAuditChain(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema.createIndex('audit_log_seq').unique().on('audit_log').column('seq').execute();
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO audit_chain (id, seq, hash) VALUES ('audit', 0, '')`.execute(db);
}
