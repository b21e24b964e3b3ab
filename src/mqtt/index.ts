// mqtt: the embedded MQTT broker, an edge like src/server: authentication by device token or
// API key, the topic convention, and group commit into the telemetry pipeline.
export { startMqttBroker, type MqttBroker, type MqttOptions } from './broker.ts';
export { parseMessage, isTelemetryTopic, type Message } from './topics.ts';
