// Cluster mode on real processes (issue 24): three nats-server processes (one JetStream
// cluster) and three `ronghe start --nats …` nodes on a fresh PostgreSQL database: reads through
// every node (cluster route, telemetry query API), live streams on non-owners, revocation within
// 1 s, background work on one node; and issue 24's chaos run: HTTP and MQTT writers on every
// node while the owner is killed (SIGKILL) between an alarm's crossing and its clear and
// restarted, then a NATS server likewise; every acknowledged point once on every node, every
// alarm episode raised and cleared once, every node answering the same.
import mqtt from 'mqtt';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeClient } from './index.ts';
import { partitionOf, restartNatsServer, restartNode, type LocalCluster } from './index.ts';
import {
  alarmJournal,
  auditPoints,
  explainAlarmSeries,
  httpWriter,
  mqttWriter,
  type Ledger,
} from './local/chaos-writers.ts';
import {
  failoverTimeline,
  openStream,
  sameAnswers,
  settled,
  storedOnEveryNode,
  sleep,
  useTestCluster,
  why,
  withinOn,
} from './cluster-test-support.ts';

describe.skipIf(why !== undefined)('cluster mode on three nodes', { timeout: 120_000 }, () => {
  let cluster: LocalCluster;
  let admin: NodeClient[];
  let key: { id: string; key: string };
  let tenantId: string;
  let asset: string;
  let channel: string;
  let assetsWithModel: { id: string; channel: string }[];

  const started = useTestCluster();
  beforeAll(() => {
    ({ cluster, admin, key, tenantId, asset, channel, assetsWithModel } = started());
  });

  const lines = (ts: number[], v: (t: number) => number) =>
    ts.map((t) => `m,asset=${asset} ${channel}=${v(t)} ${t}`);

  it('a point written through one node is read through every node', async () => {
    const writer = admin[0]!.withKey(key.key);
    const base = Date.now() - 600_000;
    const ts = Array.from({ length: 50 }, (_, i) => base + i * 1000);
    expect(await writer.write(lines(ts, (t) => (t - base) / 1000))).toBe(204);
    for (const reader of admin.slice(1)) {
      const ms = await withinOn({ admin, cluster }, 5_000, `visible on ${reader.url}`, async () => {
        const got = (await reader.points(asset, channel)).filter((p) => p.ts >= base);
        return got.length === ts.length;
      });
      console.log(`cluster: 50 points written on node1 visible on ${reader.url} after ${ms} ms`);
    }
    // A clustered node documents its cluster routes.
    const doc = await admin[1]!.json<{ paths: Record<string, { get?: { summary?: string } }> }>(
      '/openapi.json',
    );
    expect(doc.paths['/api/v1/cluster/points']?.get?.summary).toBeTruthy();
    // Every node answers the same.
    const answers = await Promise.all(admin.map((n) => n.points(asset, channel)));
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it('the telemetry query API of every node reads what any node acknowledged', async () => {
    const writer = admin[2]!.withKey(key.key);
    // Two whole minutes, later than the first test's points (so they are the latest).
    const base = Math.floor((Date.now() - 200_000) / 60_000) * 60_000;
    const ts = Array.from({ length: 120 }, (_, i) => base + i * 1000);
    expect(await writer.write(lines(ts, (t) => (t - base) / 1000))).toBe(204);
    for (const reader of admin) {
      const ms = await withinOn({ admin, cluster }, 5_000, `raw on ${reader.url}`, async () => {
        return (await reader.raw(asset, channel, base, base + 120_000)).length === 120;
      });
      console.log(
        `cluster: 120 points written on node3 read by /telemetry/raw on ${reader.url} after ${ms} ms`,
      );
    }
    const range = `from=${base}&to=${base + 120_000}`;
    const all = <T>(path: string) => Promise.all(admin.map((n) => n.json<T>(path)));
    const rollups = await all<{ buckets: unknown[] }>(
      `/api/v1/telemetry/rollup?asset=${asset}&channel=${channel}&${range}&bucket=1m`,
    );
    const minute = (k: number) => ({
      start: base + k * 60_000,
      count: 60,
      sum: 60 * 60 * k + 1770,
      min: 60 * k,
      max: 60 * k + 59,
      first: 60 * k,
      last: 60 * k + 59,
      mean: 60 * k + 29.5,
    });
    expect(rollups[0]!.buckets).toEqual([minute(0), minute(1)]);
    const fleets = await all<{ groups: { key: string; buckets: { count: number }[] }[] }>(
      `/api/v1/telemetry/fleet?channel=${channel}&${range}&groupBy=asset`,
    );
    expect(fleets[0]!.groups.find((g) => g.key === asset)?.buckets[0]?.count).toBe(120);
    const latest = await all<{ ts: number; value: number }[]>(
      `/api/v1/telemetry/latest?channels=${channel}&assets=${asset}`,
    );
    expect(latest[0]).toEqual([{ assetId: asset, channel, ts: base + 119_000, value: 119 }]);
    const csv = await Promise.all(
      admin.map(async (n) => {
        const q = `assets=${asset}&channels=${channel}&${range}`;
        return (await n.request(`/api/v1/telemetry/export.csv?${q}`)).text();
      }),
    );
    expect(csv[0]!.trim().split('\n')).toHaveLength(121);
    // Every node answers the same.
    for (const answers of [rollups, fleets, latest, csv])
      for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it('a live telemetry stream on a node that does not own the partition gets the points', async () => {
    const owner = (await admin[0]!.status()).owners[partitionOf(tenantId, asset)];
    const ix = cluster.nodes.findIndex((n) => n.nodeId !== owner);
    const stream = await openStream(
      admin[ix]!,
      `/api/v1/telemetry/stream?assets=${asset}&channels=${channel}`,
    );
    const read = stream.read;
    try {
      expect(await read((t) => t.includes(': connected'), 10_000)).toBe(true);
      const writer = admin[(ix + 1) % admin.length]!.withKey(key.key);
      const at = Date.now() - 2_000;
      const t0 = Date.now();
      expect(await writer.write(lines([at], () => 4242.5))).toBe(204);
      const got = await read((t) => t.includes(`"ts":${at},"value":4242.5`), 10_000);
      console.log(
        `cluster: a point written on ${admin[(ix + 1) % admin.length]!.url} reached the stream on non-owner ${admin[ix]!.url} after ${Date.now() - t0} ms`,
      );
      expect(got).toBe(true);
    } finally {
      await stream.close();
    }
  });

  it('InfluxQL and /metrics on a node that owns none of the partition read the cluster', async () => {
    const owner = (await admin[0]!.status()).owners[partitionOf(tenantId, asset)];
    const reader = admin[cluster.nodes.findIndex((n) => n.nodeId !== owner)]!;
    // Two whole hours, three hours back (other tests write later): one point every 30 s.
    const base = Math.floor((Date.now() - 3 * 3_600_000) / 3_600_000) * 3_600_000;
    const ts = Array.from({ length: 240 }, (_, i) => base + i * 30_000);
    expect(await admin[0]!.withKey(key.key).write(lines(ts, (t) => (t - base) / 30_000))).toBe(204);
    await withinOn({ admin, cluster }, 5_000, 'stored', async () => {
      return (await reader.raw(asset, channel, base, base + 7_200_000)).length === 240;
    });
    const influx = async (q: string) => {
      const r = await reader.request(`/query?epoch=ms&q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      return (await r.json()) as {
        results: { series?: { values: (number | null)[][] }[]; error?: string }[];
      };
    };
    const fields = await influx('SHOW FIELD KEYS');
    expect(fields.results[0]!.series![0]!.values.map((v) => v[0])).toContain(channel);
    const agg = await influx(
      `SELECT count("${channel}"), sum("${channel}"), max("${channel}") FROM telemetry ` +
        `WHERE time >= ${base}ms AND time < ${base + 7_200_000}ms GROUP BY time(1h)`,
    );
    expect(agg.results[0]!.error).toBeUndefined();
    // The hours' answers from the values 0..239: count 120, sums 7140 and 21540, max 119, 239.
    expect(agg.results[0]!.series![0]!.values).toEqual([
      [base, 120, 7140, 119],
      [base + 3_600_000, 120, 21540, 239],
    ]);
    // /metrics' ingest backlog is the shared stream's: nothing left unwritten now.
    const metrics = await (await reader.request('/metrics')).text();
    expect(metrics).toMatch(/^ronghe_cluster_ingest_pending_messages 0$/m);
    expect(metrics).toMatch(/^ronghe_telemetry_compaction_lag_seconds 0$/m);
  });

  it('background work runs on exactly one node', async () => {
    const statuses = await Promise.all(admin.map((n) => n.status()));
    const holder = statuses[0]!.background;
    expect(holder).not.toBeNull();
    for (const s of statuses) expect(s.background).toBe(holder);
    expect(statuses.filter((s) => s.runsBackground).map((s) => s.nodeId)).toEqual([holder]);
  });

  it('an MQTT PUBACK from one node means the points are stored, read on another', async () => {
    const node = cluster.nodes[1]!;
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${node.mqttPort}`, {
      username: 'cluster-test',
      password: key.key,
      reconnectPeriod: 0,
    });
    const base = Date.now() - 500_000;
    try {
      for (let i = 0; i < 20; i++)
        await client.publishAsync(
          `ronghe/telemetry/${asset}`,
          JSON.stringify({ ts: base + i * 1000, values: { [channel]: 100 + i } }),
          { qos: 1 },
        );
    } finally {
      await client.endAsync();
    }
    const reader = admin[2]!;
    const ms = await withinOn({ admin, cluster }, 5_000, 'MQTT points visible', async () => {
      const got = (await reader.points(asset, channel)).filter(
        (p) => p.ts >= base && p.ts < base + 20_000,
      );
      return got.length === 20 && got.every((p, i) => p.value === 100 + i);
    });
    console.log(`cluster: 20 MQTT points acknowledged by node2 visible on node3 after ${ms} ms`);
  });

  it('a revoked API key is refused by every node within 1 s', async () => {
    const k = await admin[0]!.json<{ id: string; key: string }>('/api/v1/api-keys', {
      method: 'POST',
      body: { name: 'soon revoked' },
    });
    const users = admin.map((n) => n.withKey(k.key));
    // Each node has looked the key up just now (the authenticator caches a look-up for 2 s).
    for (const u of users) expect((await u.request('/api/v1/cluster/status')).status).toBe(200);
    await admin[1]!.json(`/api/v1/api-keys/${k.id}`, { method: 'DELETE' });
    const ms = await Promise.all(
      users.map((u) =>
        withinOn({ admin, cluster }, 1_000, `refused on ${u.url}`, async () => {
          return (await u.request('/api/v1/cluster/status')).status === 401;
        }),
      ),
    );
    console.log(`cluster: revoked key refused after ${ms.join(', ')} ms`);
  });

  it('a rule saved on one node fires once on data written through another', async () => {
    const owner = (await admin[0]!.status()).owners[partitionOf(tenantId, asset)];
    const others = admin.filter((_, i) => cluster.nodes[i]!.nodeId !== owner);
    // Saved on a node that does not own the asset's partition; written through another.
    const [ruleNode, writeNode] = others.length >= 2 ? others : [others[0]!, admin[0]!];
    await ruleNode!.json(`/api/v1/monitoring/rules/assets/${asset}`, {
      method: 'PUT',
      body: {
        id: 'cluster-hi',
        severity: 'critical',
        kind: 'threshold',
        value: channel,
        op: 'above',
        limit: 10_000,
      },
    });
    await sleep(300); // the reload announcement is asynchronous (NATS core, at most once)
    const alarms = (n: NodeClient) =>
      n.json<{ items: { ruleId: string; asset: string }[] }>(
        `/api/v1/alarms?state=all&assetId=${asset}&ruleId=cluster-hi`,
      );
    expect((await alarms(ruleNode!)).items.filter((a) => a.ruleId === 'cluster-hi')).toEqual([]);
    // The live alarm feed on the rule's node, which does not own the partition that raises it.
    const feed = await openStream(ruleNode!, '/api/v1/alarms/stream');
    try {
      expect(await feed.read((t) => t.includes('retry:'), 10_000)).toBe(true);
      const writer = writeNode!.withKey(key.key);
      expect(await writer.write(lines([Date.now()], () => 20_000))).toBe(204);
      const ms = await withinOn({ admin, cluster }, 10_000, 'alarm raised', async () =>
        (await alarms(admin[0]!)).items.some((a) => a.ruleId === 'cluster-hi'),
      );
      console.log(`cluster: alarm of a rule saved on another node raised after ${ms} ms`);
      const t0 = Date.now();
      const framed = await feed.read(
        (t) => t.includes('event: alarm') && t.includes('"ruleId":"cluster-hi"'),
        10_000,
      );
      console.log(`cluster: its frame on a non-owner's alarm feed ${Date.now() - t0} ms later`);
      expect(framed).toBe(true);
    } finally {
      await feed.close();
    }
    for (const n of admin) {
      const mine = (await alarms(n)).items.filter((a) => a.ruleId === 'cluster-hi');
      expect(mine).toHaveLength(1);
    }
  });

  // Issue 24's chaos run, on this file's cluster (it replaced two narrower chaos tests: the owner
  // killed and restarted, a NATS server killed). Session 13 fixed lost MQTT points, leases
  // dropped on a NATS restart and late redeliveries; session 14 the missing and late alarm
  // episodes; docs/cluster.md, "chaosci24", records its runs under load.
  it(
    'chaos: HTTP and MQTT writers on every node; a node, then a NATS server, killed and restarted; every point and alarm once',
    { timeout: 300_000 },
    async () => {
      // The alarm asset: its partition's owner is the victim (preferably the node that also runs
      // the background work, so one kill moves both). Its series has one sequential writer (rule
      // evaluation needs its points in order); the point writers hammer another asset of the
      // victim's partitions when there is one. Picked once every partition has an owner.
      await settled(admin, 30_000);
      const before = await admin[0]!.status();
      const owned = (x: { id: string }) => before.owners[partitionOf(tenantId, x.id)];
      const candidates = assetsWithModel.filter((x) => x.id !== asset);
      const withBackground = candidates.find((x) => owned(x) === before.background);
      const al = withBackground ?? candidates[0]!;
      const owner = owned(al)!;
      const victimIx = cluster.nodes.findIndex((n) => n.nodeId === owner);
      expect(victimIx).toBeGreaterThanOrEqual(0);
      const pt = assetsWithModel.find((x) => x.id !== al.id && owned(x) === owner) ?? {
        id: asset,
        channel,
      };
      const survivor = admin[(victimIx + 1) % admin.length]!;
      const watcher = admin[(victimIx + 2) % admin.length]!;
      await survivor.json(`/api/v1/monitoring/rules/assets/${al.id}`, {
        method: 'PUT',
        body: {
          id: 'chaos-hi',
          severity: 'major',
          kind: 'threshold',
          value: al.channel,
          op: 'above',
          limit: 50_000,
        },
      });
      await sleep(3_000); // the reload announcement is asynchronous; each node then rebuilds

      // Point writers: 3 × HTTP (10 points a round) and 3 × MQTT (2 a round), own timestamps
      // each, an hour back (later than the InfluxQL test's, earlier than the others').
      const base = Date.now() - 3_600_000;
      const series = { asset: pt.id, channel: pt.channel, value: (t: number) => t - base };
      const ledger: Ledger = { acked: new Map(), sent: new Set() };
      const slot = (w: number, round: number) => base + round * 1_000 + w * 100;
      const writers = [
        ...admin.map((n, w) =>
          httpWriter(
            n.withKey(key.key),
            series,
            (r) => Array.from({ length: 10 }, (_, i) => slot(w, r) + i * 5),
            ledger,
          ),
        ),
        ...cluster.nodes.map((_, w) =>
          mqttWriter(
            () => cluster.nodes[w]!.mqttPort,
            key.key,
            series,
            (r) => [slot(w, r) + 60, slot(w, r) + 70],
            ledger,
          ),
        ),
      ];
      // A batch sent again (a client's retry after a lost answer) is the same points, not new
      // ones: the audit below finds each timestamp once. Its own slot (offsets 500–545).
      const retried = Array.from({ length: 10 }, (_, i) => base + 500 + i * 5);
      const retriedLines = retried.map((t) => `m,asset=${pt.id} ${pt.channel}=${t - base} ${t}`);
      for (const t of retried) ledger.sent.add(t);
      for (const attempt of ['first', 'retry'])
        await withinOn(
          { admin, cluster },
          30_000,
          `the batch sent twice acknowledged (${attempt})`,
          async () => {
            return (await survivor.withKey(key.key).write(retriedLines)) === 204;
          },
        );
      for (const t of retried) ledger.acked.set(t, t - base);

      // The alarm series, step by step (each acknowledged before the next), through a survivor:
      // above the limit in five episodes. The owner is killed right after the second crossing is
      // acknowledged (before its clear), and a NATS server during the fourth episode.
      const high = [
        [10, 15],
        [20, 30],
        [35, 40],
        [44, 50],
        [55, 60],
      ];
      const alarmBase = base - 600_000;
      const stepTs = (s: number) => alarmBase + s * 1_000;
      const natsVictim = cluster.nats[0]!;
      let failover: Promise<number[]> | undefined;
      let moved: Promise<number> | undefined;
      let restarted: Promise<unknown> | undefined;
      let natsRefused = 0;
      const t0 = Date.now();
      const times: Record<string, number> = {};
      let killedAt = 0;
      for (let s = 0; s <= 65; s++) {
        if (s === 21) {
          process.kill(cluster.nodes[victimIx]!.pid, 'SIGKILL');
          killedAt = Date.now();
          times.nodeKilled = killedAt - t0;
          const firstAfter = stepTs(21);
          // Owned by another live node (the restart below waits for it: the node comes back
          // under its old id and would take its partitions back).
          moved = withinOn({ admin, cluster }, 30_000, 'partition owned again', async () => {
            const o = (await watcher.status()).owners[partitionOf(tenantId, al.id)];
            return o !== null && o !== owner;
          });
          // Kill → partition owned by a live node; → the first point written after it stored;
          // → the background work run by a live node.
          failover = Promise.all([
            moved,
            withinOn(
              { admin, cluster },
              40_000,
              'first point after the kill stored',
              async () =>
                (await watcher.raw(al.id, al.channel, firstAfter, firstAfter + 1)).length === 1,
            ),
            withinOn({ admin, cluster }, 30_000, 'background work on a live node', async () => {
              const b = (await watcher.status()).background;
              return b !== null && b !== owner;
            }),
          ]);
          failover.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
        }
        // Restarted while the writers go on, once the partition moved.
        if (s === 27)
          restarted = moved!
            .then(() => restartNode(cluster, victimIx))
            .then(() => (times.nodeBack = Date.now() - t0));
        if (s === 41) {
          await restarted;
          process.kill(natsVictim.pid, 'SIGKILL');
          times.natsKilled = Date.now() - t0;
        }
        if (s === 48) {
          // Down for at least 5 s (the point writers go on meanwhile), then restarted.
          await sleep(Math.max(0, times.natsKilled! + 5_000 - (Date.now() - t0)));
          natsVictim.pid = restartNatsServer(natsVictim);
          times.natsBack = Date.now() - t0;
        }
        const v = high.some(([a, b]) => s >= a! && s < b!) ? 100_000 : 0;
        const line = [`m,asset=${al.id} ${al.channel}=${v} ${stepTs(s)}`];
        await withinOn({ admin, cluster }, 60_000, `alarm step ${s} acknowledged`, async () => {
          const ok = (await survivor.withKey(key.key).write(line)) === 204;
          if (!ok) natsRefused++;
          return ok;
        });
        await sleep(150);
      }
      const [movedMs, firstStored, background] = await failover!;
      // Where the failover's time went (issue 24: kill → first point within 10 s).
      console.log(
        `cluster chaos failover timeline:\n${failoverTimeline({ cluster }, partitionOf(tenantId, al.id), killedAt)}`,
      );
      await Promise.all(writers.map((w) => w.stop()));
      const rounds = writers.map((w) => w.rounds());

      // Every acknowledged point, on every node (the restarted one too), exactly once.
      const from = base;
      const to = base + Math.max(...rounds) * 1_000 + 1_000;
      const audit = async (n: NodeClient) =>
        auditPoints(await n.raw(pt.id, pt.channel, from, to), ledger, series);
      const stored = await storedOnEveryNode({ admin, cluster }, watcher, audit);

      // Every episode raised once and cleared once, as the journal of every node tells it.
      const journal = (n: NodeClient) => alarmJournal(n, al.id, 'chaos-hi', alarmBase);
      const expected = high.flatMap(([a, b], i) => [
        `${i === 0 ? 'raised' : 'returned'}@${a}`,
        `cleared@${b}`,
      ]);
      const alarmed = await withinOn(
        { admin, cluster },
        30_000,
        'every episode journalled',
        async () => (await journal(watcher)).length >= expected.length,
      ).catch(async (e: unknown) => {
        console.log(await explainAlarmSeries(admin, watcher, al, 'chaos-hi', alarmBase, tenantId));
        throw e;
      });
      for (const n of admin) expect(await journal(n)).toEqual(expected);

      // All nodes answer the same to the same queries.
      const range = `from=${from}&to=${to}`;
      await sameAnswers(admin, [
        `/api/v1/telemetry/raw?asset=${pt.id}&channel=${pt.channel}&${range}&limit=100000`,
        `/api/v1/telemetry/rollup?asset=${pt.id}&channel=${pt.channel}&${range}&bucket=1m`,
        `/api/v1/telemetry/latest?channels=${pt.channel}&assets=${pt.id},${al.id}`,
        `/api/v1/telemetry/fleet?channel=${pt.channel}&${range}&groupBy=asset`,
        `/api/v1/alarms?state=all&assetId=${al.id}&ruleId=chaos-hi`,
      ]);
      // The restarted node rejoined: its first lease round may time out on a loaded machine,
      // so its membership is written a round later; listed within a few rounds, not at once.
      await withinOn(
        { admin, cluster },
        10_000,
        'the restarted node lists itself as a member',
        async () => (await admin[victimIx]!.status()).members.includes(owner),
      );
      console.log(
        `cluster chaos: ${ledger.acked.size} points acknowledged (of ${ledger.sent.size} sent) by 3 HTTP + 3 MQTT writers over ${rounds.join('/')} rounds; owner ${owner} killed (SIGKILL) at ${times.nodeKilled} ms${withBackground ? ' (it also ran the background work)' : ''}: partition owned again after ${movedMs} ms, first alarm-series point after the kill stored after ${firstStored} ms, background work on a live node after ${background} ms, node back at ${times.nodeBack} ms; NATS server ${natsVictim.name} killed at ${times.natsKilled} ms, restarted at ${times.natsBack} ms; alarm-series writes refused and retried: ${natsRefused}; all points present ${stored} ms and all ${expected.length} alarm changes journalled ${alarmed} ms after the writes ended`,
      );
    },
  );
});
