// Ronghe under the fleet workload: the real HTTP server (server.ts) as a child process, on a
// fresh SQLite file (`ronghe`, the embedded default) or, as `ronghe-postgres`, in a fresh
// schema of the PostgreSQL named by RONGHE_BENCH_PG_URL (server mode; the target is skipped
// without it). Same workload and client as the other targets (targets.ts).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  cpuByThread,
  cpuDelta,
  cpuSeconds,
  cpuSplit,
  duBytes,
  ingest,
  peakRssMiB,
  request,
  rssMiB,
  sleep,
} from './http.ts';
import { firstLine, lastLines, launch, stop } from './process.ts';
import {
  HOUR,
  expectOk,
  queryCpu,
  timeQueries,
  type Target,
  type TargetResult,
} from './targets.ts';
import type { Workload } from './workload.ts';

const serverEntry = fileURLToPath(new URL('./server.ts', import.meta.url));
const per = (bytes: number, points: number, digits = 100) =>
  Math.round((bytes / points) * digits) / digits;

type Sizes = Pick<
  TargetResult,
  | 'bytesPerPoint'
  | 'bytesPerPointExcludingWal'
  | 'bytesPerPointByTable'
  | 'bytesPerPointLiveWithWal'
> & {
  /** Whole data directory after a clean stop, in bytes (the SQLite runs). */
  bytes?: number;
  /** The series registry on disk: telemetry_series with its indexes (SQLite dbstat). */
  registryBytes?: number;
};

/** Where a run keeps its data, and how its size is read. */
export interface Storage {
  /** The data directory (embedded SQLite runs, and the platform's files on PostgreSQL). */
  dir?: string;
  /** Creates what the run needs before the server starts (a database). */
  prepare?(): Promise<void>;
  env: Record<string, string>;
  /** While the server still runs (SQLite: with its WAL). */
  live(points: number): Partial<Sizes>;
  /** After a clean stop. */
  measure(points: number): Promise<Sizes>;
  dispose(): Promise<void>;
}

/**
 * Where the bytes are: pages of each table and index per point (SQLite's dbstat virtual
 * table), the telemetry ones by name and the rest, mostly one empty page per table, together.
 */
function sqliteByTable(file: string, points: number) {
  const db = new SQLite(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name')
      .all() as { name: string; bytes: number }[];
    const registryBytes = rows
      .filter((r) => r.name.includes('telemetry_series'))
      .reduce((a, r) => a + r.bytes, 0);
    return { byTable: byName(rows, points), registryBytes };
  } finally {
    db.close();
  }
}

function byName(rows: { name: string; bytes: number }[], points: number) {
  const out: Record<string, number> = {};
  let other = 0;
  for (const r of rows) {
    if (r.name.includes('telemetry')) out[r.name] = per(r.bytes, points, 1000);
    else other += r.bytes;
  }
  out.other = per(other, points, 1000);
  return out;
}

/** The server's output (serverLog) is the bench's, not the data directory's. */
const notLog = (path: string) => !path.endsWith(SERVER_LOG);

/** The server's stdout and stderr, in the run's data directory (kept with RONGHE_BENCH_KEEP=1). */
export const SERVER_LOG = 'server.log';

/** Where a server on `storage` writes its output, when the storage has a directory. */
export const serverLog = (storage: { dir?: string }) =>
  storage.dir ? join(storage.dir, SERVER_LOG) : undefined;

export function sqliteStorage(): Storage {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-'));
  return {
    dir,
    env: { RONGHE_BENCH_DATA: dir },
    live: (points) => ({ bytesPerPointLiveWithWal: per(duBytes(dir, notLog), points) }),
    measure: async (points) => {
      // A clean stop checkpoints the SQLite WAL into the database file.
      const bytes = duBytes(dir, notLog);
      const tables = sqliteByTable(join(dir, 'ronghe.db'), points);
      return {
        bytes,
        bytesPerPoint: per(bytes, points),
        bytesPerPointExcludingWal: per(
          duBytes(dir, (p) => p.endsWith('.db')),
          points,
        ),
        bytesPerPointByTable: tables.byTable,
        registryBytes: tables.registryBytes,
      };
    },
    async dispose() {
      // RONGHE_BENCH_KEEP=1 leaves the data directory for inspection (sqlite3 dbstat).
      if (process.env.RONGHE_BENCH_KEEP === '1') process.stderr.write(`ronghe: kept ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PostgreSQL: every table, index and TOAST relation of the run's schema (pg_total_relation_size),
 * as the run left them and after a VACUUM of each. Deleted ingest-log rows and replaced chunk
 * and rollup rows stay in the files as dead tuples until (auto)vacuum frees them for reuse;
 * VACUUM also cuts a table's empty pages off its end. The cluster's WAL is shared: not counted.
 */
/** Sizes of every table of `schema` before and after a VACUUM of each, per point. */
async function measurePostgres(pool: pg.Pool, schema: string, points: number) {
  const sizes = async () => {
    const { rows } = await pool.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  };
  const total = (rows: { bytes: number }[]) => rows.reduce((a, r) => a + r.bytes, 0);
  const before = await sizes();
  for (const r of before) await pool.query(`VACUUM ${schema}."${r.name}"`);
  const after = await sizes();
  return {
    bytesPerPointBeforeVacuum: per(total(before), points),
    bytesPerPoint: per(total(after), points),
    bytesPerPointByTable: byName(after, points),
  };
}

function postgresStorage(url: string): Storage {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    env: { RONGHE_BENCH_DATABASE_URL: url, RONGHE_BENCH_DATABASE_SCHEMA: schema },
    live: () => ({}),
    measure: (points) => measurePostgres(pool, schema, points),
    async dispose() {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/**
 * A fresh PostgreSQL database on the server of `url` for `ronghe start` (which takes a
 * database URL, not a schema), with a data directory for the platform's other files.
 */
export function postgresDatabaseStorage(url: string): Storage {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const pool = new pg.Pool({ connectionString: target.href, max: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-pg-'));
  return {
    dir,
    env: { RONGHE_DATABASE_URL: target.href },
    prepare: async () => {
      await admin.query(`CREATE DATABASE ${name}`);
    },
    live: () => ({}),
    measure: (points) => measurePostgres(pool, 'public', points),
    async dispose() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function drain(port: number, auth: Record<string, string>) {
  const t0 = performance.now();
  for (;;) {
    const s = expectOk(
      await request(port, 'GET', '/api/v1/telemetry/status', undefined, auth),
      'status',
    ) as { bufferedPoints: number };
    if (s.bufferedPoints === 0) return (performance.now() - t0) / 1000;
    await sleep(50);
  }
}

/**
 * How the workload is written: InfluxDB 1.x `/write` (the main row), InfluxDB 2.x
 * `/api/v2/write` with org and bucket, or `/write` with gzip bodies as Telegraf sends them
 * (compressed before the clock starts: the client's cost is not the server's). The two extra
 * rows measure ingest only, on a fresh server each (issue 25: within 10 % of the plain row).
 */
export interface WriteVariant {
  path: string;
  gzip: boolean;
  ingestOnly: boolean;
}

export const plainWrite: WriteVariant = {
  path: '/write?db=bench&precision=ms',
  gzip: false,
  ingestOnly: false,
};

/** A Ronghe server under test: its process, port and the credentials the workload writes with. */
export interface Launched {
  child: ChildProcess;
  port: number;
  auth: Record<string, string>;
  /** Starts the server again on the stored data; answers how long until it was ready. */
  restart?: () => Promise<Restart>;
  /** How the fleet was set up (the platform row: assets through the CSV import, timed). */
  setUp?: Record<string, number>;
  /** The server's last output (stdout and stderr), printed when the run fails. */
  output?: () => string;
}

/** A start on stored data: wall seconds until ready and the server's CPU-seconds by then. */
export interface Restart {
  seconds: number;
  cpuSeconds: number;
}

export type Launcher = (storage: Storage, w: Workload) => Promise<Launched>;

/** The engine-only server (server.ts): a plain-map asset resolver, no registry or rules. */
const engineOnly: Launcher = async (storage, w) => {
  const { child, port, auth, output } = await launchEngine(storage, w);
  return {
    child,
    port,
    auth,
    output,
    restart: async () => {
      const t0 = performance.now();
      const again = await launchEngine(storage, w);
      const s = (performance.now() - t0) / 1000;
      const cpu = cpuSeconds(again.child.pid!);
      await stop(again.child);
      return { seconds: Math.round(s * 100) / 100, cpuSeconds: Math.round(cpu * 100) / 100 };
    },
  };
};

/** server.ts on the storage, resolved once it prints its port (after the engine started). */
async function launchEngine(storage: Storage, w: Workload) {
  const { child, stderr } = launch(
    process.execPath,
    [
      ...(process.env.RONGHE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      serverEntry,
    ],
    { ...storage.env, RONGHE_BENCH_ASSETS: String(w.assets) },
    serverLog(storage),
  );
  try {
    const info = JSON.parse(await firstLine(child, stderr)) as { port: number; key: string };
    return {
      child,
      port: info.port,
      auth: { authorization: `Token ${info.key}` },
      output: stderr,
    };
  } catch (e) {
    await stop(child);
    throw e;
  }
}

export async function runRonghe(
  storage: Storage,
  w: Workload,
  runs: number,
  variant: WriteVariant = plainWrite,
  start: Launcher = engineOnly,
): Promise<TargetResult> {
  let launched: Launched | undefined;
  try {
    await storage.prepare?.();
    launched = await start(storage, w);
    const { child, port, auth } = launched;
    process.stderr.write(`ronghe: listening on ${port}, ingesting ${w.points} points\n`);
    const rssBeforeIngest = rssMiB(child.pid!);
    const cpu0 = cpuSeconds(child.pid!);
    const split0 = cpuSplit(child.pid!);
    // The main thread (tid = pid) parses, validates and logs; the rest is mostly compaction.
    const main0 = cpuSplit(child.pid!, child.pid!);
    const threads0 = cpuByThread(child.pid!);
    const ing = await ingest(
      port,
      variant.path,
      w,
      {
        ...auth,
        'content-type': 'text/plain',
        ...(variant.gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      variant.gzip ? (b) => gzipSync(b) : undefined,
    );
    const cpu1 = cpuSeconds(child.pid!);
    const split1 = cpuSplit(child.pid!);
    const main1 = cpuSplit(child.pid!, child.pid!);
    const threads1 = cpuByThread(child.pid!);
    process.stderr.write(`ronghe: ingest ${ing.seconds.toFixed(1)} s; waiting for compaction\n`);
    // Acknowledged points still buffered when the writers finish are compacted after: the
    // rate counting that too is the one a writer sending forever would see.
    const drainSeconds = await drain(port, auth);
    const cpu2 = cpuSeconds(child.pid!);
    const ingestFigures = {
      ingestPointsPerSec: Math.round(w.points / ing.seconds),
      ingestSeconds: Math.round(ing.seconds * 100) / 100,
      ingestPointsPerCpuSecond: Math.round(w.points / (cpu1 - cpu0)),
      ingestCpuSeconds: {
        user: Math.round((split1.user - split0.user) * 100) / 100,
        system: Math.round((split1.system - split0.system) * 100) / 100,
        mainThread: Math.round((main1.user + main1.system - main0.user - main0.system) * 100) / 100,
        // By thread (http.ts cpuByThread): main, the compaction thread, V8's helpers, libuv's pool.
        byThread: cpuDelta(threads0, threads1),
      },
      compactionDrainSeconds: Math.round(drainSeconds * 100) / 100,
      pointsPerSecIncludingDrain: Math.round(w.points / (ing.seconds + drainSeconds)),
      pointsPerCpuSecondIncludingDrain: Math.round(w.points / (cpu2 - cpu0)),
      retries429: ing.retries,
      streamedWorkload: ing.streamed,
      clientCpuSeconds: ing.clientCpuSeconds,
    };
    if (variant.ingestOnly) {
      await stop(child);
      return {
        ...ingestFigures,
        path: variant.path,
        gzip: variant.gzip,
      } as unknown as TargetResult;
    }
    const end = w.start + w.samples * w.intervalMs;
    const get = (path: string) => async () =>
      expectOk(await request(port, 'GET', `/api/v1/telemetry${path}`, undefined, auth), path);
    const qs = {
      q1: get('/latest?channels=c0'),
      q2: get(`/rollup?asset=A0001&channel=c0&from=${w.start}&to=${end}&bucket=1h`),
      q3: get(`/fleet?channel=c0&from=${end - HOUR}&to=${end}&bucket=5m&groupBy=none`),
      q4: get(`/fleet?channel=c0&from=${end - HOUR}&to=${end}&groupBy=asset&limit=10000`),
    };
    const checks = {
      q1Assets: ((await qs.q1()) as unknown[]).length,
      q2Buckets: ((await qs.q2()) as { buckets: unknown[] }).buckets.length,
      q3Buckets: ((await qs.q3()) as { groups: { buckets: unknown[] }[] }).groups[0]?.buckets
        .length,
      q4Assets: ((await qs.q4()) as { total: number }).total,
    };
    const queriesMedianMs = await timeQueries(qs, runs);
    const queriesServer = await queryCpu(child.pid!, qs);
    const live = storage.live(w.points);
    const rss = peakRssMiB(child.pid!);
    const rssAfter = rssMiB(child.pid!);
    const series = await seriesCount(port, auth);
    await stop(child);
    const sizes = await storage.measure(w.points);
    // A failed restart is a finding to report beside the figures already measured, not a reason
    // to lose them.
    let restartError: string | undefined;
    const restart = launched.restart
      ? await launched.restart().catch((e: unknown) => {
          restartError = (e as Error).message.slice(0, 2000);
          return undefined;
        })
      : undefined;
    const scale = scaleFigures({
      w,
      series,
      rssBeforeIngest,
      rssAfter,
      peak: rss,
      sizes,
      restart,
      q1: queriesMedianMs.q1,
    });
    return {
      ...(launched.setUp ? { setUp: launched.setUp } : {}),
      scale,
      ...(restart
        ? { restartSeconds: restart.seconds, restartCpuSeconds: restart.cpuSeconds }
        : {}),
      ...(restartError ? { restartError } : {}),
      ...live,
      ...ingestFigures,
      queriesMedianMs,
      queriesServer,
      ...sizes,
      peakRssMiB: rss,
      checks,
    };
  } catch (e) {
    // The server's own account of a failed run (it may have died): its last lines, and where
    // the whole of it is.
    const out = launched?.output?.();
    if (out !== undefined) {
      const exit = launched!.child.exitCode ?? launched!.child.signalCode;
      process.stderr.write(
        `ronghe: run failed (${(e as Error).message.slice(0, 300)}); server ${
          exit === null ? 'still running' : `exited (${exit})`
        }; its last output${storage.dir ? ` (all of it in ${serverLog(storage)})` : ''}:\n${lastLines(out)}\n`,
      );
    }
    throw e;
  } finally {
    if (launched) await stop(launched.child);
    await storage.dispose();
  }
}

async function seriesCount(port: number, auth: Record<string, string>): Promise<number> {
  const s = expectOk(
    await request(port, 'GET', '/api/v1/telemetry/status', undefined, auth),
    'status',
  ) as { series: number };
  return s.series;
}

const MiB = 1024 * 1024;

/**
 * Issue 21's figures per series, to compare 10 k, 100 k and 1 M series: a figure per series
 * that grows with the count is a defect. Memory per series is the resident set the ingest
 * added (after compaction, and at its peak) over the set-up process, divided by the series.
 */
function scaleFigures(o: {
  w: Workload;
  series: number;
  rssBeforeIngest: number | undefined;
  rssAfter: number | undefined;
  peak: number | undefined;
  sizes: Sizes;
  restart: Restart | undefined;
  q1: number;
}) {
  const perSeriesUs = (seconds: number | undefined) =>
    seconds === undefined
      ? undefined
      : Math.round((seconds * 1e6 * 100) / Math.max(1, o.series)) / 100;
  const perSeries = (mib: number | undefined, base = 0) =>
    mib === undefined || o.series === 0 ? undefined : Math.round(((mib - base) * MiB) / o.series);
  return {
    series: o.series,
    pointsPerSeries: Math.round(o.w.points / Math.max(1, o.series)),
    rssBeforeIngestMiB: o.rssBeforeIngest,
    rssAfterIngestMiB: o.rssAfter,
    peakRssMiB: o.peak,
    peakRssBytesPerSeries: perSeries(o.peak),
    ingestRssBytesPerSeries: perSeries(o.rssAfter, o.rssBeforeIngest ?? 0),
    peakIngestRssBytesPerSeries: perSeries(o.peak, o.rssBeforeIngest ?? 0),
    dataDirBytes: o.sizes.bytes,
    bytesPerSeries:
      o.sizes.bytes === undefined ? undefined : Math.round(o.sizes.bytes / Math.max(1, o.series)),
    registryBytes: o.sizes.registryBytes,
    registryBytesPerSeries:
      o.sizes.registryBytes === undefined
        ? undefined
        : Math.round((o.sizes.registryBytes / Math.max(1, o.series)) * 10) / 10,
    restartMicrosecondsPerSeries: perSeriesUs(o.restart?.seconds),
    restartCpuMicrosecondsPerSeries: perSeriesUs(o.restart?.cpuSeconds),
    q1MicrosecondsPerAsset: Math.round((o.q1 * 1000 * 100) / o.w.assets) / 100,
  };
}

export const ronghe: Target = {
  name: 'ronghe',
  available: () => true,
  run: (w, runs) => runRonghe(sqliteStorage(), w, runs),
};

/** The workload over InfluxDB 2.x's write endpoint (ingest only). */
export const rongheV2Write: Target = {
  name: 'ronghe-api-v2-write',
  available: () => true,
  run: (w, runs) =>
    runRonghe(sqliteStorage(), w, runs, {
      path: '/api/v2/write?org=bench&bucket=bench&precision=ms',
      gzip: false,
      ingestOnly: true,
    }),
};

/** The workload as gzip bodies to `/write` (ingest only). */
export const rongheGzipWrite: Target = {
  name: 'ronghe-gzip-write',
  available: () => true,
  run: (w, runs) =>
    runRonghe(sqliteStorage(), w, runs, { ...plainWrite, gzip: true, ingestOnly: true }),
};

const pgUrl = process.env.RONGHE_BENCH_PG_URL;

export const rongheOnPostgres: Target = {
  name: 'ronghe-postgres',
  available: () => pgUrl !== undefined,
  run: (w, runs) => runRonghe(postgresStorage(pgUrl!), w, runs),
};
