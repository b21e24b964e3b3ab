// Sending a stored batch to the platform's existing ingest: HTTPS POST /api/v1/telemetry with
// the device token as bearer, or MQTT QoS 1 to `ronghe/telemetry` (the broker's gateway topic),
// where the PUBACK is the acknowledgement (MQTT 3.1.1 §4.3.2). A refusal of the batch itself
// (4xx other than 401/408/429) is final: retrying it would stall the queue forever.
// Status reports go beside the points (POST /api/v1/connectors/gateway-status or MQTT
// `ronghe/gateway/status`, QoS 0): never queued, since the next one supersedes a lost one.
import mqtt, { type MqttClient } from 'mqtt';
import { asJsonPoints } from '../run.ts';
import type { ConnectorPoint } from '../points.ts';
import type { GatewayReport } from './report.ts';

export type ForwardResult =
  { kind: 'sent' } | { kind: 'refused'; reason: string } | { kind: 'retry'; reason: string };

export interface Forwarder {
  send(points: readonly ConnectorPoint[]): Promise<ForwardResult>;
  /** Sends a status report once; a failure is only returned, never retried. */
  sendStatus(report: GatewayReport): Promise<ForwardResult>;
  close(): Promise<void>;
}

export function httpForwarder(platform: string, token: string, timeoutMs = 10_000): Forwarder {
  const url = (path: string) => new URL(path, platform).toString();
  const post = async (path: string, body: unknown): Promise<ForwardResult> => {
    try {
      const r = await fetch(url(path), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (r.ok) {
        await r.body?.cancel();
        return { kind: 'sent' };
      }
      const text = (await r.text()).slice(0, 300);
      if (r.status >= 400 && r.status < 500 && ![401, 408, 429].includes(r.status)) {
        return { kind: 'refused', reason: `${r.status} ${text}` };
      }
      return { kind: 'retry', reason: `${r.status} ${text}` };
    } catch (e) {
      return { kind: 'retry', reason: (e as Error).message };
    }
  };
  return {
    send: (points) => post('/api/v1/telemetry', { points: asJsonPoints(points) }),
    sendStatus: (report) => post('/api/v1/connectors/gateway-status', report),
    async close() {},
  };
}

export function mqttForwarder(platform: string, token: string, clientId: string): Forwarder {
  const client: MqttClient = mqtt.connect(platform, {
    clientId,
    username: clientId,
    password: token,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  client.on('error', () => undefined); // reported through send()'s result
  return {
    send(points) {
      if (!client.connected)
        return Promise.resolve({ kind: 'retry', reason: 'MQTT not connected' });
      return new Promise((resolve) => {
        client.publish(
          'ronghe/telemetry',
          JSON.stringify(asJsonPoints(points)),
          { qos: 1 },
          (err) => resolve(err ? { kind: 'retry', reason: err.message } : { kind: 'sent' }),
        );
      });
    },
    sendStatus(report) {
      if (!client.connected)
        return Promise.resolve({ kind: 'retry', reason: 'MQTT not connected' });
      return new Promise((resolve) => {
        client.publish('ronghe/gateway/status', JSON.stringify(report), { qos: 0 }, (err) =>
          resolve(err ? { kind: 'retry', reason: err.message } : { kind: 'sent' }),
        );
      });
    },
    async close() {
      await client.endAsync(true);
    },
  };
}

export const forwarderFor = (platform: string, token: string, clientId: string): Forwarder =>
  /^mqtts?:\/\//.test(platform)
    ? mqttForwarder(platform, token, clientId)
    : httpForwarder(platform, token);
