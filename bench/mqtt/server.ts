// Child-process entry for `npm run bench -- mqtt`: the real platform pieces (telemetry engine,
// embedded MQTT broker, monitoring runtime with rules on every asset) over a fresh SQLite
// database. Prints one JSON line {mqttPort, httpPort, key} when ready; GET /bench/stats answers
// the rule engine's counters.
import { join } from 'node:path';
import * as identity from '../../src/identity/index.ts';
import {
  createMonitoringRuntime,
  createRuleStore,
  type RuleSpec,
} from '../../src/monitoring/index.ts';
import { startMqttBroker } from '../../src/mqtt/index.ts';
import { buildApp } from '../../src/server/index.ts';
import { createDatabase, migrateToLatest } from '../../src/storage/index.ts';
import { createTelemetryService } from '../../src/telemetry/index.ts';
import { assetKey, fleetResolver } from '../../src/telemetry/test-support.ts';

const assets = Number(process.env.RONGHE_BENCH_ASSETS ?? 1000);
const withRules = process.env.RONGHE_BENCH_RULES !== '0';
const db = await createDatabase({ url: join(process.env.RONGHE_BENCH_DATA ?? '.', 'ronghe.db') });
await migrateToLatest(db);
const tenant = await identity.createTenant(db, { slug: 'bench', name: 'Bench' }, 'bench');
const scope = { tenantId: tenant.id, customerIds: null, actor: 'bench' };
const key = (
  await identity.createApiKey(db, scope, 'tenant_admin', { name: 'bench', role: 'engineer' })
).key;
const resolver = fleetResolver(tenant.id, assets, 10);
const telemetry = await createTelemetryService({ db, resolver });

// Four rules per asset: a threshold with hysteresis, a multi-channel expression, a rate of
// change and a no-data watch — the mix ISSUE 4 names.
const rules: RuleSpec[] = [
  {
    id: 'supply-high',
    severity: 'major',
    kind: 'threshold',
    value: 'c0',
    op: 'above',
    limit: 7.6,
    hysteresis: 0.2,
  },
  { id: 'low-delta-t', severity: 'minor', kind: 'expression', when: 'c1 - c0 < 2 && c8 > 3' },
  { id: 'power-jump', severity: 'warning', kind: 'rate', value: 'c6', maxPerMinute: 50 },
  { id: 'offline', severity: 'major', kind: 'no-data', expectedIntervalMs: 60_000, factor: 3 },
];
if (withRules) {
  const store = createRuleStore(db, tenant.id);
  for (const modelId of ['am_even', 'am_odd'])
    for (const r of rules) await store.save({ scope: 'model', modelId }, r, 'bench', Date.now());
}
const channels = Array.from({ length: 10 }, (_, i) => `c${i}`);
const monitoring = await createMonitoringRuntime({
  db,
  listTenants: () => Promise.resolve([tenant.id]),
  listAssets: () =>
    Promise.resolve(
      Array.from({ length: assets }, (_, i) => ({
        id: `as_${assetKey(i)}`,
        modelId: i % 2 === 0 ? 'am_even' : 'am_odd',
        parentId: null,
        customerId: null,
        channels,
        properties: {},
      })),
    ),
  subscribe: (tenantId, send) => Promise.resolve(telemetry.subscribeColumns(tenantId, send)),
});
const monitor = await monitoring.tenant(tenant.id);
const broker = await startMqttBroker({
  port: 0,
  host: '127.0.0.1',
  authenticator: identity.createAuthenticator(db),
  telemetry,
});
const app = await buildApp({ db, authenticator: identity.createAuthenticator(db) });
app.get('/bench/stats', { config: { permission: 'public' } }, async () => ({
  engine: monitor.engine.stats,
  openAlarms: monitor.alarms.openAlarms().length,
  rejected: broker.rejected(),
  rss: process.memoryUsage().rss,
  compaction: telemetry.status(scope),
}));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(
  `${JSON.stringify({ mqttPort: broker.port, httpPort: Number(new URL(address).port), key })}\n`,
);

const stop = async () => {
  await app.close();
  await broker.close();
  await monitoring.close();
  await telemetry.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
