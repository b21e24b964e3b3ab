// The hardening benchmark's side of the wire: the platform as a child process (server.ts) with
// an IPC channel for its event-loop figures, plain HTTP requests (with a chosen source address
// on loopback, so a flood can come from other clients than the valid user), and a /healthz
// sampler firing every 50 ms whether or not the previous answer came back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./server.ts', import.meta.url));

export interface Stats {
  loopMaxMs: number;
  loopP99Ms: number;
  loopSamples: number;
  rssMiB: number;
}

export interface Server {
  port: number;
  key: string;
  email: string;
  password: string;
  model: string;
  stats(): Promise<Stats>;
  resetLoop(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-hardening-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env, RONGHE_BENCH_DATA: dir },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.setMaxListeners(0); // RSS is asked every 250 ms, also while the server is blocked
  const info = await new Promise<Omit<Server, 'stats' | 'resetLoop' | 'stop'>>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // The platform's own log lines (pino JSON) may come first: the seed line is the one
      // that names the port.
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = JSON.parse(out.slice(0, nl)) as Partial<Server>;
        out = out.slice(nl + 1);
        if (typeof line.port === 'number') ok(line as Omit<Server, 'stats' | 'resetLoop' | 'stop'>);
      }
    });
    child.once('exit', (code) => fail(new Error(`hardening server exited ${code}`)));
  });
  const ask = <T>(msg: string, kind: string) =>
    new Promise<T>((ok) => {
      const on = (m: { kind: string }) => {
        if (m.kind !== kind) return;
        child.off('message', on);
        ok(m as T);
      };
      child.on('message', on);
      child.send(msg);
    });
  return {
    ...info,
    stats: () => ask<Stats>('stats', 'stats'),
    resetLoop: () => ask<void>('reset', 'reset'),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Answer {
  status: number;
  body: string;
  bytes: number;
  ms: number;
}

export interface Req {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
  /** Count the body's bytes instead of keeping it (a large export). */
  discard?: boolean;
  timeoutMs?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function request(port: number, r: Req): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: r.method ?? 'GET',
        path: r.path,
        headers: r.headers,
        // A chosen source address needs its own connection.
        ...(r.localAddress ? { localAddress: r.localAddress, agent: false } : { agent }),
        timeout: r.timeoutMs ?? 300_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (!r.discard) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            bytes,
            ms: performance.now() - t0,
          }),
        );
        res.on('error', () => resolve({ status: 0, body: '', bytes, ms: performance.now() - t0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) =>
      resolve({ status: 0, body: String(e), bytes: 0, ms: performance.now() - t0 }),
    );
    req.end(r.body);
  });
}

export function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : 0);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { samples: s.length, p50Ms: r(q(0.5)), p99Ms: r(q(0.99)), maxMs: r(s[s.length - 1] ?? 0) };
}

/**
 * Runs `work` while /healthz is asked every 50 ms and the server's RSS every 250 ms; returns
 * the work's result with the event loop's block (server-side histogram) and the /healthz
 * latencies seen from outside.
 */
export async function underWatch<T>(s: Server, work: () => Promise<T>) {
  await s.resetLoop();
  const latencies: Promise<number>[] = [];
  let peakRss = 0;
  const hz = setInterval(
    () =>
      latencies.push(request(s.port, { path: '/healthz', timeoutMs: 120_000 }).then((a) => a.ms)),
    50,
  );
  const rss = setInterval(
    () => void s.stats().then((x) => (peakRss = Math.max(peakRss, x.rssMiB))),
    250,
  );
  const t0 = performance.now();
  const result = await work();
  const seconds = Math.round((performance.now() - t0) / 10) / 100;
  clearInterval(hz);
  clearInterval(rss);
  const healthz = quantiles(await Promise.all(latencies));
  const st = await s.stats();
  return {
    result,
    seconds,
    eventLoop: { maxMs: st.loopMaxMs, p99Ms: st.loopP99Ms, samples: st.loopSamples },
    healthz,
    peakRssMiB: Math.max(peakRss, st.rssMiB),
  };
}
