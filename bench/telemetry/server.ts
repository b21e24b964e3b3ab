// Child-process entry running the real HTTP server with the telemetry plugin over a fresh
// database (SQLite file under RONGHE_BENCH_DATA, or RONGHE_BENCH_DATABASE_URL), used by the
// benchmark and the SIGKILL durability test. Prints one JSON line {port, key, tenantId} when
// listening. RONGHE_BENCH_DATABASE_SCHEMA picks a PostgreSQL schema, RONGHE_DURABILITY fsync or os. Assets come from a plain-map resolver (A0001…, channels c0..c9).
import { join } from 'node:path';
import { durabilityEnv } from '../../src/config.ts';
import * as identity from '../../src/identity/index.ts';
import { buildApp } from '../../src/server/index.ts';
import { telemetryRoutes } from '../../src/server/routes/telemetry.ts';
import { createDatabase, migrateToLatest } from '../../src/storage/index.ts';
import { createTelemetryService } from '../../src/telemetry/index.ts';
import { fleetResolver } from '../../src/telemetry/test-support.ts';

const dataDir = process.env.RONGHE_BENCH_DATA ?? '.';
const url = process.env.RONGHE_BENCH_DATABASE_URL ?? join(dataDir, 'ronghe.db');
const assets = Number(process.env.RONGHE_BENCH_ASSETS ?? 1000);
const port = Number(process.env.RONGHE_BENCH_PORT ?? 0);

const schema = process.env.RONGHE_BENCH_DATABASE_SCHEMA;
// RONGHE_DURABILITY=os measures ingest without the fsync per group commit.
const durability = durabilityEnv();
const db = await createDatabase(schema ? { url, schema, durability } : { url, durability });
await migrateToLatest(db);
let tenant = await identity.findTenantBySlug(db, 'bench');
let key = process.env.RONGHE_BENCH_KEY;
if (!tenant) {
  tenant = await identity.createTenant(db, { slug: 'bench', name: 'Bench' }, 'bench');
}
if (!key) {
  // A writer's key, as Telegraf or a gateway holds: the least role that writes and reads
  // telemetry. An administrator's key would also be audited on every write (admin-audit.ts: one
  // chained audit record per request), which is not what a data writer pays.
  const scope = { tenantId: tenant.id, customerIds: null, actor: 'bench' };
  key = (
    await identity.createApiKey(db, scope, 'tenant_admin', { name: 'bench', role: 'engineer' })
  ).key;
}
// RONGHE_BENCH_THREADS=0 compacts on the main thread (to compare).
const telemetry = await createTelemetryService({
  db,
  resolver: fleetResolver(tenant.id, assets, 10),
  engine: { compactionThread: process.env.RONGHE_BENCH_THREADS !== '0' },
});
// The compaction thread loads its modules in the background: a writer would meet it only at
// start, so the measured ingest does not either.
await telemetry.engine.compactionReady();
const app = await buildApp({
  db,
  authenticator: identity.createAuthenticator(db),
  plugins: [{ plugin: (f) => telemetryRoutes(f, { telemetry }) }],
});
const address = await app.listen({ host: '127.0.0.1', port });
const listening = Number(new URL(address).port);
process.stdout.write(`${JSON.stringify({ port: listening, key, tenantId: tenant.id })}\n`);

const stop = async () => {
  await app.close();
  await telemetry.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
