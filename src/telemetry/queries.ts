// Query surface: raw ranges with paging, rollups with the bucket picked automatically, latest
// values, fleet aggregates grouped by asset, model or customer, and CSV export. Every read is
// bounded (issue 15, #4): raw pages and exports go slice by slice (reader.ts, readRawSlices) and
// stop where they have enough; JSON reads from raw points have a point budget; all have a time
// limit and turn the event loop between slices (read-guard.ts).
import { invalid, type Localized } from '../kernel/index.ts';
import type { Engine } from './engine/engine.ts';
import { ReadGuard, type ReadLimits } from './engine/read-guard.ts';
import {
  foldBuckets,
  readBuckets,
  readRawSlices,
  pickResolution,
  type BucketSink,
  type BucketSpec,
} from './engine/reader.ts';
import { DAY, HOUR, MINUTE } from './engine/rollup.ts';
import { isoTimeFormatter } from './csv-time.ts';
import {
  calendarSink,
  foldCalendar,
  nominalMs,
  planCalendar,
  unitLabel,
  type CalendarBuckets,
} from './calendar-buckets.ts';
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

export function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to))
    invalidThrow('from/to', { en: 'must be times', 'zh-CN': '必须是时间' });
  if (to <= from) invalidThrow('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
}

function invalidThrow(field: string, reason: Localized): never {
  throw invalid(field, reason);
}

export function invalidBucket(): never {
  invalidThrow('bucket', { en: 'must be a positive duration', 'zh-CN': '必须是正的时长' });
}

/**
 * Calendar buckets (days, ISO weeks, months cut at local midnight) folded from the fixed base
 * buckets that `read` returns for the plan's base spec: the engine's reader or cluster mode's
 * store (src/cluster), folded the same way.
 */
export async function calendarRollup(
  from: number,
  to: number,
  c: CalendarBuckets,
  read: (base: BucketSpec) => Promise<Bucket[]>,
) {
  const plan = planCalendar(from, to, c);
  const buckets = foldCalendar(await read(plan.base), plan.bounds);
  return {
    bucketMs: nominalMs(c.unit),
    bucket: unitLabel(c.unit),
    timeZone: c.timeZone,
    resolution: pickResolution(plan.base),
    buckets: buckets.map(withMean),
  };
}

/** The fixed buckets a calendar plan reads before folding (calendarRollup). */
export const calendarBase = (from: number, to: number, c: CalendarBuckets): BucketSpec =>
  planCalendar(from, to, c).base;

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

interface ChannelIndex {
  list: SeriesRef[];
  length: number;
  byChannel: Map<string, SeriesRef[]>;
}

/** What the query routes and readers use: the engine's Queries, or cluster mode's (src/cluster). */
export type TelemetryQueries = Pick<Queries, 'raw' | 'rollup' | 'latest' | 'fleet' | 'csv'> & {
  /**
   * The channels each of the assets has points of (InfluxQL's field keys). Absent: the
   * engine's series registry answers (TelemetryService.channelsOf).
   */
  channelsByAsset?(
    tenantId: string,
    assetIds: readonly string[],
  ): Promise<Map<string, Set<string>>>;
};

export class Queries {
  private readonly channels = new Map<string, ChannelIndex>();

  constructor(
    private readonly engine: Engine,
    private readonly assetFor: AssetLookup,
    private readonly limits: ReadLimits = { maxPoints: Infinity, timeoutMs: Infinity },
  ) {}

  private guard(): ReadGuard {
    return new ReadGuard(this.limits);
  }

  private async series(
    scope: Scope,
    asset: string,
    channel: string,
  ): Promise<SeriesRef | undefined> {
    const a = await this.assetFor(scope, asset);
    return this.engine.registry.get(scope.tenantId, a.assetId, channel);
  }

  /** One page: `limit` points from `from`, read slice by slice and no further than needed. */
  async raw(
    scope: Scope,
    q: { asset: string; channel: string; from: number; to: number; limit: number },
  ): Promise<RawPage> {
    checkRange(q.from, q.to);
    const guard = this.guard();
    const s = await this.series(scope, q.asset, q.channel);
    if (!s) return { points: [] };
    const points: [number, number][] = [];
    const slicePoints = Math.min(q.limit + 1, guard.slicePoints);
    for await (const p of readRawSlices(this.engine, s.id, q.from, q.to, slicePoints)) {
      for (let i = 0; i < p.ts.length; i++) {
        if (points.length === q.limit) return { points, next: p.ts[i]! };
        points.push([p.ts[i]!, p.values[i]!]);
      }
      await guard.between();
    }
    guard.check();
    return { points };
  }

  /**
   * Buckets of one series: fixed `bucketMs` (auto-picked when absent), or with `calendar` days,
   * ISO weeks or months cut at local midnight in its zone.
   */
  async rollup(
    scope: Scope,
    q: {
      asset: string;
      channel: string;
      from: number;
      to: number;
      bucketMs?: number;
      calendar?: CalendarBuckets;
    },
  ) {
    checkRange(q.from, q.to);
    const s = await this.series(scope, q.asset, q.channel);
    if (q.calendar)
      return calendarRollup(q.from, q.to, q.calendar, async (base) => {
        const read = s ? await readBuckets(this.engine, [s.id], base, this.guard()) : undefined;
        return (s && read?.get(s.id)) ?? [];
      });
    const size = q.bucketMs ?? autoBucket(q.from, q.to);
    if (!(size >= 1)) invalidBucket();
    const spec = { from: q.from, to: q.to, size, origin: 0 };
    const read = s ? await readBuckets(this.engine, [s.id], spec, this.guard()) : undefined;
    const buckets = (s && read?.get(s.id)) ?? [];
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
    } else if (q.channels.length === 1) {
      series = this.visibleOf(scope, q.channels[0]!);
    } else {
      const chans = new Set(q.channels);
      series = reg
        .ofTenant(scope.tenantId)
        .filter((s) => chans.has(s.channel) && visible(scope, s));
    }
    const out: { assetId: string; channel: string; ts: number; value: number }[] = [];
    for (const s of series) {
      const ts = reg.latestTs[s.id];
      if (ts === undefined || Number.isNaN(ts)) continue;
      out.push({ assetId: s.assetId, channel: s.channel, ts, value: reg.latestValue[s.id]! });
    }
    return out;
  }

  /**
   * Series of one channel the scope may see, in registry order. Fleet views ask for one channel
   * of thousands of series, so each tenant's series are indexed by channel, kept up to date from
   * the registry's list (new series are appended to it; a removal replaces it).
   */
  private visibleOf(scope: Scope, channel: string): SeriesRef[] {
    const list = this.engine.registry.ofTenant(scope.tenantId);
    let ix = this.channels.get(scope.tenantId);
    if (!ix || ix.list !== list || ix.length > list.length) {
      ix = { list, length: 0, byChannel: new Map() };
      this.channels.set(scope.tenantId, ix);
    }
    for (; ix.length < list.length; ix.length++) {
      const s = list[ix.length]!;
      const same = ix.byChannel.get(s.channel);
      if (same) same.push(s);
      else ix.byChannel.set(s.channel, [s]);
    }
    const all = ix.byChannel.get(channel) ?? [];
    return scope.customerIds === null ? all : all.filter((s) => visible(scope, s));
  }

  /** Aggregates of one channel over the visible fleet, grouped and optionally bucketed. */
  async fleet(
    scope: Scope,
    q: {
      channel: string;
      from: number;
      to: number;
      bucketMs?: number;
      calendar?: CalendarBuckets;
      groupBy: GroupBy;
      limit: number;
      offset: number;
    },
  ) {
    checkRange(q.from, q.to);
    const series = this.visibleOf(scope, q.channel);
    // Without a bucket, one bucket spans the whole range (origin at `from`).
    const plan = q.calendar ? planCalendar(q.from, q.to, q.calendar) : undefined;
    const spec =
      plan?.base ??
      (q.bucketMs !== undefined
        ? { from: q.from, to: q.to, size: q.bucketMs, origin: 0 }
        : { from: q.from, to: q.to, size: q.to - q.from, origin: q.from });
    const fold = new GroupFold(series.map((s) => groupKey(s, q.groupBy)));
    const cal = plan ? calendarSink(plan.bounds, fold.add) : undefined;
    await foldBuckets(
      this.engine,
      series.map((s) => s.id),
      spec,
      cal?.sink ?? fold.add,
      this.guard(),
    );
    cal?.flush();
    const all: FleetGroup[] = [];
    for (const [key, buckets] of fold.groups) all.push({ key, buckets });
    // Code-unit order: the same on every server locale, so pages stay stable.
    all.sort((a, b) => byKey(String(a.key), String(b.key)));
    const page = all.slice(q.offset, q.offset + q.limit);
    return {
      bucketMs: q.calendar ? nominalMs(q.calendar.unit) : spec.size,
      ...(q.calendar ? { bucket: unitLabel(q.calendar.unit), timeZone: q.calendar.timeZone } : {}),
      resolution: pickResolution(spec),
      total: all.length,
      groups: page.map((g) => ({ key: g.key, buckets: g.buckets.map(withMean) })),
    };
  }

  /**
   * CSV lines (header first) of raw points: asset, channel, ISO time, epoch ms, value. Streamed:
   * one slice of one series at a time, the event loop turning between slices; a consumer that
   * stops (a closed connection) stops the reads. Past the time limit it throws mid-stream.
   */
  async *csv(scope: Scope, q: { assets: string[]; channels: string[]; from: number; to: number }) {
    checkRange(q.from, q.to);
    const guard = this.guard();
    const iso = isoTimeFormatter();
    yield 'asset,channel,time,ts,value\n';
    for (const key of q.assets) {
      const a = await this.assetFor(scope, key);
      for (const ch of q.channels) {
        const s = this.engine.registry.get(scope.tenantId, a.assetId, ch);
        if (!s) continue;
        const prefix = `${csvCell(key)},${csvCell(ch)},`;
        const slice = Math.min(CSV_SLICE_POINTS, guard.slicePoints);
        for await (const p of readRawSlices(this.engine, s.id, q.from, q.to, slice)) {
          // Formatted in pieces, the loop turning between them: a whole slice's text took
          // hundreds of milliseconds on a loaded machine.
          for (let from = 0; from < p.ts.length; from += CSV_FORMAT_POINTS) {
            const to = Math.min(p.ts.length, from + CSV_FORMAT_POINTS);
            let text = '';
            for (let i = from; i < to; i++) {
              const t = p.ts[i]!;
              text += `${prefix}${iso(t)},${t},${p.values[i]}\n`;
            }
            yield text;
            await guard.between();
          }
        }
      }
    }
  }
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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

/**
 * Folds the buckets of many series, arriving series by series and each series' in time order,
 * into the buckets of their groups: a group's bucket is the first series' one with the later
 * series merged in (as mergeBucket does). Nothing is allocated per series, only per group bucket.
 */
class GroupFold {
  readonly groups = new Map<string | null, Bucket[]>();
  private index = -1;
  private list: Bucket[] = [];
  private at = 0;

  constructor(private readonly keys: (string | null)[]) {}

  readonly add: BucketSink = (i, start, count, sum, min, max, first, last) => {
    if (i !== this.index) {
      this.index = i;
      const key = this.keys[i] ?? null;
      let list = this.groups.get(key);
      if (!list) this.groups.set(key, (list = []));
      this.list = list;
      this.at = 0;
    }
    const list = this.list;
    while (this.at < list.length && list[this.at]!.start < start) this.at++;
    const g = list[this.at];
    if (g && g.start === start) {
      g.count += count;
      g.sum += sum;
      if (min < g.min) g.min = min;
      if (max > g.max) g.max = max;
      g.last = last;
    } else list.splice(this.at, 0, { start, count, sum, min, max, first, last });
    this.at++;
  };
}

// Spelled out: an object spread per bucket costs more than the rest of a fleet query's fold.
const withMean = (b: Bucket) => ({
  start: b.start,
  count: b.count,
  sum: b.sum,
  min: b.min,
  max: b.max,
  first: b.first,
  last: b.last,
  mean: b.sum / b.count,
});

/** Points of an export's read slice (about 1 MiB of CSV). */
const CSV_SLICE_POINTS = 16_384;
/** Points formatted between two turns of the event loop: well under 10 ms of work. */
const CSV_FORMAT_POINTS = 2_048;

/** RFC 4180: quote a cell holding a comma, quote or line break. */
export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
