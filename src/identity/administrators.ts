// The platform's own administrators: accounts outside any tenant holding one separated duty
// (system, security or audit; GB/T 22239-2019 8.1.5.1–8.1.5.3). A platform security
// administrator (or, with separation off, the platform admin) creates them; each starts with
// a temporary password and, under mlps3, enrols a second factor at its first login.
import { notFound, RongheError } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import { hashPassword } from './secrets.ts';
import { insertUser, personalOf, toUser, type User } from './users.ts';

export const platformDuties = ['system_admin', 'security_admin', 'audit_admin'] as const;
export type PlatformDuty = (typeof platformDuties)[number];

export async function createPlatformAccount(
  db: Db,
  actor: string,
  input: { email: string; name: string; role: PlatformDuty; password: string },
  /** Chosen by someone else than the user (every creation over HTTP): changed at first login. */
  temporaryPassword = true,
): Promise<User> {
  return insertUser(
    db,
    { ...input, temporaryPassword, tenantId: null, customerId: null },
    (trx, row) =>
      recordAudit(trx, {
        tenantId: null,
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        details: { role: input.role, platform: true },
      }),
  );
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

export interface PlatformAccountPatch {
  name?: string;
  /** Disabled: no login, every session ended (GB/T 22239-2019 8.1.4.2 d, 多余或过期账户). */
  disabled?: boolean;
  /** A temporary password set by someone else: changed at the next login. */
  password?: string;
}

/**
 * Edits, disables or re-enables a platform account, or resets its password. Its duty does not
 * change here (one account, one duty: a new duty is a new account). No one disables
 * themselves, so the platform is never left without the administrator who could undo it.
 */
export async function updatePlatformAccount(
  db: Db,
  actor: { label: string; userId: string | null },
  id: string,
  patch: PlatformAccountPatch,
): Promise<User> {
  const r = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('tenant_id', 'is', null)
    .executeTakeFirst();
  if (!r) throw notFound('User', id);
  if (patch.disabled && actor.userId === id)
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: 'disabled: you cannot disable your own account; another administrator does.',
      'zh-CN': 'disabled：不能停用自己的账号，请由其他管理员操作。',
    });
  const p = personalOf(db);
  const now = Date.now();
  const set = {
    ...(patch.name === undefined ? {} : { name: p.seal(patch.name) }),
    ...(patch.disabled === undefined ? {} : { disabled_at: patch.disabled ? now : null }),
    ...(patch.password
      ? {
          password_hash: await hashPassword(patch.password),
          password_must_change: 1,
          password_changed_at: now,
        }
      : {}),
  };
  await db.kysely.transaction().execute(async (trx) => {
    if (Object.keys(set).length)
      await trx.updateTable('users').set(set).where('id', '=', id).execute();
    if (patch.disabled || patch.password)
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    // The new name is personal data: the record says it changed, not what it is.
    await recordAudit(trx, {
      tenantId: null,
      actor: actor.label,
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      details: {
        platform: true,
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
        ...(patch.name === undefined ? {} : { nameChanged: true }),
        passwordChanged: Boolean(patch.password),
      },
    });
  });
  const after = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toUser(after, p);
}
