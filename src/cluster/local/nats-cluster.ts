// Three (or n) nats-server processes on this machine forming one JetStream cluster: each with
// its client port, its cluster (route) port and its store under `dir`. nats-server is the
// Debian package's (/usr/sbin/nats-server) or whatever NATS_SERVER / PATH names.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { alive, freePort, spawnLogged, stopPid, waitFor } from './processes.ts';

export interface NatsServerProc {
  name: string;
  url: string;
  clientPort: number;
  routePort: number;
  configFile: string;
  logFile: string;
  pid: number;
}

/** The nats-server binary, or undefined when this machine has none. */
export function natsServerBinary(): string | undefined {
  const env = process.env.NATS_SERVER;
  if (env && existsSync(env)) return env;
  for (const p of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'])
    if (existsSync(p)) return p;
  return undefined;
}

function configOf(name: string, dir: string, client: number, route: number, routes: number[]) {
  return [
    `server_name: ${name}`,
    `listen: 127.0.0.1:${client}`,
    `jetstream { store_dir: "${join(dir, name)}", max_memory_store: 64MB, max_file_store: 2GB }`,
    'cluster {',
    '  name: ronghe',
    `  listen: 127.0.0.1:${route}`,
    `  routes: [${routes.map((p) => `nats://127.0.0.1:${p}`).join(', ')}]`,
    '}',
    '',
  ].join('\n');
}

/** Writes the configs and starts the servers; resolves once JetStream answers on the cluster. */
export async function startNatsCluster(
  dir: string,
  n = 3,
  opts: { detached?: boolean } = {},
): Promise<NatsServerProc[]> {
  const bin = natsServerBinary();
  if (!bin) throw new Error('nats-server is not installed (Debian: apt-get install nats-server)');
  mkdirSync(dir, { recursive: true });
  const clients: number[] = [];
  const routes: number[] = [];
  for (let i = 0; i < n; i++) {
    clients.push(await freePort());
    routes.push(await freePort());
  }
  const procs: NatsServerProc[] = [];
  for (let i = 0; i < n; i++) {
    const name = `nats${i + 1}`;
    const configFile = join(dir, `${name}.conf`);
    const others = routes.filter((_, k) => k !== i);
    writeFileSync(configFile, configOf(name, dir, clients[i]!, routes[i]!, others));
    const logFile = join(dir, `${name}.log`);
    const child = spawnLogged(bin, ['-c', configFile], logFile, {
      ...(opts.detached !== undefined ? { detached: opts.detached } : {}),
    });
    procs.push({
      name,
      url: `nats://127.0.0.1:${clients[i]}`,
      clientPort: clients[i]!,
      routePort: routes[i]!,
      configFile,
      logFile,
      pid: child.pid!,
    });
  }
  try {
    // Each server answering first, so a failure names the one that did not, with its log.
    await Promise.all(procs.map((p) => waitForServer(p)));
    await waitForJetStream(procs.map((p) => p.url));
  } catch (e) {
    for (const p of procs) await stopPid(p.pid);
    throw e;
  }
  return procs;
}

/** Restarts one server of the cluster from its config (same ports and store). */
export function restartNatsServer(p: NatsServerProc, opts: { detached?: boolean } = {}): number {
  const bin = natsServerBinary()!;
  return spawnLogged(bin, ['-c', p.configFile], p.logFile, opts).pid!;
}

/** How long NATS may take to answer: bounded, and generous for a loaded machine. */
const NATS_START_MS = 90_000;

/** Until one server accepts a client connection. */
async function waitForServer(p: NatsServerProc): Promise<void> {
  await waitFor(
    `nats-server ${p.name} (pid ${p.pid}, ${p.url})`,
    NATS_START_MS,
    async () => {
      if (!alive(p.pid)) throw new Error('it exited');
      const nc = await connect({ servers: p.url, timeout: 2_000, reconnect: false });
      await nc.close();
      return true;
    },
    { logFile: p.logFile },
  );
}

/** Until the cluster has a JetStream meta leader: account info answers. */
export async function waitForJetStream(servers: string[], ms = NATS_START_MS): Promise<void> {
  await waitFor('the JetStream cluster (its meta leader)', ms, async () => {
    const nc = await connect({ servers, timeout: 2_000, reconnect: false });
    try {
      const jsm = await jetstreamManager(nc, { timeout: 2_000 });
      await jsm.getAccountInfo();
      return true;
    } finally {
      await nc.close();
    }
  });
}
