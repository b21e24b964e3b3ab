// The security policy from the environment: a profile (`standard` by default, `mlps3` for a
// GB/T 22239-2019 level-3 deployment) and each of its rules on its own. Read with the rest of
// the configuration, before anything is written (config.ts).
import { existsSync, readFileSync } from 'node:fs';
import { EXPORT_PROTOCOLS, type AuditExportConfig } from './identity/audit-export/index.ts';
import { resolve } from 'node:path';
import { configError, intEnv, oneOfEnv } from './config.ts';
import { PG_SSL_MODES, type PostgresTls } from './storage/postgres-tls.ts';
import { CIPHERS, DIGESTS, type Digest, type FieldCipher } from './kernel/gm.ts';
import {
  defaultSessionPolicy,
  passwordProfiles,
  type PasswordPolicy,
  type SessionPolicy,
} from './identity/password-policy.ts';

export const SECURITY_PROFILES = ['standard', 'mlps3'] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

export interface SecurityConfig {
  profile: SecurityProfile;
  password: PasswordPolicy;
  session: SessionPolicy;
  /** The audit chain's hash: SHA-256, or SM3 where 国密 is required (RONGHE_AUDIT_HASH). */
  auditHash: Digest;
  /** TLS to PostgreSQL (RONGHE_DATABASE_SSL, RONGHE_DATABASE_SSL_CA); null: plain. */
  databaseSsl: PostgresTls | null;
  /** Personal fields' cipher (RONGHE_FIELD_CIPHER): AES-256-GCM, or SM4 under 国密. */
  fieldCipher: FieldCipher;
  /** The operator's key (RONGHE_SECRET_KEY); null: an embedded install's key file. */
  secretKey: Buffer | null;
  /** New audit records to a collector (RONGHE_AUDIT_EXPORT…); null: none. */
  auditExport?: AuditExportConfig | null;
}

/** GB/T 22239-2019 8.1.4.1 b: "登录连接超时自动退出"; level-3 assessors look for ≤ 30 minutes. */
const sessionProfiles: Record<SecurityProfile, SessionPolicy> = {
  standard: defaultSessionPolicy,
  mlps3: { idleMinutes: 15, lifetimeHours: 8 },
};

export const defaultSecurity: SecurityConfig = {
  profile: 'standard',
  password: passwordProfiles.standard,
  session: sessionProfiles.standard,
  auditHash: 'sha256',
  databaseSsl: null,
  fieldCipher: 'aes-256-gcm',
  secretKey: null,
};

export function securityEnv(env: NodeJS.ProcessEnv): SecurityConfig {
  const profile = oneOfEnv(env, 'RONGHE_SECURITY_PROFILE', SECURITY_PROFILES, 'standard');
  const p = passwordProfiles[profile];
  const s = sessionProfiles[profile];
  const password: PasswordPolicy = {
    minLength: intEnv(env, 'RONGHE_PASSWORD_MIN_LENGTH', p.minLength, { min: 8, max: 128 }),
    classes: intEnv(env, 'RONGHE_PASSWORD_CLASSES', p.classes, { min: 1, max: 4 }),
    history: intEnv(env, 'RONGHE_PASSWORD_HISTORY', p.history, { max: 24 }),
    maxAgeDays: intEnv(env, 'RONGHE_PASSWORD_MAX_AGE_DAYS', p.maxAgeDays, { max: 3650 }),
    personal: p.personal,
  };
  const session: SessionPolicy = {
    idleMinutes: intEnv(env, 'RONGHE_SESSION_IDLE_MINUTES', s.idleMinutes, { max: 24 * 60 }),
    lifetimeHours: intEnv(env, 'RONGHE_SESSION_LIFETIME_HOURS', s.lifetimeHours, {
      min: 1,
      max: 24 * 30,
    }),
  };
  if (profile === 'mlps3' && (password.classes < 3 || session.idleMinutes === 0))
    throw configError(
      password.classes < 3 ? 'RONGHE_PASSWORD_CLASSES' : 'RONGHE_SESSION_IDLE_MINUTES',
      {
        en: 'RONGHE_SECURITY_PROFILE=mlps3 needs at least 3 character classes and an idle timeout',
        'zh-CN':
          'RONGHE_SECURITY_PROFILE=mlps3（等保三级）要求密码至少包含 3 类字符，并设置空闲超时',
      },
    );
  const auditHash = oneOfEnv(env, 'RONGHE_AUDIT_HASH', DIGESTS, 'sha256');
  const databaseSsl = databaseSslEnv(env);
  if (profile === 'mlps3' && /^postgres(ql)?:/i.test(env.RONGHE_DATABASE_URL ?? '') && !databaseSsl)
    throw configError('RONGHE_DATABASE_SSL', {
      en: 'RONGHE_SECURITY_PROFILE=mlps3 with PostgreSQL needs TLS to the database: verify-full (or verify-ca, require)',
      'zh-CN':
        'RONGHE_SECURITY_PROFILE=mlps3（等保三级）使用 PostgreSQL 时须以 TLS 连接数据库：verify-full（或 verify-ca、require）',
    });
  const fieldCipher = oneOfEnv(env, 'RONGHE_FIELD_CIPHER', CIPHERS, 'aes-256-gcm');
  const hex = env.RONGHE_SECRET_KEY ?? '';
  const secretKey = /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
  // Personal data is sealed with this key (storage/personal-data.ts). Where several nodes share
  // one database each needs the same key, and an assessed install keeps it apart from the data:
  // a key file written beside the database does for neither.
  if (!secretKey && /^postgres(ql)?:/i.test(env.RONGHE_DATABASE_URL ?? ''))
    throw configError('RONGHE_SECRET_KEY', {
      en: 'required with PostgreSQL: personal data is encrypted at rest with it and every node needs the same key (64 hex characters, e.g. from openssl rand -hex 32)',
      'zh-CN':
        '使用 PostgreSQL 时必填：个人信息以此密钥加密存储，各节点须使用同一密钥（64 个十六进制字符，可用 openssl rand -hex 32 生成）',
    });
  if (!secretKey && profile === 'mlps3')
    throw configError('RONGHE_SECRET_KEY', {
      en: 'required with RONGHE_SECURITY_PROFILE=mlps3: the key personal data is encrypted with is held by the operator, not kept in the data directory (64 hex characters)',
      'zh-CN':
        'RONGHE_SECURITY_PROFILE=mlps3（等保三级）时必填：加密个人信息的密钥由运维方保管，不存放在数据目录中（64 个十六进制字符）',
    });
  const auditExport = auditExportEnv(env);
  return {
    profile,
    password,
    session,
    auditHash,
    databaseSsl,
    fieldCipher,
    secretKey,
    auditExport,
  };
}

/**
 * RONGHE_AUDIT_EXPORT: `syslog+udp://host:514`, `syslog+tcp://host:601`, `syslog+tls://host:6514`
 * or `jsonl+tcp://host:port`; RONGHE_AUDIT_EXPORT_CA: the collector's CA for syslog+tls;
 * RONGHE_AUDIT_EXPORT_QUEUE: records held in memory at most (10,000 by default).
 */
function auditExportEnv(env: NodeJS.ProcessEnv): AuditExportConfig | null {
  const raw = env.RONGHE_AUDIT_EXPORT ?? '';
  const ca = env.RONGHE_AUDIT_EXPORT_CA ?? '';
  const queueLimit = intEnv(env, 'RONGHE_AUDIT_EXPORT_QUEUE', 10_000, { min: 1, max: 1_000_000 });
  if (raw === '') {
    if (ca !== '')
      throw configError('RONGHE_AUDIT_EXPORT_CA', {
        en: 'needs RONGHE_AUDIT_EXPORT',
        'zh-CN': '需同时设置 RONGHE_AUDIT_EXPORT',
      });
    return null;
  }
  const m = /^([a-z0-9+]+):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(raw);
  const protocol = EXPORT_PROTOCOLS.find((p) => p === m?.[1]);
  const port = Number(m?.[3]);
  if (!m || !protocol || port < 1 || port > 65535)
    throw configError('RONGHE_AUDIT_EXPORT', {
      en: `expected ${EXPORT_PROTOCOLS.map((p) => `${p}://host:port`).join(', ')}; got '${raw}'`,
      'zh-CN': `应为 ${EXPORT_PROTOCOLS.map((p) => `${p}://host:port`).join('、')} 之一；实为“${raw}”`,
    });
  if (ca !== '' && protocol !== 'syslog+tls')
    throw configError('RONGHE_AUDIT_EXPORT_CA', {
      en: 'only used with syslog+tls',
      'zh-CN': '仅用于 syslog+tls',
    });
  if (ca !== '' && !existsSync(ca))
    throw configError('RONGHE_AUDIT_EXPORT_CA', {
      en: `no such file: ${ca}`,
      'zh-CN': `文件不存在：${ca}`,
    });
  return {
    protocol,
    host: m[2]!.replace(/^\[(.*)\]$/, '$1'),
    port,
    queueLimit,
    ...(ca ? { ca: readFileSync(ca, 'utf8') } : {}),
  };
}

/**
 * RONGHE_DATABASE_SSL: `disable` (default), `require`, `verify-ca` or `verify-full`, libpq's
 * sslmode names; RONGHE_DATABASE_SSL_CA: the CA's PEM file for the verify modes. Set here and
 * not as `sslmode` in the URL, whose meaning node-postgres has changed between versions.
 */
function databaseSslEnv(env: NodeJS.ProcessEnv): PostgresTls | null {
  const mode = oneOfEnv(env, 'RONGHE_DATABASE_SSL', ['disable', ...PG_SSL_MODES], 'disable');
  const ca = env.RONGHE_DATABASE_SSL_CA ?? '';
  if (
    mode !== 'disable' &&
    /[?&]ssl(mode|rootcert|cert|key)?=/i.test(env.RONGHE_DATABASE_URL ?? '')
  )
    throw configError('RONGHE_DATABASE_URL', {
      en: 'remove sslmode (and sslrootcert) from the URL: TLS is set by RONGHE_DATABASE_SSL and RONGHE_DATABASE_SSL_CA',
      'zh-CN':
        '请从 URL 中去掉 sslmode（及 sslrootcert）：TLS 由 RONGHE_DATABASE_SSL 和 RONGHE_DATABASE_SSL_CA 设置',
    });
  if (ca !== '' && (mode === 'disable' || mode === 'require'))
    throw configError('RONGHE_DATABASE_SSL_CA', {
      en: 'a CA file is only used with RONGHE_DATABASE_SSL=verify-ca or verify-full',
      'zh-CN': 'CA 文件仅在 RONGHE_DATABASE_SSL=verify-ca 或 verify-full 时使用',
    });
  if (ca !== '' && !existsSync(ca))
    throw configError('RONGHE_DATABASE_SSL_CA', {
      en: `no such file: ${ca}`,
      'zh-CN': `文件不存在：${ca}`,
    });
  if (mode === 'disable') return null;
  return { mode, ...(ca ? { caFile: resolve(ca) } : {}) };
}
