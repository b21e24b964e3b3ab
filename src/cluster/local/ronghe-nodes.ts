// Ronghe nodes of a local cluster: `ronghe start --nats …` child processes on one fresh
// PostgreSQL database, started together. The first node seeds the demo tenant; whichever node
// comes first migrates (Kysely's migrator holds a PostgreSQL advisory lock, so the others wait
// for it and find the schema in place), as when a service manager starts every node at once.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, logTail, spawnLogged, stopPid, waitFor } from './processes.ts';

/**
 * How long a node may take to answer. A node's start is mostly CPU (loading the TypeScript
 * sources through tsx, migrating, seeding the demo); at the machine's usual load of 15–35 on 2
 * cores it gets a small share of one, and one start took over 90 s (docs/cluster.md).
 */
const NODE_START_MS = 180_000;

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
  /** Its start: wall-clock ms until /healthz answered, and the CPU ms it used meanwhile
   * (Linux; undefined elsewhere). The wall-clock figure grows with the machine's load. */
  started?: { ms: number; cpuMs?: number };
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
  const t0 = Date.now();
  let exited: number | null = null;
  const gone = new AbortController();
  // A node that exits fails its start at once, with its log's tail, not after the limit.
  const exit = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      exited = code ?? -1;
      gone.abort();
      const how = signal ? `was killed (${signal})` : `exited with ${code}`;
      reject(new Error(`Ronghe ${nodeId} ${how} while starting\n${logTail(logFile)}`));
    }),
  );
  exit.catch(() => undefined); // once up, a later exit is the test's business
  const up = waitFor(
    `Ronghe ${nodeId} (pid ${child.pid}, ${url})`,
    NODE_START_MS,
    async (signal) => (await fetch(`${url}/healthz`, { signal })).ok,
    { logFile, cancel: gone.signal },
  );
  await Promise.race([up, exit]).catch((e: unknown) => {
    if (exited === null) child.kill('SIGKILL'); // not left running behind a failed start
    throw e;
  });
  const started = { ms: Date.now() - t0, ...cpuMsOf(child.pid!) };
  return { nodeId, url, port: p, mqttPort, logFile, dataDir, pid: child.pid!, started };
}

/** A process's user and system CPU so far, from /proc (Linux only). */
function cpuMsOf(pid: number): { cpuMs?: number } {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / 100 };
  } catch {
    return {};
  }
}

/** Every node at once (node 1 seeds the demo tenant); if one fails, the others are stopped. */
export async function startRongheNodes(s: NodeSettings, n = 3): Promise<RongheNodeProc[]> {
  const starts = Array.from({ length: n }, (_, i) => startRongheNode(s, i + 1));
  const results = await Promise.allSettled(starts);
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length === 0)
    return results.map((r) => (r as PromiseFulfilledResult<RongheNodeProc>).value);
  for (const r of results) if (r.status === 'fulfilled') await stopPid(r.value.pid);
  throw new Error(failed.map((e) => e.message).join('\n\n'));
}
