// Test fixture: a world (tenants, assets, users) on a test database with the telemetry service
// and the embedded broker on a free loopback port, for the broker's test files.
import type { TestDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver } from '../assets/index.ts';
import {
  createAuthenticator,
  createRefusalAudit,
  createRevocations,
  type RefusalAudit,
} from '../identity/index.ts';
import { reportEvent } from '../manufacturing/index.ts';
import {
  createTelemetryService,
  type IngestSink,
  type TelemetryService,
} from '../telemetry/index.ts';
import {
  auditConnectRefusals,
  startMqttBroker,
  type MqttBroker,
  type MqttOptions,
} from './index.ts';

export interface BrokerWorld {
  w: World;
  telemetry: TelemetryService;
  broker: MqttBroker;
  /** Refused CONNECTs, audited as the platform does (mqtt-supervisor.ts). */
  refusals: RefusalAudit;
  url: string;
  close(): Promise<void>;
}

/** `shop`: open ronghe/shop/<station> as the platform does (manufacturing's reportEvent);
 * `listen`: the listeners, the plain one on a free port by default; `sink`: a cluster's ingest
 * sink instead of the engine. */
export async function startBrokerWorld(
  t: TestDatabase,
  opts: { shop?: boolean; listen?: Pick<MqttOptions, 'port' | 'tls'>; sink?: IngestSink } = {},
): Promise<BrokerWorld> {
  // The world's HTTP routes announce revocations to the broker, as the platform wires them.
  const revocations = createRevocations();
  const w = await createWorld(t, { revocations });
  const telemetry = await createTelemetryService({
    db: w.db,
    resolver: createAssetResolver(w.db),
    ...(opts.sink ? { sink: opts.sink } : {}),
  });
  const refusals = createRefusalAudit(w.db.kysely);
  const broker = await startMqttBroker({
    port: 0,
    host: '127.0.0.1',
    ...opts.listen,
    authenticator: createAuthenticator(w.db),
    revocations,
    telemetry,
    onRefused: auditConnectRefusals(refusals),
    ...(opts.shop ? { shop: (scope, r) => reportEvent(w.db, scope, r.order, r.op, r.event) } : {}),
  });
  return {
    w,
    telemetry,
    broker,
    refusals,
    url: `mqtt://127.0.0.1:${broker.port}`,
    async close() {
      await broker.close();
      await refusals.close();
      await telemetry.close();
      await w.dispose();
    },
  };
}
