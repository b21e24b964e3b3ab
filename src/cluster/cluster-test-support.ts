// What the cluster test files share (test support, not product code): whether the machine can
// run them, polling, an SSE reader, and the local cluster of three nodes with the demo tenant
// logged in, an API key and the assets that have a model, started before a file's tests and
// stopped after them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  NodeClient,
  fairShare,
  freePort,
  natsServerBinary,
  stopPid,
  startLocalCluster,
  stopLocalCluster,
  type ClusterStatus,
  type LocalCluster,
} from './index.ts';

export const pgUrl = process.env.RONGHE_TEST_PG_URL;
const nats = natsServerBinary();
export const why = !nats
  ? 'nats-server not found (apt-get install nats-server)'
  : !pgUrl
    ? 'RONGHE_TEST_PG_URL is not set (cluster mode needs PostgreSQL)'
    : undefined;
if (why) console.warn(`cluster tests skipped: ${why}`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A plain nats-server (core NATS, no JetStream) on a free port and `n` connections to it, made
 * once it answers: what the cache and live bus tests stand two "nodes" on.
 */
export async function startPlainNats(
  n: number,
): Promise<{ url: string; conns: NatsConnection[]; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `nats://127.0.0.1:${port}`;
  const server = spawn(nats!, ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const conns: NatsConnection[] = [];
  const stop = async () => {
    for (const c of conns) await c.close();
    if (server.pid) await stopPid(server.pid);
  };
  for (let i = 0; conns.length < n; i++) {
    try {
      conns.push(await connect({ servers: url }));
    } catch (e) {
      if (i > 100) {
        await stop();
        throw e;
      }
      await sleep(200);
    }
  }
  return { url, conns, stop };
}

/** Polls until `check` is true; resolves to the milliseconds it took, or fails after `ms`. */
export async function within(
  ms: number,
  what: string,
  check: () => Promise<boolean>,
): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check().catch(() => false)) return Date.now() - t0;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

/** An SSE stream of `path` on a node: `read` collects text until `until` holds or `ms` pass. */
export async function openStream(node: NodeClient, path: string) {
  const ac = new AbortController();
  const res = await node.request(path, { signal: ac.signal });
  expect(res.status).toBe(200);
  const body = res.body!.getReader();
  let text = '';
  return {
    async read(until: (t: string) => boolean, ms: number): Promise<boolean> {
      const end = Date.now() + ms;
      while (!until(text) && Date.now() < end) {
        const chunk = await Promise.race([body.read(), sleep(end - Date.now()).then(() => null)]);
        if (!chunk || chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return until(text);
    },
    async close() {
      ac.abort();
      await body.cancel().catch(() => undefined);
    },
  };
}

export interface TestCluster {
  cluster: LocalCluster;
  dir: string;
  admin: NodeClient[];
  key: { id: string; key: string };
  tenantId: string;
  asset: string;
  channel: string;
  assetsWithModel: { id: string; channel: string }[];
}

/**
 * Until every node lists every node as a member, every partition has an owner, no node owns more
 * than its fair share, every node consumes exactly the partitions the bucket gives it, and the
 * background work has a holder. A node answers /healthz before its first lease round, and one
 * that saw itself alone takes every partition and then hands them back one a tick: a partition
 * moving then is unconsumed for a confirming tick and its new tenure's start, longer than the
 * tests' visibility limits, which are for a running cluster. Fails naming what each node sees.
 */
export async function settled(admin: NodeClient[], ms = 60_000): Promise<void> {
  let seen: ClusterStatus[] = [];
  await within(ms, 'every node a member, every partition owned and consumed', async () => {
    seen = await Promise.all(admin.map((n) => n.status()));
    return seen.every((s) => {
      const mine = (id: string) => s.owners.flatMap((o, p) => (o === id ? [p] : []));
      return (
        s.members.length === admin.length &&
        s.owners.every((o) => o !== null && s.members.includes(o)) &&
        s.members.every((m) => mine(m).length <= fairShare(admin.length)) &&
        seen.every((n) => mine(n.nodeId).join() === n.mine.join()) &&
        s.background !== null
      );
    });
  }).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}\n${describeStatus(seen)}`);
  });
}

const describeStatus = (seen: ClusterStatus[]) =>
  seen
    .map(
      (s) =>
        `${s.nodeId}: members ${s.members.join(',')}; owners ${s.owners.join(',')}; consumes ${s.mine.join(',')}; background ${s.background}`,
    )
    .join('\n');

/**
 * What a failed check in a running cluster is explained by: every node's view of the leases and
 * the last lines its log wrote about the cluster (CI keeps no node logs).
 */
export async function explainCluster(t: Pick<TestCluster, 'admin' | 'cluster'>): Promise<string> {
  const seen = await Promise.all(t.admin.map((n) => n.status().catch(() => undefined)));
  const logs = t.cluster.nodes.map((n) => {
    let lines: string[] = [];
    try {
      lines = readFileSync(n.logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('cluster'));
    } catch {
      lines = ['(no log)'];
    }
    return `${n.nodeId} log:\n  ${lines.slice(-12).join('\n  ')}`;
  });
  const ok = seen.filter((s): s is ClusterStatus => s !== undefined);
  return `${describeStatus(ok)}\n${logs.join('\n')}`;
}

/**
 * Issue 24's failover timeline: the tenure lines (partition-tenures.ts) the nodes logged for
 * `partition` after `killedAt`, their epoch times shown as ms since the kill.
 */
export function failoverTimeline(
  t: Pick<TestCluster, 'cluster'>,
  partition: number,
  killedAt: number,
): string {
  const out: string[] = [];
  for (const n of t.cluster.nodes) {
    let lines: string[] = [];
    try {
      lines = readFileSync(n.logFile, 'utf8').split('\n');
    } catch {
      continue;
    }
    for (const l of lines) {
      if (!l.includes(`partition ${partition} tenure:`)) continue;
      const at = Number(/\b1\d{12}\b/.exec(l)?.[0]);
      if (at > killedAt)
        out.push(
          `${n.nodeId}: ${l.replace(/\b1\d{12}\b/g, (x) => `kill+${Number(x) - killedAt} ms`)}`,
        );
    }
  }
  return out.join('\n');
}

/** `within`, its failure explained by the cluster's state (explainCluster). */
export async function withinOn(
  t: Pick<TestCluster, 'admin' | 'cluster'>,
  ms: number,
  what: string,
  check: () => Promise<boolean>,
): Promise<number> {
  try {
    return await within(ms, what, check);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${await explainCluster(t)}`);
  }
}

/**
 * Until one point of each asset, written through each node in turn, is read back: an owner's
 * tenure begins after its lease is confirmed (claim, resume, rule 5's wait), so on a loaded
 * machine the first point after start-up can take longer than the tests' visibility limits,
 * which are for a running cluster. The points are two days back, outside every test's range.
 */
async function warmedUp(
  admin: NodeClient[],
  apiKey: string,
  assets: { id: string; channel: string }[],
): Promise<void> {
  const ts = Date.now() - 2 * 86_400_000;
  await Promise.all(
    assets.map((a, i) =>
      within(60_000, `a first point of ${a.id} acknowledged`, async () => {
        const line = `m,asset=${a.id} ${a.channel}=0 ${ts}`;
        return (await admin[i % admin.length]!.withKey(apiKey).write([line])) === 204;
      }),
    ),
  );
  await within(60_000, 'a first point of every asset stored', async () => {
    const got = await Promise.all(assets.map((a) => admin[0]!.raw(a.id, a.channel, ts, ts + 1)));
    return got.every((g) => g.length === 1);
  });
}

/** Starts the cluster before the calling file's tests and stops it after; the getter answers
 * it once started. RONGHE_TEST_KEEP_DIR=1 keeps the nodes' logs and data after a failure. */
export function useTestCluster(): () => TestCluster {
  let t: TestCluster | undefined;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-cluster-test-'));
    const t0 = Date.now();
    const cluster = await startLocalCluster({ dir, pgUrl: pgUrl!, nodes: 3 });
    const up = Date.now() - t0;
    const first = new NodeClient(cluster.nodes[0]!.url);
    const tenantId = (await first.login('admin@demo.ronghe.local', cluster.adminPassword)).tenantId;
    const admin = cluster.nodes.map((n) => new NodeClient(n.url).withAuthOf(first));
    const key = await first.json<TestCluster['key']>('/api/v1/api-keys', {
      method: 'POST',
      body: { name: 'writer' },
    });
    const assets = await first.json<{ items: { id: string; modelId: string | null }[] }>(
      '/api/v1/assets',
    );
    const models =
      await first.json<{ id: string; channels: { key: string }[] }[]>('/api/v1/asset-models');
    const assetsWithModel = assets.items.flatMap((x) => {
      const m = models.find((y) => y.id === x.modelId);
      return m?.channels[0] ? [{ id: x.id, channel: m.channels[0].key }] : [];
    });
    const { id: asset, channel } = assetsWithModel[0]!;
    t = { cluster, dir, admin, key, tenantId, asset, channel, assetsWithModel };
    await settled(admin);
    await warmedUp(admin, key.key, assetsWithModel);
    const nodes = cluster.nodes.map(
      (n) => `${n.nodeId} ${n.started?.ms} ms (${n.started?.cpuMs ?? '?'} ms CPU)`,
    );
    console.log(
      `cluster test: 3 NATS servers and 3 nodes up in ${up} ms (${nodes.join(', ')}), every partition owned ${Date.now() - t0} ms after the start`,
    );
  }, 420_000); // above the sum of the start-up limits, so a failure is named by them

  afterAll(async () => {
    if (!t) return;
    const { cluster, dir } = t;
    await stopLocalCluster(cluster);
    // RONGHE_TEST_KEEP_DIR=1 keeps the nodes' logs and data for a look after a failure.
    if (!process.env.RONGHE_TEST_KEEP_DIR) rmSync(dir, { recursive: true, force: true });
    else console.log(`cluster test: logs and data kept in ${dir}`);
  });

  return () => {
    if (!t) throw new Error('the test cluster has not started');
    return t;
  };
}

/** Every node answers each path the same. */
export async function sameAnswers(admin: NodeClient[], paths: string[]): Promise<void> {
  for (const path of paths) {
    const answers = await Promise.all(admin.map((n) => n.json(path)));
    for (const a of answers) expect(a).toEqual(answers[0]);
  }
}

/**
 * Until the watcher's audit finds no problem (printing the first ones if it never does), then
 * every node's: resolves to the milliseconds the watcher took.
 */
export async function storedOnEveryNode(
  t: Pick<TestCluster, 'admin' | 'cluster'>,
  watcher: NodeClient,
  audit: (n: NodeClient) => Promise<string[]>,
): Promise<number> {
  const ms = await withinOn(t, 60_000, 'every acknowledged point stored', async () => {
    return (await audit(watcher)).length === 0;
  }).catch(async (e: unknown) => {
    const got = await audit(watcher);
    console.log(`${got.length} problems: ${got.slice(0, 8).join('; ')}`);
    throw e;
  });
  for (const reader of t.admin) expect(await audit(reader)).toEqual([]);
  return ms;
}
