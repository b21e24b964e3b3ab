// Child-process entry of the hardening benchmark: the whole platform (startPlatform, as
// `ronghe start` runs it) on loopback over a fresh data dir (RONGHE_BENCH_DATA), without demo
// data, simulator or MQTT. Seeds one tenant with an admin, an API key, a model with channel `v`
// and asset EXP-1, then prints one JSON line {port, key, email, password, model}. Over the IPC
// channel it answers 'reset' (restart the event-loop delay histogram) and 'stats' (the
// histogram's max and p99 in ms, measured by perf_hooks.monitorEventLoopDelay in this process,
// and RSS).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import * as assets from '../../src/assets/index.ts';
import { loadConfig } from '../../src/config.ts';
import * as identity from '../../src/identity/index.ts';
import { startPlatform } from '../../src/main.ts';

const dir = process.env.RONGHE_BENCH_DATA ?? '.';
const config = loadConfig({
  ...process.env,
  RONGHE_DATA_DIR: dir,
  RONGHE_DATABASE_URL: join(dir, 'ronghe.db'),
  RONGHE_HOST: '127.0.0.1',
  RONGHE_PORT: '0',
  RONGHE_MQTT_PORT: '0',
  RONGHE_DEMO: 'false',
  RONGHE_SIMULATE: 'false',
  RONGHE_LOG_LEVEL: 'warn',
  // The export phase measures the event loop over a whole 3 M-point export; on a loaded machine
  // the default 60 s query limit would cut it short (a correct refusal, but not the figure).
  RONGHE_QUERY_TIMEOUT_MS: process.env.RONGHE_QUERY_TIMEOUT_MS ?? '600000',
});
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const platform = await startPlatform(config, { log: (l) => process.stderr.write(`${l}\n`) });
const db = platform.db;
const tenant = await identity.createTenant(db, { slug: 'bench', name: 'Bench' }, 'bench');
const scope = { tenantId: tenant.id, customerIds: null, actor: 'bench' };
const email = 'admin@bench.test';
const password = 'bench password 1';
await identity.createUser(db, scope, 'tenant_admin', {
  email,
  name: 'Bench admin',
  role: 'tenant_admin',
  password,
});
const { key } = await identity.createApiKey(db, scope, 'tenant_admin', {
  name: 'bench',
  role: 'tenant_admin',
});
const model = await assets.createModel(db, scope, {
  name: 'Bench meter',
  channels: [{ key: 'v', name: 'v', dataType: 'float' }],
});
await assets.createAsset(db, scope, { name: 'Export series', serial: 'EXP-1', modelId: model.id });
const port = Number(new URL(platform.url).port);
process.stdout.write(`${JSON.stringify({ port, key, email, password, model: model.name })}\n`);

const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
process.on('message', (m: unknown) => {
  if (m === 'reset') {
    loop.reset();
    process.send?.({ kind: 'reset' });
  } else if (m === 'stats') {
    process.send?.({
      kind: 'stats',
      loopMaxMs: ms(loop.max),
      loopP99Ms: ms(loop.percentile(99)),
      loopSamples: loop.count,
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    });
  }
});
const stop = async () => {
  await platform.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
