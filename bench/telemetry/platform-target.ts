// The platform users run (issue 21): `ronghe start` on a fresh data directory, with the asset
// registry, the monitoring runtime and rules on the model, set up as a user would — a tenant
// and an API key from the CLI, the model, its derived channel, its rules and the assets through
// the HTTP API — then the same workload and queries as the engine-only row (ronghe-target.ts).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, request } from './http.ts';
import { freePort, launch, stop, waitHttp } from './process.ts';
import {
  plainWrite,
  postgresDatabaseStorage,
  runRonghe,
  SERVER_LOG,
  sqliteStorage,
  type Launcher,
  type Restart,
  type Storage,
} from './ronghe-target.ts';
import type { Target } from './targets.ts';
import { serialOf, type Workload } from './workload.ts';

const cli = fileURLToPath(new URL('../../bin/ronghe.js', import.meta.url));
const CHANNELS = 10;

/** Runs one `ronghe` CLI command on the data directory and answers its stdout. */
function ronghe(args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function call(
  port: number,
  auth: Record<string, string>,
  method: string,
  path: string,
  body: unknown,
  type = 'application/json',
) {
  const payload = type === 'application/json' ? JSON.stringify(body) : String(body);
  const r = await request(port, method, `/api/v1${path}`, payload, {
    ...auth,
    'content-type': type,
  });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body.slice(0, 500)}`);
  return JSON.parse(r.body || 'null') as unknown;
}

/**
 * Twenty rules a chiller fleet would carry: a high and a low threshold on each of the first
 * five channels, and ten expression rules over pairs of channels and the derived one. The
 * workload's random walks stay inside every limit, so the rules are evaluated on every point
 * and raise nothing: the cost measured is evaluation, not alarm writing.
 */
export function fleetRules() {
  const rules: Record<string, unknown>[] = [];
  for (let c = 0; c < 5; c++) {
    rules.push({
      id: `hi-c${c}`,
      severity: 'major',
      kind: 'threshold',
      value: `c${c}`,
      op: 'above',
      limit: 1e6,
      hysteresis: 1,
    });
    rules.push({
      id: `lo-c${c}`,
      severity: 'minor',
      kind: 'threshold',
      value: `c${c}`,
      op: 'below',
      limit: -1e6,
      forMs: 60_000,
    });
  }
  for (let c = 0; c < 9; c++) {
    rules.push({
      id: `pair-c${c}`,
      severity: 'warning',
      kind: 'expression',
      when: `c${c} - c${c + 1} > 1e6`,
    });
  }
  rules.push({
    id: 'spread',
    severity: 'warning',
    kind: 'expression',
    when: 'spread > 1e6 && c9 > 0',
  });
  return rules;
}

/** A running `ronghe start` and the tenant admin key it was set up with. */
export interface RunningPlatform {
  child: ChildProcess;
  port: number;
  mqttPort: number;
  key: string;
  stderr: () => string;
  env: Record<string, string>;
}

/**
 * `ronghe start` on a fresh data directory (and, with `databaseUrl`, a fresh PostgreSQL
 * database): tenant and key from the CLI, no demo, no feed.
 */
export async function startPlatform(dir: string, databaseUrl?: string): Promise<RunningPlatform> {
  const dataEnv: Record<string, string> = {
    RONGHE_DATA_DIR: dir,
    ...(databaseUrl ? { RONGHE_DATABASE_URL: databaseUrl } : {}),
  };
  ronghe(['migrate'], dataEnv);
  ronghe(['tenant', 'create', '--slug', 'bench', '--name', 'Bench'], dataEnv);
  const key = ronghe(
    ['apikey', 'create', '--tenant', 'bench', '--name', 'bench', '--role', 'tenant_admin'],
    dataEnv,
  ).trim();
  const { child, port, mqttPort, stderr } = await launchStart(dataEnv, join(dir, SERVER_LOG));
  return { child, port, mqttPort, key, stderr, env: dataEnv };
}

/** `ronghe start` with `env` on free ports, resolved once /readyz answers 200. */
async function launchStart(env: Record<string, string>, logFile: string, readyWithinMs = 120_000) {
  const port = await freePort();
  const mqttPort = await freePort();
  const { child, stderr } = launch(
    process.execPath,
    // RONGHE_BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, as for the engine row.
    [...(process.env.RONGHE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), cli, 'start'],
    {
      ...env,
      RONGHE_HOST: '127.0.0.1',
      RONGHE_PORT: String(port),
      RONGHE_MQTT_PORT: String(mqttPort),
      RONGHE_DEMO: 'false',
      RONGHE_SIMULATE: 'false',
      RONGHE_LOG_LEVEL: 'warn',
      // 100,000 assets of ten channels and the derived one are 1.1 M series, past the default
      // limit of 1 M a tenant (service.ts): the 1 M-series run was refused at 1,014,000.
      RONGHE_MAX_SERIES_PER_TENANT: '2000000',
      ...env,
    },
    logFile,
  );
  try {
    await waitHttp(port, '/readyz', [200], readyWithinMs);
  } catch (e) {
    await stop(child);
    throw new Error(`ronghe start: ${(e as Error).message}\n${stderr()}`);
  }
  return { child, port, mqttPort, stderr };
}

const RESTART_WITHIN_MS = 900_000;

/**
 * Seconds from `ronghe start` on the stored data until /readyz answers 200, and the CPU-seconds
 * the process spent to get there (steadier than the wall time on a shared host).
 */
export async function restartSeconds(env: Record<string, string>): Promise<Restart> {
  const t0 = performance.now();
  // A start on a million series of stored data, on a host at load 25, takes minutes of wall time.
  const { child } = await launchStart(
    env,
    join(env.RONGHE_DATA_DIR!, SERVER_LOG),
    RESTART_WITHIN_MS,
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(child.pid!);
  await stop(child);
  return { seconds: Math.round(seconds * 100) / 100, cpuSeconds: Math.round(cpu * 100) / 100 };
}

/**
 * The chiller model with its derived channel and rules (unless `rules` is false), and `assets`
 * assets A0001…, through the API.
 */
export async function setUpFleet(port: number, key: string, assets: number, rules = true) {
  const auth = { authorization: `Bearer ${key}` };
  // A derived channel is written back only where the model declares it (or allows new
  // channels): `spread` is declared beside the ten measured channels when the rules are on.
  const keys = Array.from({ length: CHANNELS }, (_, i) => `c${i}`);
  const model = (await call(port, auth, 'POST', '/asset-models', {
    name: 'chiller',
    channels: [...keys, ...(rules ? ['spread'] : [])].map((key) => ({
      key,
      name: key,
      dataType: 'float',
    })),
  })) as { id: string };
  if (rules) {
    await call(port, auth, 'PUT', `/monitoring/derived-channels/models/${model.id}`, {
      channels: [{ name: 'spread', expression: 'c0 - c9' }],
    });
    for (const rule of fleetRules()) {
      await call(port, auth, 'PUT', `/monitoring/rules/models/${model.id}`, rule);
    }
  }
  // The CSV import takes at most 50,000 rows a request (src/assets/csv.ts): the fleet goes in
  // parts of IMPORT_ROWS, timed, as the scale runs create 100,000 assets.
  const assetIds: string[] = [];
  const t0 = performance.now();
  for (let first = 0; first < assets; first += IMPORT_ROWS) {
    const part = Array.from({ length: Math.min(IMPORT_ROWS, assets - first) }, (_, i) =>
      serialOf(first + i),
    );
    const csv = ['serial,name,model', ...part.map((s) => `${s},${s},chiller`)].join('\n');
    const imported = (await call(port, auth, 'POST', '/assets/import', csv, 'text/csv')) as {
      ok: number;
      rows: { value?: { id: string } }[];
    };
    if (imported.ok !== part.length)
      throw new Error(`asset import: ${JSON.stringify(imported).slice(0, 500)}`);
    for (const r of imported.rows) assetIds.push(r.value!.id);
    if (assets > IMPORT_ROWS)
      process.stderr.write(`platform: ${assetIds.length} assets imported\n`);
  }
  const importSeconds = (performance.now() - t0) / 1000;
  return { modelId: model.id, assetIds, importSeconds };
}

const IMPORT_ROWS = 10_000;

export { serialOf };

/** `ronghe start` on the storage's directory; the fleet set up through the API. */
export const platform: Launcher = (storage: Storage, w: Workload) =>
  launchPlatform(storage, w, true);

async function launchPlatform(storage: Storage, w: Workload, rules: boolean) {
  if (!storage.dir) throw new Error('the platform row needs a data directory');
  const p = await startPlatform(storage.dir, storage.env.RONGHE_DATABASE_URL);
  let setUp: { importSeconds: number };
  try {
    setUp = await setUpFleet(p.port, p.key, w.assets, rules);
  } catch (e) {
    await stop(p.child);
    throw new Error(`platform set-up: ${(e as Error).message}\n${p.stderr()}`);
  }
  return {
    child: p.child,
    port: p.port,
    auth: { authorization: `Token ${p.key}` },
    output: p.stderr,
    restart: () => restartSeconds(p.env),
    setUp: {
      assets: w.assets,
      importSeconds: Math.round(setUp.importSeconds * 100) / 100,
      assetsPerSecond: Math.round(w.assets / setUp.importSeconds),
    },
  };
}

export const rongheProduct: Target = {
  name: 'ronghe-platform',
  available: () => true,
  run: (w, runs) => runRonghe(sqliteStorage(), w, runs, plainWrite, platform),
};

/**
 * The platform row without the derived channel and the rules: the difference between the two
 * rows is what the rules cost (issue 21).
 */
export const rongheProductWithoutRules: Target = {
  name: 'ronghe-platform-no-rules',
  available: () => true,
  run: (w, runs) =>
    runRonghe(sqliteStorage(), w, runs, plainWrite, (s, wl) => launchPlatform(s, wl, false)),
};

const pgUrl = process.env.RONGHE_BENCH_PG_URL;

/** The platform in server mode: `ronghe start` on a fresh PostgreSQL database. */
export const rongheProductOnPostgres: Target = {
  name: 'ronghe-platform-postgres',
  available: () => pgUrl !== undefined,
  run: (w, runs) => runRonghe(postgresDatabaseStorage(pgUrl!), w, runs, plainWrite, platform),
};
