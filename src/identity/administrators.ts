// The platform's own administrators: accounts outside any tenant holding one separated duty
// (system, security or audit; GB/T 22239-2019 8.1.5.1–8.1.5.3). A platform security
// administrator (or, with separation off, the platform admin) creates them; each starts with
// a temporary password and, under mlps3, enrols a second factor at its first login.
import { RongheError, newId } from '../kernel/index.ts';
import { emailIndex, type Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import { recordDuty } from './duties.ts';
import type { Role } from './roles.ts';
import { hashPassword } from './secrets.ts';
import { personalOf, toUser, type User } from './users.ts';

export const platformDuties = ['system_admin', 'security_admin', 'audit_admin'] as const;
export type PlatformDuty = (typeof platformDuties)[number];

export async function createPlatformAccount(
  db: Db,
  actor: string,
  input: { email: string; name: string; role: PlatformDuty; password: string },
  /** Chosen by someone else than the user (every creation over HTTP): changed at first login. */
  temporaryPassword = true,
): Promise<User> {
  const p = personalOf(db);
  const email = input.email.toLowerCase();
  const emailHash = emailIndex(p, email);
  const now = Date.now();
  const row = {
    id: newId('user'),
    tenant_id: null,
    customer_id: null,
    // Sealed at rest like every user's (storage/personal-data.ts), found by its keyed hash.
    email: p.seal(email),
    email_hash: emailHash,
    name: p.seal(input.name),
    role: input.role satisfies Role,
    password_hash: await hashPassword(input.password),
    created_at: now,
    disabled_at: null,
    password_must_change: temporaryPassword ? 1 : 0,
    password_changed_at: now,
  };
  await db.kysely.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where('email_hash', '=', emailHash)
      .executeTakeFirst();
    if (taken)
      throw new RongheError('RONGHE_CONFLICT', {
        en: `email: '${email}' is already registered.`,
        'zh-CN': `email：“${email}”已被注册。`,
      });
    await trx.insertInto('users').values(row).execute();
    await recordDuty(trx, row.id, input.role);
    await recordAudit(trx, {
      tenantId: null,
      actor,
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      details: { role: input.role, platform: true },
    });
  });
  return toUser(row, p);
}

/** Accounts outside any tenant: the platform admin and the platform's separated administrators. */
export async function listPlatformAccounts(db: Db): Promise<User[]> {
  const rows = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', 'is', null)
    .execute();
  const p = personalOf(db);
  // Sealed e-mails do not sort in the database: opened, then ordered.
  return rows
    .map((r) => toUser(r, p))
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}
