// Minimal HTTP client for the benchmark: keep-alive connections, bodies as strings, and a
// helper that times a GET. Shared by every target so latencies are measured the same way.
import http from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
  via: http.Agent = agent,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent: via, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Median wall time (ms) of `runs` sequential calls, after `warmup` untimed ones. Ten, for every
 * system alike: a JIT-compiled server (Node.js) needs a few calls of a query path before it
 * runs compiled code, which two warm-up calls did not give (q2: 1.0–1.1 ms median of 20 right
 * after compaction, 0.43 ms median of 1,000).
 */
export async function medianMs(fn: () => Promise<unknown>, runs: number, warmup = 10) {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 100) / 100;
}

/** Peak resident set (VmHWM) of a process, in MiB, from /proc (Linux). */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Current resident set (VmRSS) of a process, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/**
 * User and system CPU seconds so far (utime, stime of /proc/<pid>/stat, in clock ticks), of the
 * whole process or, with `tid`, of one thread (the main thread's tid is the pid). The
 * system share shows what fsync costs: with durability `os` the kernel's flusher threads write
 * the pages back on nobody's account; with `fsync` the process's own fsync calls do.
 */
export function cpuSplit(pid: number, tid?: number): { user: number; system: number } {
  try {
    const path = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/**
 * CPU seconds (user + system) of each thread of a process so far (/proc/<pid>/task/<tid>/stat),
 * keyed `main` for the main thread (tid = pid) and otherwise `<comm>+<tid − pid>`: Node names
 * its worker threads, V8's GC and compiler helpers and libuv's pool (the fsyncs) all `node`,
 * so the tid's offset tells them apart — the helpers start with the process, the compaction
 * thread seconds later, with the largest offset. Differences of two readings split a phase's
 * CPU by where it ran; a thread that ended between them is not counted.
 */
export function cpuByThread(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const name = tid === String(pid) ? 'main' : `${comm}+${Number(tid) - pid}`;
      const { user, system } = cpuSplit(pid, Number(tid));
      if (Number.isFinite(user)) out[name] = user + system;
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** b − a per thread, rounded to 10 ms; threads that used less than 50 ms are left out. */
export function cpuDelta(a: Record<string, number>, b: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const k of Object.keys(b)) {
    const d = Math.round((b[k]! - (a[k] ?? 0)) * 100) / 100;
    if (d >= 0.05) out[k] = d;
  }
  return out;
}

/** Total size of regular files under `dir`, optionally only those whose path matches. */
export function duBytes(dir: string, match: (path: string) => boolean = () => true): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) total += duBytes(p, match);
    else if (st.isFile() && match(p)) total += st.size;
  }
  return total;
}

/**
 * Workloads up to this many points are encoded to bytes before the clock starts, so the client
 * spends its share of the 2 cores on sending, not on generating text (the issue-3 fleet, 14.4 M
 * points, is 160 MB of line protocol). Larger ones (the scale runs) are generated while they
 * are sent: the client's CPU-seconds are reported beside the rate.
 */
export const IN_MEMORY_POINTS = 20_000_000;

/** A workload as the writer sees it (workload.ts). */
export interface Bodies {
  connections: number;
  points: number;
  /** Generate while sending; by default when points > IN_MEMORY_POINTS. */
  stream?: boolean;
  bodies(connection: number): Iterable<string>;
}

export interface IngestResult {
  seconds: number;
  retries: number;
  /** Generated while sending (true) or held in memory before the clock started. */
  streamed: boolean;
  /** CPU-seconds of this (client) process while sending, generation included when streamed. */
  clientCpuSeconds: number;
}

/**
 * Sends each connection's bodies in order over its own socket; 429 waits Retry-After.
 *
 * The writers open their own connections (an agent of their own, closed at the end), never a
 * keep-alive socket left idle by the set-up: the platform row's 100,000-asset import ended on
 * the shared agent, then this process spent over a minute (loaded host) encoding 15 M points,
 * the server closed the idle socket at its keep-alive timeout (72 s, Fastify's default)
 * meanwhile, and the first write sent on it met the close: "socket hang up", the 1 M-series
 * platform run lost (issue 21).
 */
export async function ingest(
  port: number,
  path: string,
  w: Bodies,
  headers: Record<string, string>,
  /** Applied to each body (gzip for the compressed row); before the clock when in memory. */
  encode: (body: Buffer) => Buffer = (b) => b,
): Promise<IngestResult> {
  let retries = 0;
  const streamed = w.stream ?? w.points > IN_MEMORY_POINTS;
  const lanes = Array.from({ length: w.connections }, (_, c) => w.bodies(c));
  const sources: Iterable<Buffer>[] = lanes.map((texts) =>
    streamed ? encodeEach(texts, encode) : Array.from(texts, (b) => encode(Buffer.from(b, 'utf8'))),
  );
  const writers = new http.Agent({ keepAlive: true, maxSockets: w.connections });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    sources.map(async (list) => {
      for (const body of list) {
        for (;;) {
          const r = await request(port, 'POST', path, body, headers, writers);
          if (r.status === 204 || r.status === 200) break;
          if (r.status === 429) {
            retries++;
            await sleep(Number(r.headers['retry-after'] ?? 1) * 1000);
            continue;
          }
          throw new Error(`ingest failed: HTTP ${r.status} ${r.body.slice(0, 300)}`);
        }
      }
    }),
  ).finally(() => writers.destroy());
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const clientCpuSeconds = Math.round((cpu.user + cpu.system) / 10_000) / 100;
  return { seconds, retries, streamed, clientCpuSeconds };
}

function* encodeEach(texts: Iterable<string>, encode: (b: Buffer) => Buffer): Generator<Buffer> {
  for (const t of texts) yield encode(Buffer.from(t, 'utf8'));
}
