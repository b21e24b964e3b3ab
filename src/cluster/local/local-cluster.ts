// `npm run cluster -- up|down|status`: a whole cluster on this machine for tests and for trying
// it — three nats-server processes (one JetStream cluster) and three Ronghe nodes on a fresh
// PostgreSQL database, every port free-chosen. `up` leaves them running (detached) and writes
// their pids, URLs and files to <dir>/cluster.json; `down` stops them and drops the database.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNatsCluster, type NatsServerProc } from './nats-cluster.ts';
import { alive, stopPid } from './processes.ts';
import {
  createClusterDatabase,
  dropClusterDatabase,
  newSecretKey,
  startRongheNode,
  startRongheNodes,
  type NodeSettings,
  type RongheNodeProc,
} from './ronghe-nodes.ts';

export interface LocalCluster {
  dir: string;
  databaseUrl: string;
  adminPassword: string;
  nats: NatsServerProc[];
  nodes: RongheNodeProc[];
  /** What every node was started with (the shared secret key among it): for restarts. */
  settings: NodeSettings;
}

const stateFile = (dir: string) => join(dir, 'cluster.json');
export const defaultClusterDir = () =>
  resolve(process.env.RONGHE_CLUSTER_DIR ?? join(tmpdir(), 'ronghe-cluster'));

/** Starts NATS servers and Ronghe nodes; on a failure stops what already started. */
export async function startLocalCluster(o: {
  dir: string;
  pgUrl: string;
  nodes?: number;
  detached?: boolean;
  adminPassword?: string;
}): Promise<LocalCluster> {
  mkdirSync(o.dir, { recursive: true });
  const detached = o.detached ?? false;
  const nats = await startNatsCluster(join(o.dir, 'nats'), 3, { detached });
  let databaseUrl: string | undefined;
  try {
    databaseUrl = await createClusterDatabase(o.pgUrl);
    const adminPassword = o.adminPassword ?? `Cl-${newSecretKey().slice(0, 12)}`;
    const settings: NodeSettings = {
      databaseUrl,
      nats: nats.map((n) => n.url),
      dir: o.dir,
      secretKey: newSecretKey(),
      adminPassword,
      detached,
    };
    const nodes = await startRongheNodes(settings, o.nodes ?? 3);
    return { dir: o.dir, databaseUrl, adminPassword, nats, nodes, settings };
  } catch (e) {
    await stopLocalCluster({ dir: o.dir, nats, nodes: [], databaseUrl: databaseUrl ?? '' });
    throw e;
  }
}

/**
 * Starts a node of the cluster again (it was killed or stopped) on its own ports, replacing its
 * entry; it rejoins with the same node id and takes partitions as the fair share gives them.
 */
export async function restartNode(c: LocalCluster, index: number): Promise<RongheNodeProc> {
  const old = c.nodes[index]!;
  const node = await startRongheNode(c.settings, index + 1, old.port, old.mqttPort);
  c.nodes[index] = node;
  return node;
}

/** Stops nodes (SIGTERM, a clean shutdown) then NATS servers, and drops the database. */
export async function stopLocalCluster(
  c: Pick<LocalCluster, 'dir' | 'nats' | 'nodes' | 'databaseUrl'>,
): Promise<void> {
  await Promise.all(c.nodes.map((n) => stopPid(n.pid)));
  await Promise.all(c.nats.map((n) => stopPid(n.pid)));
  if (c.databaseUrl) await dropClusterDatabase(c.databaseUrl).catch(() => undefined);
}

export async function clusterCommand(argv: string[]): Promise<number> {
  const dir = defaultClusterDir();
  const pgUrl = process.env.RONGHE_CLUSTER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  switch (argv[0]) {
    case 'up': {
      if (existsSync(stateFile(dir))) {
        console.error(`a cluster is already up (${stateFile(dir)}); run: npm run cluster -- down`);
        return 1;
      }
      const c = await startLocalCluster({ dir, pgUrl, detached: true });
      // It holds the shared secret key: readable by this user only.
      writeFileSync(stateFile(dir), JSON.stringify(c, null, 2), { mode: 0o600 });
      print(c);
      console.log(`\ndemo admin: admin@demo.ronghe.local / ${c.adminPassword}`);
      return 0;
    }
    case 'status': {
      const c = load(dir);
      if (!c) {
        console.log('no cluster is up');
        return 0;
      }
      print(c);
      return 0;
    }
    case 'down': {
      const c = load(dir);
      if (!c) {
        console.log('no cluster is up');
        return 0;
      }
      await stopLocalCluster(c);
      rmSync(dir, { recursive: true, force: true });
      console.log('cluster stopped, database dropped');
      return 0;
    }
    default:
      console.error('Usage: npm run cluster -- up|down|status  (dir: RONGHE_CLUSTER_DIR)');
      return 2;
  }
}

function load(dir: string): LocalCluster | undefined {
  if (!existsSync(stateFile(dir))) return undefined;
  return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as LocalCluster;
}

function print(c: LocalCluster): void {
  const state = (pid: number) => (alive(pid) ? 'running' : 'stopped');
  for (const n of c.nats) console.log(`${n.name}  ${n.url}  pid ${n.pid} ${state(n.pid)}`);
  for (const n of c.nodes) console.log(`${n.nodeId}  ${n.url}  pid ${n.pid} ${state(n.pid)}`);
  console.log(`database ${c.databaseUrl.replace(/\/\/[^@/]*@/, '//')}`);
  console.log(`files under ${c.dir}`);
}
