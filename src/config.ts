// Configuration from environment variables (documented in README) with CLI overrides.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RongheError, type Localized } from './kernel/index.ts';
import { durabilities, type Durability } from './storage/index.ts';
import { securityEnv, type SecurityConfig } from './config-security.ts';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** SQLite file under dataDir unless RONGHE_DATABASE_URL points at PostgreSQL. */
  databaseUrl: string;
  mqttPort: number | null;
  /** The largest MQTT packet a client may send, in bytes. */
  mqttMaxPacketBytes: number;
  /** MQTT over TLS (mqtts) beside the plain port, or alone when mqttPort is null. */
  mqttTlsPort: number | null;
  /** PEM files of the certificate chain and its key; required by mqttTlsPort and https. */
  tls: { certFile: string; keyFile: string } | null;
  /** HTTPS only (RONGHE_HTTPS): TLS 1.2+, HSTS, the session cookie Secure; no plain HTTP. */
  https?: boolean;
  demo: boolean;
  simulate: boolean;
  bodyLimitBytes: number;
  cookieSecure: boolean;
  logLevel: string;
  /** Live SSE streams one user or API key may hold at once. */
  sseMaxPerPrincipal: number;
  /** What an acknowledged write survives: `fsync` (power loss, default) or `os` (kill -9). */
  durability: Durability;
  /** Alarm e-mail: absent (null) unless RONGHE_SMTP_URL is set. */
  alarmMail: AlarmMailConfig | null;
  /** Webhooks may post to loopback, link-local and private addresses
   * (RONGHE_WEBHOOK_ALLOW_PRIVATE, default false: refused, see monitoring/notify/address-guard.ts). */
  webhookAllowPrivate?: boolean;
  /** Days before a service contract ends that its renewal reminder is raised (default 30). */
  serviceRenewalDays?: number;
  /** Bearer token /metrics requires; null leaves /metrics open. */
  metricsToken?: string | null;
  /** Telemetry ingest and query limits set in the environment (README, "Limits"). */
  telemetryLimits: TelemetryLimitsConfig;
  /** The largest work-order or as-built attachment, in bytes (RONGHE_ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes?: number;
  /** An external MQTT 5 broker to subscribe to (RONGHE_MQTT_UPSTREAM_URL); absent: none. */
  mqttUpstream?: MqttUpstreamConfig;
  /** Password and session policy (RONGHE_SECURITY_PROFILE and its overrides). */
  security?: SecurityConfig;
  /** Where audit records past their retention are archived (RONGHE_AUDIT_ARCHIVE_DIR). */
  auditArchiveDir?: string;
  /** Cluster mode (RONGHE_NATS / --nats, src/cluster): the NATS servers; absent: one process. */
  nats?: string[];
  /** This node's id in the cluster (RONGHE_NODE_ID; default host, pid and random bytes). */
  nodeId?: string;
}

/** `nats://h1:4222,nats://h2:4222` → the list; each must be a nats:// (or tls://) URL. */
export function natsServersOf(name: string, raw: string): string[] {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0)
    throw configError(name, {
      en: 'expected nats://host:4222[,nats://host2:4222…]',
      'zh-CN': '应为 nats://主机:4222[,nats://主机2:4222…]',
    });
  for (const s of list)
    if (!/^(nats|tls):\/\/[^/\s,]+$/.test(s))
      throw configError(name, {
        en: `'${s}' is not a nats://host:port URL`,
        'zh-CN': `“${s}”不是 nats://主机:端口 形式的地址`,
      });
  return list;
}

/** RONGHE_NATS and RONGHE_NODE_ID; both absent in the embedded default. */
function clusterEnv(env: NodeJS.ProcessEnv): Pick<Config, 'nats' | 'nodeId'> {
  const raw = env.RONGHE_NATS ?? '';
  const id = env.RONGHE_NODE_ID ?? '';
  if (id !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw configError('RONGHE_NODE_ID', {
      en: `'${id}' is not a node id (1–64 letters, digits, _ or -)`,
      'zh-CN': `“${id}”不是有效的节点标识（1–64 个字母、数字、_ 或 -）`,
    });
  return {
    ...(raw !== '' ? { nats: natsServersOf('RONGHE_NATS', raw) } : {}),
    ...(id !== '' ? { nodeId: id } : {}),
  };
}

export interface MqttUpstreamConfig {
  url: string;
  username?: string;
  password?: string;
  /** The API key whose tenant the upstream's messages are written to. */
  apiKey: string;
}

/** RONGHE_MQTT_UPSTREAM_URL (mqtt:// or mqtts://) with its API key and broker login. */
function mqttUpstreamEnv(env: NodeJS.ProcessEnv): MqttUpstreamConfig | undefined {
  const url = env.RONGHE_MQTT_UPSTREAM_URL ?? '';
  if (url === '') return undefined;
  if (!/^mqtts?:\/\/[^/\s]+/.test(url)) {
    throw configError('RONGHE_MQTT_UPSTREAM_URL', {
      en: 'expected mqtt://host:port or mqtts://host:port',
      'zh-CN': '应为 mqtt://host:port 或 mqtts://host:port',
    });
  }
  const apiKey = env.RONGHE_MQTT_UPSTREAM_API_KEY ?? '';
  if (apiKey === '') {
    throw configError('RONGHE_MQTT_UPSTREAM_API_KEY', {
      en: 'required with RONGHE_MQTT_UPSTREAM_URL (the API key whose tenant the messages are written to)',
      'zh-CN': '设置 RONGHE_MQTT_UPSTREAM_URL 时必填（消息写入该 API 密钥所属的租户）',
    });
  }
  const username = env.RONGHE_MQTT_UPSTREAM_USERNAME;
  const password = env.RONGHE_MQTT_UPSTREAM_PASSWORD;
  return {
    url,
    apiKey,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

/** Only the limits set in the environment: the telemetry context holds the defaults. */
export interface TelemetryLimitsConfig {
  maxFieldsPerLine?: number;
  maxKeyLength?: number;
  maxNewSeriesPerRequest?: number;
  maxSeriesPerTenant?: number;
  maxQueryPoints?: number;
  queryTimeoutMs?: number;
}

const telemetryLimitVars = {
  maxFieldsPerLine: 'RONGHE_MAX_FIELDS_PER_LINE',
  maxKeyLength: 'RONGHE_MAX_KEY_LENGTH',
  maxNewSeriesPerRequest: 'RONGHE_MAX_NEW_SERIES_PER_REQUEST',
  maxSeriesPerTenant: 'RONGHE_MAX_SERIES_PER_TENANT',
  maxQueryPoints: 'RONGHE_QUERY_MAX_POINTS',
  queryTimeoutMs: 'RONGHE_QUERY_TIMEOUT_MS',
} as const;

function telemetryLimitsEnv(env: NodeJS.ProcessEnv): TelemetryLimitsConfig {
  const out: TelemetryLimitsConfig = {};
  for (const [key, name] of Object.entries(telemetryLimitVars)) {
    const n = intEnv(env, name, 0);
    if (env[name] !== undefined && env[name] !== '' && n < 1)
      throw configError(name, { en: 'expected a positive integer', 'zh-CN': '应为正整数' });
    if (n > 0) out[key as keyof TelemetryLimitsConfig] = n;
  }
  return out;
}

/** An SMTP relay and sender for alarm e-mail (fields as monitoring's SmtpOptions takes them). */
export interface AlarmMailConfig {
  smtp: {
    host: string;
    port: number;
    /** Implicit TLS (smtps://, RFC 8314 §3.3); otherwise STARTTLS (RFC 3207) when offered,
     * and required on the submission port 587. */
    secure: boolean;
    user?: string;
    password?: string;
    /** PEM of a private CA to trust (RONGHE_SMTP_CA_FILE), for company relays. */
    ca?: string;
  };
  from: string;
  /** The console's address in alarm links (RONGHE_PUBLIC_URL), without a trailing slash. */
  consoleUrl: string;
}

/** A bad variable stops the start; `ronghe start` prints the message without a stack trace. */
export const configError = (name: string, reason: Localized) =>
  new RongheError(
    'RONGHE_VALIDATION',
    { en: `${name}: ${reason.en}`, 'zh-CN': `配置项 ${name} 有误：${reason['zh-CN']}` },
    [{ field: name, reason: reason.en }],
  );

export function intEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min?: number; max?: number } = {},
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.trim());
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    const want =
      max < Number.MAX_SAFE_INTEGER
        ? { en: `an integer from ${min} to ${max}`, 'zh-CN': `${min} 至 ${max} 的整数` }
        : min === 0
          ? { en: 'a non-negative integer', 'zh-CN': '非负整数' }
          : min === 1
            ? { en: 'a positive integer', 'zh-CN': '正整数' }
            : { en: `an integer from ${min} up`, 'zh-CN': `不小于 ${min} 的整数` };
    throw configError(name, {
      en: `expected ${want.en}, got '${raw}'`,
      'zh-CN': `应为${want['zh-CN']}，实为“${raw}”`,
    });
  }
  return n;
}

function positiveIntEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return intEnv(env, name, fallback, { min: 1 });
}

const portEnv = (env: NodeJS.ProcessEnv, name: string, fallback: number) =>
  intEnv(env, name, fallback, { max: 65535 });

/** One of a fixed set of words (case-insensitive), e.g. a log level. */
export function oneOfEnv<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = values.find((x) => x === raw.trim().toLowerCase());
  if (!v)
    throw configError(name, {
      en: `expected one of ${values.join(', ')}, got '${raw}'`,
      'zh-CN': `应为 ${values.join('、')} 之一，实为“${raw}”`,
    });
  return v;
}

/** Pino's levels, which Fastify's logger takes. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** An address to bind: a host name or an IPv4/IPv6 literal, nothing else. */
function hostEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/.test(raw))
    throw configError(name, {
      en: `expected a host name or IP address such as 0.0.0.0, got '${raw}'`,
      'zh-CN': `应为主机名或 IP 地址（如 0.0.0.0），实为“${raw}”`,
    });
  return raw.replace(/^\[(.*)\]$/, '$1');
}

/** postgres://… (PostgreSQL) or a file path (SQLite); other schemes are a mistake. */
function databaseUrlEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return raw;
  if (scheme !== 'postgres' && scheme !== 'postgresql')
    throw configError(name, {
      en: `scheme '${scheme}' is not postgres; expected postgres://user@host:5432/db or a SQLite file path`,
      'zh-CN': `协议“${scheme}”不是 postgres；应为 postgres://user@host:5432/db 或 SQLite 文件路径`,
    });
  try {
    new URL(raw);
  } catch {
    // Never echo the URL back: it may carry a password into logs.
    throw configError(name, {
      en: 'not a URL; expected postgres://user@host:5432/db',
      'zh-CN': '不是有效的 URL；应为 postgres://user@host:5432/db',
    });
  }
  return raw;
}

/** A secret that must be long enough to be one (the demo admin's password, the metrics token). */
function secretEnv(env: NodeJS.ProcessEnv, name: string, minLength: number): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < minLength)
    throw configError(name, {
      en: `must be at least ${minLength} characters`,
      'zh-CN': `至少 ${minLength} 个字符`,
    });
  return raw;
}

const boolEnv = (env: NodeJS.ProcessEnv, name: string, fallback: boolean) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^(1|0|true|false|yes|no)$/i.test(raw))
    throw configError(name, {
      en: `expected true or false, got '${raw}'`,
      'zh-CN': `应为 true 或 false，实为“${raw}”`,
    });
  return /^(1|true|yes)$/i.test(raw);
};

/** RONGHE_DURABILITY: `fsync` (default) or `os`; see Durability in storage/database.ts. */
export function durabilityEnv(env: NodeJS.ProcessEnv = process.env): Durability {
  const raw = env.RONGHE_DURABILITY;
  if (raw === undefined || raw === '') return 'fsync';
  if (!(durabilities as readonly string[]).includes(raw))
    throw configError('RONGHE_DURABILITY', {
      en: `expected fsync or os, got '${raw}'`,
      'zh-CN': `应为 fsync 或 os，实为“${raw}”`,
    });
  return raw as Durability;
}

const SMTP_URL_FORM = {
  en: 'smtp://user:password@host:port, or smtps://… for implicit TLS',
  'zh-CN': 'smtp://user:password@host:port，隐式 TLS 用 smtps://…',
};

/** RFC 8314 ports: 465 for implicit TLS (smtps://); 587 (submission, STARTTLS required) or 25
 * (relay, STARTTLS when the server offers it) for smtp://. */
function smtpUrlEnv(env: NodeJS.ProcessEnv, name: string): AlarmMailConfig['smtp'] | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  // Never echo the URL back: it may carry a password into logs.
  const fail = (why: Localized): never => {
    throw configError(name, {
      en: `${why.en}; expected ${SMTP_URL_FORM.en}`,
      'zh-CN': `${why['zh-CN']}；应为 ${SMTP_URL_FORM['zh-CN']}`,
    });
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail({ en: 'not a URL', 'zh-CN': '不是有效的 URL' });
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    fail({
      en: `scheme '${url.protocol.slice(0, -1)}' is not smtp or smtps`,
      'zh-CN': `协议“${url.protocol.slice(0, -1)}”不是 smtp 或 smtps`,
    });
  if (!url.hostname) fail({ en: 'no host', 'zh-CN': '缺少主机' });
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
    fail({ en: 'unexpected path or query', 'zh-CN': '不应带路径或查询参数' });
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 25;
  if (port === 0) fail({ en: 'port 0', 'zh-CN': '端口不能为 0' });
  if (url.password && !url.username)
    fail({ en: 'a password without a user', 'zh-CN': '有密码却没有用户名' });
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.username ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** A bare address (the SMTP envelope sender): local@domain, no spaces or angle brackets. */
function alarmMailEnv(env: NodeJS.ProcessEnv): AlarmMailConfig | null {
  const smtp = smtpUrlEnv(env, 'RONGHE_SMTP_URL');
  if (!smtp) return null;
  const from = env.RONGHE_ALARM_MAIL_FROM ?? '';
  if (from === '')
    throw configError('RONGHE_ALARM_MAIL_FROM', {
      en: 'required when RONGHE_SMTP_URL is set (the sender address of alarm e-mail, e.g. alarms@example.com)',
      'zh-CN': '设置 RONGHE_SMTP_URL 时必填（报警邮件的发件地址，如 alarms@example.com）',
    });
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(from))
    throw configError('RONGHE_ALARM_MAIL_FROM', {
      en: `expected an address like alarms@example.com, got '${from}'`,
      'zh-CN': `应为形如 alarms@example.com 的地址，实为“${from}”`,
    });
  const caFile = env.RONGHE_SMTP_CA_FILE ?? '';
  let ca: string | undefined;
  if (caFile !== '') {
    try {
      ca = readFileSync(resolve(caFile), 'utf8');
    } catch (e) {
      throw configError('RONGHE_SMTP_CA_FILE', {
        en: `cannot read '${caFile}': ${(e as Error).message}`,
        'zh-CN': `无法读取“${caFile}”：${(e as Error).message}`,
      });
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw configError('RONGHE_SMTP_CA_FILE', {
        en: `'${caFile}' holds no PEM certificate`,
        'zh-CN': `“${caFile}”中没有 PEM 证书`,
      });
  }
  return { smtp: ca ? { ...smtp, ca } : smtp, from, consoleUrl: publicUrlEnv(env) };
}

/** RONGHE_PUBLIC_URL: where people reach the console (links in e-mail); default localhost. */
function publicUrlEnv(env: NodeJS.ProcessEnv): string {
  const raw = env.RONGHE_PUBLIC_URL ?? '';
  if (raw === '') return `http://localhost:${env.RONGHE_PORT || 8080}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError('RONGHE_PUBLIC_URL', {
      en: `not a URL: '${raw}'; expected https://host[:port][/path]`,
      'zh-CN': `“${raw}”不是有效的 URL；应为 https://host[:port][/path]`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw configError('RONGHE_PUBLIC_URL', {
      en: `expected http:// or https://, got '${url.protocol}'`,
      'zh-CN': `应为 http:// 或 https://，实为“${url.protocol}”`,
    });
  if (url.search || url.hash)
    throw configError('RONGHE_PUBLIC_URL', {
      en: 'no query or fragment',
      'zh-CN': '不应带查询参数或片段（#）',
    });
  return url.href.replace(/\/+$/, '');
}

/** MQTT packets: at least 1 KiB (a CONNECT with a long token), at most the protocol's 256 MiB. */
function mqttMaxPacketEnv(env: NodeJS.ProcessEnv): number {
  const n = intEnv(env, 'RONGHE_MQTT_MAX_PACKET', 1024 * 1024);
  if (n < 1024 || n > 268_435_460)
    throw configError('RONGHE_MQTT_MAX_PACKET', {
      en: `expected 1024 to 268435460 bytes, got ${n}`,
      'zh-CN': `应为 1024 至 268435460 字节，实为 ${n}`,
    });
  return n;
}

/** The certificate and key as PEM file paths; both or neither, and both when TLS listens. */
function tlsEnv(env: NodeJS.ProcessEnv, tlsPort: number): Config['tls'] {
  const certFile = env.RONGHE_TLS_CERT ?? '';
  const keyFile = env.RONGHE_TLS_KEY ?? '';
  for (const [name, value, other] of [
    ['RONGHE_TLS_CERT', certFile, keyFile],
    ['RONGHE_TLS_KEY', keyFile, certFile],
  ] as const) {
    if (value === '' && (other !== '' || tlsPort !== 0))
      throw configError(name, {
        en: 'required with RONGHE_HTTPS, RONGHE_MQTT_TLS_PORT or the other of RONGHE_TLS_CERT and RONGHE_TLS_KEY (a PEM file path)',
        'zh-CN':
          '设置 RONGHE_HTTPS、RONGHE_MQTT_TLS_PORT 或 RONGHE_TLS_CERT/RONGHE_TLS_KEY 中的另一项时必填（PEM 文件路径）',
      });
  }
  return certFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : null;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
): Config {
  const dataDir = resolve(overrides.dataDir ?? env.RONGHE_DATA_DIR ?? './data');
  const mqtt = portEnv(env, 'RONGHE_MQTT_PORT', 1883);
  const mqttTls = portEnv(env, 'RONGHE_MQTT_TLS_PORT', 0);
  const https = boolEnv(env, 'RONGHE_HTTPS', false);
  // Every variable is read (and so checked) here, before anything opens the data directory.
  secretEnv(env, 'RONGHE_ADMIN_PASSWORD', 8);
  // The connectors' sealing key (src/connectors/secret-box.ts), checked before anything opens.
  const secretKey = env.RONGHE_SECRET_KEY ?? '';
  if (secretKey !== '' && !/^[0-9a-fA-F]{64}$/.test(secretKey))
    throw configError('RONGHE_SECRET_KEY', {
      en: 'expected 64 hex characters (a 32-byte key)',
      'zh-CN': '应为 64 个十六进制字符（32 字节密钥）',
    });
  const mqttUpstream = mqttUpstreamEnv(env);
  return {
    host: hostEnv(env, 'RONGHE_HOST', '0.0.0.0'),
    port: portEnv(env, 'RONGHE_PORT', 8080),
    dataDir,
    databaseUrl: databaseUrlEnv(env, 'RONGHE_DATABASE_URL') ?? resolve(dataDir, 'ronghe.db'),
    mqttPort: mqtt === 0 ? null : mqtt,
    mqttMaxPacketBytes: mqttMaxPacketEnv(env),
    mqttTlsPort: mqttTls === 0 ? null : mqttTls,
    tls: tlsEnv(env, mqttTls || (https ? 1 : 0)),
    https,
    demo: boolEnv(env, 'RONGHE_DEMO', true),
    simulate: boolEnv(env, 'RONGHE_SIMULATE', true),
    bodyLimitBytes: intEnv(env, 'RONGHE_BODY_LIMIT', 16 * 1024 * 1024, { min: 1024 }),
    cookieSecure: https || boolEnv(env, 'RONGHE_COOKIE_SECURE', false),
    logLevel: oneOfEnv(env, 'RONGHE_LOG_LEVEL', LOG_LEVELS, 'info'),
    sseMaxPerPrincipal: positiveIntEnv(env, 'RONGHE_SSE_MAX_PER_PRINCIPAL', 8),
    durability: durabilityEnv(env),
    alarmMail: alarmMailEnv(env),
    webhookAllowPrivate: boolEnv(env, 'RONGHE_WEBHOOK_ALLOW_PRIVATE', false),
    serviceRenewalDays: positiveIntEnv(env, 'RONGHE_SERVICE_RENEWAL_DAYS', 30),
    metricsToken: secretEnv(env, 'RONGHE_METRICS_TOKEN', 16),
    telemetryLimits: telemetryLimitsEnv(env),
    ...(mqttUpstream ? { mqttUpstream } : {}),
    ...clusterEnv(env),
    security: securityEnv(env),
    auditArchiveDir: resolve(env.RONGHE_AUDIT_ARCHIVE_DIR || resolve(dataDir, 'audit-archive')),
    attachmentMaxBytes: intEnv(env, 'RONGHE_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, {
      min: 1024,
      max: 100 * 1024 * 1024,
    }),
    ...overrides,
  };
}
