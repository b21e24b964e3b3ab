// `npm run bench -- cluster [--assets 100] [--hours 4] [--connections 6] [--runs 20]`: cluster
// mode (issue 24) against the embedded single process in the same run, on this machine.
//  - embedded: `ronghe start` on SQLite, the fleet set up through the API, the fleet workload
//    (bench/telemetry/workload.ts) written over HTTP; CPU-seconds of the server process.
//  - 1, 2 and 3 nodes: three nats-server processes (one JetStream cluster, R3 stream) and
//    `ronghe start --nats` nodes on a fresh PostgreSQL database (RONGHE_BENCH_PG_URL or
//    RONGHE_TEST_PG_URL), writers spread over the nodes. The clock stops when every point is in
//    PostgreSQL (counted), not at the acknowledgements. CPU-seconds are the nodes' and, apart,
//    the NATS servers'; PostgreSQL's are not counted (a shared server, as on this machine).
//  - failover with 3 nodes: the owner of A0001's partition killed with SIGKILL while another
//    node takes writes; kill → partition owned again → first point written after the kill read.
//  - the idle cost: before each cluster run, the nodes' and the NATS servers' CPU over `idle`
//    seconds of no writes (lease renewals, idle partitions' fetches, membership
//    listings). It is paid per second, not per point, so the run also gives its cost per point
//    net of it (the "marginal" cost): the same CPU less the idle rate × the run's seconds.
//  - q1–q4 of the fleet workload through /api/v1/telemetry on a node that owns none of A0001's
//    partition, medians of `runs`.
// Every figure is wall-clock or CPU time on a shared 2-core host: read them as measured under
// whatever load the host had (the result names the load average).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { NodeClient, partitionOf, startRongheNode, stopPid } from '../src/cluster/index.ts';
import { startNatsCluster, type NatsServerProc } from '../src/cluster/local/nats-cluster.ts';
import {
  createClusterDatabase,
  dropClusterDatabase,
  newSecretKey,
  type NodeSettings,
  type RongheNodeProc,
} from '../src/cluster/local/ronghe-nodes.ts';
import { cpuSeconds, medianMs, request, sleep } from './telemetry/http.ts';
import { setUpFleet, startPlatform } from './telemetry/platform-target.ts';
import { stop } from './telemetry/process.ts';
import { HOUR } from './telemetry/targets.ts';
import { buildWorkload, serialOf, type Workload } from './telemetry/workload.ts';

const arg = (argv: string[], name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Row {
  target: string;
  points: number;
  seconds: number;
  pointsPerSecond: number;
  cpuSeconds: number;
  cpuSecondsPerMillionPoints: number;
  natsCpuSeconds?: number;
  costVsEmbedded?: number;
  costWithNatsVsEmbedded?: number;
  /** Cluster only: CPU-seconds per second of the nodes and of the NATS servers with no writes. */
  idleCpuPerSecond?: { nodes: number; nats: number };
  /** Cluster only: CPU-s per M points less the idle rate × the run's seconds, × embedded. */
  marginal?: {
    cpuSecondsPerMillionPoints: number;
    withNats: number;
    vsEmbedded: number;
    withNatsVsEmbedded: number;
  };
  /** Embedded only: at the last acknowledgement, before compaction. */
  acknowledged?: { seconds: number; pointsPerSecond: number; cpuSeconds: number };
}

/** Each connection's bodies, in order, to the port of node `c mod ports`. */
async function write(ports: number[], w: Workload, key: string): Promise<number> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'text/plain' };
  let retries = 0;
  await Promise.all(
    Array.from({ length: w.connections }, async (_, c) => {
      const port = ports[c % ports.length]!;
      for (const body of w.bodies(c)) {
        for (;;) {
          const r = await request(port, 'POST', '/write?precision=ms', body, headers);
          if (r.status === 204) break;
          if (r.status === 429 || r.status === 503) {
            retries++;
            await sleep(500);
            continue;
          }
          throw new Error(`write: HTTP ${r.status} ${r.body.slice(0, 300)}`);
        }
      }
    }),
  );
  return retries;
}

async function embedded(w: Workload, idleSeconds: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-embedded-'));
  const p = await startPlatform(dir);
  try {
    await setUpFleet(p.port, p.key, w.assets, false);
    const idle0 = { cpu: cpuSeconds(p.child.pid!), t: performance.now() };
    await sleep(idleSeconds * 1000);
    const idle = (cpuSeconds(p.child.pid!) - idle0.cpu) / ((performance.now() - idle0.t) / 1000);
    const cpu0 = cpuSeconds(p.child.pid!);
    const t0 = performance.now();
    await write([p.port], w, p.key);
    const acked = (performance.now() - t0) / 1000;
    const cpuAcked = cpuSeconds(p.child.pid!) - cpu0;
    // As the cluster's clock runs until the points are in PostgreSQL, this one runs until the
    // engine has compacted them (nothing left buffered), its compaction thread's CPU included.
    for (;;) {
      const r = await request(p.port, 'GET', '/api/v1/telemetry/status', undefined, {
        authorization: `Bearer ${p.key}`,
      });
      if ((JSON.parse(r.body) as { bufferedPoints: number }).bufferedPoints === 0) break;
      await sleep(50);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(p.child.pid!) - cpu0;
    const marginal = r2((Math.max(0, cpu - idle * seconds) * 1e6) / w.points);
    return {
      ...row('embedded (SQLite, one process)', w, seconds, cpu),
      idleCpuPerSecond: { nodes: r2(idle), nats: 0 },
      marginal: {
        cpuSecondsPerMillionPoints: marginal,
        withNats: marginal,
        vsEmbedded: 1,
        withNatsVsEmbedded: 1,
      },
      acknowledged: {
        seconds: r2(acked),
        pointsPerSecond: Math.round(w.points / acked),
        cpuSeconds: r2(cpuAcked),
      },
    };
  } finally {
    await stop(p.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(target: string, w: Workload, seconds: number, cpu: number, nats?: number): Row {
  return {
    target,
    points: w.points,
    seconds: r2(seconds),
    pointsPerSecond: Math.round(w.points / seconds),
    cpuSeconds: r2(cpu),
    cpuSecondsPerMillionPoints: r2((cpu * 1e6) / w.points),
    ...(nats !== undefined ? { natsCpuSeconds: r2(nats) } : {}),
  };
}

async function countStored(db: pg.Client, from: number, to: number): Promise<number> {
  const r = await db.query<{ n: string }>(
    'select count(*) as n from cluster_points where ts >= $1 and ts < $2',
    [from, to],
  );
  return Number(r.rows[0]!.n);
}

/** Until every member owns its fair share and every partition is owned. */
async function balanced(client: NodeClient, members: number): Promise<void> {
  const end = Date.now() + 180_000;
  let s: Awaited<ReturnType<NodeClient['status']>> | undefined;
  while (Date.now() < end) {
    s = await client.status().catch(() => undefined);
    if (s && s.members.length === members && s.owners.every((o) => o !== null)) {
      const counts = new Map<string, number>();
      for (const o of s.owners) counts.set(o!, (counts.get(o!) ?? 0) + 1);
      if (counts.size === members) return;
    }
    await sleep(250);
  }
  throw new Error(`the partitions did not settle on ${members} nodes: ${JSON.stringify(s)}`);
}

export async function run(argv: string[]): Promise<unknown> {
  const assets = arg(argv, 'assets', 100);
  const hours = arg(argv, 'hours', 4);
  const connections = arg(argv, 'connections', 6);
  const runs = arg(argv, 'runs', 20);
  const idleSeconds = arg(argv, 'idle', 10);
  const pgUrl = process.env.RONGHE_BENCH_PG_URL ?? process.env.RONGHE_TEST_PG_URL;
  if (!pgUrl) throw new Error('set RONGHE_BENCH_PG_URL (cluster mode needs PostgreSQL)');
  const load = loadavg().map(r2);
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  // Each run its own hours, so each writes new points (an upsert of old ones costs the same).
  const workload = (k: number) =>
    buildWorkload({
      assets,
      hours,
      connections,
      batchRows: 500,
      end: now - k * (hours + 1) * HOUR,
    });

  process.stderr.write('cluster bench: embedded\n');
  const base = await embedded(workload(0), idleSeconds);

  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-cluster-'));
  let nats: NatsServerProc[] = [];
  const nodes: RongheNodeProc[] = [];
  let databaseUrl: string | undefined;
  try {
    nats = await startNatsCluster(join(dir, 'nats'), 3);
    databaseUrl = await createClusterDatabase(pgUrl);
    const settings: NodeSettings = {
      databaseUrl,
      nats: nats.map((n) => n.url),
      dir,
      secretKey: newSecretKey(),
      adminPassword: `Cl-${newSecretKey().slice(0, 12)}`,
    };
    const store = new pg.Client({ connectionString: databaseUrl });
    nodes.push(await startRongheNode(settings, 1));
    await store.connect();
    const admin = new NodeClient(nodes[0]!.url);
    const { tenantId } = await admin.login('admin@demo.ronghe.local', settings.adminPassword);
    const key = (
      await admin.json<{ key: string }>('/api/v1/api-keys', {
        method: 'POST',
        body: { name: 'bench' },
      })
    ).key;
    const fleet = await setUpFleet(nodes[0]!.port, key, assets, false);
    const rows: Row[] = [base];
    const baseMarginal = base.marginal!.cpuSecondsPerMillionPoints;
    try {
      for (let n = 1; n <= 3; n++) {
        while (nodes.length < n) nodes.push(await startRongheNode(settings, nodes.length + 1));
        await balanced(admin, n);
        process.stderr.write(`cluster bench: ${n} node(s)\n`);
        const w = workload(n);
        const from = w.start;
        const to = w.start + w.samples * w.intervalMs;
        const pids = nodes.map((x) => x.pid);
        const nodesCpu = () => pids.reduce((s, p) => s + cpuSeconds(p), 0);
        const natsCpuNow = () => nats.reduce((s, p) => s + cpuSeconds(p.pid), 0);
        const idle0 = { nodes: nodesCpu(), nats: natsCpuNow(), t: performance.now() };
        await sleep(idleSeconds * 1000);
        const idleFor = (performance.now() - idle0.t) / 1000;
        const idle = {
          nodes: (nodesCpu() - idle0.nodes) / idleFor,
          nats: (natsCpuNow() - idle0.nats) / idleFor,
        };
        const cpu0 = nodesCpu();
        const nats0 = natsCpuNow();
        const t0 = performance.now();
        await write(
          nodes.map((x) => x.port),
          w,
          key,
        );
        while ((await countStored(store, from, to)) < w.points) await sleep(100);
        const seconds = (performance.now() - t0) / 1000;
        const cpu = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
        const natsCpu = nats.reduce((s, p) => s + cpuSeconds(p.pid), 0) - nats0;
        const r = row(`cluster, ${n} node${n > 1 ? 's' : ''}`, w, seconds, cpu, natsCpu);
        // Nodes only, and nodes with the NATS servers (PostgreSQL's CPU is not counted).
        r.costVsEmbedded = r2(r.cpuSecondsPerMillionPoints / base.cpuSecondsPerMillionPoints);
        r.costWithNatsVsEmbedded = r2(
          ((cpu + natsCpu) * 1e6) / w.points / base.cpuSecondsPerMillionPoints,
        );
        r.idleCpuPerSecond = { nodes: r2(idle.nodes), nats: r2(idle.nats) };
        const perM = (x: number) => (x * 1e6) / w.points;
        const mNodes = perM(Math.max(0, cpu - idle.nodes * seconds));
        const mAll = perM(Math.max(0, cpu + natsCpu - (idle.nodes + idle.nats) * seconds));
        r.marginal = {
          cpuSecondsPerMillionPoints: r2(mNodes),
          withNats: r2(mAll),
          vsEmbedded: r2(mNodes / baseMarginal),
          withNatsVsEmbedded: r2(mAll / baseMarginal),
        };
        rows.push(r);
      }
      const a1 = fleet.assetIds[0]!;
      const part = partitionOf(tenantId, a1);
      const clients = nodes.map((x) => new NodeClient(x.url).withKey(key));
      const status = await clients[0]!.status();
      const owner = status.owners[part];
      const reader = clients[nodes.findIndex((x) => x.nodeId !== owner)]!;
      const w3 = workload(3);
      const end = w3.start + w3.samples * w3.intervalMs;
      const get = (path: string) => async () => {
        const res = await reader.request(`/api/v1/telemetry${path}`);
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        return res.json();
      };
      process.stderr.write('cluster bench: queries from a non-owner\n');
      const queriesMedianMs = {
        q1: await medianMs(get('/latest?channels=c0'), runs),
        q2: await medianMs(
          get(`/rollup?asset=${serialOf(0)}&channel=c0&from=${w3.start}&to=${end}&bucket=1h`),
          runs,
        ),
        q3: await medianMs(
          get(`/fleet?channel=c0&from=${end - HOUR}&to=${end}&bucket=5m&groupBy=none`),
          runs,
        ),
        q4: await medianMs(
          get(`/fleet?channel=c0&from=${end - HOUR}&to=${end}&groupBy=asset&limit=10000`),
          runs,
        ),
      };
      process.stderr.write('cluster bench: failover\n');
      const failover = await failoverOnce(nodes, clients, owner!, part, key);
      return {
        note: 'wall-clock and CPU figures measured on a shared 2-core host under load (loadAverage)',
        loadAverage: { start: load, end: loadavg().map(r2) },
        workload: { assets, hours, channels: 10, connections, pointsPerRun: base.points },
        ingest: rows,
        queriesFromNonOwnerMedianMs: { node: reader.url, ...queriesMedianMs },
        failover,
      };
    } finally {
      await store.end();
    }
  } finally {
    await Promise.all(nodes.map((x) => stopPid(x.pid)));
    await Promise.all(nats.map((x) => stopPid(x.pid)));
    if (databaseUrl) await dropClusterDatabase(databaseUrl).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The owner of A0001's partition killed with SIGKILL while another node takes writes. */
async function failoverOnce(
  nodes: RongheNodeProc[],
  clients: NodeClient[],
  owner: string,
  part: number,
  key: string,
) {
  const victim = nodes.findIndex((x) => x.nodeId === owner);
  const others = clients.filter((_, i) => i !== victim);
  const writer = others[0]!.withKey(key);
  const watch = others[1] ?? others[0]!;
  const ts0 = Math.floor(Date.now() / 1000) * 1000 - 3 * HOUR;
  let i = 0;
  const writeOne = () => writer.write([`chiller,asset=${serialOf(0)} c0=${i} ${ts0 + i++ * 10}`]);
  for (let k = 0; k < 5; k++) await writeOne();
  const killedAt = Date.now();
  process.kill(nodes[victim]!.pid, 'SIGKILL');
  const firstAfter = ts0 + i * 10;
  let owned: number | undefined;
  let stored: number | undefined;
  while ((owned === undefined || stored === undefined) && Date.now() - killedAt < 60_000) {
    await writeOne();
    const s = await watch.status().catch(() => undefined);
    if (owned === undefined && s && s.owners[part] !== null && s.owners[part] !== owner)
      owned = Date.now() - killedAt;
    if (
      stored === undefined &&
      (await watch.raw(serialOf(0), 'c0', firstAfter, firstAfter + 1).catch(() => [])).length
    )
      stored = Date.now() - killedAt;
    await sleep(50);
  }
  return {
    killed: owner,
    partition: part,
    ownedAgainMs: owned ?? null,
    firstPointStoredMs: stored ?? null,
  };
}
