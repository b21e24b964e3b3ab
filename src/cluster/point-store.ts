// Where a partition's owner writes the points it takes from the ingest log, and where every
// node reads them (migration 035-cluster-points): the shared PostgreSQL store. The write is an
// upsert keyed by series and timestamp, so a batch delivered again after a failover — its
// write committed, its ack lost with the node — leaves one point. Of two writes of one series
// and timestamp the one later in the stream wins (migration 041: each row keeps its message's
// stream sequence, and an upsert never replaces a row of a higher one), so a redelivered older
// message cannot overwrite a newer value, whatever order the owners apply them in.
import { sql } from 'kysely';
import type { Db } from '../storage/index.ts';
import type { ClusterTables } from '../storage/cluster-schema.ts';
import type { LogMessage } from './codec.ts';

const kOf = (db: Db) => db.kysely.withTables<ClusterTables>();

interface Row {
  tenant_id: string;
  asset_id: string;
  channel: string;
  ts: number;
  value: number;
  seq: number;
}

/** Every point of the messages in one statement: committed together or not at all. */
export async function storeMessages(db: Db, messages: readonly LogMessage[]): Promise<number> {
  // One statement may not touch a row twice (PostgreSQL's ON CONFLICT rule): the batch's own
  // duplicates collapse first, the later message winning as the later write would.
  const rows = new Map<string, Row>();
  for (const m of messages) {
    const seq = m.seq ?? 0;
    for (const p of m.points) {
      const key = `${m.tenantId}\u0000${p.assetId}\u0000${p.channel}\u0000${p.ts}`;
      if ((rows.get(key)?.seq ?? -1) > seq) continue;
      rows.set(key, {
        tenant_id: m.tenantId,
        asset_id: p.assetId,
        channel: p.channel,
        ts: p.ts,
        value: p.value,
        seq,
      });
    }
  }
  const all = [...rows.values()];
  if (all.length === 0) return 0;
  // One statement of five array parameters (PostgreSQL's unnest), not five parameters a row:
  // a batch of thousands of points is one short statement to build, send and plan.
  const col = <K extends keyof Row>(k: K) => all.map((r) => r[k]);
  await sql`
    insert into cluster_points (tenant_id, asset_id, channel, ts, value, seq)
    select * from unnest(${col('tenant_id')}::text[], ${col('asset_id')}::text[],
                         ${col('channel')}::text[], ${col('ts')}::bigint[],
                         ${col('value')}::double precision[], ${col('seq')}::bigint[])
    on conflict (tenant_id, asset_id, channel, ts) do update
      set value = excluded.value, seq = excluded.seq
      where cluster_points.seq <= excluded.seq`.execute(db.kysely);
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
