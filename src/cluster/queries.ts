// The telemetry query surface of a clustered node (raw, rollup, latest, fleet, CSV) over the
// shared store the partitions' owners write (cluster_points, migration 035), so a point
// acknowledged by any node is read through /api/v1/telemetry on every node and every node
// answers the same. A clustered node's engine is never written (its sink is the JetStream
// log), so reading it would miss every point. Buckets are aggregated by PostgreSQL (one GROUP
// BY per query, on the primary key's order) with the engine's bucket rule: a point at t falls in
// the bucket starting at origin + ⌊(t − origin) / size⌋ · size (rollup.ts), and calendar
// buckets fold hourly or daily base buckets exactly as the engine does (calendar-buckets.ts).
// Scope is the route's: the asset is looked up with the caller's scope (404 when not visible);
// fleet and latest over "every asset" join the assets table for the customer the asset has now.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../storage/index.ts';
import {
  autoBucket,
  calendarBase,
  calendarRollup,
  checkRange,
  csvCell,
  invalidBucket,
  isoTimeFormatter,
  pickResolution,
  type AssetLookup,
  type Bucket,
  type GroupBy,
  type RawPage,
  type ReadLimits,
  type Scope,
  type TelemetryQueries,
} from '../telemetry/index.ts';
import type { ClusterTables } from '../storage/cluster-schema.ts';
import { ROLLUP_SIZES } from './rollups.ts';

type Calendar = NonNullable<Parameters<TelemetryQueries['rollup']>[1]['calendar']>;

const CSV_PAGE = 16_384;

interface BucketRow {
  g: string | null;
  start: number | string;
  count: number | string;
  sum: number;
  min: number;
  max: number;
  first: number;
  last: number;
}

const toBucket = (r: BucketRow): Bucket => ({
  start: Number(r.start),
  count: Number(r.count),
  sum: r.sum,
  min: r.min,
  max: r.max,
  first: r.first,
  last: r.last,
});

const mean = (b: Bucket) => ({ ...b, mean: b.sum / b.count });

export function clusterQueries(
  db: Db,
  assetFor: AssetLookup,
  limits: ReadLimits,
): TelemetryQueries {
  const k = db.kysely.withTables<ClusterTables>();
  const maxPoints = Number.isFinite(limits.maxPoints) ? limits.maxPoints : 10_000_000;

  /**
   * Partial aggregates of asset `a.id`'s series (a lateral subquery), as `ts` (the time that
   * picks the bucket), count, sum, min, max, first_ts, first, last_ts, last: the owners'
   * minute or hour rollups (rollups.ts) for the whole rollup buckets inside the range, raw
   * points (one row each) for the edges, or raw points only where no rollup size fits.
   */
  const parts = (
    tenantId: string,
    channel: string,
    spec: { from: number; to: number; size: number; origin: number },
  ): RawBuilder<unknown> => {
    const series = sql`q.tenant_id = ${tenantId} and q.asset_id = a.id and q.channel = ${channel}`;
    const raw = (from: number, to: number) => sql`
      select q.ts, 1::bigint as count, q.value as sum, q.value as min, q.value as max,
             q.ts as first_ts, q.value as first, q.ts as last_ts, q.value as last
      from cluster_points q where ${series} and q.ts >= ${from} and q.ts < ${to}`;
    const g = rollupSize(spec);
    if (g === undefined) return raw(spec.from, spec.to);
    const mid = { from: ceilTo(spec.from, g), to: floorTo(spec.to, g) };
    return sql`
      select q.start as ts, q.count, q.sum, q.min, q.max, q.first_ts, q.first, q.last_ts, q.last
      from cluster_rollups q where ${series} and q.size_ms = ${g}
        and q.start >= ${mid.from} and q.start < ${mid.to}
      union all ${raw(spec.from, mid.from)}
      union all ${raw(mid.to, spec.to)}`;
  };

  /**
   * Buckets of one channel of the assets matching `assets` (a condition on `a`, the assets
   * table), grouped by `group`: one list per group key. Each asset's series is read by its own
   * range scan of the primary key (tenant, asset, channel, ts) — a lateral join — so a fleet
   * query over the last hour reads that hour, not every point of the tenant.
   */
  const buckets = async (
    tenantId: string,
    assets: RawBuilder<unknown>,
    channel: string,
    group: RawBuilder<unknown>,
    spec: { from: number; to: number; size: number; origin: number },
  ): Promise<Map<string | null, Bucket[]>> => {
    const size = Math.max(1, Math.round(spec.size));
    const origin = Math.round(spec.origin);
    const start = sql`(${origin}::bigint + ((p.ts - ${origin}::bigint) / ${size}::bigint) * ${size}::bigint)`;
    const r = await sql<BucketRow>`
      select ${group} as g, ${start} as start, sum(p.count) as count, sum(p.sum) as sum,
             min(p.min) as min, max(p.max) as max,
             (array_agg(p.first order by p.first_ts))[1] as first,
             (array_agg(p.last order by p.last_ts desc))[1] as last
      from assets a cross join lateral (${parts(tenantId, channel, { ...spec, size, origin })}) p
      where a.tenant_id = ${tenantId} and ${assets}
      group by 1, 2 order by 1, 2`.execute(db.kysely);
    const out = new Map<string | null, Bucket[]>();
    for (const row of r.rows) {
      const list = out.get(row.g) ?? [];
      out.set(row.g, list);
      list.push(toBucket(row));
    }
    return out;
  };

  const visible = (scope: Scope) =>
    scope.customerIds === null
      ? sql`true`
      : scope.customerIds.length === 0
        ? sql`false`
        : sql`a.customer_id in (${sql.join(scope.customerIds)})`;

  const page = async (
    tenantId: string,
    assetId: string,
    channel: string,
    from: number,
    to: number,
    limit: number,
  ) =>
    (
      await k
        .selectFrom('cluster_points')
        .select(['ts', 'value'])
        .where('tenant_id', '=', tenantId)
        .where('asset_id', '=', assetId)
        .where('channel', '=', channel)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .orderBy('ts')
        .limit(limit)
        .execute()
    ).map((r) => [Number(r.ts), r.value] as [number, number]);

  return {
    // Per asset, its distinct channels by a skip scan of the primary key (one index probe per
    // channel, a recursive CTE), not a scan of its points.
    async channelsByAsset(tenantId, assetIds) {
      const out = new Map<string, Set<string>>(assetIds.map((id) => [id, new Set<string>()]));
      if (assetIds.length === 0) return out;
      const next = (after: RawBuilder<unknown>) => sql`(select q.channel from cluster_points q
        where q.tenant_id = ${tenantId} and q.asset_id = a.id and ${after}
        order by q.channel limit 1)`;
      const r = await sql<{ asset_id: string; channel: string }>`
        select a.id as asset_id, c.channel
        from unnest(${[...assetIds]}::text[]) as a(id) cross join lateral (
          with recursive c(channel) as (
            select ${next(sql`true`)}
            union all
            select ${next(sql`q.channel > c.channel`)} from c where c.channel is not null)
          select channel from c where channel is not null) c`.execute(db.kysely);
      for (const row of r.rows) out.get(row.asset_id)?.add(row.channel);
      return out;
    },

    async raw(scope, q): Promise<RawPage> {
      checkRange(q.from, q.to);
      const a = await assetFor(scope, q.asset);
      const rows = await page(
        scope.tenantId,
        a.assetId,
        q.channel,
        q.from,
        q.to,
        Math.min(q.limit, maxPoints) + 1,
      );
      if (rows.length > q.limit) return { points: rows.slice(0, q.limit), next: rows[q.limit]![0] };
      return { points: rows };
    },

    async rollup(scope, q) {
      checkRange(q.from, q.to);
      const a = await assetFor(scope, q.asset);
      const one = (spec: { from: number; to: number; size: number; origin: number }) =>
        buckets(scope.tenantId, sql`a.id = ${a.assetId}`, q.channel, sql`null`, spec);
      if (q.calendar) {
        const cal = q.calendar;
        return calendarRollup(q.from, q.to, cal, async (base) => (await one(base)).get(null) ?? []);
      }
      const size = q.bucketMs ?? autoBucket(q.from, q.to);
      if (!(size >= 1)) invalidBucket();
      const spec = { from: q.from, to: q.to, size, origin: 0 };
      const list = (await one(spec)).get(null) ?? [];
      return { bucketMs: size, resolution: pickResolution(spec), buckets: list.map(mean) };
    },

    async latest(scope, q) {
      if (q.channels.length === 0) return [];
      let assets: RawBuilder<unknown> = visible(scope);
      if (q.assets) {
        const ids: string[] = [];
        for (const key of q.assets) ids.push((await assetFor(scope, key)).assetId);
        if (ids.length === 0) return [];
        assets = sql`a.id in (${sql.join(ids)})`;
      }
      // Per asset and channel, the newest row by one backward index probe (lateral join).
      const r = await sql<{
        asset_id: string;
        channel: string;
        ts: number | string;
        value: number;
      }>`
        select a.id as asset_id, c.channel, l.ts, l.value
        from assets a cross join unnest(${q.channels}::text[]) as c(channel)
        cross join lateral (
          select p.ts, p.value from cluster_points p
          where p.tenant_id = ${scope.tenantId} and p.asset_id = a.id and p.channel = c.channel
          order by p.ts desc limit 1) l
        where a.tenant_id = ${scope.tenantId} and ${assets}
        order by a.id, c.channel`.execute(db.kysely);
      return r.rows.map((x) => ({
        assetId: x.asset_id,
        channel: x.channel,
        ts: Number(x.ts),
        value: x.value,
      }));
    },

    async fleet(scope, q) {
      checkRange(q.from, q.to);
      const group = groupColumn(q.groupBy);
      const read = (spec: { from: number; to: number; size: number; origin: number }) =>
        buckets(scope.tenantId, visible(scope), q.channel, group, spec);
      let groups: Map<string | null, Bucket[]>;
      let head: Record<string, unknown>;
      if (q.calendar) {
        const cal: Calendar = q.calendar;
        const folded = new Map<string | null, Bucket[]>();
        let meta: Record<string, unknown> = {};
        const all = await read(calendarBase(q.from, q.to, cal));
        for (const [key, list] of all) {
          const r = await calendarRollup(q.from, q.to, cal, () => Promise.resolve(list));
          folded.set(key, r.buckets);
          meta = {
            bucketMs: r.bucketMs,
            bucket: r.bucket,
            timeZone: r.timeZone,
            resolution: r.resolution,
          };
        }
        if (all.size === 0) {
          const r = await calendarRollup(q.from, q.to, cal, () => Promise.resolve([]));
          meta = {
            bucketMs: r.bucketMs,
            bucket: r.bucket,
            timeZone: r.timeZone,
            resolution: r.resolution,
          };
        }
        groups = folded;
        head = meta;
      } else {
        const spec =
          q.bucketMs !== undefined
            ? { from: q.from, to: q.to, size: q.bucketMs, origin: 0 }
            : { from: q.from, to: q.to, size: q.to - q.from, origin: q.from };
        groups = await read(spec);
        head = { bucketMs: spec.size, resolution: pickResolution(spec) };
      }
      const all = [...groups].map(([key, list]) => ({ key, buckets: list }));
      all.sort((x, y) =>
        String(x.key) < String(y.key) ? -1 : String(x.key) > String(y.key) ? 1 : 0,
      );
      return {
        ...head,
        total: all.length,
        groups: all
          .slice(q.offset, q.offset + q.limit)
          .map((g) => ({ key: g.key, buckets: g.buckets.map(mean) })),
      } as Awaited<ReturnType<TelemetryQueries['fleet']>>;
    },

    async *csv(scope, q) {
      checkRange(q.from, q.to);
      const iso = isoTimeFormatter();
      yield 'asset,channel,time,ts,value\n';
      for (const key of q.assets) {
        const a = await assetFor(scope, key);
        for (const ch of q.channels) {
          const prefix = `${csvCell(key)},${csvCell(ch)},`;
          let from = q.from;
          for (;;) {
            const rows = await page(scope.tenantId, a.assetId, ch, from, q.to, CSV_PAGE);
            let text = '';
            for (const [t, v] of rows) text += `${prefix}${iso(t)},${t},${v}\n`;
            if (text) yield text;
            if (rows.length < CSV_PAGE) break;
            from = rows[rows.length - 1]![0] + 1;
          }
        }
      }
    },
  };
}

const floorTo = (t: number, g: number) => t - (((t % g) + g) % g);
const ceilTo = (t: number, g: number) => -floorTo(-t, g);

/**
 * The largest rollup size whose buckets each fall whole into one query bucket (the size a
 * multiple of it and the origin on its boundary, or the whole range one query bucket), with at
 * least one whole rollup bucket inside the range; undefined: read raw points only.
 */
function rollupSize(s: { from: number; to: number; size: number; origin: number }) {
  const single = s.origin <= s.from && s.origin + s.size >= s.to;
  return ROLLUP_SIZES.find(
    (g) =>
      (single || (s.size % g === 0 && floorTo(s.origin, g) === s.origin)) &&
      ceilTo(s.from, g) < floorTo(s.to, g),
  );
}

function groupColumn(by: GroupBy): RawBuilder<unknown> {
  switch (by) {
    case 'asset':
      return sql`a.id`;
    case 'model':
      return sql`a.model_id`;
    case 'customer':
      return sql`a.customer_id`;
    case 'none':
      return sql`'all'`;
  }
}
