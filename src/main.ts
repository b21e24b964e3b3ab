// The composition root: the one place that wires concrete pieces together — database,
// migrations, demo data, the HTTP app and its context plugins.
import { personalKeyOf } from './personal-key.ts';
import type { FastifyInstance } from 'fastify';
import { alarmMailTransport, subscriberScopeOf } from './alarm-mail.ts';
import type { AlarmMailConfig, Config } from './config.ts';
import { seedDemo, DEMO_TENANT, type DemoSeed } from './demo.ts';
import { startDemoFeed, type DemoFeed } from './demo-feed.ts';
import { findTenantBySlug, listTenants } from './identity/index.ts';
import {
  countActiveAlarms,
  createMonitoringRuntime,
  type MonitoredAsset,
  type MonitoringRuntime,
  type MonitoringRuntimeOptions,
  type WebhookOptions,
} from './monitoring/index.ts';
import { monitoringRoutes } from './server/routes/monitoring.ts';
import { monitoringPreviewRoutes } from './server/routes/monitoring-preview.ts';
import { energyRoutes } from './server/routes/energy.ts';
import { manufacturingRoutes } from './server/routes/manufacturing.ts';
import { reportEvent } from './manufacturing/index.ts';
import { phmRoutes } from './server/routes/phm.ts';
import { regionRoutes } from './server/routes/region.ts';
import { energyService } from './energy/index.ts';
import { ingestWaveform, startAssessmentScheduler } from './phm/index.ts';
import { alarmPortOf, noticePortOf, serviceRoutes } from './server/routes/service.ts';
import {
  createAlarmAutomation,
  createRulWatcher,
  createServiceNotices,
  RUL_CHANNEL,
} from './service/index.ts';
import { createPlanScheduler, databaseBlobs, diskBlobs } from './service/index.ts';
import type { UsagePort } from './service/index.ts';
import { join } from 'node:path';
import { hkdfSync } from 'node:crypto';
import { DEFAULT_ATTACHMENT_MAX_BYTES, servicePlanRoutes } from './server/routes/service-plans.ts';
import { startMqttBroker, startMqttUpstream, type MqttBroker } from './mqtt/index.ts';
import {
  assetsWithChannels,
  createAssetResolver,
  createLastSeenRecorder,
  listModels,
  watchAssetChanges,
} from './assets/index.ts';
import {
  adminProfiles,
  createAuthenticator,
  setAuditHash,
  createRevocations,
  type Authenticator,
  type Revocations,
} from './identity/index.ts';
import { startAuditExport } from './identity/audit-export/index.ts';
import { buildApp } from './server/index.ts';
import { telemetryRoutes } from './server/routes/telemetry.ts';
import { connectorRoutes } from './server/routes/connectors.ts';
import {
  createConnectorRuntime,
  createSecretBox,
  parseGatewayReport,
  recordGatewayReport,
} from './connectors/index.ts';
import { telemetryRetentionRoutes } from './server/routes/telemetry-retention.ts';
import { createDatabase, migrateToLatest, type Db } from './storage/index.ts';
import { createTelemetryService, type TelemetryService } from './telemetry/index.ts';
import type { TenantId } from './kernel/index.ts';
import { mqttTls, tlsFiles } from './tls-files.ts';

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
  /** Check each HTTP answer against its documented schema (the OpenAPI contract test). */
  validateResponses?: boolean;
}

export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const personalKey = personalKeyOf(config);
  const db = await createDatabase({
    url: config.databaseUrl,
    durability: config.durability,
    ...(config.security?.databaseSsl ? { ssl: config.security.databaseSsl } : {}),
    personalKey,
  });
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
    if (config.security) setAuditHash(config.security.auditHash);
    // The operator's key seals connector passwords and, through its own derived key (RFC 5869),
    // second-factor secrets: RONGHE_SECRET_KEY or a key file under the data directory.
    const secretKey = Buffer.from(personalKey.key);
    const authenticator = createAuthenticator(db, {
      ...(config.security
        ? {
            password: config.security.password,
            session: config.security.session,
            admin: adminProfiles[config.security.profile],
          }
        : {}),
      secretKey: Buffer.from(hkdfSync('sha256', secretKey, '', 'ronghe totp secrets', 32)),
    });
    // One stream of revocations for every edge that holds live connections (SSE, MQTT).
    const revocations = createRevocations(log);
    const lastSeen = createLastSeenRecorder(db, { log });
    const telemetry = await createTelemetryService({
      db,
      resolver: createAssetResolver(db),
      onStored: (scope, assetIds, at) => lastSeen.note(assetIds, at, scope.deviceId),
      limits: config.telemetryLimits,
    });
    // Rule-level policies open work orders from raised alarms (src/service), through the
    // monitoring runtime once it exists.
    const automation = createAlarmAutomation(db, () => alarmPortOf(monitoring), log);
    const monitoring = await monitoringOverTelemetry(
      db,
      telemetry,
      log,
      config.alarmMail,
      automation.onAlarmEffects,
      { allowPrivate: config.webhookAllowPrivate ?? false },
    );
    if (config.alarmMail) {
      const { host, port, secure } = config.alarmMail.smtp;
      log(
        `alarm e-mail from ${config.alarmMail.from} via smtp${secure ? 's' : ''}://${host}:${port}${secure ? '' : ' (STARTTLS)'}`,
      );
    }
    const broker = mqttSupervisor(config, { db, authenticator, revocations, telemetry }, log);
    // Maintenance plans fire from the service runtime's tick, counting usage from telemetry.
    const plans = createPlanScheduler(db, usageOverTelemetry(telemetry), { log });
    // Attachment bytes: files under the data directory with the embedded default; in the shared
    // database (bytea) where several nodes serve one database (PostgreSQL, server mode).
    const blobs = db.capabilities.concurrentWriters
      ? databaseBlobs
      : diskBlobs(join(config.dataDir, 'attachments'));
    const https = config.https ? tlsFiles(config) : undefined;
    // OPC UA and Modbus connectors the platform runs itself (issue 23); their passwords are
    // sealed with RONGHE_SECRET_KEY or a key file under the data directory.
    const secretBox = createSecretBox(secretKey);
    const connectorPki = join(config.dataDir, 'connectors-pki');
    const connectors = createConnectorRuntime({
      db,
      box: secretBox,
      pkiDir: connectorPki,
      ingest: (tenantId, points) => telemetry.ingestJson({ tenantId, customerIds: null }, points),
      log,
    });
    const app = await buildApp({
      db,
      authenticator,
      ...(https ? { https } : {}),
      metricsToken: config.metricsToken ?? null,
      platformMetrics: {
        ingest: () => telemetry.counters,
        telemetry: () => telemetry.platformStatus(),
        mqttClients: () => broker.current()?.clients() ?? null,
        rules: () => monitoring.stats(),
        // Platform-wide on purpose: no tenant is named on /metrics.
        activeAlarms: () => countActiveAlarms(db),
      },
      readiness: [
        { part: 'telemetry engine', notReady: () => telemetry.notReady() },
        ...(config.mqttPort === null && config.mqttTlsPort === null
          ? []
          : [{ part: 'MQTT broker', notReady: broker.notReady }]),
      ],
      bodyLimitBytes: config.bodyLimitBytes,
      cookieSecure: config.cookieSecure,
      revocations,
      sseMaxPerPrincipal: config.sseMaxPerPrincipal,
      logger: { level: config.logLevel },
      ...(opts.validateResponses ? { validateResponses: true } : {}),
      plugins: [
        { plugin: (a) => telemetryRoutes(a, { telemetry }) },
        { plugin: (a) => telemetryRetentionRoutes(a, { telemetry }), prefix: '/api/v1' },
        { plugin: (a) => monitoringRoutes(a, { db, monitoring }), prefix: '/api/v1' },
        {
          plugin: (a) => monitoringPreviewRoutes(a, { db, monitoring, telemetry }),
          prefix: '/api/v1',
        },
        { plugin: (a) => energyRoutes(a, { db, telemetry }), prefix: '/api/v1' },
        { plugin: (a) => manufacturingRoutes(a, { db }), prefix: '/api/v1' },
        { plugin: (a) => phmRoutes(a, { db, telemetry }), prefix: '/api/v1' },
        {
          plugin: (a) => serviceRoutes(a, { db, alarms: alarmPortOf(monitoring) }),
          prefix: '/api/v1/service',
        },
        {
          plugin: (a) =>
            servicePlanRoutes(a, {
              db,
              blobs,
              attachmentMaxBytes: config.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
              scheduler: plans,
            }),
          prefix: '/api/v1/service',
        },
        {
          plugin: (a) =>
            regionRoutes(a, {
              db,
              statements: (scope) => energyService.listAllStatements({ db, telemetry }, scope),
            }),
          prefix: '/api/v1/region',
        },
        {
          plugin: (a) =>
            connectorRoutes(a, { db, box: secretBox, pkiDir: connectorPki, runtime: connectors }),
          prefix: '/api/v1',
        },
      ],
    });
    await connectors.sync();
    // New audit records to the operator's collector (RONGHE_AUDIT_EXPORT), GB/T 22239 8.1.5.4 d.
    const auditExport = config.security?.auditExport
      ? await startAuditExport(db, config.security.auditExport, log)
      : undefined;
    const stopRulWatch = await watchRul(db, telemetry, log);
    // Scheduled PHM assessments (health_index and rul_hours written back), checked each minute.
    const phmSchedule = startAssessmentScheduler(db, telemetry, { log });
    plans.start();
    // SLA warnings / breaches and renewal reminders, once each, through the alarm channels.
    const notices = createServiceNotices({
      db,
      port: () => noticePortOf(monitoring),
      renewalDays: config.serviceRenewalDays ?? 30,
      log,
    });
    notices.start(60_000);
    if (config.mqttPort !== null || config.mqttTlsPort !== null) await broker.start();
    // MQTT 5 devices through an external broker (issue 25; mqtt/upstream.ts).
    const upstream = config.mqttUpstream
      ? await startMqttUpstream({ ...config.mqttUpstream, authenticator, telemetry, log })
      : undefined;
    if (config.mqttUpstream) log(`mqtt: subscribed to ${config.mqttUpstream.url} (MQTT 5)`);
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
      url = `${https ? 'https' : 'http'}://${host}:${port}`;
    } else await app.ready();
    let closed = false;
    return {
      app,
      db,
      telemetry,
      monitoring,
      ...(demo ? { demo } : {}),
      get mqtt() {
        return broker.current();
      },
      url,
      async close() {
        if (closed) return;
        closed = true;
        await feed?.stop();
        await auditExport?.close();
        await connectors.stop();
        await stopRulWatch();
        await phmSchedule.stop();
        await plans.stop();
        await notices.stop();
        await app.close();
        await upstream?.close();
        await broker.close();
        await monitoring.close();
        await telemetry.close();
        await lastSeen.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Monitoring fed by telemetry's live points, as the platform (and its route tests) runs it.
 * With `alarmMail`, alarm subscriptions may use the e-mail channel; the webhook channel is
 * always delivered (private addresses refused unless `webhooks.allowPrivate`). */
export function monitoringOverTelemetry(
  db: Db,
  telemetry: TelemetryService,
  log?: (line: string) => void,
  alarmMail?: AlarmMailConfig | null,
  onAlarmEffects?: MonitoringRuntimeOptions['onAlarmEffects'],
  webhooks: Omit<WebhookOptions, 'onDeadLetter'> = {},
): Promise<MonitoringRuntime> {
  return createMonitoringRuntime({
    ...(onAlarmEffects ? { onAlarmEffects } : {}),
    notify: {
      subscriberScope: subscriberScopeOf(db),
      ...(alarmMail ? { transports: { email: alarmMailTransport(db, alarmMail, log) } } : {}),
    },
    webhooks,
    db,
    listTenants: async () => (await listTenants(db)).map((t) => t.id),
    listAssets: (tenantId) => monitoredAssets(db, tenantId),
    subscribe: (tenantId, send) => Promise.resolve(telemetry.subscribeColumns(tenantId, send)),
    // Derived channels (COP, heat) become telemetry of their asset, written tenant-wide as
    // PHM writes health_index back; monitoring decides which channels the model accepts.
    writeBack: (tenantId, rows) => telemetry.ingestJson({ tenantId, customerIds: null }, rows),
    watchAssets: (listener) => watchAssetChanges(db, listener),
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

/** Raw samples of a channel for the plan scheduler, page by page, through the read API. */
export function usageOverTelemetry(telemetry: TelemetryService): UsagePort {
  return {
    async *points(tenantId, asset, channel, from, to) {
      const scope = { tenantId, customerIds: null };
      let next: number | undefined = from;
      while (next !== undefined) {
        const page = await telemetry.queries.raw(scope, {
          asset,
          channel,
          from: next,
          to,
          limit: 10_000,
        });
        if (page.points.length) yield page.points;
        next = page.next;
      }
    },
  };
}

/** How long to wait before trying a taken MQTT port again (say, the old process still exits). */
const MQTT_RETRY_MS = 5_000;

/**
 * The broker is optional: when its port is taken (say by a Mosquitto already running, or by
 * the previous process still shutting down), the platform runs without it, says how to choose
 * another port, keeps trying the port, and /readyz reports the broker as not running meanwhile.
 */
function mqttSupervisor(
  config: Config,
  deps: {
    db: Db;
    authenticator: Authenticator;
    revocations: Revocations;
    telemetry: TelemetryService;
  },
  log: (s: string) => void,
) {
  let broker: MqttBroker | undefined;
  let reason = 'is starting';
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = async (first: boolean): Promise<void> => {
    const b = await startMqtt(config, deps, first ? log : () => undefined);
    if (stopped) return void (await b?.close());
    if (b) {
      broker = b;
      if (!first) log(`MQTT broker on port ${b.port}: the port is free again`);
      return;
    }
    reason = `is not running: port ${config.mqttPort} is in use by another program`;
    retry = setTimeout(() => {
      attempt(false).catch((e: unknown) => log(`MQTT broker: ${(e as Error).message}`));
    }, MQTT_RETRY_MS);
    retry.unref();
  };
  return {
    start: () => attempt(true),
    current: () => broker,
    notReady: (): string | null => (broker ? null : reason),
    async close() {
      stopped = true;
      clearTimeout(retry);
      await broker?.close();
    },
  };
}

async function startMqtt(
  config: Config,
  deps: {
    db: Db;
    authenticator: Authenticator;
    revocations: Revocations;
    telemetry: TelemetryService;
  },
  log: (s: string) => void,
): Promise<MqttBroker | undefined> {
  const tls = mqttTls(config);
  try {
    const broker = await startMqttBroker({
      port: config.mqttPort,
      host: config.host,
      maxPacketBytes: config.mqttMaxPacketBytes,
      ...(tls ? { tls } : {}),
      authenticator: deps.authenticator,
      revocations: deps.revocations,
      telemetry: deps.telemetry,
      shop: (scope, r) => reportEvent(deps.db, scope, r.order, r.op, r.event),
      waveform: ({ tenantId, customerIds, actor }, { asset, ...m }) =>
        ingestWaveform(deps.db, { tenantId: tenantId as TenantId, customerIds, actor }, asset, m),
      gatewayStatus: ({ tenantId, deviceId }, raw) =>
        recordGatewayReport(deps.db, tenantId, deviceId, parseGatewayReport(raw)),
      log,
    });
    const ports = [
      ...(broker.port !== null ? [`port ${broker.port}`] : []),
      ...(broker.tlsPort !== null ? [`TLS port ${broker.tlsPort}`] : []),
    ];
    log(
      `MQTT broker on ${ports.join(' and ')} (topics ronghe/telemetry/<asset>, ronghe/lp, ronghe/shop/<station>, ronghe/waveform/<asset>, ronghe/gateway/status)`,
    );
    return broker;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    log(
      `MQTT port ${(e as { port?: number }).port ?? config.mqttPort} is in use by another program; MQTT ingest is off until it is free (tried every ${MQTT_RETRY_MS / 1000} s). Set RONGHE_MQTT_PORT (or --mqtt-port) or RONGHE_MQTT_TLS_PORT to a free port.`,
    );
    return undefined;
  }
}
