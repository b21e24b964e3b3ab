// Resolves a presented secret (session cookie, API key, device token) or a password login
// into a Principal. Hot path for telemetry: recent look-ups are cached for a short time and
// the cache is cleared whenever a credential is revoked through this process.
import {
  RongheError,
  type AssetId,
  type CustomerId,
  type DeviceId,
  type TenantId,
  type UserId,
} from '../kernel/index.ts';
import { emailIndex, type Db } from '../storage/index.ts';
import { parseLineMapping } from './credentials.ts';
import { customerSubtree } from './customers.ts';
import { LoginThrottle, accountKey, addressKey } from './login-throttle.ts';
import type { Principal } from './principal.ts';
import { isRole } from './roles.ts';
import { recordAudit } from './audit.ts';
import { purgeSessions } from './credentials.ts';
import {
  checkPassword,
  defaultSessionPolicy,
  passwordExpired,
  passwordProfiles,
  refuseReused,
  type PasswordPolicy,
  type SessionPolicy,
} from './password-policy.ts';
import { hashSecret, verifyPassword } from './secrets.ts';
import { randomBytes } from 'node:crypto';
import type { FieldCipher } from '../kernel/gm.ts';
import {
  adminPolicyOf,
  adminProfiles,
  type AdminPolicy,
  type EffectivePolicy,
} from './admin-policy.ts';
import { createMfa, type Mfa } from './mfa.ts';
import { personalOf, setOwnPassword, toUser, type User } from './users.ts';

const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 10_000;

export interface Authenticator {
  /** The principal for a token, or undefined when it is unknown, expired or revoked. */
  authenticate(token: string): Promise<Principal | undefined>;
  /** A password login from a client address (throttled per account and address); `client`,
   * the User-Agent where sent, goes into its audit record. */
  login(email: string, password: string, address?: string, client?: string): Promise<User>;
  /**
   * The user sets its own password, proving the current one (throttled like a login); a
   * temporary password set by someone else stops being one.
   */
  changePassword(userId: string, current: string, next: string, address?: string): Promise<void>;
  /** An administrator lifts the lockout of an account (its failures are forgotten). */
  unlock(email: string): void;
  /** Forget cached look-ups (after a revocation, a role change, a logout). */
  clearCache(): void;
  readonly passwordPolicy: PasswordPolicy;
  readonly sessionPolicy: SessionPolicy;
  /** The second factor: enrolment, codes, recovery codes, reset. */
  readonly mfa: Mfa;
  /** What the security profile holds for every tenant (mlps3: both on). */
  readonly adminFloor: AdminPolicy;
  /** The administrator settings in force for a tenant, or the platform (null). */
  adminPolicy(tenantId: string | null): Promise<EffectivePolicy>;
  /** Refuses early when the account or address is locked out (before a code is checked). */
  checkThrottle(email: string, address?: string): void;
  /** A wrong second-factor code counts towards the lockout like a wrong password. */
  secondFactorFailed(email: string, address?: string): void;
}

export interface AuthenticatorOptions {
  throttle?: LoginThrottle;
  password?: PasswordPolicy;
  session?: SessionPolicy;
  /** The operator's 32-byte key sealing second-factor secrets; absent: a key for this process
   * only (tests), so secrets enrolled do not outlive it. */
  secretKey?: Uint8Array;
  fieldCipher?: FieldCipher;
  /** The administrator settings' floor (the security profile's); standard: none. */
  admin?: AdminPolicy;
}

/** A session's last request is written at most this often (the idle timeout's resolution). */
const SEEN_EVERY_MS = 30_000;

export function createAuthenticator(db: Db, options: AuthenticatorOptions = {}): Authenticator {
  const throttle = options.throttle ?? new LoginThrottle();
  const passwordPolicy = options.password ?? passwordProfiles.standard;
  const sessionPolicy = options.session ?? defaultSessionPolicy;
  const idleMs = sessionPolicy.idleMinutes * 60_000;
  const adminFloor = options.admin ?? adminProfiles.standard;
  const adminPolicy = (tenantId: string | null) => adminPolicyOf(db, tenantId, adminFloor);
  const mfa = createMfa(db, {
    key: options.secretKey ?? randomBytes(32),
    ...(options.fieldCipher ? { cipher: options.fieldCipher } : {}),
  });
  const cache = new Map<string, { p: Principal | undefined; at: number }>();
  /** Bumped by clearCache: a look-up that began before a revocation must not cache its answer. */
  let generation = 0;

  async function lookup(token: string): Promise<Principal | undefined> {
    if (token.startsWith('rs_')) return withSeparation(await fromSession(db, token, idleMs));
    if (token.startsWith('rk_')) return withSeparation(await fromApiKey(db, token));
    if (token.startsWith('rd_')) return fromDevice(db, token);
    return undefined;
  }
  /** Only the all-powerful roles change with the setting; the others never hold it all. */
  async function withSeparation(p: Principal | undefined): Promise<Principal | undefined> {
    if (!p || p.kind === 'device' || (p.role !== 'platform_admin' && p.role !== 'tenant_admin'))
      return p;
    return (await adminPolicy(p.tenantId)).separation ? { ...p, separated: true } : p;
  }

  return {
    async authenticate(token) {
      const hit = cache.get(token);
      const now = Date.now();
      if (hit && now - hit.at < CACHE_TTL_MS) return hit.p;
      const started = generation;
      const p = await lookup(token);
      if (started !== generation) return p;
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(token, { p, at: now });
      return p;
    },
    async login(email, password, address = 'unknown', client) {
      const keys = [accountKey(email), addressKey(address)];
      throttle.check(keys); // before any look-up or scrypt: refused attempts cost nothing
      return throttle.attempt(keys, async (clean) => {
        const r = await db.kysely
          .selectFrom('users')
          .selectAll()
          .where('email_hash', '=', emailIndex(personalOf(db), email))
          .executeTakeFirst();
        // Verify against a dummy hash when the user is unknown, so timing does not reveal emails.
        const ok = await throttle.hashing(
          () => verifyPassword(password, r?.password_hash ?? DUMMY_HASH),
          clean,
        );
        const outcome = !r
          ? 'unknown-user'
          : !ok
            ? 'wrong-password'
            : r.disabled_at
              ? 'disabled'
              : 'ok';
        await auditLogin(db, r ?? null, email, { address, client }, outcome);
        const p = personalOf(db);
        if (outcome !== 'ok') {
          throttle.fail(keys);
          throw RongheError.of('RONGHE_UNAUTHENTICATED', {
            reason: { en: 'Wrong email or password.', 'zh-CN': '邮箱或密码错误。' },
          });
        }
        throttle.succeed(keys[0]!);
        await purgeSessions(db, idleMs);
        // Past its maximum age the password must be changed before anything else (013).
        if (
          !r!.password_must_change &&
          passwordExpired(passwordPolicy, r!.password_changed_at ?? r!.created_at)
        ) {
          await db.kysely
            .updateTable('users')
            .set({ password_must_change: 1 })
            .where('id', '=', r!.id)
            .execute();
          return { ...toUser(r!, p), mustChangePassword: true };
        }
        return toUser(r!, p);
      });
    },
    async changePassword(userId, current, next, address = 'unknown') {
      const r = await db.kysely
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!r)
        throw new RongheError('RONGHE_UNAUTHENTICATED', {
          en: 'The session has no user.',
          'zh-CN': '会话没有对应的用户。',
        });
      const keys = [accountKey(personalOf(db).open(r.email)), addressKey(address)];
      throttle.check(keys);
      const ok = await throttle.hashing(() => verifyPassword(current, r.password_hash));
      if (!ok) {
        throttle.fail(keys);
        throw RongheError.of('RONGHE_UNAUTHENTICATED', {
          reason: { en: 'currentPassword: wrong password.', 'zh-CN': '当前密码错误。' },
        });
      }
      const user = toUser(r, personalOf(db));
      checkPassword(passwordPolicy, next, { email: user.email, name: user.name }, 'newPassword');
      if (await reused(db, r.id, r.password_hash, next, passwordPolicy.history))
        refuseReused(passwordPolicy, 'newPassword');
      await setOwnPassword(db, user, next, {
        previousHash: r.password_hash,
        keep: passwordPolicy.history,
      });
      cache.clear();
    },
    unlock: (email) => throttle.succeed(accountKey(email)),
    passwordPolicy,
    sessionPolicy,
    mfa,
    adminFloor,
    adminPolicy,
    checkThrottle: (email, address = 'unknown') =>
      throttle.check([accountKey(email), addressKey(address)]),
    secondFactorFailed: (email, address = 'unknown') =>
      throttle.fail([accountKey(email), addressKey(address)]),
    clearCache: () => {
      generation++;
      cache.clear();
    },
  };
}

const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A customer user's scope: its customer and every customer below it; null for tenant-wide. */
export async function customerScope(
  db: Db,
  tenantId: string | null,
  customerId: string | null,
): Promise<CustomerId[] | null> {
  if (!customerId || !tenantId) return null;
  return customerSubtree(db, tenantId as TenantId, customerId as CustomerId);
}

/**
 * Whether `next` is the current password or, with a history kept, one of the last `keep`
 * (each compared with scrypt: the hashes are salted, so there is no other way).
 */
async function reused(
  db: Db,
  userId: string,
  currentHash: string,
  next: string,
  keep: number,
): Promise<boolean> {
  const earlier =
    keep > 0
      ? await db.kysely
          .selectFrom('password_history')
          .select('password_hash')
          .where('user_id', '=', userId)
          .orderBy('set_at', 'desc')
          .limit(keep)
          .execute()
      : [];
  for (const h of [currentHash, ...earlier.map((e) => e.password_hash)])
    if (await verifyPassword(next, h)) return true;
  return false;
}

/**
 * Every login attempt, with its outcome and client address (GB/T 22239-2019 8.1.4.3). A known
 * user is named as everywhere else; what was typed for an unknown one is kept only as its keyed
 * hash (attempts on one name still line up): it may be a stranger's address, or a password
 * typed into the wrong field, and the audit log outlives both.
 */
async function auditLogin(
  db: Db,
  r: { id: string; tenant_id: string | null; email: string } | null,
  email: string,
  from: { address: string; client: string | undefined },
  outcome: string,
): Promise<void> {
  // A user is named by id (stable, no personal data: GB/T 22239-2019 8.1.4.10), so deleting
  // the account leaves no e-mail in this chained, never-rewritten record.
  const who = r ? `user:${r.id}` : `unknown:${emailIndex(personalOf(db), email).slice(0, 16)}`;
  await recordAudit(db.kysely, {
    tenantId: (r?.tenant_id ?? null) as TenantId | null,
    actor: who,
    action: outcome === 'ok' ? 'auth.login' : 'auth.login.failed',
    entityType: 'user',
    entityId: r?.id ?? who,
    details: {
      outcome,
      address: from.address,
      ...(from.client ? { client: from.client } : {}),
    },
  });
}

async function fromSession(db: Db, token: string, idleMs: number): Promise<Principal | undefined> {
  const r = await db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.tenant_id',
      'users.customer_id',
      'users.role',
      'users.disabled_at',
      'users.password_must_change',
      'sessions.expires_at',
      'sessions.created_at',
      'sessions.last_seen_at',
    ])
    .where('sessions.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  const now = Date.now();
  if (!r || r.expires_at < now || r.disabled_at !== null || !isRole(r.role)) return undefined;
  const seen = r.last_seen_at ?? r.created_at;
  if (idleMs > 0 && now - seen > idleMs) return undefined;
  if (now - seen > Math.min(SEEN_EVERY_MS, idleMs || SEEN_EVERY_MS))
    await db.kysely
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', hashSecret(token))
      .execute();
  return {
    kind: 'user',
    userId: r.id as UserId,
    tenantId: r.tenant_id as TenantId | null,
    role: r.role,
    customerIds:
      r.role === 'customer_viewer' ? await customerScope(db, r.tenant_id, r.customer_id) : null,
    label: `user:${r.id}`,
    mustChangePassword: r.password_must_change === 1,
  };
}

async function fromApiKey(db: Db, token: string): Promise<Principal | undefined> {
  const r = await db.kysely
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashSecret(token))
    .executeTakeFirst();
  const now = Date.now();
  if (!r || r.revoked_at !== null || !isRole(r.role)) return undefined;
  if (r.expires_at != null && r.expires_at <= now) return undefined;
  const lineMapping = parseLineMapping(r.line_mapping);
  if (r.last_used_at === null || now - r.last_used_at > 60_000) {
    await db.kysely
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', r.id)
      .execute();
  }
  return {
    kind: 'apikey',
    keyId: r.id,
    tenantId: r.tenant_id as TenantId | null,
    role: r.role,
    customerIds: null,
    label: `apikey:${r.name}`,
    ...(lineMapping ? { lineMapping } : {}),
  };
}

async function fromDevice(db: Db, token: string): Promise<Principal | undefined> {
  const r = await db.kysely
    .selectFrom('device_credentials')
    .innerJoin('devices', 'devices.id', 'device_credentials.device_id')
    .select([
      'devices.id',
      'devices.asset_id',
      'devices.tenant_id',
      'devices.name',
      'device_credentials.revoked_at',
      'device_credentials.expires_at',
    ])
    .where('device_credentials.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!r || r.revoked_at !== null) return undefined;
  if (r.expires_at != null && r.expires_at <= Date.now()) return undefined;
  return {
    kind: 'device',
    deviceId: r.id as DeviceId,
    deviceAssetId: r.asset_id as AssetId,
    tenantId: r.tenant_id as TenantId,
    role: 'engineer',
    customerIds: null,
    label: `device:${r.name}`,
  };
}
