// Partition leases on a real nats-server (issue 24's chaos run): a holder whose NATS server is
// killed (SIGKILL) and restarted on its store keeps its leases, because a renewal that gets no
// answer is retried within the lease's validity instead of being taken as lost. Before, every
// node dropped every lease on the first renewal that failed while a server restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, natsServerBinary, stopPid } from './index.ts';
import type { LogVersion } from './codec.ts';
import { LeaseKeeper, membershipRecord, readsOf } from './leases.ts';
import { waitForJetStream } from './local/nats-cluster.ts';
import { PARTITIONS } from './partitions.ts';

const nats = natsServerBinary();
if (!nats) console.warn('lease test skipped: nats-server not found');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough for a restart on a loaded machine; the bucket and the keeper agree on it. */
const TTL_MS = 15_000;

describe.skipIf(!nats)(
  'partition leases across a NATS server restart',
  { timeout: 120_000 },
  () => {
    let dir: string;
    let port: number;
    let server: ChildProcess;
    let nc: NatsConnection;
    const serve = () =>
      spawn(nats!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ronghe-leases-'));
      port = await freePort();
      server = serve();
      await waitForJetStream([`nats://127.0.0.1:${port}`]);
      nc = await connect({
        servers: [`nats://127.0.0.1:${port}`],
        maxReconnectAttempts: -1,
        reconnectTimeWait: 100,
      });
    }, 60_000);

    afterAll(async () => {
      await nc?.close();
      if (server?.pid) await stopPid(server.pid);
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every lease while its server is killed and restarted', async () => {
      const kv = await new Kvm(nc).create('leases_restart', { ttl: TTL_MS, history: 1 });
      const events: string[] = [];
      const keeper = new LeaseKeeper(
        kv,
        'a',
        {
          gained: (p) => (events.push(`gained ${p}`), Promise.resolve()),
          lost: (p) => (events.push(`lost ${p}`), Promise.resolve()),
        },
        () => undefined,
        TTL_MS,
      );
      keeper.start();
      try {
        const t0 = Date.now();
        while (keeper.partitions().length < PARTITIONS && Date.now() - t0 < 30_000)
          await sleep(100);
        expect(keeper.partitions()).toHaveLength(PARTITIONS);

        server.kill('SIGKILL');
        await new Promise((r) => server.once('exit', r));
        // Down longer than a JetStream request's 5 s timeout: a renewal sent now times out.
        await sleep(6_500);
        server = serve();
        await waitForJetStream([`nats://127.0.0.1:${port}`]);
        await sleep(3_000); // a few renewals after the restart

        expect(events.filter((e) => e.startsWith('lost'))).toEqual([]);
        expect(keeper.partitions()).toHaveLength(PARTITIONS);
        const e = await kv.get('p.0');
        expect(e?.string()).toBe('a');
      } finally {
        await keeper.stop();
      }
    });

    // Rule 4 (issue 24): under load a node never became a member, its lease round awaiting a
    // KV call that never answered while a NATS server restarted. Here the first call of each
    // kind the keeper makes (membership write, listing, watch start, create, renewal) never
    // answers: each cuts its round, and the keeper still takes every partition and keeps it.
    // On the old code the first round waited for ever on the membership write.
    it('a bucket call that never answers cuts its round; the next rounds join and renew', async () => {
      const real = await new Kvm(nc).create('leases_hang', { ttl: 4_000, history: 1 });
      const hung = new Set<string>();
      const kinds = ['put', 'keys', 'watch', 'create', 'update'];
      const kv = new Proxy(real, {
        get(target, prop, receiver) {
          const v: unknown = Reflect.get(target, prop, receiver);
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            const kind = String(prop);
            if (kinds.includes(kind) && !hung.has(kind)) {
              hung.add(kind);
              return new Promise(() => undefined);
            }
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const lines: string[] = [];
      const lost: number[] = [];
      const keeper = new LeaseKeeper(
        kv,
        'a',
        {
          gained: () => Promise.resolve(),
          lost: (p) => (lost.push(p), Promise.resolve()),
        },
        (line) => lines.push(line),
        4_000,
      );
      keeper.start();
      try {
        const t0 = Date.now();
        while (keeper.partitions().length < PARTITIONS && Date.now() - t0 < 60_000)
          await sleep(100);
        expect(keeper.partitions()).toHaveLength(PARTITIONS);
        expect([...hung].sort()).toEqual([...kinds].sort());
        expect(lines.some((l) => l.includes('round cut (membership write'))).toBe(true);
        const lostBefore = lost.length;
        await sleep(6_000); // renewed past the TTL, no call hanging now
        expect(lost.length).toBe(lostBefore);
        expect(keeper.partitions()).toHaveLength(PARTITIONS);
        expect(await keeper.members()).toEqual(['a']);
      } finally {
        await keeper.stop();
      }
    });

    // Issue 24's cost per point: the leases' traffic is paid every second whatever the load.
    // Ticks in quick succession (driven here, no timer) renew nothing, since each lease was
    // renewed less than RENEW_EVERY_MS ago, and list nothing, since the members and free
    // partitions come from the watch. Before, each tick wrote all 16 keys and listed the members
    // with kv.keys(), which creates a consumer on the bucket each time (48 and 3 here).
    it('ticks in quick succession renew no lease and create no consumer', async () => {
      const kv = await new Kvm(nc).create('leases_idle', { ttl: 4_000, history: 1 });
      const keeper = new LeaseKeeper(
        kv,
        'a',
        { gained: () => Promise.resolve(), lost: () => Promise.resolve() },
        () => undefined,
        4_000,
      );
      try {
        for (let i = 0; i < 10 && keeper.partitions().length < PARTITIONS; i++) await keeper.tick();
        expect(keeper.partitions()).toHaveLength(PARTITIONS);
        await keeper.tick(); // the watch has now seen this node's membership of the tick before
        // The servers' clock lead, a lower bound (partition-tenures.ts rule 5): one clock here.
        expect(keeper.serverAhead()).toBeLessThanOrEqual(0);
        const renewals = nc.subscribe('$KV.leases_idle.p.>');
        const creates = nc.subscribe('$JS.API.CONSUMER.>');
        let nRenewals = 0;
        let nCreates = 0;
        void (async () => {
          for await (const _ of renewals) nRenewals++;
        })();
        void (async () => {
          for await (const m of creates) if (m.subject.includes('CREATE')) nCreates++;
        })();
        await nc.flush();
        for (let i = 0; i < 3; i++) await keeper.tick();
        await nc.flush();
        renewals.unsubscribe();
        creates.unsubscribe();
        // At most one round of renewals, should the machine stall past RENEW_EVERY_MS here.
        expect(nRenewals).toBeLessThanOrEqual(PARTITIONS);
        expect(nCreates).toBeLessThanOrEqual(1);
        expect(keeper.partitions()).toHaveLength(PARTITIONS);
      } finally {
        await keeper.stop();
      }
    });
    // The ingest log's message version 2 (natscost24) is written only while every live member
    // advertises in its membership record that it reads it. A node of the previous release
    // writes its time alone there and reads version 1 only: while it is a member, everyone
    // writes version 1, so it is never handed a message it cannot decode.
    it('writes version 2 only while every member reads it', async () => {
      const kv = await new Kvm(nc).create('leases_versions', { ttl: 4_000, history: 1 });
      const chosen: LogVersion[] = [];
      const keeper = (id: string, reads?: number[]) =>
        new LeaseKeeper(
          kv,
          id,
          {
            gained: () => Promise.resolve(),
            lost: () => Promise.resolve(),
            writeVersion: (v) => void (id === 'a' && chosen.push(v)),
          },
          () => undefined,
          4_000,
          reads,
        );
      const a = keeper('a');
      const b = keeper('b');
      const last = () => chosen[chosen.length - 1];
      try {
        expect(readsOf(membershipRecord(1, [1, 2]))).toEqual([1, 2]);
        expect(readsOf('1765000000000')).toEqual([1]);
        for (let i = 0; i < 3; i++) await Promise.all([a.tick(), b.tick()]);
        expect(await a.members()).toEqual(['a', 'b']);
        expect(last()).toBe(2);

        // A node of the previous release joins: its record is a bare time.
        await kv.put('node.old', String(Date.now()));
        await sleep(200);
        for (let i = 0; i < 2; i++) await Promise.all([a.tick(), b.tick()]);
        expect(await a.members()).toEqual(['a', 'b', 'old']);
        expect(last()).toBe(1);

        // It leaves (upgraded); a new node that advertises version 1 only keeps version 1.
        await kv.delete('node.old');
        const c = keeper('c', [1]);
        await sleep(200);
        for (let i = 0; i < 2; i++) await Promise.all([a.tick(), b.tick(), c.tick()]);
        expect(await a.members()).toEqual(['a', 'b', 'c']);
        expect(last()).toBe(1);
        await c.stop();
        await sleep(200);
        for (let i = 0; i < 2; i++) await Promise.all([a.tick(), b.tick()]);
        expect(await a.members()).toEqual(['a', 'b']);
        expect(last()).toBe(2);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  },
);
