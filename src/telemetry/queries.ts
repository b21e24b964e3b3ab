// Query surface: raw ranges with paging, rollups with the bucket picked automatically, latest
// values, fleet aggregates grouped by asset, model or customer, and CSV export.
import { invalid } from '../kernel/index.ts';
import type { Engine } from './engine/engine.ts';
import { readBuckets, readRaw, pickResolution } from './engine/reader.ts';
import { DAY, HOUR, MINUTE, mergeBucket } from './engine/rollup.ts';
import type { CachedAsset } from './ingest/asset-cache.ts';
import type { Scope } from './service.ts';
import type { Bucket, SeriesRef } from './types.ts';

export type AssetLookup = (scope: Scope, key: string) => Promise<CachedAsset>;

const niceBuckets = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, DAY, 7 * DAY];

/** The smallest "nice" bucket giving at most `maxBuckets` buckets over the range. */
export function autoBucket(from: number, to: number, maxBuckets = 1000): number {
  for (const b of niceBuckets) if ((to - from) / b <= maxBuckets) return b;
  return Math.ceil((to - from) / maxBuckets / DAY) * DAY;
}

function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to)) invalidThrow('from/to', 'must be times');
  if (to <= from) invalidThrow('to', 'must be after from');
}

function invalidThrow(field: string, reason: string): never {
  throw invalid(field, reason);
}

export interface RawPage {
  points: [number, number][];
  /** Pass as `from` to get the next page; absent on the last page. */
  next?: number;
}

export type GroupBy = 'asset' | 'model' | 'customer' | 'none';

export interface FleetGroup {
  key: string | null;
  buckets: Bucket[];
}

export class Queries {
  constructor(
    private readonly engine: Engine,
    private readonly assetFor: AssetLookup,
  ) {}

  private async series(
    scope: Scope,
    asset: string,
    channel: string,
  ): Promise<SeriesRef | undefined> {
    const a = await this.assetFor(scope, asset);
    return this.engine.registry.get(scope.tenantId, a.assetId, channel);
  }

  async raw(
    scope: Scope,
    q: { asset: string; channel: string; from: number; to: number; limit: number },
  ): Promise<RawPage> {
    checkRange(q.from, q.to);
    const s = await this.series(scope, q.asset, q.channel);
    if (!s) return { points: [] };
    const p = (await readRaw(this.engine, [s.id], q.from, q.to)).get(s.id);
    if (!p) return { points: [] };
    const n = Math.min(p.ts.length, q.limit);
    const points: [number, number][] = [];
    for (let i = 0; i < n; i++) points.push([p.ts[i]!, p.values[i]!]);
    return n < p.ts.length ? { points, next: p.ts[n]! } : { points };
  }

  async rollup(
    scope: Scope,
    q: { asset: string; channel: string; from: number; to: number; bucketMs?: number },
  ) {
    checkRange(q.from, q.to);
    const size = q.bucketMs ?? autoBucket(q.from, q.to);
    if (!(size >= 1)) invalidThrow('bucket', 'must be a positive duration');
    const spec = { from: q.from, to: q.to, size, origin: 0 };
    const s = await this.series(scope, q.asset, q.channel);
    const buckets = s ? ((await readBuckets(this.engine, [s.id], spec)).get(s.id) ?? []) : [];
    return { bucketMs: size, resolution: pickResolution(spec), buckets: buckets.map(withMean) };
  }

  /** Latest value of `channels` for the given assets, or every visible asset. */
  async latest(scope: Scope, q: { assets?: string[]; channels: string[] }) {
    const reg = this.engine.registry;
    let series: SeriesRef[];
    if (q.assets) {
      series = [];
      for (const key of q.assets) {
        const a = await this.assetFor(scope, key);
        for (const ch of q.channels) {
          const s = reg.get(scope.tenantId, a.assetId, ch);
          if (s) series.push(s);
        }
      }
    } else {
      const chans = new Set(q.channels);
      series = reg
        .ofTenant(scope.tenantId)
        .filter((s) => chans.has(s.channel) && visible(scope, s));
    }
    const out: { assetId: string; channel: string; ts: number; value: number }[] = [];
    for (const s of series) {
      const l = reg.latestOf(s.id);
      if (l) out.push({ assetId: s.assetId, channel: s.channel, ts: l.ts, value: l.value });
    }
    return out;
  }

  /** Aggregates of one channel over the visible fleet, grouped and optionally bucketed. */
  async fleet(
    scope: Scope,
    q: {
      channel: string;
      from: number;
      to: number;
      bucketMs?: number;
      groupBy: GroupBy;
      limit: number;
      offset: number;
    },
  ) {
    checkRange(q.from, q.to);
    const series = this.engine.registry
      .ofTenant(scope.tenantId)
      .filter((s) => s.channel === q.channel && visible(scope, s));
    // Without a bucket, one bucket spans the whole range (origin at `from`).
    const spec =
      q.bucketMs !== undefined
        ? { from: q.from, to: q.to, size: q.bucketMs, origin: 0 }
        : { from: q.from, to: q.to, size: q.to - q.from, origin: q.from };
    const per = await readBuckets(
      this.engine,
      series.map((s) => s.id),
      spec,
    );
    const groups = new Map<string | null, Map<number, Bucket>>();
    for (const s of series) {
      const buckets = per.get(s.id);
      if (!buckets) continue;
      const key = groupKey(s, q.groupBy);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = new Map()));
      for (const b of buckets) {
        const cur = g.get(b.start);
        if (cur) mergeBucket(cur, b);
        else g.set(b.start, { ...b });
      }
    }
    const all: FleetGroup[] = [...groups].map(([key, m]) => ({
      key,
      buckets: [...m.values()].sort((a, b) => a.start - b.start),
    }));
    all.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    const page = all.slice(q.offset, q.offset + q.limit);
    return {
      bucketMs: spec.size,
      resolution: pickResolution(spec),
      total: all.length,
      groups: page.map((g) => ({ key: g.key, buckets: g.buckets.map(withMean) })),
    };
  }

  /** CSV lines (header first) of raw points: asset, channel, ISO time, epoch ms, value. */
  async *csv(scope: Scope, q: { assets: string[]; channels: string[]; from: number; to: number }) {
    checkRange(q.from, q.to);
    yield 'asset,channel,time,ts,value\n';
    for (const key of q.assets) {
      const a = await this.assetFor(scope, key);
      for (const ch of q.channels) {
        const s = this.engine.registry.get(scope.tenantId, a.assetId, ch);
        if (!s) continue;
        const p = (await readRaw(this.engine, [s.id], q.from, q.to)).get(s.id);
        if (!p) continue;
        const lines: string[] = [];
        for (let i = 0; i < p.ts.length; i++) {
          const t = p.ts[i]!;
          lines.push(
            `${csvCell(key)},${csvCell(ch)},${new Date(t).toISOString()},${t},${p.values[i]}\n`,
          );
        }
        yield lines.join('');
      }
    }
  }
}

const visible = (scope: Scope, s: SeriesRef) =>
  scope.customerIds === null || (s.customerId !== null && scope.customerIds.includes(s.customerId));

function groupKey(s: SeriesRef, by: GroupBy): string | null {
  switch (by) {
    case 'asset':
      return s.assetId;
    case 'model':
      return s.modelId;
    case 'customer':
      return s.customerId;
    case 'none':
      return 'all';
  }
}

const withMean = (b: Bucket) => ({ ...b, mean: b.sum / b.count });

/** RFC 4180: quote a cell holding a comma, quote or line break. */
function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
