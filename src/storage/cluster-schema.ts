// Table types of cluster mode (migration 035-cluster-points), used by src/cluster through
// `db.kysely.withTables<ClusterTables>()`. Times are epoch ms.

export interface ClusterPointTable {
  tenant_id: string;
  asset_id: string;
  channel: string;
  ts: number;
  value: number;
}

export type ClusterTables = {
  cluster_points: ClusterPointTable;
};
