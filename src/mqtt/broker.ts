// The embedded MQTT broker (Aedes): devices and gateways publish telemetry with their device
// token or an API key as the password; every message goes through the one ingest pipeline and
// is acknowledged (QoS 1 PUBACK) only after it is durably written. Under overload the
// acknowledgement waits, so a client's in-flight window throttles it (MQTT flow control).
// Sparkplug B edge nodes publish on spBv1.0/… (sparkplug.ts): their BIRTH and DATA metrics
// take the same path; their alias tables live with the connection.
// Stations report production operations on ronghe/shop/<station> (shop.ts), with an API key
// whose role may report them; events of one connection apply in the order they were sent.
// The broker is an ingest endpoint, not a shared bus: a client may subscribe only to its own
// error topic, reports reach only the connection they concern (error-reports.ts), and a client
// id belongs to the principal that holds it (client-ids.ts), so no tenant can read another's
// data through it. A revoked principal's connections end at once (opts.revocations).
// Memory is bounded per client: packets up to maxPacketBytes (packet-size.ts), nothing
// retained, the packets of about one socket read in flight (Aedes reads on once the packets
// of the last read are handled, so TCP holds the rest), QUEUE_LIMIT packets before CONNACK,
// MAX_INFLIGHT_QOS2 QoS 2 messages awaiting PUBREL, and MAX_PENDING_REPORTS error reports.
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Duplex } from 'node:stream';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import {
  principalCan,
  principalKey,
  type Authenticator,
  type Principal,
  type Revocations,
  type Scope as ActorScope,
} from '../identity/index.ts';
import { RongheError, isRongheError } from '../kernel/index.ts';
import type { Scope, TelemetryService } from '../telemetry/index.ts';
import { AckLatency, type AckLatencySnapshot } from './ack-latency.ts';
import { IngestBatcher } from './batcher.ts';
import { ClientRegistry, clientIdProblem } from './client-ids.ts';
import type { ConnectOutcome, ConnectRefusal } from './connect-audit.ts';
import { ErrorReports, errorTopic, reportBody } from './error-reports.ts';
import { skipRouting } from './routing.ts';
import { createRevokedClients } from './revoked-clients.ts';
import { DEFAULT_MAX_PACKET_BYTES, guardPacketSize } from './packet-size.ts';
import { isShopTopic, parseShopMessage, type ShopReport } from './shop.ts';
import { SparkplugSession, isSparkplugTopic } from './sparkplug.ts';
import { invalidMessage, isTelemetryTopic, parseMessage, type Message } from './topics.ts';
import { isWaveformTopic, parseWaveformMessage, type WaveformMessage } from './waveform.ts';

export interface MqttOptions {
  /** The plain MQTT port (0: any free one); null for none, when only `tls` listens. */
  port: number | null;
  host?: string;
  /** MQTT over TLS (mqtts, 8883 by convention) with a PEM certificate chain and key. */
  tls?: { port: number; cert: string | Buffer; key: string | Buffer };
  /** The largest packet a client may send, header included (default 1 MiB). */
  maxPacketBytes?: number;
  /** Ends the connections of a revoked principal (identity's revocations). */
  revocations?: Pick<Revocations, 'onRevoked'>;
  authenticator: Authenticator;
  telemetry: TelemetryService;
  /** Applies a station's event (manufacturing's reportEvent); without it ronghe/shop is closed. */
  shop?: (scope: ActorScope, report: ShopReport) => Promise<unknown>;
  /** Stores and diagnoses a vibration block (PHM); without it ronghe/waveform is closed. */
  waveform?: (scope: ActorScope, message: WaveformMessage) => Promise<unknown>;
  /** Keeps a gateway's connector status report (JSON as sent to ronghe/gateway/status, checked
   * by the handler); without it the topic is closed. Only device credentials may send it. */
  gatewayStatus?: (
    device: { tenantId: string; deviceId: string },
    report: unknown,
  ) => Promise<unknown>;
  log?: (msg: string) => void;
  /** Told of every refused CONNECT, to audit it (connect-audit.ts); it must not throw. */
  onRefused?: (r: ConnectRefusal) => Promise<void>;
}

export interface MqttBroker {
  /** The plain listener's port, null when there is none. */
  port: number | null;
  /** The TLS listener's port, null when there is none. */
  tlsPort: number | null;
  /** Messages kept as retained: always 0, Ronghe's topics are not state (for tests). */
  retainedMessages(): Promise<number>;
  /** Messages rejected since start (bad payload, unknown asset …), for /metrics and tests. */
  rejected(): number;
  /** Clients connected now, for /metrics. */
  clients(): number;
  /** Server-side PUBACK latency of telemetry PUBLISHes since start, for /metrics. */
  ackLatency(): AckLatencySnapshot;
  close(): Promise<void>;
}

/** Where `ronghe gateway` sends its connector status reports (connectors/gateway/report.ts). */
const GATEWAY_STATUS_TOPIC = 'ronghe/gateway/status';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_WAIT_MS = 30_000;
const QUEUE_LIMIT = 16;
const MAX_INFLIGHT_QOS2 = 16;
/** CONNACK return codes (MQTT 3.1.1 §3.2.2.3). */
const refuse = (returnCode: 2 | 3 | 4 | 5, message: string) =>
  Object.assign(new Error(message), { returnCode });

export async function startMqttBroker(opts: MqttOptions): Promise<MqttBroker> {
  const principals = new WeakMap<Client, Principal>();
  const batcher = new IngestBatcher(opts.telemetry);
  const sparkplug = new WeakMap<Client, SparkplugSession>();
  const registry = new ClientRegistry();
  const reports = new ErrorReports();
  const idProblems = new WeakMap<Client, string>();
  const revocation = createRevokedClients(registry);
  const stopListening = opts.revocations?.onRevoked((key) => {
    opts.authenticator.clearCache(); // its look-ups may predate the revocation
    revocation.revoke(key);
  });
  let rejected = 0;
  const acks = new AckLatency();
  const addressOf = (client: Client) =>
    (client.conn as { remoteAddress?: string } | undefined)?.remoteAddress ?? 'unknown';
  /** Audits a refused CONNECT, then answers it (a failing audit never keeps the answer). */
  const refused = (
    client: Client,
    outcome: ConnectOutcome,
    token: string,
    principal: Principal | undefined,
    answer: () => void,
  ) => {
    const r = { outcome, clientId: client.id ?? '', address: addressOf(client), token };
    const audit = opts.onRefused?.(principal ? { ...r, principal } : r);
    if (!audit) return answer();
    audit.then(answer, answer);
  };
  /** Connects only with something to publish: telemetry, or station reports where open. */
  const mayPublish = (p: Principal) =>
    principalCan(p, 'telemetry:write') ||
    (opts.shop !== undefined && principalCan(p, 'production:report'));
  const broker = await Aedes.createBroker({
    queueLimit: QUEUE_LIMIT,
    maxInflightInbound: MAX_INFLIGHT_QOS2,
    preConnect(client, packet, done) {
      // Checked on the id as sent: Aedes replaces an empty one before authenticate.
      const problem = clientIdProblem(packet.clientId, packet.clean !== false);
      if (problem) idProblems.set(client, problem);
      done(null, true);
    },
    authenticate(client, username, password, done) {
      const token = password?.toString('utf8') || username || '';
      const problem = idProblems.get(client);
      if (problem)
        return refused(client, 'client-id-refused', token, undefined, () =>
          done(refuse(2, `Client id refused: ${problem}`), false),
        );
      const since = revocation.begin();
      opts.authenticator.authenticate(token).then(
        (p) => {
          const key = p && principalKey(p);
          const revoked = revocation.end(since, key);
          if (!p || !key || !p.tenantId || !mayPublish(p) || revoked) {
            const outcome = !p || !key ? 'bad-token' : revoked ? 'revoked' : 'not-permitted';
            return refused(client, outcome, token, p, () => done(refuse(4, 'Bad token'), false));
          }
          // MQTT-3.1.4-2 lets a new connection take over a live id; only its own principal may.
          if (!registry.mayHold(client.id, key))
            return refused(client, 'client-id-taken', token, p, () =>
              done(refuse(2, 'Client id in use by another principal'), false),
            );
          principals.set(client, p);
          registry.bind(client, key);
          done(null, true);
        },
        () => {
          revocation.end(since, undefined);
          done(refuse(3, 'Server unavailable'), false);
        },
      );
    },
    authorizeSubscribe(client, sub, done) {
      // Refused with a SUBACK failure code (0x80) rather than a disconnect.
      if (sub.topic !== errorTopic(client)) return done(null, null);
      reports.subscribe(client);
      done(null, sub);
    },
    authorizeForward: (client, packet) => reports.mayForward(client, packet),
    authorizePublish(client, packet, done) {
      const p = client && principals.get(client);
      if (!client || !p) return done(new Error('not authenticated'));
      if (revocation.isRevoked(client)) return done(new Error('credential revoked'));
      const shop = opts.shop !== undefined && isShopTopic(packet.topic);
      const waveform = opts.waveform !== undefined && isWaveformTopic(packet.topic);
      const status = opts.gatewayStatus !== undefined && packet.topic === GATEWAY_STATUS_TOPIC;
      if (
        !shop &&
        !waveform &&
        !status &&
        !isTelemetryTopic(packet.topic) &&
        !isSparkplugTopic(packet.topic)
      )
        return done(new Error(`Topic '${packet.topic}' is not a Ronghe telemetry topic`));
      // Ronghe's topics are not state: a retained message is taken as an ordinary one and
      // kept by nobody, and a retained empty one (a deletion, MQTT-3.3.1-10) has nothing to do.
      if (packet.retain) {
        packet.retain = false;
        if ((packet.payload as Buffer).length === 0) return done(null);
      }
      if (shop) return void shopInOrder(client, p, packet).then(() => done(null));
      if (waveform) return void waveformEvent(client, p, packet).then(() => done(null));
      if (status) return void gatewayStatus(client, p, packet).then(() => done(null));
      // A batch the store could not take now (the cluster's ingest log did not acknowledge it)
      // gets no PUBACK: the connection is closed and the client sends it again (QoS 1,
      // MQTT-4.4.0-1). A PUBACK would tell it the points are stored when they are not.
      // Timed from here (the packet just parsed) to done(), which writes the PUBACK at once
      // (Aedes' QoS 1 path); a batch not stored gets no PUBACK and is not timed.
      const received = performance.now();
      void ingest(client, p, packet).then((notStored) => {
        if (!notStored) acks.observe(performance.now() - received);
        done(notStored ?? null);
      });
    },
  });
  skipRouting(broker);
  broker.on('unsubscribe', (topics, client) => {
    if (topics.includes(errorTopic(client))) reports.unsubscribe(client);
  });

  const shopQueue = new WeakMap<Client, Promise<void>>();
  /** A start and the finish right behind it must apply in that order. */
  function shopInOrder(client: Client, p: Principal, packet: PublishPacket): Promise<void> {
    const next = (shopQueue.get(client) ?? Promise.resolve()).then(() =>
      shopEvent(client, p, packet),
    );
    shopQueue.set(client, next);
    return next;
  }

  async function shopEvent(client: Client, p: Principal, packet: PublishPacket): Promise<void> {
    try {
      if (!principalCan(p, 'production:report')) {
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: `${packet.topic}: this credential may not report production operations.`,
          'zh-CN': `${packet.topic}：此凭据无权报告生产工序。`,
        });
      }
      const report = parseShopMessage(packet.topic, packet.payload as Buffer);
      revocation.check(client, packet.topic);
      await opts.shop!(
        { tenantId: p.tenantId!, customerIds: p.customerIds, actor: p.label },
        report,
      );
    } catch (e) {
      rejectedMessage(client, packet.topic, e);
    }
  }

  async function gatewayStatus(client: Client, p: Principal, packet: PublishPacket) {
    try {
      if (p.kind !== 'device' || !p.tenantId)
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: `${packet.topic}: only a gateway's device token reports connector status.`,
          'zh-CN': `${packet.topic}：只有网关的设备令牌可以上报连接器状态。`,
        });
      let report: unknown;
      try {
        report = JSON.parse((packet.payload as Buffer).toString('utf8'));
      } catch (e) {
        throw invalidMessage(packet.topic, {
          en: `payload is not JSON (${(e as Error).message})`,
          'zh-CN': `载荷不是 JSON（${(e as Error).message}）`,
        });
      }
      revocation.check(client, packet.topic);
      await opts.gatewayStatus!({ tenantId: p.tenantId, deviceId: p.deviceId }, report);
    } catch (e) {
      rejectedMessage(client, packet.topic, e);
    }
  }

  async function waveformEvent(client: Client, p: Principal, packet: PublishPacket) {
    try {
      if (!principalCan(p, 'telemetry:write'))
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: `${packet.topic}: this credential may not write telemetry.`,
          'zh-CN': `${packet.topic}：该凭据无权写入遥测数据。`,
        });
      const m = parseWaveformMessage(packet.topic, packet.payload as Buffer);
      // A device credential writes for its own asset only, as on the telemetry topics.
      if (p.kind === 'device' && m.asset !== p.deviceAssetId)
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: `${packet.topic}: this device may send waveforms for its own asset only.`,
          'zh-CN': `${packet.topic}：该设备只能发送其所属资产的波形。`,
        });
      revocation.check(client, packet.topic);
      await opts.waveform!(
        { tenantId: p.tenantId!, customerIds: p.customerIds, actor: p.label },
        m,
      );
    } catch (e) {
      rejectedMessage(client, packet.topic, e);
    }
  }

  /**
   * Runs synchronously up to its first await: Aedes hands every packet of one socket read to
   * authorizePublish at once, and a Sparkplug BIRTH must define its aliases before the DATA
   * behind it is parsed.
   */
  async function ingest(
    client: Client,
    p: Principal,
    packet: PublishPacket,
  ): Promise<Error | undefined> {
    const scope = scopeOf(client, p);
    try {
      if (!principalCan(p, 'telemetry:write')) {
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: `${packet.topic}: this credential may not write telemetry.`,
          'zh-CN': `${packet.topic}：此凭据无权写入遥测数据。`,
        });
      }
      const payload = packet.payload as Buffer;
      const message = isSparkplugTopic(packet.topic)
        ? await sparkplugMessage(client, scope, packet.topic, payload)
        : parseMessage(packet.topic, payload);
      if (message) await submit(client, scope, message);
    } catch (e) {
      rejectedMessage(client, packet.topic, e);
      if (isSparkplugTopic(packet.topic)) recordEdgeNodeRefusal(scope.tenantId, packet.topic, e);
      if (isRongheError(e) && e.code === 'RONGHE_UNAVAILABLE') return e;
    }
    return undefined;
  }

  const scopes = new WeakMap<Client, Scope>();
  /** A connection's write scope, made once: its principal is fixed when it connects. */
  function scopeOf(client: Client, p: Principal): Scope {
    let scope = scopes.get(client);
    if (scope) return scope;
    scope = {
      tenantId: p.tenantId!,
      customerIds: null,
      transport: 'mqtt',
      // PUBACK once the group is durable; its rules run after (telemetry's LiveHub).
      liveAfterAck: true,
      ...(p.kind === 'device' ? { deviceAssetId: p.deviceAssetId, deviceId: p.deviceId } : {}),
    };
    scopes.set(client, scope);
    return scope;
  }

  /** Counted per edge node for the API: a stock edge node does not read our error topic. */
  function recordEdgeNodeRefusal(tenantId: string, topic: string, e: unknown): void {
    const [, group, , edgeNode] = topic.split('/');
    const reason = isRongheError(e) ? e.message : 'Unexpected error while ingesting';
    opts.telemetry.sourceRefusals.record(tenantId, `${group ?? ''}/${edgeNode ?? ''}`, reason);
  }

  async function sparkplugMessage(
    client: Client,
    scope: Scope,
    topic: string,
    payload: Buffer,
  ): Promise<Message | undefined> {
    let session = sparkplug.get(client);
    if (!session) sparkplug.set(client, (session = new SparkplugSession()));
    const m = session.handle(topic, payload);
    if (!m) return undefined;
    // Checked even when there are no points, so a device learns at its first BIRTH that the
    // topic names an asset it may not write.
    if (scope.deviceAssetId !== undefined) await checkOwnAsset(scope, topic, m.asset);
    return m.points.length > 0 ? { kind: 'json', points: m.points } : undefined;
  }

  async function checkOwnAsset(scope: Scope, topic: string, key: string): Promise<void> {
    const asset = await opts.telemetry.assetFor(scope, key).catch((e: unknown) => {
      if (isRongheError(e) && e.code === 'RONGHE_NOT_FOUND') return undefined;
      throw e;
    });
    if (asset?.assetId !== scope.deviceAssetId) {
      throw new RongheError('RONGHE_FORBIDDEN', {
        en: `${topic}: this device may only write its own asset, and '${key}' is not it.`,
        'zh-CN': `${topic}：此设备只能写入自己的资产，而“${key}”不是。`,
      });
    }
  }

  async function submit(client: Client, scope: Scope, message: Message): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        // Again right before the write: a message racing its principal's revocation is refused.
        revocation.check(client, message.kind === 'json' ? 'telemetry' : 'line protocol');
        return await batcher.submit(scope, message);
      } catch (e) {
        if (
          isRongheError(e) &&
          e.code === 'RONGHE_TOO_MANY_REQUESTS' &&
          Date.now() - started < MAX_WAIT_MS
        ) {
          await sleep(100); // hold the PUBACK: the client's in-flight window is the back-pressure
          continue;
        }
        throw e;
      }
    }
  }

  function rejectedMessage(client: Client, topic: string, e: unknown): void {
    rejected++;
    const body = reportBody(
      isRongheError(e)
        ? e
        : new RongheError('RONGHE_INTERNAL', {
            en: 'Unexpected error while ingesting',
            'zh-CN': '写入数据时发生意外错误',
          }),
    );
    if (!isRongheError(e)) opts.log?.(`mqtt ingest failed: ${(e as Error).message}`);
    reports.send(client, { topic, ...body });
  }

  const maxPacket = opts.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
  /** MQTT 3.1.1 has no reason code for it: the client learns on its error topic, then the
   * connection closes (MQTT 5 would send DISCONNECT 0x95, Packet too large). */
  function packetTooLarge(client: Client, size: number): void {
    rejected++;
    const what = Number.isFinite(size)
      ? { en: `a packet of ${size} bytes`, 'zh-CN': `${size} 字节的报文` }
      : { en: 'a malformed packet length', 'zh-CN': '报文长度字段有误，' };
    const e = new RongheError('RONGHE_PAYLOAD_TOO_LARGE', {
      en: `${what.en} is over the broker's limit of ${maxPacket} bytes (RONGHE_MQTT_MAX_PACKET); the connection is closed.`,
      'zh-CN': `${what['zh-CN']}超过代理的 ${maxPacket} 字节上限（RONGHE_MQTT_MAX_PACKET），连接已关闭。`,
    });
    opts.log?.(`mqtt client ${client.id ?? '(connecting)'}: ${e.message}`);
    reports.send(client, reportBody(e), () => client.close());
  }
  const handle = (conn: Duplex) => guardPacketSize(broker.handle(conn), maxPacket, packetTooLarge);

  const servers: Server[] = [];
  const listen = async (server: Server, port: number): Promise<number> => {
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, opts.host ?? '0.0.0.0', () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  };
  const close = async () => {
    stopListening?.();
    batcher.drain();
    await new Promise<void>((r) => broker.close(() => r()));
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  };
  try {
    // A PUBACK is a few bytes written alone: without TCP_NODELAY, Nagle's algorithm may hold
    // it until the client acknowledges the previous segment (a delayed ACK, up to 40 ms on Linux).
    const port =
      opts.port === null ? null : await listen(createServer({ noDelay: true }, handle), opts.port);
    const tlsPort = opts.tls
      ? await listen(
          createTlsServer({ cert: opts.tls.cert, key: opts.tls.key, noDelay: true }, handle),
          opts.tls.port,
        )
      : null;
    return {
      port,
      tlsPort,
      rejected: () => rejected,
      clients: () => broker.connectedClients,
      ackLatency: () => acks.snapshot(),
      retainedMessages: () => countRetained(broker),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

async function countRetained(broker: Aedes): Promise<number> {
  const persistence = (broker as unknown as { persistence: RetainedSource }).persistence;
  let n = 0;
  for await (const _ of persistence.createRetainedStream('#')) n++;
  return n;
}

interface RetainedSource {
  createRetainedStream(pattern: string): AsyncIterable<unknown>;
}
