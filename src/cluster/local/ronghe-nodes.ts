// Ronghe nodes of a local cluster: `ronghe start --nats …` child processes on one fresh
// PostgreSQL database. The first node migrates and seeds the demo tenant; the others start
// once it answers, so they find the schema in place.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, spawnLogged, waitFor } from './processes.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RongheNodeProc {
  nodeId: string;
  url: string;
  port: number;
  /** Its MQTT broker's port (ronghe/telemetry/<asset>, an API key as the password). */
  mqttPort: number;
  logFile: string;
  dataDir: string;
  pid: number;
}

export interface NodeSettings {
  databaseUrl: string;
  nats: string[];
  dir: string;
  /** Shared by every node: it seals personal data in the shared database. */
  secretKey: string;
  adminPassword: string;
  detached?: boolean;
}

/** A new database `ronghe_cluster_<random>` on the server of `baseUrl`; returns its URL. */
export async function createClusterDatabase(baseUrl: string): Promise<string> {
  const name = `ronghe_cluster_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a database made by createClusterDatabase (its connections are ended first). */
export async function dropClusterDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/^ronghe_cluster_[0-9a-f]{8}$/.test(name))
    throw new Error(`not a cluster database: ${name}`);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(`drop database if exists ${name} with (force)`);
  } finally {
    await c.end();
  }
}

export const newSecretKey = () => randomBytes(32).toString('hex');

/**
 * Starts node `index` (1-based) and resolves once its /healthz answers. Node 1 seeds the demo
 * tenant; given the ports of a node that stopped, it is that node restarted.
 */
export async function startRongheNode(
  s: NodeSettings,
  index: number,
  port?: number,
  mqttPortWanted?: number,
): Promise<RongheNodeProc> {
  const nodeId = `node${index}`;
  const p = port ?? (await freePort());
  const mqttPort = mqttPortWanted ?? (await freePort());
  const dataDir = join(s.dir, nodeId);
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(s.dir, `${nodeId}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RONGHE_DATABASE_URL: s.databaseUrl,
    RONGHE_NATS: s.nats.join(','),
    RONGHE_NODE_ID: nodeId,
    RONGHE_HOST: '127.0.0.1',
    RONGHE_PORT: String(p),
    RONGHE_MQTT_PORT: String(mqttPort),
    RONGHE_DATA_DIR: dataDir,
    RONGHE_SECRET_KEY: s.secretKey,
    RONGHE_ADMIN_PASSWORD: s.adminPassword,
    RONGHE_DEMO: index === 1 ? 'true' : 'false',
    RONGHE_SIMULATE: 'false',
    RONGHE_LOG_LEVEL: 'warn',
  };
  const child = spawnLogged(process.execPath, [join(ROOT, 'bin/ronghe.js'), 'start'], logFile, {
    env,
    cwd: ROOT,
    ...(s.detached !== undefined ? { detached: s.detached } : {}),
  });
  const url = `http://127.0.0.1:${p}`;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  await waitFor(`Ronghe ${nodeId} (log: ${logFile})`, 90_000, async () => {
    if (exited !== null) throw new Error(`exited with ${exited}`);
    return (await fetch(`${url}/healthz`)).ok;
  });
  return { nodeId, url, port: p, mqttPort, logFile, dataDir, pid: child.pid! };
}

/** Node 1 first (migrations, demo tenant), then the rest together. */
export async function startRongheNodes(s: NodeSettings, n = 3): Promise<RongheNodeProc[]> {
  const first = await startRongheNode(s, 1);
  const rest = await Promise.all(
    Array.from({ length: n - 1 }, (_, i) => startRongheNode(s, i + 2)),
  );
  return [first, ...rest];
}
