// MQTT 5 through an external broker (issue 25). The embedded broker is Aedes, which speaks MQTT
// 3.1.1 only (its CONNECT handler refuses protocol level 5); rather than fork it, the platform
// can subscribe to a broker that speaks both 3.1.1 and 5 — Mosquitto 2 (a Debian package) or
// EMQX — and ingest what devices publish there, on the same topics as the embedded broker:
//   ronghe/telemetry[/<asset>], ronghe/lp[/<precision>], spBv1.0/… (Sparkplug B)
// Devices then authenticate to that broker (its password file and ACLs), and every message is
// written to the tenant of one API key (RONGHE_MQTT_UPSTREAM_API_KEY). Messages are read with
// QoS 1 and acknowledged only once stored (mqtt.js's handleMessage), so a crash before the
// write leaves them with the broker to deliver again. A refused message is reported on
// `ronghe/errors/<its topic>` (publishers learn by subscribing there) and, for Sparkplug, counted
// per edge node on the API.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { IPublishPacket } from 'mqtt-packet';
import { RongheError, isRongheError } from '../kernel/index.ts';
import { principalCan, type Authenticator } from '../identity/index.ts';
import type { Scope, TelemetryService } from '../telemetry/index.ts';
import { IngestBatcher } from './batcher.ts';
import { reportBody } from './error-reports.ts';
import { SparkplugSession, isSparkplugTopic } from './sparkplug.ts';
import { parseMessage, type Message } from './topics.ts';

export interface UpstreamOptions {
  /** mqtt://host:1883 or mqtts://host:8883. */
  url: string;
  /** The platform's own account on that broker. */
  username?: string;
  password?: string;
  /** The API key (engineer or above) whose tenant the messages are written to. */
  apiKey: string;
  authenticator: Authenticator;
  telemetry: TelemetryService;
  /** MQTT protocol level to the broker: 5 (default) or 4 (3.1.1). */
  protocolVersion?: 4 | 5;
  log?: (message: string) => void;
}

export interface MqttUpstream {
  /** Messages refused since start. */
  rejected(): number;
  close(): Promise<void>;
}

export const UPSTREAM_TOPICS = [
  'ronghe/telemetry',
  'ronghe/telemetry/+',
  'ronghe/lp',
  'ronghe/lp/+',
  'spBv1.0/+/+/+',
  'spBv1.0/+/+/+/+',
];

export async function startMqttUpstream(o: UpstreamOptions): Promise<MqttUpstream> {
  const p = await o.authenticator.authenticate(o.apiKey);
  if (!p?.tenantId || !principalCan(p, 'telemetry:write')) {
    throw new RongheError('RONGHE_UNAUTHENTICATED', {
      en: 'RONGHE_MQTT_UPSTREAM_API_KEY must be a valid API key of a tenant that may write telemetry.',
      'zh-CN': 'RONGHE_MQTT_UPSTREAM_API_KEY 必须是可写入遥测数据的租户的有效 API 密钥。',
    });
  }
  const scope: Scope = { tenantId: p.tenantId, customerIds: null, transport: 'mqtt' };
  const batcher = new IngestBatcher(o.telemetry);
  // One Sparkplug session for the upstream: its tables are keyed by group, edge node and device.
  const sparkplug = new SparkplugSession();
  let rejected = 0;
  const options: IClientOptions = {
    protocolVersion: o.protocolVersion ?? 5,
    clientId: `ronghe-${Math.random().toString(36).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 1000,
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
  };
  const client: MqttClient = await mqtt.connectAsync(o.url, options);
  // Messages are handled one at a time, in order (a BIRTH before its DATA); the PUBACK goes
  // once the message is stored or refused.
  client.handleMessage = (packet, done) => {
    handle(packet as IPublishPacket).then(
      () => done(),
      () => done(),
    );
  };

  async function handle(packet: IPublishPacket): Promise<void> {
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (topic.startsWith('ronghe/errors/')) return;
    try {
      let message: Message | undefined;
      if (isSparkplugTopic(topic)) {
        const m = sparkplug.handle(topic, payload);
        message = m?.points.length ? { kind: 'json', points: m.points } : undefined;
      } else message = parseMessage(topic, payload);
      if (message) await submit(message);
    } catch (e) {
      rejected++;
      const body = reportBody(
        isRongheError(e)
          ? e
          : new RongheError('RONGHE_INTERNAL', {
              en: 'Unexpected error while ingesting',
              'zh-CN': '写入数据时发生意外错误',
            }),
      );
      if (!isRongheError(e)) o.log?.(`mqtt upstream ingest failed: ${(e as Error).message}`);
      if (isSparkplugTopic(topic)) {
        const [, group, , edgeNode] = topic.split('/');
        o.telemetry.sourceRefusals.record(scope.tenantId, `${group}/${edgeNode}`, body.message);
      }
      client.publish(`ronghe/errors/${topic}`, JSON.stringify({ topic, ...body }), { qos: 0 });
    }
  }

  async function submit(message: Message): Promise<void> {
    for (let tries = 0; ; tries++) {
      try {
        return await batcher.submit(scope, message);
      } catch (e) {
        if (isRongheError(e) && e.code === 'RONGHE_TOO_MANY_REQUESTS' && tries < 300) {
          await new Promise((r) => setTimeout(r, 100)); // the broker holds the rest meanwhile
          continue;
        }
        throw e;
      }
    }
  }

  await client.subscribeAsync(UPSTREAM_TOPICS, { qos: 1 });
  client.on('error', (e) => o.log?.(`mqtt upstream ${o.url}: ${e.message}`));
  return {
    rejected: () => rejected,
    async close() {
      await client.endAsync();
    },
  };
}
