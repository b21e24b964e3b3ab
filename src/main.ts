// The composition root: the one place that wires concrete pieces together — database,
// migrations, demo data, the HTTP app and its context plugins.
import { personalKeyOf, secondFactorSealing } from './personal-key.ts';
import type { FastifyInstance } from 'fastify';
import { alarmMailTransport, subscriberScopeOf } from './alarm-mail.ts';
import { configError, type AlarmMailConfig, type Config } from './config.ts';
import { seedDemo, type DemoSeed } from './demo.ts';
import { startDemo, writeNewDemoHistory } from './demo-start.ts';
import { listTenants } from './identity/index.ts';
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
import { phmRoutes } from './server/routes/phm.ts';
import { regionRoutes } from './server/routes/region.ts';
import { energyService } from './energy/index.ts';
import { startAssessmentScheduler, stopTrainingJobs } from './phm/index.ts';
import { alarmPortOf, noticePortOf, serviceRoutes } from './server/routes/service.ts';
import { createAlarmAutomation, createServiceNotices } from './service/index.ts';
import { createPlanScheduler, databaseBlobs, diskBlobs } from './service/index.ts';
import { join } from 'node:path';
import { DEFAULT_ATTACHMENT_MAX_BYTES, servicePlanRoutes } from './server/routes/service-plans.ts';
import { startMqttUpstream, type MqttBroker } from './mqtt/index.ts';
import { mqttSupervisor } from './mqtt-supervisor.ts';
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
  startAuditArchiver,
  createRevocations,
} from './identity/index.ts';
import { startAuditExport } from './identity/audit-export/index.ts';
import { buildApp } from './server/index.ts';
import { telemetryRoutes } from './server/routes/telemetry.ts';
import { connectorRoutes } from './server/routes/connectors.ts';
import {
  createConnectorRuntime,
  createGatewayGrants,
  createSecretBox,
} from './connectors/index.ts';
import { telemetryRetentionRoutes } from './server/routes/telemetry-retention.ts';
import { createDatabase, isPostgresUrl, migrateToLatest, type Db } from './storage/index.ts';
import {
  createTelemetryService,
  type AssetLookup,
  type ReadLimits,
  type RetentionPolicies,
  type TelemetryService,
} from './telemetry/index.ts';
import type { TenantId } from './kernel/index.ts';
import { tlsFiles } from './tls-files.ts';
import { usageOverTelemetry, watchRul } from './telemetry-ports.ts';

export { usageOverTelemetry, watchRul };
import { backgroundJobs, restartable } from './background-jobs.ts';

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
  // Cluster nodes share one database: refused before anything opens a SQLite file.
  if (config.nats && !isPostgresUrl(config.databaseUrl))
    throw configError('RONGHE_NATS', {
      en: 'cluster mode needs PostgreSQL shared by every node; set RONGHE_DATABASE_URL (or --database-url) to postgres://…',
      'zh-CN':
        '集群模式需要各节点共用的 PostgreSQL；请将 RONGHE_DATABASE_URL（或 --database-url）设为 postgres://…',
    });
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
    if (migrated.newer)
      log(
        `database ${db.location}: migrated by a newer release (${migrated.newer}); running on it`,
      );
    // Telemetry before the demo seed: the energy demo's meter readings go through it.
    const lastSeen = createLastSeenRecorder(db, { log });
    // Cluster mode (issue 24): acknowledged writes go to the replicated JetStream log; the
    // embedded default never loads NATS.
    const cluster = config.nats ? await openCluster(config, log) : undefined;
    // A gateway's device token also writes the assets its connectors map (issue 23).
    const gatewayGrants = createGatewayGrants(db);
    const telemetry = await createTelemetryService({
      db,
      resolver: createAssetResolver(db),
      onStored: (scope, assetIds, at) => lastSeen.note(assetIds, at, scope.deviceId),
      deviceGrants: (tenantId, deviceId) => gatewayGrants.assetsOf(tenantId, deviceId),
      limits: config.telemetryLimits,
      ...(cluster
        ? {
            sink: cluster.sink,
            // Reads go to the shared store every node sees; retention runs under the lease.
            queries: cluster.queries(db),
            retentionByLease: true,
            expireShared: cluster.expire(db),
          }
        : {}),
    });
    // Attachment bytes: files under the data directory with the embedded default; in the shared
    // database (bytea) where several nodes serve one database (PostgreSQL, server mode).
    const blobs = db.capabilities.concurrentWriters
      ? databaseBlobs
      : diskBlobs(join(config.dataDir, 'attachments'));
    const demo = config.demo
      ? await seedDemo(db, {
          // The energy demo fits its baseline on readings it writes: in cluster mode they are
          // stored only once partition owners run, after the seed, so a cluster has none.
          ...(cluster ? {} : { telemetry }),
          blobs,
          ...(process.env.RONGHE_ADMIN_PASSWORD
            ? { adminPassword: process.env.RONGHE_ADMIN_PASSWORD }
            : {}),
        })
      : undefined;
    if (config.security) setAuditHash(config.security.auditHash);
    // The operator's key seals connector passwords and, through its own derived key (RFC 5869)
    // and the personal data's cipher (SM4 under 国密), second-factor secrets: RONGHE_SECRET_KEY
    // or a key file under the data directory.
    const secretKey = Buffer.from(personalKey.key);
    const authenticator = createAuthenticator(db, {
      ...(config.security
        ? {
            password: config.security.password,
            session: config.security.session,
            admin: adminProfiles[config.security.profile],
          }
        : {}),
      ...secondFactorSealing(personalKey),
    });
    // One stream of revocations for every edge that holds live connections (SSE, MQTT).
    const revocations = createRevocations(log);
    // A new demo's history (src/demo-start.ts), before monitoring listens.
    const demoHistoryEnd =
      demo?.created && !cluster
        ? await writeNewDemoHistory(db, telemetry, { simulate: config.simulate, log })
        : undefined;
    const clusterNode = cluster?.start({
      db,
      telemetry,
      revocations,
      clearCache: () => authenticator.clearCache(),
      log,
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
      // Nodes share the database: alarm batches reconcile with it, and the rules' changes are
      // committed only under their partition's fence (src/cluster/partition-tenures.ts).
      // A new owner's no-data clocks run from the assets' last stored points.
      clusterNode
        ? { ruleFence: clusterNode.ruleFence, lastStored: clusterNode.lastStored }
        : false,
    );
    // A rule saved on one node reloads every node's rules (the data's owner evaluates it).
    clusterNode?.shareRuleReloads(monitoring);
    clusterNode?.shareGatewayGrants(gatewayGrants);
    // The owner evaluates its partitions' points, acknowledging them once their alarms commit.
    clusterNode?.evaluateWith(monitoring);
    // Alarm changes reach the live alarm feed's connections on every node.
    clusterNode?.shareAlarmFeed(monitoring.notify);
    if (config.alarmMail) {
      const { host, port, secure } = config.alarmMail.smtp;
      log(
        `alarm e-mail from ${config.alarmMail.from} via smtp${secure ? 's' : ''}://${host}:${port}${secure ? '' : ' (STARTTLS)'}`,
      );
    }
    const broker = mqttSupervisor(config, { db, authenticator, revocations, telemetry }, log);
    // Maintenance plans fire from the service runtime's tick, counting usage from telemetry.
    const plans = createPlanScheduler(db, usageOverTelemetry(telemetry), { log });
    const https = config.https ? tlsFiles(config) : undefined;
    const auditArchiveDir = config.auditArchiveDir ?? join(config.dataDir, 'audit-archive');
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
        // A clustered node's engine is empty: the backlog is the shared ingest stream's.
        telemetry: () => clusterNode?.ingestBacklog() ?? telemetry.platformStatus(),
        mqttClients: () => broker.current()?.clients() ?? null,
        mqttAckLatency: () => broker.current()?.ackLatency() ?? null,
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
      auditArchiveDir,
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
            connectorRoutes(a, {
              db,
              box: secretBox,
              pkiDir: connectorPki,
              runtime: connectors,
              grants: gatewayGrants,
            }),
          prefix: '/api/v1',
        },
        ...(cluster && clusterNode
          ? [
              {
                plugin: (a: FastifyInstance) =>
                  cluster.routes(a, { db, telemetry, node: clusterNode }),
                prefix: '/api/v1',
              },
            ]
          : []),
      ],
    });
    await connectors.sync();
    // New audit records to the operator's collector (RONGHE_AUDIT_EXPORT), GB/T 22239 8.1.5.4 d.
    const auditExport = config.security?.auditExport
      ? await startAuditExport(db, config.security.auditExport, log)
      : undefined;
    // Audit records past their tenant's retention to archive files (GB/T 22239 8.1.4.3 c). With
    // one embedded database the platform does it; where several nodes share PostgreSQL, each
    // with its own disk, `ronghe audit archive` runs from one host's schedule instead.
    const auditArchiver = db.capabilities.concurrentWriters
      ? undefined
      : startAuditArchiver(db, auditArchiveDir, log);
    const stopRulWatch = await watchRul(db, telemetry, log);
    // SLA warnings / breaches and renewal reminders, once each, through the alarm channels.
    const notices = createServiceNotices({
      db,
      port: () => noticePortOf(monitoring),
      renewalDays: config.serviceRenewalDays ?? 30,
      log,
    });
    const background = backgroundJobs([
      // Scheduled PHM assessments (health_index and rul_hours written back), checked each minute.
      restartable(() => startAssessmentScheduler(db, telemetry, { log })),
      { start: () => plans.start(), stop: () => plans.stop() },
      { start: () => notices.start(60_000), stop: () => notices.stop() },
      // In one process the telemetry service runs its own retention from start().
      ...(clusterNode
        ? [
            {
              start: () => telemetry.startRetention(),
              stop: async () => telemetry.stopRetention(),
            },
            // Alarm escalation and shelf expiry: announced once, from one node (runtime.ts).
            monitoring.alarmClock,
          ]
        : []),
    ]);
    // Cluster mode: on one node at a time, behind a lease that moves when its holder dies.
    if (clusterNode) clusterNode.runBackground(background);
    else background.start();
    if (config.mqttPort !== null || config.mqttTlsPort !== null) await broker.start();
    // MQTT 5 devices through an external broker (issue 25; mqtt/upstream.ts).
    const upstream = config.mqttUpstream
      ? await startMqttUpstream({ ...config.mqttUpstream, authenticator, telemetry, log })
      : undefined;
    if (config.mqttUpstream) log(`mqtt: subscribed to ${config.mqttUpstream.url} (MQTT 5)`);
    // The demo's feed and a new demo's first assessments, before the console serves a page.
    const feed = config.demo
      ? await startDemo(db, telemetry, {
          simulate: config.simulate,
          historyEnd: demoHistoryEnd,
          log,
        })
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
        await auditArchiver?.stop();
        await connectors.stop();
        await stopRulWatch();
        await background.stop();
        await app.close();
        await upstream?.close();
        await broker.close();
        await monitoring.close();
        await clusterNode?.close();
        await cluster?.close();
        await telemetry.close();
        await lastSeen.close();
        await stopTrainingJobs();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * Cluster mode's pieces, loaded only when RONGHE_NATS is set: the NATS link (stream and lease
 * bucket ensured), the ingest sink telemetry writes to, and the node's partitions and cache bus.
 * (SQLite was refused at the start of startPlatform: cluster nodes share one database.)
 */
async function openCluster(config: Config, log: (line: string) => void) {
  const c = await import('./cluster/index.ts');
  const { clusterRoutes } = await import('./server/routes/cluster.ts');
  const nodeId = config.nodeId ?? c.defaultNodeId();
  const link = await c.openNatsLink(config.nats ?? [], `ronghe ${nodeId}`);
  log(
    `cluster: node ${nodeId} joined over NATS ${(config.nats ?? []).join(',')} (ingest stream R${link.replicas}, ${c.PARTITIONS} partitions)`,
  );
  // The ingest log message version the sink writes, chosen by the node's lease rounds.
  const writeVersion = c.createLogWriteVersion();
  return {
    sink: c.createIngestSink(link.js, writeVersion),
    start: (d: Omit<Parameters<typeof c.startClusterNode>[0], 'link' | 'nodeId'>) =>
      c.startClusterNode({ ...d, link, nodeId, writeVersion }),
    routes: clusterRoutes,
    queries: (db: Db) => (assetFor: AssetLookup, limits: ReadLimits) =>
      c.clusterQueries(db, assetFor, limits),
    expire: (db: Db) => (policies: RetentionPolicies, now: number) =>
      c.expireClusterStore(db, policies, now),
    close: () => link.close(),
  };
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
  shared: false | Pick<MonitoringRuntimeOptions, 'ruleFence' | 'lastStored'> = false,
): Promise<MonitoringRuntime> {
  return createMonitoringRuntime({
    ...(shared ? { sharedDatabase: true, ...shared } : {}),
    ...(onAlarmEffects ? { onAlarmEffects } : {}),
    notify: {
      subscriberScope: subscriberScopeOf(db),
      ...(alarmMail ? { transports: { email: alarmMailTransport(db, alarmMail, log) } } : {}),
    },
    webhooks,
    db,
    listTenants: async () => (await listTenants(db)).map((t) => t.id),
    listAssets: (tenantId, ids) => monitoredAssets(db, tenantId, ids),
    subscribe: (tenantId, send) => Promise.resolve(telemetry.subscribeColumns(tenantId, send)),
    // Derived channels (COP, heat) become telemetry of their asset, written tenant-wide as
    // PHM writes health_index back; monitoring decides which channels the model accepts.
    // The rows are in the ingest pipeline's columns already; a row the store refuses (its
    // asset deleted meanwhile) is left out, not the write. Computed values: the asset's
    // last-seen time is its own points', not the write-back's.
    writeBack: (tenantId, b) =>
      telemetry.ingestColumns(
        { tenantId, customerIds: null, computed: true },
        {
          assetKey: b.assets,
          ts: b.ts,
          fieldStart: b.start,
          rowKeys: b.channels,
          fieldValue: b.values,
          finite: true,
          label: (i) => `derived ${b.assets[i]} @ ${new Date(b.ts[i]!).toISOString()}`,
        },
        'derived',
        true,
      ),
    watchAssets: (listener) => watchAssetChanges(db, listener),
    ...(log ? { log } : {}),
  });
}

/**
 * Monitoring's view of a tenant's assets: the model's channels and numeric properties, and
 * whether the model accepts channels it does not declare (where derived values may be written).
 */
export async function monitoredAssets(
  db: Db,
  tenantId: string,
  ids?: Iterable<string>,
): Promise<MonitoredAsset[]> {
  const scope = { tenantId: tenantId as TenantId, customerIds: null, actor: 'system' };
  const open = new Set(
    (await listModels(db, scope)).filter((m) => m.allowNewChannels).map((m) => m.id as string),
  );
  return (await assetsWithChannels(db, tenantId, ids)).map((a) => ({
    ...a,
    allowNewChannels: a.modelId !== null && open.has(a.modelId),
  }));
}
