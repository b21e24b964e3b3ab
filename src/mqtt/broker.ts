// The embedded MQTT broker (Aedes): devices and gateways publish telemetry with their device
// token or an API key as the password; every message goes through the one ingest pipeline and
// is acknowledged (QoS 1 PUBACK) only after it is durably written. Under overload the
// acknowledgement waits, so a client's in-flight window throttles it (MQTT flow control).
// Sparkplug B edge nodes publish on spBv1.0/… (sparkplug.ts): their BIRTH and DATA metrics
// take the same path; their alias tables live with the connection.
// Stations report production operations on ronghe/shop/<station> (shop.ts), with an API key
// whose role may report them; events of one connection apply in the order they were sent.
// The broker is an ingest endpoint, not a shared bus: a client may subscribe only to its own
// error topic, so no tenant can read another's data through it.
import { createServer, type Server } from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import {
  principalCan,
  type Authenticator,
  type Principal,
  type Scope as ActorScope,
} from '../identity/index.ts';
import { RongheError, isRongheError } from '../kernel/index.ts';
import type { Scope, TelemetryService } from '../telemetry/index.ts';
import { IngestBatcher } from './batcher.ts';
import { isShopTopic, parseShopMessage, type ShopReport } from './shop.ts';
import { SparkplugSession, isSparkplugTopic } from './sparkplug.ts';
import { isTelemetryTopic, parseMessage, type Message } from './topics.ts';

export interface MqttOptions {
  port: number;
  host?: string;
  authenticator: Authenticator;
  telemetry: TelemetryService;
  /** Applies a station's event (manufacturing's reportEvent); without it ronghe/shop is closed. */
  shop?: (scope: ActorScope, report: ShopReport) => Promise<unknown>;
  log?: (msg: string) => void;
}

export interface MqttBroker {
  port: number;
  /** Messages rejected since start (bad payload, unknown asset …), for /metrics and tests. */
  rejected(): number;
  /** Clients connected now, for /metrics. */
  clients(): number;
  close(): Promise<void>;
}

const errorTopic = (client: Client) => `ronghe/errors/${client.id}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_WAIT_MS = 30_000;

export async function startMqttBroker(opts: MqttOptions): Promise<MqttBroker> {
  const principals = new WeakMap<Client, Principal>();
  const batcher = new IngestBatcher(opts.telemetry);
  const sparkplug = new WeakMap<Client, SparkplugSession>();
  let rejected = 0;
  /** Connects only with something to publish: telemetry, or station reports where open. */
  const mayPublish = (p: Principal) =>
    principalCan(p, 'telemetry:write') ||
    (opts.shop !== undefined && principalCan(p, 'production:report'));
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const token = password?.toString('utf8') || username || '';
      opts.authenticator.authenticate(token).then(
        (p) => {
          if (!p || !p.tenantId || !mayPublish(p)) {
            const e = Object.assign(new Error('Bad token'), { returnCode: 4 as const });
            return done(e, false);
          }
          principals.set(client, p);
          done(null, true);
        },
        () =>
          done(Object.assign(new Error('Server unavailable'), { returnCode: 3 as const }), false),
      );
    },
    authorizeSubscribe(client, sub, done) {
      // Refused with a SUBACK failure code (0x80) rather than a disconnect.
      if (sub.topic !== errorTopic(client)) return done(null, null);
      done(null, sub);
    },
    authorizePublish(client, packet, done) {
      const p = client && principals.get(client);
      if (!client || !p) return done(new Error('not authenticated'));
      if (opts.shop && isShopTopic(packet.topic)) {
        return void shopInOrder(client, p, packet).then(() => done(null));
      }
      if (!isTelemetryTopic(packet.topic) && !isSparkplugTopic(packet.topic))
        return done(new Error(`Topic '${packet.topic}' is not a Ronghe telemetry topic`));
      void ingest(client, p, packet).then(() => done(null));
    },
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
        throw new RongheError(
          'RONGHE_FORBIDDEN',
          `${packet.topic}: this credential may not report production operations.`,
        );
      }
      const report = parseShopMessage(packet.topic, packet.payload as Buffer);
      await opts.shop!(
        { tenantId: p.tenantId!, customerIds: p.customerIds, actor: p.label },
        report,
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
  async function ingest(client: Client, p: Principal, packet: PublishPacket): Promise<void> {
    const scope: Scope = {
      tenantId: p.tenantId!,
      customerIds: null,
      transport: 'mqtt',
      ...(p.kind === 'device' ? { deviceAssetId: p.deviceAssetId, deviceId: p.deviceId } : {}),
    };
    try {
      if (!principalCan(p, 'telemetry:write')) {
        throw new RongheError(
          'RONGHE_FORBIDDEN',
          `${packet.topic}: this credential may not write telemetry.`,
        );
      }
      const payload = packet.payload as Buffer;
      const message = isSparkplugTopic(packet.topic)
        ? await sparkplugMessage(client, scope, packet.topic, payload)
        : parseMessage(packet.topic, payload);
      if (message) await submit(scope, message);
    } catch (e) {
      rejectedMessage(client, packet.topic, e);
    }
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
      throw new RongheError(
        'RONGHE_FORBIDDEN',
        `${topic}: this device may only write its own asset, and '${key}' is not it.`,
      );
    }
  }

  async function submit(scope: Scope, message: Message): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
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
    const body = isRongheError(e)
      ? e.toBody()
      : new RongheError('RONGHE_INTERNAL', 'Unexpected error while ingesting').toBody();
    if (!isRongheError(e)) opts.log?.(`mqtt ingest failed: ${(e as Error).message}`);
    broker.publish(
      {
        cmd: 'publish',
        topic: errorTopic(client),
        payload: Buffer.from(JSON.stringify({ topic, ...body })),
        qos: 0,
        dup: false,
        retain: false,
      },
      () => undefined,
    );
  }

  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    rejected: () => rejected,
    clients: () => broker.connectedClients,
    async close() {
      batcher.drain();
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
