// Where a partition's owner writes the points it takes from the ingest log, and where every
// node reads them (migration 035-cluster-points): the shared PostgreSQL store. The write is an
// upsert keyed by series and timestamp, so a batch delivered again after a failover — its
// write committed, its ack lost with the node — leaves one point, the last value winning.
import type { Db } from '../storage/index.ts';
import type { ClusterTables } from '../storage/cluster-schema.ts';
import type { LogMessage } from './codec.ts';
import { recompute, upsertWithRollups } from './rollups.ts';

const kOf = (db: Db) => db.kysely.withTables<ClusterTables>();

interface Row {
  tenant_id: string;
  asset_id: string;
  channel: string;
  ts: number;
  value: number;
}

/** Every point of the messages in one statement: committed together or not at all. */
export async function storeMessages(db: Db, messages: readonly LogMessage[]): Promise<number> {
  // One statement may not touch a row twice (PostgreSQL's ON CONFLICT rule): the batch's own
  // duplicates collapse first, the later message winning as the later write would.
  const rows = new Map<string, Row>();
  for (const m of messages)
    for (const p of m.points)
      rows.set(`${m.tenantId}\u0000${p.assetId}\u0000${p.channel}\u0000${p.ts}`, {
        tenant_id: m.tenantId,
        asset_id: p.assetId,
        channel: p.channel,
        ts: p.ts,
        value: p.value,
      });
  const all = [...rows.values()];
  if (all.length === 0) return 0;
  // One statement of five array parameters (PostgreSQL's unnest), not five parameters a row:
  // a batch of thousands of points is one short statement to build, send and plan. The
  // minute and hour rollups change in the same transaction, by what the upsert did
  // (rollups.ts).
  const col = <K extends keyof Row>(k: K) => all.map((r) => r[k]);
  const columns = {
    tenant: col('tenant_id'),
    asset: col('asset_id'),
    channel: col('channel'),
    ts: col('ts'),
    value: col('value'),
  };
  await db.kysely.transaction().execute(async (tx) => {
    const changed = (await upsertWithRollups(columns).execute(tx)).rows;
    if (changed.length === 0) return;
    const keys = {
      tenant: changed.map((r) => r.tenant_id),
      asset: changed.map((r) => r.asset_id),
      channel: changed.map((r) => r.channel),
      ts: changed.map((r) => Number(r.ts)),
    };
    for (const statement of recompute(keys)) await statement.execute(tx);
  });
  return all.length;
}

export interface PointQuery {
  tenantId: string;
  assetId: string;
  channel: string;
  from: number;
  to: number;
  limit: number;
}

/** Points of one series in [from, to), oldest first, at most `limit`. */
export async function readPoints(db: Db, q: PointQuery): Promise<{ ts: number; value: number }[]> {
  return kOf(db)
    .selectFrom('cluster_points')
    .select(['ts', 'value'])
    .where('tenant_id', '=', q.tenantId)
    .where('asset_id', '=', q.assetId)
    .where('channel', '=', q.channel)
    .where('ts', '>=', q.from)
    .where('ts', '<', q.to)
    .orderBy('ts')
    .limit(q.limit)
    .execute();
}
