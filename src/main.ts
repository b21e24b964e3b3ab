// The composition root: the one place that wires concrete pieces together — database,
// migrations, demo data, the HTTP app and its context plugins.
import type { FastifyInstance } from 'fastify';
import { alarmMailNotify } from './alarm-mail.ts';
import type { AlarmMailConfig, Config } from './config.ts';
import { seedDemo, DEMO_TENANT, type DemoSeed } from './demo.ts';
import { startDemoFeed, type DemoFeed } from './demo-feed.ts';
import { findTenantBySlug, listTenants } from './identity/index.ts';
import {
  createMonitoringRuntime,
  type MonitoredAsset,
  type MonitoringRuntime,
  type MonitoringRuntimeOptions,
} from './monitoring/index.ts';
import { monitoringRoutes } from './server/routes/monitoring.ts';
import { energyRoutes } from './server/routes/energy.ts';
import { manufacturingRoutes } from './server/routes/manufacturing.ts';
import { reportEvent } from './manufacturing/index.ts';
import { phmRoutes } from './server/routes/phm.ts';
import { alarmPortOf, serviceRoutes } from './server/routes/service.ts';
import { createAlarmAutomation, createRulWatcher, RUL_CHANNEL } from './service/index.ts';
import { startMqttBroker, type MqttBroker } from './mqtt/index.ts';
import { assetsWithChannels, createAssetResolver, listModels } from './assets/index.ts';
import { createAuthenticator, type Authenticator } from './identity/index.ts';
import { buildApp } from './server/index.ts';
import { telemetryRoutes } from './server/routes/telemetry.ts';
import { createDatabase, migrateToLatest, type Db } from './storage/index.ts';
import { createTelemetryService, type TelemetryService } from './telemetry/index.ts';
import type { TenantId } from './kernel/index.ts';

export interface Platform {
  app: FastifyInstance;
  db: Db;
  telemetry: TelemetryService;
  monitoring: MonitoringRuntime;
  demo?: DemoSeed;
  mqtt?: MqttBroker;
  /** Base URL once listening. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Listen on config.host:config.port; false for in-process tests with app.inject(). */
  listen?: boolean;
  log?: (line: string) => void;
}

export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const db = await createDatabase({ url: config.databaseUrl });
  try {
    const migrated = await migrateToLatest(db);
    if (migrated.applied.length)
      log(`database ${db.location}: applied ${migrated.applied.join(', ')}`);
    const demo = config.demo
      ? await seedDemo(
          db,
          process.env.RONGHE_ADMIN_PASSWORD
            ? { adminPassword: process.env.RONGHE_ADMIN_PASSWORD }
            : {},
        )
      : undefined;
    const authenticator = createAuthenticator(db);
    const telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
    // Rule-level policies open work orders from raised alarms (src/service), through the
    // monitoring runtime once it exists.
    const automation = createAlarmAutomation(db, () => alarmPortOf(monitoring), log);
    const monitoring = await monitoringOverTelemetry(
      db,
      telemetry,
      log,
      config.alarmMail,
      automation.onAlarmEffects,
    );
    if (config.alarmMail) {
      const { host, port, secure } = config.alarmMail.smtp;
      log(
        `alarm e-mail from ${config.alarmMail.from} via smtp${secure ? 's' : ''}://${host}:${port}`,
      );
    }
    const app = await buildApp({
      db,
      authenticator,
      bodyLimitBytes: config.bodyLimitBytes,
      cookieSecure: config.cookieSecure,
      logger: { level: config.logLevel },
      plugins: [
        { plugin: (a) => telemetryRoutes(a, { telemetry }) },
        { plugin: (a) => monitoringRoutes(a, { db, monitoring }), prefix: '/api/v1' },
        { plugin: (a) => energyRoutes(a, { db, telemetry }), prefix: '/api/v1' },
        { plugin: (a) => manufacturingRoutes(a, { db }), prefix: '/api/v1' },
        { plugin: (a) => phmRoutes(a, { db, telemetry }), prefix: '/api/v1' },
        {
          plugin: (a) => serviceRoutes(a, { db, alarms: alarmPortOf(monitoring) }),
          prefix: '/api/v1/service',
        },
      ],
    });
    const stopRulWatch = await watchRul(db, telemetry, log);
    const mqtt =
      config.mqttPort === null
        ? undefined
        : await startMqtt(config, { db, authenticator, telemetry }, log);
    const demoTenant =
      config.demo && config.simulate ? await findTenantBySlug(db, DEMO_TENANT) : undefined;
    const feed: DemoFeed | undefined = demoTenant
      ? await startDemoFeed(telemetry, demoTenant.id, { log })
      : undefined;
    let url = '';
    if (opts.listen !== false) {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      // Listening on every interface: name the address a person on this machine would open.
      const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
      url = `http://${host}:${port}`;
    } else await app.ready();
    let closed = false;
    return {
      app,
      db,
      telemetry,
      monitoring,
      ...(demo ? { demo } : {}),
      ...(mqtt ? { mqtt } : {}),
      url,
      async close() {
        if (closed) return;
        closed = true;
        await feed?.stop();
        await stopRulWatch();
        await app.close();
        await mqtt?.close();
        await monitoring.close();
        await telemetry.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Monitoring fed by telemetry's live points, as the platform (and its route tests) runs it.
 * With `alarmMail`, alarm subscriptions may use the e-mail channel. */
export function monitoringOverTelemetry(
  db: Db,
  telemetry: TelemetryService,
  log?: (line: string) => void,
  alarmMail?: AlarmMailConfig | null,
  onAlarmEffects?: MonitoringRuntimeOptions['onAlarmEffects'],
): Promise<MonitoringRuntime> {
  return createMonitoringRuntime({
    ...(onAlarmEffects ? { onAlarmEffects } : {}),
    ...(alarmMail ? { notify: alarmMailNotify(db, alarmMail, log) } : {}),
    db,
    listTenants: async () => (await listTenants(db)).map((t) => t.id),
    listAssets: (tenantId) => monitoredAssets(db, tenantId),
    subscribe: (tenantId, send) => telemetry.subscribe({ tenantId, customerIds: null }, {}, send),
    // Derived channels (COP, heat) become telemetry of their asset, written tenant-wide as
    // PHM writes health_index back; monitoring decides which channels the model accepts.
    writeBack: (tenantId, rows) => telemetry.ingestJson({ tenantId, customerIds: null }, rows),
    ...(log ? { log } : {}),
  });
}

/**
 * Monitoring's view of a tenant's assets: the model's channels and numeric properties, and
 * whether the model accepts channels it does not declare (where derived values may be written).
 */
export async function monitoredAssets(db: Db, tenantId: string): Promise<MonitoredAsset[]> {
  const scope = { tenantId: tenantId as TenantId, customerIds: null, actor: 'system' };
  const open = new Set(
    (await listModels(db, scope)).filter((m) => m.allowNewChannels).map((m) => m.id as string),
  );
  return (await assetsWithChannels(db, tenantId)).map((a) => ({
    ...a,
    allowNewChannels: a.modelId !== null && open.has(a.modelId),
  }));
}

/** PHM's remaining life, written back as `rul_hours` telemetry, opens work orders by policy
 * (src/service). One live subscription per tenant existing at start-up. */
export async function watchRul(
  db: Db,
  telemetry: TelemetryService,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const watcher = createRulWatcher(db, log);
  const stops: Array<() => void> = [];
  for (const t of await listTenants(db))
    stops.push(
      await telemetry.subscribe(
        { tenantId: t.id, customerIds: null },
        { channels: [RUL_CHANNEL] },
        (points) => watcher.onPoints(t.id, points),
      ),
    );
  return async () => {
    for (const stop of stops) stop();
    await watcher.idle();
  };
}

/** The broker is optional: when its port is taken (say by a Mosquitto already running), the
 * platform starts without it and says how to choose another port. */
async function startMqtt(
  config: Config,
  deps: { db: Db; authenticator: Authenticator; telemetry: TelemetryService },
  log: (s: string) => void,
): Promise<MqttBroker | undefined> {
  try {
    const broker = await startMqttBroker({
      port: config.mqttPort!,
      host: config.host,
      authenticator: deps.authenticator,
      telemetry: deps.telemetry,
      shop: (scope, r) => reportEvent(deps.db, scope, r.order, r.op, r.event),
      log,
    });
    log(
      `MQTT broker on port ${broker.port} (topics ronghe/telemetry/<asset>, ronghe/lp, ronghe/shop/<station>)`,
    );
    return broker;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    log(
      `MQTT port ${config.mqttPort} is in use by another program; MQTT ingest is off. Set RONGHE_MQTT_PORT (or --mqtt-port) to a free port.`,
    );
    return undefined;
  }
}
