// Configuration from environment variables (documented in README) with CLI overrides.
import { resolve } from 'node:path';

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
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name}: expected a non-negative integer, got '${raw}'`);
  return n;
}

const boolEnv = (env: NodeJS.ProcessEnv, name: string, fallback: boolean) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^(1|0|true|false|yes|no)$/i.test(raw))
    throw new Error(`${name}: expected true or false, got '${raw}'`);
  return /^(1|true|yes)$/i.test(raw);
};

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
    ...overrides,
  };
}
