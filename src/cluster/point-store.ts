// Where a partition's owner writes the points it takes from the ingest log, and where every
// node reads them (migration 035-cluster-points): the shared PostgreSQL store. The write is an
// upsert keyed by series and timestamp, so a batch delivered again after a failover — its
// write committed, its ack lost with the node — leaves one point. Of two writes of one series
// and timestamp the one later in the stream wins (migration 041: each row keeps its message's
// stream sequence, and an upsert never replaces a row of a higher one), so a redelivered older
// message cannot overwrite a newer value, whatever order the owners apply them in.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../storage/index.ts';
import type { ClusterTables } from '../storage/cluster-schema.ts';
import type { LogMessage } from './codec.ts';
import { recompute, upsertWithRollups, type SeriesColumns } from './rollups.ts';

const kOf = (db: Db) => db.kysely.withTables<ClusterTables>();

/**
 * The batch as columns: each distinct series once (tenant, asset, channel), and per point its
 * series' index (1-based, as `with ordinality` counts), time and value. Text is sent once per
 * series instead of three strings a point, and no key string is built per point. One statement
 * may not touch a row twice (PostgreSQL's ON CONFLICT rule), so the batch's own duplicates
 * collapse first, the write later in the stream winning; a series whose points
 * come in increasing time (the usual case) is not sorted.
 */
export function batchColumns(messages: readonly LogMessage[]): SeriesColumns {
  const bySeries: {
    tenant: string;
    asset: string;
    channel: string;
    ts: number[];
    v: number[];
    seq: number[];
  }[] = [];
  const index = new Map<string, Map<string, Map<string, number>>>();
  for (const m of messages) {
    const seq = m.seq ?? 0;
    let assets = index.get(m.tenantId);
    if (!assets) index.set(m.tenantId, (assets = new Map()));
    for (const p of m.points) {
      let channels = assets.get(p.assetId);
      if (!channels) assets.set(p.assetId, (channels = new Map()));
      let i = channels.get(p.channel);
      if (i === undefined) {
        i = bySeries.length;
        channels.set(p.channel, i);
        bySeries.push({
          tenant: m.tenantId,
          asset: p.assetId,
          channel: p.channel,
          ts: [],
          v: [],
          seq: [],
        });
      }
      const s = bySeries[i]!;
      s.ts.push(p.ts);
      s.v.push(p.value);
      s.seq.push(seq);
    }
  }
  const out: SeriesColumns = {
    tenant: [],
    asset: [],
    channel: [],
    series: [],
    ts: [],
    value: [],
    seq: [],
  };
  for (const [i, s] of bySeries.entries()) {
    out.tenant.push(s.tenant);
    out.asset.push(s.asset);
    out.channel.push(s.channel);
    let increasing = true;
    for (let k = 1; k < s.ts.length && increasing; k++) increasing = s.ts[k]! > s.ts[k - 1]!;
    if (increasing) {
      for (let k = 0; k < s.ts.length; k++) {
        out.series.push(i + 1);
        out.ts.push(s.ts[k]!);
        out.value.push(s.v[k]!);
        out.seq.push(s.seq[k]!);
      }
      continue;
    }
    // ts → index of its write later in the stream (a higher sequence; equal: later in the batch)
    const last = new Map<number, number>();
    for (let k = 0; k < s.ts.length; k++) {
      const j = last.get(s.ts[k]!);
      if (j === undefined || s.seq[k]! >= s.seq[j]!) last.set(s.ts[k]!, k);
    }
    for (const [t, k] of [...last].sort((x, y) => x[0] - y[0])) {
      out.series.push(i + 1);
      out.ts.push(t);
      out.value.push(s.v[k]!);
      out.seq.push(s.seq[k]!);
    }
  }
  return out;
}

/** The owner's claim on its partition: its lease's epoch (leases.ts, migration 044). */
export interface PartitionFence {
  partition: number;
  /** The lease bucket's creation time: epochs of a recreated bucket start again. */
  generation: number;
  epoch: number;
  owner: string;
}

/** A newer owner of the partition has written: this node's lease is stale. */
export class FencedOut extends Error {
  constructor(readonly fence: PartitionFence) {
    super(
      `partition ${fence.partition}: epoch ${fence.generation}/${fence.epoch} of ${fence.owner} is older than the partition's last writer's; write refused`,
    );
  }
}

/**
 * Claims the partition for `f` inside the write transaction: sets its fence to f's epoch unless
 * a newer epoch holds it, and keeps the row locked until the commit, so two owners' writes of a
 * partition never interleave and a stale owner's commit is refused (throws FencedOut).
 */
export async function claimPartition(tx: Transaction<unknown>, f: PartitionFence): Promise<void> {
  const { rows } = await sql<{ epoch: string }>`
    insert into cluster_partition_fences (partition, generation, epoch, owner, claimed_at)
    values (${f.partition}, ${f.generation}, ${f.epoch}, ${f.owner}, ${Date.now()})
    on conflict (partition) do update
      set generation = excluded.generation, epoch = excluded.epoch, owner = excluded.owner,
          claimed_at = case when cluster_partition_fences.epoch = excluded.epoch
                              and cluster_partition_fences.generation = excluded.generation
                            then cluster_partition_fences.claimed_at else excluded.claimed_at end
      where (cluster_partition_fences.generation, cluster_partition_fences.epoch)
            <= (excluded.generation, excluded.epoch)
    returning epoch`.execute(tx);
  if (rows.length === 0) throw new FencedOut(f);
}

/**
 * Every point of the messages in one statement: committed together or not at all. With a
 * fence, only while no newer owner of the partition has written (claimPartition).
 */
export async function storeMessages(
  db: Db,
  messages: readonly LogMessage[],
  fence?: PartitionFence,
): Promise<number> {
  const columns = batchColumns(messages);
  if (columns.ts.length === 0 && !fence) return 0;
  // One statement of array parameters (PostgreSQL's unnest), not five parameters a row: a
  // batch of thousands of points is one short statement to build, send and plan. The minute
  // and hour rollups change in the same transaction, by what the upsert did (rollups.ts).
  await db.kysely.transaction().execute(async (tx) => {
    if (fence) await claimPartition(tx as Transaction<unknown>, fence);
    if (columns.ts.length === 0) return;
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
  return columns.ts.length;
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

/**
 * Per asset, the time of its last stored point over the given channels (absent: none stored):
 * where a partition's new owner runs the assets' no-data deadlines from until their first
 * point. One index probe per series (the primary key ends with ts), not a scan of its points.
 */
export async function lastPointTimes(
  db: Db,
  tenantId: string,
  assets: readonly { id: string; channels: readonly string[] }[],
): Promise<Map<string, number>> {
  const asset: string[] = [];
  const channel: string[] = [];
  for (const a of assets)
    for (const c of a.channels) {
      asset.push(a.id);
      channel.push(c);
    }
  const out = new Map<string, number>();
  if (asset.length === 0) return out;
  const { rows } = await sql<{ asset_id: string; ts: string | number | null }>`
    select s.asset_id, (select max(p.ts) from cluster_points p
      where p.tenant_id = ${tenantId} and p.asset_id = s.asset_id and p.channel = s.channel) as ts
    from unnest(${asset}::text[], ${channel}::text[]) as s(asset_id, channel)`.execute(db.kysely);
  for (const r of rows) {
    if (r.ts === null) continue;
    const ts = Number(r.ts);
    if (!(ts <= (out.get(r.asset_id) ?? -Infinity))) out.set(r.asset_id, ts);
  }
  return out;
}
