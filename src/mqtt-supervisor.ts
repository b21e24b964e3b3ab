// The platform's MQTT broker, supervised: when its port is taken it runs without the broker,
// keeps trying the port and tells /readyz why MQTT ingest is off. Part of the composition root
// (main.ts): it wires the broker to telemetry, the shop floor, PHM waveforms and gateway status.
import type { Config } from './config.ts';
import { parseGatewayReport, recordGatewayReport } from './connectors/index.ts';
import { createRefusalAudit, type Authenticator, type Revocations } from './identity/index.ts';
import type { TenantId } from './kernel/index.ts';
import { reportEvent } from './manufacturing/index.ts';
import {
  auditConnectRefusals,
  startMqttBroker,
  type ConnectRefusal,
  type MqttBroker,
} from './mqtt/index.ts';
import { ingestWaveform } from './phm/index.ts';
import type { Db } from './storage/index.ts';
import type { TelemetryService } from './telemetry/index.ts';
import { mqttTls } from './tls-files.ts';

/** What the broker is wired to. */
interface BrokerDeps {
  db: Db;
  authenticator: Authenticator;
  revocations: Revocations;
  telemetry: TelemetryService;
}

/** How long to wait before trying a taken MQTT port again (say, the old process still exits). */
const MQTT_RETRY_MS = 5_000;

/**
 * The broker is optional: when its port is taken (say by a Mosquitto already running, or by
 * the previous process still shutting down), the platform runs without it, says how to choose
 * another port, keeps trying the port, and /readyz reports the broker as not running meanwhile.
 */
export function mqttSupervisor(config: Config, deps: BrokerDeps, log: (s: string) => void) {
  let broker: MqttBroker | undefined;
  let reason = 'is starting';
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  // Refused CONNECTs, audited and aggregated per minute across the broker's restarts.
  const refusals = createRefusalAudit(deps.db.kysely, {
    onError: (e) => log(`MQTT refusal not audited: ${(e as Error).message}`),
  });
  const onRefused = auditConnectRefusals(refusals);
  const attempt = async (first: boolean): Promise<void> => {
    const b = await startMqtt(config, deps, first ? log : () => undefined, onRefused);
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
      await refusals.close();
    },
  };
}

async function startMqtt(
  config: Config,
  deps: BrokerDeps,
  log: (s: string) => void,
  onRefused: (r: ConnectRefusal) => Promise<void>,
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
      onRefused,
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
