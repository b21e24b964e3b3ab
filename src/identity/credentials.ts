// Sessions (console), API keys (machines and scripts) and device tokens (telemetry). Each
// secret is shown once; only its SHA-256 is stored.
import { RongheError, newId, notFound, type DeviceId, type TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import type { Scope } from './principal.ts';
import { canGrant, type Role } from './roles.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export async function createSession(
  db: Db,
  userId: string,
  lifetimeMs = SESSION_TTL_MS,
): Promise<{ token: string; expiresAt: number }> {
  const { token, hash } = newSecret('rs');
  const now = Date.now();
  const expiresAt = now + lifetimeMs;
  await db.kysely
    .insertInto('sessions')
    .values({
      token_hash: hash,
      user_id: userId,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * Deletes sessions past their lifetime or idle for longer than `idleMs` (0: no idle limit), so
 * that no expired session lingers in the database (GB/T 22239-2019 8.1.4.8 b). Run at each
 * login: cheap (an index range) and without a timer of its own.
 */
export async function purgeSessions(db: Db, idleMs: number, now = Date.now()): Promise<number> {
  const res = await db.kysely
    .deleteFrom('sessions')
    .where((eb) => {
      const expired = eb('expires_at', '<', now);
      return idleMs > 0 ? eb.or([expired, eb('last_seen_at', '<', now - idleMs)]) : expired;
    })
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Ends every session of a user (a password change, GB/T 22239-2019 8.1.4.1). */
export async function endSessions(db: Db, userId: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends a session; answers whose it was (user and tenant), or undefined if there was none. */
export async function deleteSession(
  db: Db,
  token: string,
): Promise<{ userId: string; tenantId: string | null } | undefined> {
  const hash = hashSecret(token);
  const owner = await db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id as userId', 'users.tenant_id as tenantId'])
    .where('sessions.token_hash', '=', hash)
    .executeTakeFirst();
  await db.kysely.deleteFrom('sessions').where('token_hash', '=', hash).execute();
  return owner;
}

/**
 * How the key's InfluxDB line protocol maps onto assets and channels (issue 25; the telemetry
 * context's LineMapping): set once on the key, since Telegraf cannot add URL parameters.
 */
export interface ApiKeyLineMapping {
  assetTags?: string[];
  channels?: 'field' | 'measurement_field';
  strings?: 'drop' | 'reject';
  partial?: boolean;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revoked: boolean;
  /** After this the key is refused; null: no expiry. */
  expiresAt: number | null;
  lineMapping?: ApiKeyLineMapping;
}

/** An expiry must lie ahead: a key or token born expired is a mistake, not a credential. */
function checkExpiry(expiresAt: number | null | undefined, now = Date.now()): void {
  if (expiresAt !== undefined && expiresAt !== null && expiresAt <= now)
    throw new RongheError(
      'RONGHE_VALIDATION',
      { en: 'expiresAt: must be in the future.', 'zh-CN': 'expiresAt：须为将来的时间。' },
      [{ field: 'expiresAt', reason: 'must be in the future' }],
    );
}

/** The stored JSON, or undefined (defaults) when absent or unreadable. */
export function parseLineMapping(json: string | null | undefined): ApiKeyLineMapping | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as ApiKeyLineMapping;
  } catch {
    return undefined;
  }
}

export async function createApiKey(
  db: Db,
  scope: Scope,
  granter: Role,
  input: { name: string; role: Role; lineMapping?: ApiKeyLineMapping; expiresAt?: number | null },
): Promise<ApiKeyInfo & { key: string }> {
  if (
    !canGrant(granter, input.role) ||
    input.role === 'platform_admin' ||
    input.role === 'customer_viewer' ||
    // The separated administrators are people, answerable and with a second factor: no keys.
    input.role === 'system_admin' ||
    input.role === 'security_admin' ||
    input.role === 'audit_admin'
  ) {
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: `role: a ${granter} cannot create an API key with role ${input.role}.`,
      'zh-CN': `role：${granter} 不能创建角色为 ${input.role} 的 API 密钥。`,
    });
  }
  checkExpiry(input.expiresAt);
  const { token, prefix, hash } = newSecret('rk');
  const row = {
    id: newId('apiKey'),
    tenant_id: scope.tenantId,
    name: input.name,
    role: input.role,
    prefix,
    key_hash: hash,
    created_by: scope.actor,
    created_at: Date.now(),
    last_used_at: null,
    revoked_at: null,
    line_mapping: input.lineMapping ? JSON.stringify(input.lineMapping) : null,
    expires_at: input.expiresAt ?? null,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('api_keys').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'apikey.create',
      entityType: 'apikey',
      entityId: row.id,
      details: { name: input.name, role: input.role, expiresAt: row.expires_at },
    });
  });
  return {
    id: row.id,
    name: row.name,
    role: input.role,
    prefix,
    createdAt: row.created_at,
    lastUsedAt: null,
    revoked: false,
    expiresAt: row.expires_at,
    ...(input.lineMapping ? { lineMapping: input.lineMapping } : {}),
    key: token,
  };
}

export async function listApiKeys(db: Db, scope: Scope): Promise<ApiKeyInfo[]> {
  const rows = await db.kysely
    .selectFrom('api_keys')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role as Role,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revoked: r.revoked_at !== null,
    expiresAt: r.expires_at ?? null,
    ...lineMappingOf(r.line_mapping),
  }));
}

const lineMappingOf = (json: string | null | undefined) => {
  const m = parseLineMapping(json);
  return m ? { lineMapping: m } : {};
};

export async function revokeApiKey(db: Db, scope: Scope, id: string): Promise<void> {
  const res = await db.kysely
    .updateTable('api_keys')
    .set({ revoked_at: Date.now() })
    .where('id', '=', id)
    .where('tenant_id', '=', scope.tenantId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('API key', id);
  await recordAudit(db.kysely, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action: 'apikey.revoke',
    entityType: 'apikey',
    entityId: id,
  });
}

/** Issues a new device token, revoking earlier ones (rotation). Returns the token once. */
export async function issueDeviceToken(
  db: Db,
  tenantId: TenantId,
  deviceId: DeviceId,
  actor: string,
  expiresAt: number | null = null,
): Promise<{ token: string; prefix: string; expiresAt: number | null }> {
  checkExpiry(expiresAt);
  const { token, prefix, hash } = newSecret('rd');
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('device_credentials')
      .set({ revoked_at: now })
      .where('device_id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('device_credentials')
      .values({
        token_hash: hash,
        device_id: deviceId,
        tenant_id: tenantId,
        prefix,
        created_at: now,
        revoked_at: null,
        expires_at: expiresAt,
      })
      .execute();
    await recordAudit(trx, {
      tenantId,
      actor,
      action: 'device.token',
      entityType: 'device',
      entityId: deviceId,
      details: { prefix, expiresAt },
    });
  });
  return { token, prefix, expiresAt };
}
