// Issue 24's whole chaos run on real processes: HTTP and MQTT writers on every node while the
// owner is killed (SIGKILL) between an alarm's crossing and its clear and restarted, then a NATS
// server likewise; every acknowledged point once on every node, every alarm episode raised and
// cleared once, every node answering the same. Its own cluster; run with RONGHE_CLUSTER_CHAOS=1.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alarmJournal,
  auditPoints,
  httpWriter,
  mqttWriter,
  type Ledger,
} from './local/chaos-writers.ts';
import type { NodeClient } from './index.ts';
import { partitionOf, restartNatsServer, restartNode, type LocalCluster } from './index.ts';
import { sleep, useTestCluster, why, within } from './cluster-test-support.ts';

describe.skipIf(why !== undefined || process.env.RONGHE_CLUSTER_CHAOS !== '1')(
  'cluster chaos run on three nodes',
  { timeout: 120_000 },
  () => {
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

    // The whole of issue 24's chaos run, not in CI yet (run it with RONGHE_CLUSTER_CHAOS=1; the
    // two narrower chaos tests in cluster.test.ts stay in CI). Session 13 fixed lost MQTT
    // points, leases dropped on a NATS restart and late redeliveries; session 14 the missing
    // and late alarm episodes (a backlog's next episode dropped as a repeat, a stale reset
    // after a regained lease, a resume before the previous owner's commit, a dead owner's
    // deliveries behind newer points). Since then it passed each run that got past start-up,
    // too few runs yet to call it reliable (docs/cluster.md, "What is not done").
    it(
      'chaos: HTTP and MQTT writers on every node; a node, then a NATS server, killed and restarted; every point and alarm once',
      { timeout: 300_000 },
      async () => {
        // The alarm asset: its partition's owner is the victim (preferably the node that also runs
        // the background work, so one kill moves both). Its series has one sequential writer (rule
        // evaluation needs its points in order); the point writers hammer another asset of the
        // victim's partitions when there is one.
        const before = await admin[0]!.status();
        const owned = (x: { id: string }) => before.owners[partitionOf(tenantId, x.id)];
        const candidates = assetsWithModel.filter((x) => x.id !== asset);
        const al = candidates.find((x) => owned(x) === before.background) ?? candidates[0]!;
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

        // Point writers: 3 × HTTP (10 points a round) and 3 × MQTT (2 a round), own timestamps each.
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
        for (let s = 0; s <= 65; s++) {
          if (s === 21) {
            process.kill(cluster.nodes[victimIx]!.pid, 'SIGKILL');
            times.nodeKilled = Date.now() - t0;
            const firstAfter = stepTs(21);
            // Owned by another live node (the restart below waits for it: the node comes back
            // under its old id and would take its partitions back).
            moved = within(30_000, 'partition owned again', async () => {
              const o = (await watcher.status()).owners[partitionOf(tenantId, al.id)];
              return o !== null && o !== owner;
            });
            failover = Promise.all([
              moved,
              within(
                40_000,
                'first point after the kill stored',
                async () =>
                  (await watcher.raw(al.id, al.channel, firstAfter, firstAfter + 1)).length === 1,
              ),
              within(30_000, 'background work on a live node', async () => {
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
          await within(60_000, `alarm step ${s} acknowledged`, async () => {
            const ok = (await survivor.withKey(key.key).write(line)) === 204;
            if (!ok) natsRefused++;
            return ok;
          });
          await sleep(150);
        }
        const [movedMs, firstStored, background] = await failover!;
        await Promise.all(writers.map((w) => w.stop()));
        const rounds = writers.map((w) => w.rounds());

        // Every acknowledged point, on every node (the restarted one too), exactly once.
        const from = base;
        const to = base + Math.max(...rounds) * 1_000 + 1_000;
        const stored = await within(
          60_000,
          'every acknowledged point stored',
          async () =>
            auditPoints(await watcher.raw(pt.id, pt.channel, from, to), ledger, series).length ===
            0,
        ).catch(async (e: unknown) => {
          const got = auditPoints(await watcher.raw(pt.id, pt.channel, from, to), ledger, series);
          console.log(`${got.length} problems: ${got.slice(0, 8).join('; ')}`);
          throw e;
        });
        for (const reader of admin)
          expect(
            auditPoints(await reader.raw(pt.id, pt.channel, from, to), ledger, series),
          ).toEqual([]);

        // Every episode raised once and cleared once, as the journal of every node tells it.
        const journal = (n: NodeClient) => alarmJournal(n, al.id, 'chaos-hi', alarmBase);
        const expected = high.flatMap(([a, b], i) => [
          `${i === 0 ? 'raised' : 'returned'}@${a}`,
          `cleared@${b}`,
        ]);
        const alarmed = await within(
          30_000,
          'every episode journalled',
          async () => (await journal(watcher)).length >= expected.length,
        ).catch(async (e: unknown) => {
          for (const n of admin)
            console.log(`journal on ${n.url}: ${(await journal(n)).join(' ')}`);
          throw e;
        });
        for (const n of admin) expect(await journal(n)).toEqual(expected);

        // All nodes answer the same to the same queries.
        const range = `from=${from}&to=${to}`;
        for (const path of [
          `/api/v1/telemetry/raw?asset=${pt.id}&channel=${pt.channel}&${range}&limit=100000`,
          `/api/v1/telemetry/rollup?asset=${pt.id}&channel=${pt.channel}&${range}&bucket=1m`,
          `/api/v1/telemetry/latest?channels=${pt.channel}&assets=${pt.id},${al.id}`,
          `/api/v1/telemetry/fleet?channel=${pt.channel}&${range}&groupBy=asset`,
          `/api/v1/alarms?state=all&assetId=${al.id}&ruleId=chaos-hi`,
        ]) {
          const answers = await Promise.all(admin.map((n) => n.json(path)));
          for (const a of answers) expect(a).toEqual(answers[0]);
        }
        expect((await admin[victimIx]!.status()).members).toContain(owner);
        console.log(
          `cluster chaos: ${ledger.acked.size} points acknowledged (of ${ledger.sent.size} sent) by 3 HTTP + 3 MQTT writers over ${rounds.join('/')} rounds; owner ${owner} killed (SIGKILL) at ${times.nodeKilled} ms${al === candidates.find((x) => owned(x) === before.background) ? ' (it also ran the background work)' : ''}: partition owned again after ${movedMs} ms, first alarm-series point after the kill stored after ${firstStored} ms, background work on a live node after ${background} ms, node back at ${times.nodeBack} ms; NATS server ${natsVictim.name} killed at ${times.natsKilled} ms, restarted at ${times.natsBack} ms; alarm-series writes refused and retried: ${natsRefused}; all points present ${stored} ms and all ${expected.length} alarm changes journalled ${alarmed} ms after the writes ended`,
        );
      },
    );
  },
);
