// The three systems under test, each started on a free loopback port with a temp data dir:
// Ronghe (the real HTTP server as a child process), InfluxDB 1.6 and VictoriaMetrics 1.79
// (skipped cleanly when their Debian packages are not installed). Same workload, same client.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, duBytes, ingest, medianMs, peakRssMiB, request, sleep } from './http.ts';
import { freePort, launch, stop, waitHttp } from './process.ts';
import type { Workload } from './workload.ts';

export interface TargetResult {
  /** On-disk bytes per point while running, before a clean stop (SQLite WAL included). */
  bytesPerPointLiveWithWal?: number;
  ingestPointsPerSec: number;
  ingestSeconds: number;
  /**
   * Ingest points per CPU-second of the server process (user + system, from /proc): on a
   * shared, oversubscribed host this is steadier than wall-clock points/s.
   */
  ingestPointsPerCpuSecond: number;
  /** Seconds after the last acknowledgement until nothing is buffered (Ronghe only). */
  compactionDrainSeconds?: number;
  pointsPerSecIncludingDrain?: number;
  pointsPerCpuSecondIncludingDrain?: number;
  retries429: number;
  queriesMedianMs: { q1: number; q2: number; q3: number; q4: number };
  /** Server CPU per call and the median of many calls, after the medians (queryCpu). */
  queriesServer?: Awaited<ReturnType<typeof queryCpu>>;
  bytesPerPoint: number;
  bytesPerPointExcludingWal?: number;
  /** Ronghe on PostgreSQL: before VACUUM freed the dead tuples (ronghe-target.ts). */
  bytesPerPointBeforeVacuum?: number;
  /** Ronghe: bytes per point of each table with its indexes (SQLite dbstat, PostgreSQL sizes). */
  bytesPerPointByTable?: Record<string, number>;
  peakRssMiB: number | undefined;
  /** Ronghe: figures per series for the scale runs (ronghe-target.ts scaleFigures). */
  scale?: Record<string, number | undefined>;
  /** The platform row: how long creating the assets took. */
  setUp?: Record<string, number>;
  checks: Record<string, unknown>;
}

export interface Target {
  name: string;
  available(): boolean;
  run(w: Workload, runs: number): Promise<TargetResult>;
}

export const HOUR = 3_600_000;

export function expectOk(r: { status: number; body: string }, what: string) {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body) as unknown;
}

/**
 * After the medians: each query called again for at least `seconds` of wall time (and 50
 * calls), giving the server's CPU per call (user + system of its process, from /proc: all its
 * threads) and the median latency of those calls. On a shared, loaded host the CPU per call is
 * the steadier figure; the median of 20 calls after 10 warm-ups also measures how much of a
 * JIT-compiled server's query path is compiled yet (issue 21, session 14).
 */
export async function queryCpu(
  pid: number,
  qs: Record<'q1' | 'q2' | 'q3' | 'q4', () => Promise<unknown>>,
  seconds = 1,
) {
  const cpuUsPerCall: Record<string, number> = {};
  const warmMedianMs: Record<string, number> = {};
  const calls: Record<string, number> = {};
  for (const [name, fn] of Object.entries(qs)) {
    const times: number[] = [];
    const c0 = cpuSeconds(pid);
    const until = performance.now() + seconds * 1000;
    while (times.length < 50 || performance.now() < until) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    const c1 = cpuSeconds(pid);
    times.sort((a, b) => a - b);
    cpuUsPerCall[name] = Math.round(((c1 - c0) / times.length) * 1e6);
    warmMedianMs[name] = Math.round(times[Math.floor(times.length / 2)]! * 100) / 100;
    calls[name] = times.length;
  }
  return { cpuUsPerCall, warmMedianMs, calls };
}

export async function timeQueries(
  qs: Record<'q1' | 'q2' | 'q3' | 'q4', () => Promise<unknown>>,
  runs: number,
) {
  return {
    q1: await medianMs(qs.q1, runs),
    q2: await medianMs(qs.q2, runs),
    q3: await medianMs(qs.q3, runs),
    q4: await medianMs(qs.q4, runs),
  };
}

const INFLUXD = '/usr/bin/influxd';

export const influx: Target = {
  name: 'influxdb',
  available: () => existsSync(INFLUXD),
  async run(w, runs) {
    const dir = mkdtempSync(join(tmpdir(), 'influx-bench-'));
    const port = await freePort();
    const rpc = await freePort();
    const conf = join(dir, 'influxdb.conf');
    writeFileSync(
      conf,
      `reporting-disabled = true\nbind-address = "127.0.0.1:${rpc}"\n[meta]\n  dir = "${dir}/meta"\n[data]\n  dir = "${dir}/data"\n  wal-dir = "${dir}/wal"\n  query-log-enabled = false\n[http]\n  bind-address = "127.0.0.1:${port}"\n  log-enabled = false\n[monitor]\n  store-enabled = false\n[continuous_queries]\n  enabled = false\n`,
    );
    const { child } = launch(INFLUXD, ['run', '-config', conf]);
    try {
      await waitHttp(port, '/ping', [204]);
      await request(port, 'POST', `/query?q=${encodeURIComponent('CREATE DATABASE bench')}`);
      process.stderr.write(`influxdb: ingesting ${w.points} points\n`);
      const cpu0 = cpuSeconds(child.pid!);
      const ing = await ingest(port, '/write?db=bench&precision=ms', w, {
        'content-type': 'text/plain',
      });
      const cpu1 = cpuSeconds(child.pid!);
      const end = w.start + w.samples * w.intervalMs;
      const q = (text: string) => async () =>
        expectOk(
          await request(port, 'GET', `/query?db=bench&epoch=ms&q=${encodeURIComponent(text)}`),
          text,
        );
      const range = `time >= ${end - HOUR}ms AND time < ${end}ms`;
      const qs = {
        q1: q('SELECT last(c0) FROM chiller GROUP BY asset'),
        q2: q(
          `SELECT mean(c0), min(c0), max(c0) FROM chiller WHERE asset = 'A0001' AND time >= ${w.start}ms AND time < ${end}ms GROUP BY time(1h)`,
        ),
        q3: q(`SELECT max(c0) FROM chiller WHERE ${range} GROUP BY time(5m)`),
        q4: q(`SELECT max(c0) FROM chiller WHERE ${range} GROUP BY asset`),
      };
      type Res = { results: { series?: { values: unknown[] }[] }[] };
      const checks = {
        q1Assets: ((await qs.q1()) as Res).results[0]?.series?.length,
        q2Buckets: ((await qs.q2()) as Res).results[0]?.series?.[0]?.values.length,
        q3Buckets: ((await qs.q3()) as Res).results[0]?.series?.[0]?.values.length,
        q4Assets: ((await qs.q4()) as Res).results[0]?.series?.length,
      };
      const queriesMedianMs = await timeQueries(qs, runs);
      const queriesServer = await queryCpu(child.pid!, qs);
      const all = duBytes(dir);
      const data = duBytes(join(dir, 'data'));
      return {
        ingestPointsPerSec: Math.round(w.points / ing.seconds),
        ingestSeconds: Math.round(ing.seconds * 100) / 100,
        ingestPointsPerCpuSecond: Math.round(w.points / (cpu1 - cpu0)),
        retries429: ing.retries,
        queriesMedianMs,
        queriesServer,
        bytesPerPoint: Math.round((all / w.points) * 100) / 100,
        bytesPerPointExcludingWal: Math.round((data / w.points) * 100) / 100,
        peakRssMiB: peakRssMiB(child.pid!),
        checks,
      };
    } finally {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const VM = '/usr/bin/victoria-metrics';

export const victoria: Target = {
  name: 'victoriametrics',
  available: () => existsSync(VM),
  async run(w, runs) {
    const dir = mkdtempSync(join(tmpdir(), 'vm-bench-'));
    const port = await freePort();
    const { child } = launch(VM, [
      `-storageDataPath=${dir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-search.disableCache',
      '-retentionPeriod=100y',
      '-loggerLevel=ERROR',
    ]);
    try {
      await waitHttp(port, '/health', [200]);
      process.stderr.write(`victoriametrics: ingesting ${w.points} points\n`);
      const cpu0 = cpuSeconds(child.pid!);
      const ing = await ingest(port, '/write?precision=ms', w, {
        'content-type': 'text/plain',
      });
      const cpu1 = cpuSeconds(child.pid!);
      await request(port, 'GET', '/internal/force_flush');
      await sleep(2000);
      const end = w.start + w.samples * w.intervalMs;
      const s = (ms: number) => String(ms / 1000);
      const get = (path: string) => async () => expectOk(await request(port, 'GET', path), path);
      const inst = (expr: string, at: number) =>
        get(`/api/v1/query?query=${encodeURIComponent(expr)}&time=${s(at)}`);
      const range = (expr: string, from: number, to: number, step: string) =>
        get(
          `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${s(from)}&end=${s(to)}&step=${step}`,
        );
      const q2parts = ['avg', 'min', 'max'].map((f) =>
        range(`${f}_over_time(chiller_c0{asset="A0001"}[1h])`, w.start + HOUR, end, '1h'),
      );
      const qs = {
        q1: inst('chiller_c0', end - w.intervalMs),
        q2: () => Promise.all(q2parts.map((f) => f())),
        q3: range('max(max_over_time(chiller_c0[5m]))', end - HOUR + 5 * 60_000, end, '5m'),
        q4: inst('max_over_time(chiller_c0[1h])', end - 1),
      };
      type Res = { data: { result: { values?: unknown[] }[] } };
      const checks = {
        q1Assets: ((await qs.q1()) as Res).data.result.length,
        q2Buckets: ((await qs.q2()) as Res[])[0]?.data.result[0]?.values?.length,
        q3Buckets: ((await qs.q3()) as Res).data.result[0]?.values?.length,
        q4Assets: ((await qs.q4()) as Res).data.result.length,
      };
      const queriesMedianMs = await timeQueries(qs, runs);
      const queriesServer = await queryCpu(child.pid!, qs);
      return {
        ingestPointsPerSec: Math.round(w.points / ing.seconds),
        ingestSeconds: Math.round(ing.seconds * 100) / 100,
        ingestPointsPerCpuSecond: Math.round(w.points / (cpu1 - cpu0)),
        retries429: ing.retries,
        queriesMedianMs,
        queriesServer,
        bytesPerPoint: Math.round((duBytes(dir) / w.points) * 100) / 100,
        peakRssMiB: peakRssMiB(child.pid!),
        checks,
      };
    } finally {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
