// The rollups the partitions' owners keep beside cluster_points (migration 042): per series, a
// row per minute and per hour with count, sum, min, max and the first and last value with their
// times. They change in the same transaction as the raw rows, and only by what the raw upsert
// actually did, which keeps them exact under redelivery:
//  - a point inserted for the first time is merged into its minute and hour rows additively
//    (count + 1, sum + v, least/greatest, first/last by time);
//  - a point whose value changed (a series and time written again with another value) cannot
//    be merged (the old value's share of min/max is unknown), so its minute rows are recomputed
//    from the raw rows, and their hours from the minutes;
//  - a point delivered again with the same value is not touched by the upsert (its update's
//    WHERE is false), is not returned, and changes nothing.
// PostgreSQL's `xmax = 0` in RETURNING tells an inserted row from an updated one.
import { sql, type RawBuilder } from 'kysely';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** The rollup sizes kept, largest first (the query side picks the largest that fits). */
export const ROLLUP_SIZES = [HOUR_MS, MINUTE_MS] as const;

const COLUMNS = sql`(tenant_id, asset_id, channel, size_ms, start, count, sum, min, max,
  first_ts, first, last_ts, last)`;
const KEY = sql`(tenant_id, asset_id, channel, size_ms, start)`;

/** Bucket start of `ts` (a bigint expression) for `size` ms, also for times before 1970. */
const floorTo = (ts: RawBuilder<unknown>, size: number) =>
  sql`(${ts} - ((${ts} % ${sql.lit(size)}) + ${sql.lit(size)}) % ${sql.lit(size)})`;

/** Merges one batch's new points (cte `ins`, fresh rows) into the rows of `size`. */
function mergeFresh(size: number): RawBuilder<unknown> {
  const start = floorTo(sql.ref('ts'), size);
  return sql`insert into cluster_rollups ${COLUMNS}
    select tenant_id, asset_id, channel, ${sql.lit(size)}, ${start}, count(*), sum(value),
           min(value), max(value), min(ts), (array_agg(value order by ts))[1],
           max(ts), (array_agg(value order by ts desc))[1]
    from ins where fresh group by tenant_id, asset_id, channel, ${start}
    on conflict ${KEY} do update set
      count = cluster_rollups.count + excluded.count,
      sum = cluster_rollups.sum + excluded.sum,
      min = least(cluster_rollups.min, excluded.min),
      max = greatest(cluster_rollups.max, excluded.max),
      first = case when excluded.first_ts < cluster_rollups.first_ts
                   then excluded.first else cluster_rollups.first end,
      first_ts = least(cluster_rollups.first_ts, excluded.first_ts),
      last = case when excluded.last_ts > cluster_rollups.last_ts
                  then excluded.last else cluster_rollups.last end,
      last_ts = greatest(cluster_rollups.last_ts, excluded.last_ts)`;
}

export interface PointColumns {
  tenant: string[];
  asset: string[];
  channel: string[];
  ts: number[];
}

/** A batch as columns: distinct series, and per point its series (1-based), time and value. */
export interface SeriesColumns {
  tenant: string[];
  asset: string[];
  channel: string[];
  series: number[];
  ts: number[];
  value: number[];
  /** Each point's stream sequence: a row keeps the value of its highest (migration 041). */
  seq: number[];
}

/**
 * A column of finite numbers as one PostgreSQL array literal (`{1,2.5,3}`), cast in the
 * statement. node-postgres would serialise a JS array itself, but quotes and escapes every
 * element on the way (`prepareValue`, `escapeElement`): about 1.7-2.0 CPU-s per million points
 * for the four numeric columns, against 0.6-0.8 for a join (natscost24, issue 24's cost per
 * point). Number to text is the same `toString` either way, so PostgreSQL reads the same values.
 */
const numbers = (column: readonly number[]) => `{${column.join(',')}}`;

/**
 * One statement: the raw upsert and the additive merge of its fresh points into the minute and
 * hour rows. Returns the points whose value changed (their buckets need `recompute`).
 */
export function upsertWithRollups(c: SeriesColumns) {
  return sql<{ tenant_id: string; asset_id: string; channel: string; ts: string }>`
    with ins as (
      insert into cluster_points (tenant_id, asset_id, channel, ts, value, seq)
      select s.tenant_id, s.asset_id, s.channel, p.ts, p.value, p.seq
      from unnest(${numbers(c.series)}::int[], ${numbers(c.ts)}::bigint[],
                  ${numbers(c.value)}::double precision[], ${numbers(c.seq)}::bigint[])
             as p(series, ts, value, seq)
      join unnest(${c.tenant}::text[], ${c.asset}::text[], ${c.channel}::text[])
             with ordinality as s(tenant_id, asset_id, channel, n) on s.n = p.series
      on conflict (tenant_id, asset_id, channel, ts) do update
        set value = excluded.value, seq = excluded.seq
        where cluster_points.seq < excluded.seq
          or (cluster_points.seq = excluded.seq and cluster_points.value is distinct from excluded.value)
      returning tenant_id, asset_id, channel, ts, value, (xmax = 0) as fresh),
    m as (${mergeFresh(MINUTE_MS)}),
    h as (${mergeFresh(HOUR_MS)})
    select tenant_id, asset_id, channel, ts from ins where not fresh`;
}

const REPLACE = sql`on conflict ${KEY} do update set count = excluded.count,
  sum = excluded.sum, min = excluded.min, max = excluded.max, first_ts = excluded.first_ts,
  first = excluded.first, last_ts = excluded.last_ts, last = excluded.last`;

/**
 * Recomputes, from the raw rows, the minute rows holding the changed points, then their hours
 * from the minute rows: two statements, to run in the transaction of the upsert.
 */
export function recompute(changed: PointColumns): RawBuilder<unknown>[] {
  const keys = sql`unnest(${changed.tenant}::text[], ${changed.asset}::text[],
    ${changed.channel}::text[], ${changed.ts}::bigint[]) as k(tenant_id, asset_id, channel, ts)`;
  const minute = sql`insert into cluster_rollups ${COLUMNS}
    select p.tenant_id, p.asset_id, p.channel, ${sql.lit(MINUTE_MS)}, b.start, count(*),
           sum(p.value), min(p.value), max(p.value), min(p.ts),
           (array_agg(p.value order by p.ts))[1], max(p.ts),
           (array_agg(p.value order by p.ts desc))[1]
    from (select distinct tenant_id, asset_id, channel,
                 ${floorTo(sql.ref('ts'), MINUTE_MS)} as start from ${keys}) b
    join cluster_points p on p.tenant_id = b.tenant_id and p.asset_id = b.asset_id
      and p.channel = b.channel and p.ts >= b.start and p.ts < b.start + ${sql.lit(MINUTE_MS)}
    group by p.tenant_id, p.asset_id, p.channel, b.start
    ${REPLACE}`;
  const hour = sql`insert into cluster_rollups ${COLUMNS}
    select r.tenant_id, r.asset_id, r.channel, ${sql.lit(HOUR_MS)}, b.start, sum(r.count),
           sum(r.sum), min(r.min), max(r.max), min(r.first_ts),
           (array_agg(r.first order by r.first_ts))[1], max(r.last_ts),
           (array_agg(r.last order by r.last_ts desc))[1]
    from (select distinct tenant_id, asset_id, channel,
                 ${floorTo(sql.ref('ts'), HOUR_MS)} as start from ${keys}) b
    join cluster_rollups r on r.tenant_id = b.tenant_id and r.asset_id = b.asset_id
      and r.channel = b.channel and r.size_ms = ${sql.lit(MINUTE_MS)}
      and r.start >= b.start and r.start < b.start + ${sql.lit(HOUR_MS)}
    group by r.tenant_id, r.asset_id, r.channel, b.start
    ${REPLACE}`;
  return [minute, hour];
}
