// cluster: several Ronghe nodes over one PostgreSQL database and a NATS JetStream cluster
// (issue 24). It owns the replicated ingest log (stream RONGHE_INGEST, one subject per
// partition), partition ownership by TTL'd leases in a JetStream KV bucket, the owners'
// consumers that write to PostgreSQL (table cluster_points, migration 035) and acknowledge
// after the commit, and cache invalidation over NATS core pub/sub. Telemetry is reached only
// through its IngestSink and publishStored; identity through Revocations. The embedded
// single-process default never loads NATS: the composition root wires this only when
// RONGHE_NATS / --nats is set. What is done and what is not: docs/cluster.md.
export { PARTITIONS, partitionOf, fairShare, splitByPartition } from './partitions.ts';
export { decodeMessage, encodeMessage, type LogMessage } from './codec.ts';
export { openNatsLink, INGEST_STREAM, LEASE_BUCKET, type NatsLink } from './nats-link.ts';
export { createIngestSink, createLogWriteVersion, type LogWriteVersion } from './ingest-sink.ts';
export { defaultNodeId, startClusterNode, type ClusterNode, type ClusterStatus } from './node.ts';
export { readPoints, storeMessages, type PointQuery } from './point-store.ts';
export { clusterQueries } from './queries.ts';
export { expireClusterStore } from './retention.ts';
export { BackgroundLease, BACKGROUND_KEY, type BackgroundWork } from './background.ts';
export {
  clusterCommand,
  restartNode,
  startLocalCluster,
  stopLocalCluster,
  type LocalCluster,
} from './local/local-cluster.ts';
export { natsServerBinary, restartNatsServer } from './local/nats-cluster.ts';
export { startRongheNode } from './local/ronghe-nodes.ts';
export { alive, freePort, stopPid } from './local/processes.ts';
export { NodeClient } from './local/cluster-client.ts';
