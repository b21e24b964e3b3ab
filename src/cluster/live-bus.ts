// Live telemetry from any node: the owner of a partition, once its batch is committed, sends
// the ingest log's message bytes unchanged (no re-encoding: codec.ts) on NATS core subject
// `ronghe.live.<node>`; every other node decodes them only when one of its live streams
// (GET /api/v1/telemetry/stream) wants that tenant's points from every node, and offers them to
// those streams alone — never to its rules, which run on the owner. At most once, like any
// live feed: a stream that misses a message while NATS reconnects misses those points, which a
// reader gets back from the query API.
//
// Each message names its tenant in the header `Ronghe-Tenant`, so a node with no stream that
// wants the tenant drops it unread: before, every node decoded every point of the cluster
// (JSON-parsed and checked) only to find that no stream wanted it, so each point cost one
// decode per node. A message without the header (a node of the previous release) is decoded
// as before.
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { TelemetryService } from '../telemetry/index.ts';
import { decodeMessage } from './codec.ts';

const PREFIX = 'ronghe.live.';
export const TENANT_HEADER = 'Ronghe-Tenant';

export interface LiveBus {
  /** Announces committed log messages (their bytes as the log holds them, and their tenant). */
  stored(messages: ReadonlyArray<{ tenantId: string; data: Uint8Array }>): void;
  close(): void;
}

export function startLiveBus(d: {
  nc: NatsConnection;
  nodeId: string;
  telemetry: Pick<TelemetryService, 'publishRemote' | 'wantsRemote'>;
  log(line: string): void;
}): LiveBus {
  const own = `${PREFIX}${d.nodeId}`;
  const sub = d.nc.subscribe(`${PREFIX}*`, {
    callback: (err, msg) => {
      if (err) return d.log(`cluster live bus: ${err.message}`);
      if (msg.subject === own) return;
      const tenant = msg.headers?.get(TENANT_HEADER);
      if (tenant && !d.telemetry.wantsRemote(tenant)) return;
      let m;
      try {
        m = decodeMessage(msg.data);
      } catch (e) {
        return d.log(`cluster live bus: a message was ignored: ${(e as Error).message}`);
      }
      if (d.telemetry.wantsRemote(m.tenantId)) d.telemetry.publishRemote(m.tenantId, m.points);
    },
  });
  return {
    stored(messages) {
      for (const { tenantId, data } of messages) {
        const h = headers();
        h.set(TENANT_HEADER, tenantId);
        d.nc.publish(own, data, { headers: h });
      }
    },
    close: () => sub.unsubscribe(),
  };
}
