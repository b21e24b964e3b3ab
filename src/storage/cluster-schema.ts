// Table types of cluster mode (migrations 035-cluster-points, 042-cluster-rollups and
// 044-cluster-partition-fences), used by src/cluster through
// `db.kysely.withTables<ClusterTables>()`. Times are epoch ms.

export interface ClusterPointTable {
  tenant_id: string;
  asset_id: string;
  channel: string;
  ts: number;
  value: number;
  /** The ingest stream's sequence of the message that wrote it (migration 041); 0 before. */
  seq: number;
}

/** One series' aggregate over [start, start + size_ms): minute and hour rows. */
export interface ClusterRollupTable {
  tenant_id: string;
  asset_id: string;
  channel: string;
  size_ms: number;
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  first_ts: number;
  first: number;
  last_ts: number;
  last: number;
}

/** A partition's fencing token (migration 044): the newest lease epoch that wrote it. */
export interface ClusterPartitionFenceTable {
  partition: number;
  /** The lease bucket's creation time (epoch ms): epochs restart when it is recreated. */
  generation: number;
  /** The KV revision of the create that took the lease. */
  epoch: number;
  owner: string;
  claimed_at: number;
}

export type ClusterTables = {
  cluster_points: ClusterPointTable;
  cluster_rollups: ClusterRollupTable;
  cluster_partition_fences: ClusterPartitionFenceTable;
};
