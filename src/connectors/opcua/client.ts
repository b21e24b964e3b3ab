// OPC UA client connector (OPC UA Part 4): one session and one subscription per server, monitored
// items per mapping with their sampling interval, queue and data-change deadband (Part 4
// §7.22.2). Reconnection is ours rather than the stack's: on a lost connection everything is
// torn down and rebuilt with backoff, namespace indexes are looked up again by URI, and values
// whose source timestamp is not newer than the last one kept are dropped, so a server restart
// gives no duplicates (the new subscription's first notification repeats the current value).
import { mkdirSync } from 'node:fs';
import type { ClientSubscription } from 'node-opcua';
import {
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DataType,
  DeadbandType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  VariableIds,
  type ClientSession,
  type DataValue,
  type MonitoringParametersOptions,
  type UserIdentityInfo,
} from 'node-opcua';
import type { Deadband, PointSink } from '../points.ts';
import { StatusTracker } from '../status.ts';
import { explainOpcUaError, resolveNodeId, variantNumber } from './values.ts';

import type { SecurityModeName } from './modes.ts';
export { SECURITY_MODES, type SecurityModeName } from './modes.ts';

export interface OpcUaMapping {
  readonly key: string;
  readonly asset: string;
  readonly channel: string;
  readonly namespaceUri: string;
  /** Identifier without the namespace: `s=Temp`, `i=1001`. */
  readonly nodeId: string;
  readonly samplingIntervalMs: number;
  readonly queueSize: number;
  readonly deadband: Deadband;
}

export interface OpcUaConnectorConfig {
  readonly id: string;
  readonly endpointUrl: string;
  /** Sign and SignAndEncrypt use Basic256Sha256 (RSA-OAEP, so no PKCS#1 v1.5 is needed). */
  readonly securityMode: SecurityModeName;
  readonly user?: { readonly username: string; readonly password: string };
  /** This gateway's certificate store: own certificate, trusted and rejected server certificates. */
  readonly pkiDir: string;
  readonly publishingIntervalMs: number;
  readonly mappings: readonly OpcUaMapping[];
  readonly maxBackoffMs?: number;
}

export interface OpcUaConnector {
  readonly status: StatusTracker;
  /** Resolves once the first subscription is running (or rejects with the first error). */
  readonly firstSession: Promise<void>;
  stop(): Promise<void>;
}

/** The most monitored items one CreateMonitoredItems call asks for (see itemsPerCall). */
const MAX_ITEMS_PER_CALL = 1000;

const modes: Record<SecurityModeName, MessageSecurityMode> = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
};

function filterOf(db: Deadband): DataChangeFilter | undefined {
  if (db.kind === 'none') return undefined;
  return new DataChangeFilter({
    trigger: DataChangeTrigger.StatusValue,
    deadbandType: db.kind === 'absolute' ? DeadbandType.Absolute : DeadbandType.Percent,
    deadbandValue: db.value,
  });
}

const paramsKey = (m: OpcUaMapping) =>
  `${m.samplingIntervalMs}/${m.queueSize}/${m.deadband.kind}/${'value' in m.deadband ? m.deadband.value : ''}`;

function identity(cfg: OpcUaConnectorConfig): UserIdentityInfo {
  return cfg.user
    ? { type: UserTokenType.UserName, userName: cfg.user.username, password: cfg.user.password }
    : { type: UserTokenType.Anonymous };
}

export function startOpcUaConnector(
  cfg: OpcUaConnectorConfig,
  sink: PointSink,
  status = new StatusTracker(
    cfg.id,
    cfg.mappings.map((m) => m.key),
  ),
): OpcUaConnector {
  const lastSourceTs = new Map<string, number>();
  let stopped = false;
  let wake: (() => void) | undefined;
  let current: { client: OPCUAClient; session?: ClientSession } | undefined;
  let firstDone = false;
  let resolveFirst!: () => void;
  let rejectFirst!: (e: Error) => void;
  const firstSession = new Promise<void>((res, rej) => {
    resolveFirst = res;
    rejectFirst = rej;
  });
  firstSession.catch(() => undefined);

  mkdirSync(cfg.pkiDir, { recursive: true });
  const certificateManager = new OPCUACertificateManager({
    rootFolder: cfg.pkiDir,
    automaticallyAcceptUnknownCertificate: false,
  });

  function onValue(m: OpcUaMapping, dv: DataValue): void {
    if (!dv.statusCode.isGood()) {
      // Bad or uncertain quality: counted and reported, never stored as a number.
      status.mappingError(
        m.key,
        { en: `quality ${dv.statusCode.name}`, 'zh-CN': `质量码 ${dv.statusCode.name}` },
        true,
      );
      return;
    }
    const value = variantNumber(dv.value.value, DataType[dv.value.dataType] ?? '');
    if (value === undefined) {
      const type = DataType[dv.value.dataType];
      status.mappingError(
        m.key,
        { en: `not a number (${type})`, 'zh-CN': `不是数值（${type}）` },
        true,
      );
      return;
    }
    const ts = (dv.sourceTimestamp ?? dv.serverTimestamp ?? new Date()).getTime();
    const prev = lastSourceTs.get(m.key);
    if (prev !== undefined && ts <= prev) return; // already kept (a restart repeats it)
    lastSourceTs.set(m.key, ts);
    status.value(m.key, value, ts);
    sink([{ asset: m.asset, channel: m.channel, ts, value }]);
  }

  /**
   * Monitored items per CreateMonitoredItems call: the server's own limit
   * (ServerCapabilities.OperationLimits.MaxMonitoredItemsPerCall, OPC UA Part 5 §6.3.11; 0 or
   * absent means none), and never more than MAX_ITEMS_PER_CALL, so that one call of thousands
   * of items neither exceeds a server's limit (BadTooManyOperations) nor its request timeout.
   */
  async function itemsPerCall(session: ClientSession): Promise<number> {
    const dv = await session
      .read({
        nodeId: VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall,
      })
      .catch(() => undefined);
    const limit = Number(dv?.statusCode.isGood() ? dv.value.value : 0);
    return limit > 0 ? Math.min(limit, MAX_ITEMS_PER_CALL) : MAX_ITEMS_PER_CALL;
  }

  async function monitor(session: ClientSession, sub: ClientSubscription): Promise<void> {
    const namespaces = await session.readNamespaceArray();
    const perCall = await itemsPerCall(session);
    const groups = new Map<string, { m: OpcUaMapping; nodeId: string }[]>();
    for (const m of cfg.mappings) {
      let nodeId: string;
      try {
        nodeId = resolveNodeId(namespaces, m.namespaceUri, m.nodeId);
      } catch {
        status.mappingError(m.key, {
          en: `namespace '${m.namespaceUri}' is not on the server`,
          'zh-CN': `服务器上没有命名空间“${m.namespaceUri}”`,
        });
        continue;
      }
      const g = groups.get(paramsKey(m)) ?? [];
      g.push({ m, nodeId });
      groups.set(paramsKey(m), g);
    }
    for (const all of groups.values()) {
      const first = all[0]!.m;
      const filter = filterOf(first.deadband);
      const params: MonitoringParametersOptions = {
        samplingInterval: first.samplingIntervalMs,
        queueSize: first.queueSize,
        discardOldest: true,
        ...(filter ? { filter } : {}),
      };
      for (let at = 0; at < all.length; at += perCall) {
        const items = all.slice(at, at + perCall);
        const group = await sub.monitorItems(
          items.map((i) => ({ nodeId: i.nodeId, attributeId: AttributeIds.Value })),
          params,
          TimestampsToReturn.Both,
        );
        group.monitoredItems.forEach((mi, i) => {
          const code = mi.result?.statusCode ?? mi.statusCode;
          if (code && !code.isGood()) status.mappingError(items[i]!.m.key, code.name);
        });
        group.on('changed', (_mi, dv, index) => {
          const item = items[index];
          if (item) onValue(item.m, dv);
        });
      }
    }
  }

  /** One session's life: resolves when the connection is lost or the connector stops. */
  async function session(): Promise<void> {
    const secured = cfg.securityMode !== 'None';
    const client = OPCUAClient.create({
      applicationName: `ronghe-gateway-${cfg.id}`,
      securityMode: modes[cfg.securityMode],
      securityPolicy: secured ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
      endpointMustExist: false,
      clientCertificateManager: certificateManager,
      connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
    });
    current = { client };
    const lost = new Promise<void>((resolve) => {
      wake = resolve;
      client.on('connection_lost', () => resolve());
      client.on('close', () => resolve());
    });
    await client.connect(cfg.endpointUrl);
    const s = await client.createSession(identity(cfg));
    current.session = s;
    const sub = await s.createSubscription2({
      requestedPublishingInterval: cfg.publishingIntervalMs,
      requestedLifetimeCount: 120,
      requestedMaxKeepAliveCount: 10,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    await monitor(s, sub);
    status.setState('online');
    if (!firstDone) {
      firstDone = true;
      resolveFirst();
    }
    if (!stopped) await lost;
  }

  async function teardown(): Promise<void> {
    const c = current;
    current = undefined;
    if (!c) return;
    await c.session?.close().catch(() => undefined);
    await c.client.disconnect().catch(() => undefined);
  }

  async function run(): Promise<void> {
    let delay = 500;
    while (!stopped) {
      try {
        await session();
        delay = 500;
        if (!stopped)
          status.setState('offline', {
            en: 'connection lost; reconnecting',
            'zh-CN': '连接中断，正在重连',
          });
      } catch (e) {
        const why = explainOpcUaError(e, cfg.pkiDir);
        status.setState('offline', why);
        if (!firstDone) {
          firstDone = true;
          rejectFirst(new Error(why.en));
        }
      }
      await teardown();
      if (stopped) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, delay);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      delay = Math.min(delay * 2, cfg.maxBackoffMs ?? 30_000);
    }
  }

  const loop = certificateManager.initialize().then(run);
  return {
    status,
    firstSession,
    async stop() {
      stopped = true;
      wake?.();
      await loop.catch(() => undefined);
      await teardown();
      await certificateManager.dispose().catch(() => undefined);
    },
  };
}

/** Trusts a server's certificate (DER) in a gateway's store: the explicit step Part 2 §8.1 asks
 * for before a secured session. */
export async function trustServerCertificate(pkiDir: string, der: Buffer): Promise<void> {
  mkdirSync(pkiDir, { recursive: true });
  const cm = new OPCUACertificateManager({ rootFolder: pkiDir });
  await cm.initialize();
  try {
    await cm.trustCertificate(der);
  } finally {
    await cm.dispose();
  }
}
