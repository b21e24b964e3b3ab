// The partition workers of all 16 partitions on a real three-server JetStream cluster (issue 24):
// after the server leading most of their consumers is killed (SIGKILL) and restarted, every
// partition stores again, its lease never moving. Under load, four workers once fetched nothing
// ("heartbeats missed") for 40 s after such a restart; the worker now gets its consumer again
// after REATTACH_AFTER failed fetches. This test has not reproduced that stall: the worker
// before the change passes it too (its workers' fetches fail for a few seconds, then succeed),
// so it guards the recovery, and partition-worker.test.ts the re-attachment itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, type LogMessage } from './codec.ts';
import { natsServerBinary, stopPid } from './index.ts';
import { restartNatsServer, startNatsCluster, type NatsServerProc } from './local/nats-cluster.ts';
import { INGEST_STREAM, openNatsLink, type NatsLink } from './nats-link.ts';
import { PartitionWorker, consumerOf } from './partition-worker.ts';
import { PARTITIONS, subjectOf } from './partitions.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nats = natsServerBinary();
if (!nats) console.warn('partition worker NATS test skipped: nats-server not found');

const message = (k: number) =>
  encodeMessage('tn_a', [
    { assetId: 'as_1', channel: 'c', ts: 1_765_000_000_000 + k, value: k, customerId: null },
  ]);

describe.skipIf(!nats)(
  'partition worker across a NATS server restart',
  { timeout: 240_000 },
  () => {
    let dir: string;
    let servers: NatsServerProc[] = [];
    let link: NatsLink;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ronghe-worker-nats-'));
      servers = await startNatsCluster(dir, 3);
      link = await openNatsLink(
        servers.map((s) => s.url),
        'worker-nats',
        3,
      );
    }, 180_000);

    afterAll(async () => {
      await link?.close().catch(() => undefined);
      for (const s of servers) await stopPid(s.pid);
      rmSync(dir, { recursive: true, force: true });
    });

    it('every partition stores again after the server leading most consumers was killed and restarted', async () => {
      const stored = new Set<string>();
      const logged: string[] = [];
      const workers = Array.from(
        { length: PARTITIONS },
        (_, p) =>
          new PartitionWorker(p, {
            js: link.js,
            jsm: link.jsm,
            store: (ms: LogMessage[]) => {
              for (const m of ms) stored.add(`${p}:${m.points[0]!.value}`);
              return Promise.resolve();
            },
            holds: () => true,
            log: (l) => logged.push(`${new Date().toISOString().slice(14, 23)} ${l}`),
          }),
      );
      /** Publishes round k to every partition (retried until the stream takes it); then waits
       * until every partition stored it, for at most `ms`. Returns the partitions that did not. */
      const round = async (k: number, ms: number): Promise<number[]> => {
        const end = Date.now() + ms;
        for (let p = 0; p < PARTITIONS; p++)
          for (;;) {
            try {
              await link.js.publish(subjectOf(p), message(k));
              break;
            } catch (e) {
              if (Date.now() > end) throw new Error(`round ${k} not published: ${String(e)}`);
              await sleep(250);
            }
          }
        const missing = () => [...Array(PARTITIONS).keys()].filter((p) => !stored.has(`${p}:${k}`));
        while (missing().length > 0 && Date.now() < end) await sleep(20);
        return missing();
      };
      try {
        expect(await round(0, 120_000)).toEqual([]);
        const leaders = await Promise.all(
          workers.map(async (w) => {
            const c = await link.jsm.consumers.info(INGEST_STREAM, consumerOf(w.partition));
            return c.cluster?.leader;
          }),
        );
        const led = (s: NatsServerProc) => leaders.filter((l) => l === s.name).length;
        const victim = [...servers].sort((a, b) => led(b) - led(a))[0]!;
        const stream = (await link.jsm.streams.info(INGEST_STREAM)).cluster?.leader;
        process.kill(victim.pid, 'SIGKILL');
        await sleep(3_000);
        victim.pid = restartNatsServer(victim);
        const t0 = Date.now();
        // Rounds after the restart: each stored by every partition. The bound is generous for a
        // loaded machine, not a measurement (the stuck workers of issue 24 stayed so for 40 s).
        const late: number[][] = [];
        for (let k = 1; k <= 5; k++) late.push(await round(k, 60_000));
        console.log(
          `workers across a restart of ${victim.name} (leading ${led(victim)} of ${PARTITIONS} consumers; stream leader ${stream}; link on ${link.nc.info?.server_name}): ` +
            `5 rounds after it stored by every partition ${Date.now() - t0} ms after the restart; ` +
            `worker log: ${logged.join(' | ') || 'nothing'}`,
        );
        expect(late).toEqual([[], [], [], [], []]);
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
    });
  },
);
