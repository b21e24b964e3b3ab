import {
  RongheError,
  newId,
  notFound,
  type CustomerId,
  type TenantId,
  type UserId,
} from '../kernel/index.ts';
import { sql, type Kysely } from 'kysely';
import { emailIndex, type Database, type Db, type PersonalCrypto } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import { getCustomer } from './customers.ts';
import type { Scope } from './principal.ts';
import { canGrant, type Role } from './roles.ts';
import { checkDuty, recordDuty } from './duties.ts';
import { hashPassword, hashSecret } from './secrets.ts';

export interface User {
  id: UserId;
  tenantId: TenantId | null;
  customerId: CustomerId | null;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  disabled: boolean;
  /** Set by someone other than the user: must be changed before anything else. */
  mustChangePassword: boolean;
}

type Row = {
  id: string;
  tenant_id: string | null;
  customer_id: string | null;
  email: string;
  name: string;
  role: string;
  created_at: number;
  disabled_at: number | null;
  password_must_change?: number;
};

/**
 * The sealing of personal fields (storage/personal-data.ts). Without the operator's key a
 * person's data is neither written nor read: never stored in clear by mistake.
 */
export function personalOf(db: Db): PersonalCrypto {
  if (db.personal) return db.personal;
  throw new RongheError('RONGHE_UNAVAILABLE', {
    en: "Personal data (users' e-mail and name) is encrypted at rest and the database was opened without the key: set RONGHE_SECRET_KEY (64 hex characters).",
    'zh-CN':
      '个人信息（用户邮箱和姓名）加密存储，但打开数据库时未提供密钥：请设置 RONGHE_SECRET_KEY（64 个十六进制字符）。',
  });
}

/** A user row as stored (e-mail and name sealed) made a User. */
export const toUser = (r: Row, p: PersonalCrypto): User => ({
  id: r.id as UserId,
  tenantId: r.tenant_id as TenantId | null,
  customerId: r.customer_id as CustomerId | null,
  email: p.open(r.email),
  name: p.open(r.name),
  role: r.role as Role,
  createdAt: r.created_at,
  disabled: r.disabled_at !== null,
  mustChangePassword: Boolean(r.password_must_change),
});

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  customerId?: string | null;
  /** The password is chosen by the creator, not the user (every creation over HTTP). */
  temporaryPassword?: boolean;
}

/** Customer viewers must belong to a customer; staff roles must not. */
function checkRoleCustomer(role: Role, customerId: string | null | undefined): void {
  if (role === 'customer_viewer' && !customerId) {
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: 'customerId: required for role customer_viewer.',
        'zh-CN': 'customerId：角色 customer_viewer 必须指定客户。',
      },
      [{ field: 'customerId', reason: 'required for role customer_viewer' }],
    );
  }
  if (role !== 'customer_viewer' && customerId) {
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `customerId: only customer_viewer users belong to a customer, not ${role}.`,
        'zh-CN': `customerId：只有 customer_viewer 用户隶属于客户，${role} 不能。`,
      },
      [{ field: 'customerId', reason: 'only for customer_viewer' }],
    );
  }
}

export async function createUser(
  db: Db,
  scope: Scope,
  granter: Role,
  input: NewUser,
): Promise<User> {
  if (!canGrant(granter, input.role) || input.role === 'platform_admin') {
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: `role: a ${granter} cannot create a ${input.role}.`,
      'zh-CN': `role：${granter} 不能创建 ${input.role}。`,
    });
  }
  checkRoleCustomer(input.role, input.customerId);
  if (input.customerId) await getCustomer(db, scope, input.customerId);
  return insertUser(
    db,
    { ...input, tenantId: scope.tenantId, customerId: input.customerId ?? null },
    (trx, row) =>
      recordAudit(trx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        // The user's id names it; the e-mail is personal data and the audit log is kept for
        // years after the user is gone (8.1.4.10), so it is not copied here.
        details: { role: input.role, customerId: row.customer_id },
      }),
  );
}

/**
 * Every account made over the API or the CLI (a tenant's users, the platform's separated
 * administrators): e-mail and name sealed, the e-mail unique by its keyed hash, the duty
 * recorded for the separation rule, and the caller's audit record, in one transaction.
 */
export async function insertUser(
  db: Db,
  input: NewUser & { tenantId: string | null; customerId: string | null },
  audit: (trx: Kysely<Database>, row: { id: string; customer_id: string | null }) => Promise<void>,
): Promise<User> {
  const p = personalOf(db);
  const email = input.email.toLowerCase();
  const emailHash = emailIndex(p, email);
  const now = Date.now();
  const row = {
    id: newId('user'),
    tenant_id: input.tenantId,
    customer_id: input.customerId,
    email: p.seal(email),
    email_hash: emailHash,
    name: p.seal(input.name),
    role: input.role,
    password_hash: await hashPassword(input.password),
    created_at: now,
    disabled_at: null,
    password_must_change: input.temporaryPassword ? 1 : 0,
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
    await audit(trx, row);
  });
  return toUser(row, p);
}

/** Platform admins live outside tenants; created by the CLI or the first start. */
export async function createPlatformAdmin(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<User> {
  const p = personalOf(db);
  const row = {
    id: newId('user'),
    tenant_id: null,
    customer_id: null,
    email: p.seal(input.email.toLowerCase()),
    email_hash: emailIndex(p, input.email),
    name: p.seal(input.name),
    role: 'platform_admin',
    password_hash: await hashPassword(input.password),
    created_at: Date.now(),
    disabled_at: null,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('users').values(row).execute();
    await recordDuty(trx, row.id, 'platform_admin');
  });
  return toUser(row, p);
}

export async function getUser(db: Db, scope: Scope, id: string): Promise<User> {
  const r = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('tenant_id', '=', scope.tenantId)
    .executeTakeFirst();
  if (!r) throw notFound('User', id);
  return toUser(r, personalOf(db));
}

export async function listUsers(db: Db, scope: Scope): Promise<User[]> {
  const rows = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  // Sorted once opened: the stored e-mail is ciphertext, whose order means nothing.
  const p = personalOf(db);
  return rows.map((r) => toUser(r, p)).sort((a, b) => (a.email < b.email ? -1 : 1));
}

export async function updateUser(
  db: Db,
  scope: Scope,
  granter: Role,
  id: string,
  patch: {
    name?: string;
    role?: Role;
    password?: string;
    disabled?: boolean;
    customerId?: string | null;
  },
  /** When the user changes their own password: the session that asks, which stays valid (and
   * the password is then not temporary). */
  self?: { keepSessionToken?: string },
): Promise<User> {
  const keepSessionToken = self?.keepSessionToken;
  const current = await getUser(db, scope, id);
  const role = patch.role ?? current.role;
  if (!canGrant(granter, role) || !canGrant(granter, current.role)) {
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: `role: a ${granter} cannot change a ${current.role} into a ${role}.`,
      'zh-CN': `role：${granter} 不能把 ${current.role} 改为 ${role}。`,
    });
  }
  if (role !== current.role) await checkDuty(db.kysely, id, role, current.role);
  const customerId = patch.customerId === undefined ? current.customerId : patch.customerId;
  checkRoleCustomer(role, customerId);
  if (customerId) await getCustomer(db, scope, customerId);
  const set = {
    name: personalOf(db).seal(patch.name ?? current.name),
    role,
    customer_id: customerId,
    disabled_at:
      patch.disabled === undefined
        ? current.disabled
          ? Date.now()
          : null
        : patch.disabled
          ? Date.now()
          : null,
    ...(patch.password
      ? {
          password_hash: await hashPassword(patch.password),
          password_must_change: self ? 0 : 1,
          password_changed_at: Date.now(),
        }
      : {}),
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set(set).where('id', '=', id).execute();
    await recordDuty(trx, id, role);
    // A disabled user keeps no session; a new password ends every session but the one that set
    // it, so whoever knew the old password is logged out (issue #15, finding 3).
    if (set.disabled_at !== null || patch.password) {
      let q = trx.deleteFrom('sessions').where('user_id', '=', id);
      if (set.disabled_at === null && keepSessionToken)
        q = q.where('token_hash', '!=', hashSecret(keepSessionToken));
      await q.execute();
    }
    // The new name is personal data: the record says it changed, not what it is.
    const { password: _pw, name: newName, ...audited } = patch;
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      details: {
        ...audited,
        ...(newName === undefined ? {} : { nameChanged: true }),
        passwordChanged: Boolean(patch.password),
      },
    });
    if (patch.password && !self) await auditReset(trx, scope, current);
  });
  return {
    ...current,
    name: patch.name ?? current.name,
    role,
    customerId: customerId as CustomerId | null,
    disabled: set.disabled_at !== null,
    mustChangePassword:
      set.password_must_change === undefined
        ? current.mustChangePassword
        : set.password_must_change === 1,
  };
}

/**
 * A password reset by someone else, in the audit log its user's customer reads (listAudit):
 * a provider who resets a customer user's password cannot do so unseen.
 */
function auditReset(trx: Kysely<Database>, scope: Scope, user: User): Promise<void> {
  return recordAudit(trx, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action: 'user.password.reset',
    entityType: 'user',
    entityId: user.id,
    details: { customerId: user.customerId, temporary: true },
  });
}

/**
 * The user sets its own password, knowing the current one (checked by the authenticator). With
 * a history kept, the hash it replaces joins the user's last `keep` ones.
 */
export async function setOwnPassword(
  db: Db,
  user: User,
  password: string,
  history: { previousHash: string; keep: number } = { previousHash: '', keep: 0 },
): Promise<void> {
  const hash = await hashPassword(password);
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, password_must_change: 0, password_changed_at: now })
      .where('id', '=', user.id)
      .execute();
    if (history.keep > 0) {
      await trx
        .insertInto('password_history')
        .values({ user_id: user.id, password_hash: history.previousHash, set_at: now })
        .execute();
      const kept = await trx
        .selectFrom('password_history')
        .select('set_at')
        .where('user_id', '=', user.id)
        .orderBy('set_at', 'desc')
        .offset(history.keep - 1)
        .limit(1)
        .executeTakeFirst();
      if (kept)
        await trx
          .deleteFrom('password_history')
          .where('user_id', '=', user.id)
          .where('set_at', '<', kept.set_at)
          .execute();
    }
    await recordAudit(trx, {
      tenantId: user.tenantId,
      actor: `user:${user.id}`,
      action: 'user.password.change',
      entityType: 'user',
      entityId: user.id,
      details: { customerId: user.customerId },
    });
  });
}

export async function deleteUser(db: Db, scope: Scope, granter: Role, id: string): Promise<void> {
  const current = await getUser(db, scope, id);
  if (!canGrant(granter, current.role))
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: `A ${granter} cannot delete a ${current.role}.`,
      'zh-CN': `${granter} 不能删除 ${current.role}。`,
    });
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('users').where('id', '=', id).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'user.delete',
      entityType: 'user',
      entityId: id,
    });
  });
  // secure_delete zeroed the row in the page SQLite wrote to its WAL; the page in the database
  // file still holds it until a checkpoint copies the new one over (GB/T 22239-2019 8.1.4.10).
  if (db.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
}

/** A user by id whatever its tenant (the edge's own look-up of the signed-in user). */
export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  const r = await db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toUser(r, personalOf(db));
}
