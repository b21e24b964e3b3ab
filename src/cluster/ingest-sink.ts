// The clustered write path: a validated batch is split by partition and each part published to
// its subject of the replicated ingest stream; the write is acknowledged (HTTP 204, MQTT
// PUBACK) only after JetStream acknowledged every part, i.e. after a majority of the three
// replicas stored it. A part that is not acknowledged fails the request (503): the client
// retries, and a retry of a part already stored is one point per series and time anyway.
import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { RongheError } from '../kernel/index.ts';
import type { IngestSink, SinkPoint } from '../telemetry/index.ts';
import { encodeMessage, type LogVersion } from './codec.ts';
import { splitByPartition, subjectOf } from './partitions.ts';

/** Points per message: keeps messages well under NATS's 1 MiB default payload. */
const MAX_POINTS_PER_MESSAGE = 8_000;

/**
 * The message version this node writes now: 1 until its lease keeper has read every member's
 * record and all of them read version 2 (leases.ts, `writableVersion`).
 */
export interface LogWriteVersion {
  current: LogVersion;
}

export const createLogWriteVersion = (): LogWriteVersion => ({ current: 1 });

export function createIngestSink(
  js: JetStreamClient,
  version: LogWriteVersion = createLogWriteVersion(),
): IngestSink {
  return {
    async append(tenantId: string, points: SinkPoint[]): Promise<void> {
      const sends: Promise<unknown>[] = [];
      const v = version.current;
      for (const [partition, part] of splitByPartition(tenantId, points)) {
        for (let i = 0; i < part.length; i += MAX_POINTS_PER_MESSAGE) {
          const data = encodeMessage(tenantId, part.slice(i, i + MAX_POINTS_PER_MESSAGE), v);
          sends.push(js.publish(subjectOf(partition), data, { msgID: randomUUID() }));
        }
      }
      try {
        await Promise.all(sends);
      } catch (e) {
        throw RongheError.of('RONGHE_UNAVAILABLE', {
          reason: {
            en: `the cluster's ingest log did not acknowledge the batch (${(e as Error).message}); retry`,
            'zh-CN': `集群写入日志未确认该批数据（${(e as Error).message}），请重试`,
          },
        });
      }
    },
  };
}
