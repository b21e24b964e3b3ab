// Table types of cluster mode (migration 035-cluster-points), used by src/cluster through
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

export type ClusterTables = {
  cluster_points: ClusterPointTable;
};
