// The background lease on real processes (issue 24, "background work runs once"): a NATS
// server with JetStream and two processes that each run the background lease with a job that
// prints a tick every 100 ms while it runs. The job runs on exactly one of them; the holder
// killed with SIGKILL, the other takes the lease once the holder's key expires and runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, natsServerBinary, stopPid } from './index.ts';
import { LEASE_TTL_MS } from './nats-link.ts';
import { waitForJetStream } from './local/nats-cluster.ts';

const nats = natsServerBinary();
if (!nats) console.warn('background lease test skipped: nats-server not found');

const probe = fileURLToPath(new URL('./local/background-probe.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Probe {
  id: string;
  child: ChildProcess;
  ticks: number;
  firstTickAt: number;
}

describe.skipIf(!nats)('background work behind a lease', { timeout: 90_000 }, () => {
  let dir: string;
  let server: ChildProcess;
  let url: string;
  const probes: Probe[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ronghe-bg-lease-'));
    const port = await freePort();
    url = `nats://127.0.0.1:${port}`;
    server = spawn(nats!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: 'ignore',
    });
    await waitForJetStream([url]);
  }, 60_000);

  afterAll(async () => {
    for (const p of probes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    if (server?.pid) await stopPid(server.pid);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (id: string) =>
    new Promise<Probe>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', probe, url, id], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const p: Probe = { id, child, ticks: 0, firstTickAt: 0 };
      let buf = '';
      child.stdout!.on('data', (b: Buffer) => {
        buf += b.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === `ready ${id}`) resolve(p);
          if (line.startsWith(`tick ${id} `)) {
            p.ticks++;
            p.firstTickAt ||= Date.now();
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`probe ${id} exited with ${code}`)));
      probes.push(p);
    });

  it('runs on exactly one node; the holder killed, the other takes over', async () => {
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const both = [a, b];
    // Until one of them runs the job, then a while longer: only that one ever ticks.
    const t0 = Date.now();
    while (a.ticks + b.ticks < 10 && Date.now() - t0 < 30_000) await sleep(100);
    await sleep(2_000);
    const holder = both.find((p) => p.ticks > 0)!;
    const other = both.find((p) => p !== holder)!;
    expect(holder).toBeDefined();
    expect(other.ticks).toBe(0);
    const before = holder.ticks;
    await sleep(500);
    expect(holder.ticks).toBeGreaterThan(before); // still running

    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    while (other.ticks === 0 && Date.now() - killedAt < 30_000) await sleep(50);
    expect(other.ticks).toBeGreaterThan(0);
    const took = other.firstTickAt - killedAt;
    console.log(
      `background lease: holder ${holder.id} killed (SIGKILL); ${other.id} ran the job ${took} ms later (lease TTL ${LEASE_TTL_MS} ms, renewed every second; measured under load)`,
    );
  });
});
