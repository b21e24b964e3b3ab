// mqtt: the embedded MQTT broker, an edge like src/server: authentication by device token or
// API key, the topic convention, and group commit into the telemetry pipeline; and the upstream
// mode, which subscribes to an external MQTT 5 broker instead.
export type { AckLatencySnapshot } from './ack-latency.ts';
export { startMqttBroker, type MqttBroker, type MqttOptions } from './broker.ts';
export {
  auditConnectRefusals,
  keyIdOf,
  type ConnectOutcome,
  type ConnectRefusal,
} from './connect-audit.ts';
export { parseMessage, isTelemetryTopic, type Message } from './topics.ts';
export { startMqttUpstream, type MqttUpstream, type UpstreamOptions } from './upstream.ts';
export { parseWaveformMessage, isWaveformTopic, type WaveformMessage } from './waveform.ts';
