// Cluster mode on real processes (issue 24): three nats-server processes (one JetStream
// cluster) and three `ronghe start --nats …` nodes on a fresh PostgreSQL database: reads through
// every node (cluster route, telemetry query API), live streams on non-owners, revocation within
// 1 s, background work on one node; two chaos tests: the owner killed and restarted while every
// node writes, and a NATS server killed; every acknowledged point once on every node. The whole
// chaos run of issue 24 is cluster-chaos.test.ts (RONGHE_CLUSTER_CHAOS=1).
import mqtt from 'mqtt';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeClient } from './index.ts';
import { alive, restartNatsServer, partitionOf, restartNode, type LocalCluster } from './index.ts';
import { openStream, sleep, useTestCluster, why, within } from './cluster-test-support.ts';

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
      const ms = await within(5_000, `visible on ${reader.url}`, async () => {
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
      const ms = await within(5_000, `raw on ${reader.url}`, async () => {
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
    await within(5_000, 'stored', async () => {
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
    const ms = await within(5_000, 'MQTT points visible', async () => {
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
        within(1_000, `refused on ${u.url}`, async () => {
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
      const ms = await within(10_000, 'alarm raised', async () =>
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

  it('chaos: writers on every node, the owner killed and restarted; every point once on every node', async () => {
    // The victim: the owner of the asset's partition, preferably an asset whose owner also
    // runs the background work, so one kill moves both.
    const before = await admin[0]!.status();
    const a = assetsWithModel.find(
      (x) => before.owners[partitionOf(tenantId, x.id)] === before.background,
    );
    const target = a?.id ?? asset;
    const ch = a?.channel ?? channel;
    const part = partitionOf(tenantId, target);
    const owner = before.owners[part]!;
    const victimIx = cluster.nodes.findIndex((n) => n.nodeId === owner);
    expect(victimIx).toBeGreaterThanOrEqual(0);
    const survivors = admin.filter((_, i) => i !== victimIx);
    const watcher = survivors[1]!;
    const writers = admin.map((n) => n.withKey(key.key));
    const acked = new Map<number, number>();
    const base = Date.now() - 300_000;
    const at = (round: number, w: number, i: number) => base + round * 1000 + w * 100 + i * 5;
    const line = (t: number, v: number) => `m,asset=${target} ${ch}=${v} ${t}`;
    let failover: Promise<[number, number, number]> | undefined;
    for (let round = 0; round < 24; round++) {
      if (round === 8) {
        process.kill(cluster.nodes[victimIx]!.pid, 'SIGKILL');
        const firstAfter = at(round, (victimIx + 1) % admin.length, 0);
        // Kill → partition owned by a live node; → the first point written after it stored;
        // → the background work run by a live node.
        failover = Promise.all([
          within(20_000, 'partition owned again', async () => {
            const o = (await watcher.status()).owners[part];
            return o !== null && o !== owner;
          }),
          within(
            30_000,
            'first point after the kill stored',
            async () => (await watcher.raw(target, ch, firstAfter, firstAfter + 1)).length === 1,
          ),
          within(20_000, 'background work on a live node', async () => {
            const b = (await watcher.status()).background;
            return b !== null && b !== owner;
          }),
        ]);
      }
      // Every node writes its own points of each round (the victim's fail once it is dead).
      await Promise.all(
        writers.map(async (w, wi) => {
          const ts = Array.from({ length: 10 }, (_, i) => at(round, wi, i));
          const v = (t: number) => round * 1000 + wi * 100 + ((t - base) % 100);
          const status = await w.write(ts.map((t) => line(t, v(t)))).catch(() => 0);
          if (status === 204) for (const t of ts) acked.set(t, v(t));
          // A batch sent again (a client's retry) is the same points, not new ones.
          if (round === 3 && status === 204)
            expect(await w.write(ts.map((t) => line(t, v(t))))).toBe(204);
        }),
      );
      await sleep(100);
    }
    const [moved, firstStored, background] = await failover!;
    expect(acked.size).toBeGreaterThanOrEqual(24 * 2 * 10);
    // The killed node restarted: it rejoins, and reads like the others.
    const t0 = Date.now();
    await restartNode(cluster, victimIx);
    const restarted = Date.now() - t0;
    const from = base;
    const to = base + 24_000;
    const stored = await within(30_000, 'every acknowledged point stored', async () => {
      const got = await watcher.raw(target, ch, from, to);
      return got.filter(([t]) => acked.has(t)).length === acked.size;
    });
    console.log(
      `cluster chaos: ${acked.size} points acknowledged by 3 writers; owner ${owner} killed (SIGKILL)${a ? ' (it also ran the background work)' : ''}: partition ${part} owned again after ${moved} ms, the first point written after the kill stored after ${firstStored} ms, background work on a live node after ${background} ms; node restarted in ${restarted} ms; all points present ${stored} ms after the writes ended`,
    );
    // Exactly once on every node, the restarted one too: as many points as acknowledged, each
    // with its value (no loss, no extra).
    for (const reader of admin) {
      const got = await reader.raw(target, ch, from, to);
      expect(got.length).toBe(acked.size);
      for (const [t, v] of got) expect(v).toBe(acked.get(t));
    }
    // It rejoins: its first lease round may time out on a loaded machine, so its membership
    // is written a round later; it must be listed within a few rounds, not at once.
    await within(10_000, 'the restarted node lists itself as a member', async () =>
      (await admin[victimIx]!.status()).members.includes(owner),
    );
  });

  it('a NATS server killed with SIGKILL: writes go on, every acknowledged point once', async () => {
    const live = admin.filter((_, i) => alive(cluster.nodes[i]!.pid));
    const writer = live[0]!.withKey(key.key);
    const victim = cluster.nats[0]!;
    process.kill(victim.pid, 'SIGKILL');
    const acked = new Map<number, number>();
    const refused = new Map<number, number>();
    // Older than every other test's points (and the rule test's point at "now").
    const base = Date.now() - 900_000;
    const killedAt = Date.now();
    let firstAck = 0;
    // Writes until 10 batches are acknowledged (JetStream elects new stream and bucket leaders
    // where the dead server led; meanwhile writes are refused, retryably).
    for (let round = 0; round < 200 && acked.size < 100; round++) {
      const ts = Array.from({ length: 10 }, (_, i) => base + round * 1000 + i * 10);
      const v = (t: number) => 5_000 + round + (t % 1000) / 1000;
      const status = await writer.write(lines(ts, v)).catch(() => 0);
      if (status === 204) {
        for (const t of ts) acked.set(t, v(t));
        firstAck ||= Date.now() - killedAt;
      } else refused.set(status, (refused.get(status) ?? 0) + 1);
      await sleep(200);
    }
    victim.pid = restartNatsServer(victim);
    const stored = await within(30_000, 'every acknowledged point stored', async () => {
      const got = (await live[1]!.points(asset, channel)).filter((p) => acked.has(p.ts));
      return got.length === acked.size;
    });
    console.log(
      `cluster: NATS server ${victim.name} killed (SIGKILL): first write acknowledged ${firstAck} ms after, refused before (status → count) ${JSON.stringify([...refused])}; all ${acked.size} acknowledged points present ${stored} ms after`,
    );
    expect(acked.size).toBe(100);
    for (const reader of live) {
      const got = (await reader.points(asset, channel)).filter(
        (p) => p.ts >= base && p.ts < base + 200_000,
      );
      expect(got.length).toBe(acked.size);
      for (const p of got) expect(p.value).toBe(acked.get(p.ts));
    }
  });
});
