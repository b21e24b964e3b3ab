// Configuration from environment variables (documented in README) with CLI overrides.
import { resolve } from 'node:path';
import { RongheError } from './kernel/index.ts';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** SQLite file under dataDir unless RONGHE_DATABASE_URL points at PostgreSQL. */
  databaseUrl: string;
  mqttPort: number | null;
  demo: boolean;
  simulate: boolean;
  bodyLimitBytes: number;
  cookieSecure: boolean;
  logLevel: string;
  /** Alarm e-mail: absent (null) unless RONGHE_SMTP_URL is set. */
  alarmMail: AlarmMailConfig | null;
  /** Telemetry ingest and query limits set in the environment (README, "Limits"). */
  telemetryLimits: TelemetryLimitsConfig;
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
      throw configError(name, 'expected a positive integer');
    if (n > 0) out[key as keyof TelemetryLimitsConfig] = n;
  }
  return out;
}

/** An SMTP relay and sender for alarm e-mail (fields as monitoring's SmtpOptions takes them). */
export interface AlarmMailConfig {
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string };
  from: string;
}

/** A bad variable stops the start; `ronghe start` prints the message without a stack trace. */
const configError = (name: string, reason: string) =>
  new RongheError('RONGHE_VALIDATION', `${name}: ${reason}`, [{ field: name, reason }]);

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw configError(name, `expected a non-negative integer, got '${raw}'`);
  return n;
}

const boolEnv = (env: NodeJS.ProcessEnv, name: string, fallback: boolean) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^(1|0|true|false|yes|no)$/i.test(raw))
    throw configError(name, `expected true or false, got '${raw}'`);
  return /^(1|true|yes)$/i.test(raw);
};

const SMTP_URL_FORM = 'smtp://user:password@host:port, or smtps://… for implicit TLS';

/** RFC 8314 ports: 465 for implicit TLS; 25 (relay) for plain. STARTTLS is not supported. */
function smtpUrlEnv(env: NodeJS.ProcessEnv, name: string): AlarmMailConfig['smtp'] | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  // Never echo the URL back: it may carry a password into logs.
  const fail = (why: string): never => {
    throw configError(name, `${why}; expected ${SMTP_URL_FORM}`);
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('not a URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    fail(`scheme '${url.protocol.slice(0, -1)}' is not smtp or smtps`);
  if (!url.hostname) fail('no host');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
    fail('unexpected path or query');
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 25;
  if (port === 0) fail('port 0');
  if (url.password && !url.username) fail('a password without a user');
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
    throw configError(
      'RONGHE_ALARM_MAIL_FROM',
      'required when RONGHE_SMTP_URL is set (the sender address of alarm e-mail, e.g. alarms@example.com)',
    );
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(from))
    throw configError(
      'RONGHE_ALARM_MAIL_FROM',
      `expected an address like alarms@example.com, got '${from}'`,
    );
  return { smtp, from };
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
): Config {
  const dataDir = resolve(overrides.dataDir ?? env.RONGHE_DATA_DIR ?? './data');
  const mqtt = intEnv(env, 'RONGHE_MQTT_PORT', 1883);
  return {
    host: env.RONGHE_HOST ?? '0.0.0.0',
    port: intEnv(env, 'RONGHE_PORT', 8080),
    dataDir,
    databaseUrl: env.RONGHE_DATABASE_URL || resolve(dataDir, 'ronghe.db'),
    mqttPort: mqtt === 0 ? null : mqtt,
    demo: boolEnv(env, 'RONGHE_DEMO', true),
    simulate: boolEnv(env, 'RONGHE_SIMULATE', true),
    bodyLimitBytes: intEnv(env, 'RONGHE_BODY_LIMIT', 16 * 1024 * 1024),
    cookieSecure: boolEnv(env, 'RONGHE_COOKIE_SECURE', false),
    logLevel: env.RONGHE_LOG_LEVEL ?? 'info',
    alarmMail: alarmMailEnv(env),
    telemetryLimits: telemetryLimitsEnv(env),
    ...overrides,
  };
}
