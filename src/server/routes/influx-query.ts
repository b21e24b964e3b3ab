// InfluxQL over Ronghe telemetry, as the InfluxDB 1.x `/query` answers it (JSON `results` with
// `series` of name, tags, columns, values). What the names mean here:
//  - measurement: an asset model's name picks that model's assets; any other name (Telegraf's
//    `cpu`, or `telemetry`) means every asset. SHOW MEASUREMENTS lists the models and
//    `telemetry`.
//  - tags: `asset`, `device` and `host` are the asset's serial (the tags line protocol names
//    assets by); `model` is its model's name.
//  - fields: the asset's channels; `FROM cpu SELECT usage_idle` also finds the channel
//    `cpu_usage_idle` (written with channels=measurement_field).
// Aggregates are read from the rollups (queries.rollup), raw fields page by page
// (queries.raw); every read goes through the caller's scope, so a customer's credentials see
// that customer's assets only.
import { sql } from 'kysely';
import { RongheError, type Localized } from '../../kernel/index.ts';
import type { Scope as IdentityScope } from '../../identity/index.ts';
import { scopedAssets } from '../../assets/index.ts';
import type { Bucket, Scope, TelemetryService } from '../../telemetry/index.ts';
import {
  matchesTags,
  parseInfluxQl,
  timeRange,
  type Aggregate,
  type Cond,
  type SelectStatement,
  type Statement,
} from '../influxql.ts';

export const ASSET_TAGS = ['asset', 'device', 'host'];
const ANY_MEASUREMENT = 'telemetry';
const MAX_BUCKETS = 100_000;

interface AssetRow {
  id: string;
  serial: string;
  model: string | null;
}

interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface StatementResult {
  statement_id: number;
  series?: Series[];
  error?: string;
}

/** Epoch units of the `epoch` parameter; without it times are RFC 3339 strings. */
const EPOCH: Record<string, number> = {
  ns: 1e-6,
  n: 1e-6,
  u: 1e-3,
  µ: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function timeFormat(epoch: string | undefined): (ms: number) => number | string {
  if (epoch === undefined || epoch === '') {
    return (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  }
  const per = EPOCH[epoch];
  if (per === undefined) {
    throw new RongheError(
      'RONGHE_VALIDATION',
      { en: 'epoch: must be ns, u, ms, s, m or h', 'zh-CN': 'epoch：必须是 ns、u、ms、s、m 或 h' },
      [{ field: 'epoch', reason: 'must be ns, u, ms, s, m or h' }],
    );
  }
  return (ms) => Math.floor(ms / per);
}

const queryFail = (reason: Localized): never => {
  throw new RongheError('RONGHE_VALIDATION', reason);
};

export class InfluxQuery {
  private assetsMemo: AssetRow[] | undefined;
  private channelsMemo = new Map<string, Set<string>>();

  constructor(
    private readonly t: TelemetryService,
    private readonly scope: Scope,
    private readonly identityScope: IdentityScope,
    private readonly fmt: (ms: number) => number | string,
    private readonly db: string | undefined,
  ) {}

  async run(q: string, now = Date.now()): Promise<{ results: StatementResult[] }> {
    const statements = parseInfluxQl(q, now);
    const results: StatementResult[] = [];
    for (const [i, s] of statements.entries()) {
      try {
        const series = await this.statement(s, now);
        results.push(series.length ? { statement_id: i, series } : { statement_id: i });
      } catch (e) {
        if (!(e instanceof RongheError) || e.status >= 500) throw e;
        results.push({ statement_id: i, error: e.message });
      }
    }
    return { results };
  }

  private async statement(s: Statement, now: number): Promise<Series[]> {
    switch (s.kind) {
      case 'create database':
        return [];
      case 'show':
        return this.show(s.what, s.measurement);
      case 'show tag values':
        return this.tagValues(s.keys, s.measurement, s.where);
      case 'select':
        return this.select(s, now);
    }
  }

  /** The caller's assets (scope applied in SQL), with their model names. */
  private async assets(): Promise<AssetRow[]> {
    if (this.assetsMemo) return this.assetsMemo;
    const rows = await scopedAssets(this.t.db, this.identityScope)
      .leftJoin('asset_models', 'asset_models.id', 'assets.model_id')
      .select(['assets.id as id', 'assets.serial as serial', 'asset_models.name as model'])
      .orderBy(sql`assets.serial`)
      .execute();
    this.channelsMemo = await this.t.channelsOf(
      this.scope.tenantId,
      rows.map((a) => a.id),
    );
    this.assetsMemo = rows;
    return rows;
  }

  /** The asset's channels (read with the assets: the engine's, or the cluster's store). */
  private channels(a: AssetRow): ReadonlySet<string> {
    return this.channelsMemo.get(a.id) ?? new Set();
  }

  /** Assets of a measurement (a model's name, else all) that have telemetry. */
  private async ofMeasurement(m: string | undefined): Promise<AssetRow[]> {
    const all = (await this.assets()).filter((a) => this.channels(a).size > 0);
    if (m === undefined || !all.some((a) => a.model === m)) return all;
    return all.filter((a) => a.model === m);
  }

  private async show(what: string, measurement: string | undefined): Promise<Series[]> {
    switch (what) {
      case 'databases': {
        const names = new Set(['ronghe', ...(this.db ? [this.db] : [])]);
        return [{ name: 'databases', columns: ['name'], values: [...names].map((n) => [n]) }];
      }
      case 'retention policies':
        return [
          {
            name: '',
            columns: ['name', 'duration', 'shardGroupDuration', 'replicaN', 'default'],
            values: [['autogen', '0s', '168h0m0s', 1, true]],
          },
        ];
      case 'measurements': {
        const models = (await this.ofMeasurement(undefined)).map((a) => a.model);
        const names = [...new Set([ANY_MEASUREMENT, ...models.filter((m) => m !== null)])];
        return [{ name: 'measurements', columns: ['name'], values: names.sort().map((n) => [n]) }];
      }
      case 'tag keys':
        return [
          {
            name: measurement ?? ANY_MEASUREMENT,
            columns: ['tagKey'],
            values: [...ASSET_TAGS, 'model'].map((k) => [k]),
          },
        ];
      case 'field keys': {
        const keys = new Set<string>();
        const prefix = measurement ? `${measurement}_` : undefined;
        for (const a of await this.ofMeasurement(measurement)) {
          for (const ch of this.channels(a).keys()) {
            keys.add(prefix && ch.startsWith(prefix) ? ch.slice(prefix.length) : ch);
          }
        }
        return [
          {
            name: measurement ?? ANY_MEASUREMENT,
            columns: ['fieldKey', 'fieldType'],
            values: [...keys].sort().map((k) => [k, 'float']),
          },
        ];
      }
    }
    return [];
  }

  private async tagValues(
    keys: string[],
    measurement: string | undefined,
    where: Cond | undefined,
  ): Promise<Series[]> {
    const values: [string, string][] = [];
    const assets = (await this.ofMeasurement(measurement)).filter((a) =>
      matchesTags(where, (k) => tagOf(a, k)),
    );
    for (const k of keys) {
      const seen = new Set<string>();
      for (const a of assets) {
        const v = tagOf(a, k);
        if (v !== undefined) seen.add(v);
      }
      for (const v of [...seen].sort()) values.push([k, v]);
    }
    if (values.length === 0) return [];
    return [{ name: measurement ?? ANY_MEASUREMENT, columns: ['key', 'value'], values }];
  }

  private async select(s: SelectStatement, now: number): Promise<Series[]> {
    const { from, to } = timeRange(s.where, now);
    if (!Number.isFinite(from)) {
      queryFail({
        en: 'a lower time bound is required (WHERE time >= now() - 1h, or an RFC 3339 time)',
        'zh-CN': '需要时间下限（WHERE time >= now() - 1h，或一个 RFC 3339 时间）',
      });
    }
    if (to <= from) return [];
    const assets = (await this.ofMeasurement(s.measurement || undefined)).filter((a) =>
      matchesTags(s.where, (k) => tagOf(a, k)),
    );
    const groupKeys = s.groupByTags.map((k) => (k === '*' ? 'asset' : k));
    const groups = new Map<string, { tags: Record<string, string>; assets: AssetRow[] }>();
    for (const a of assets) {
      const tags: Record<string, string> = {};
      for (const k of groupKeys) tags[k] = tagOf(a, k) ?? '';
      const id = JSON.stringify(tags);
      const g = groups.get(id) ?? { tags, assets: [] };
      g.assets.push(a);
      groups.set(id, g);
    }
    const out: Series[] = [];
    for (const g of groups.values()) {
      const series = s.fields.every((f) => f.fn)
        ? await this.aggregate(s, g.assets, from, to)
        : await this.raw(s, g.assets, from, to);
      if (!series) continue;
      out.push({
        name: s.measurement || ANY_MEASUREMENT,
        ...(groupKeys.length ? { tags: g.tags } : {}),
        ...series,
      });
    }
    return out;
  }

  /** The channel a field names on an asset: the field itself, else `<measurement>_<field>`. */
  private channelOf(a: AssetRow, measurement: string, field: string): string | undefined {
    const ch = this.channels(a);
    if (ch.has(field)) return field;
    const prefixed = `${measurement}_${field}`;
    return ch.has(prefixed) ? prefixed : undefined;
  }

  private async aggregate(s: SelectStatement, assets: AssetRow[], from: number, to: number) {
    const size = s.groupByTime ?? to - from;
    const first = s.groupByTime ? Math.floor(from / size) * size : from;
    const n = Math.ceil((to - first) / size);
    if (n > MAX_BUCKETS) {
      queryFail({
        en: `GROUP BY time(…) gives ${n} buckets over the range; at most ${MAX_BUCKETS}`,
        'zh-CN': `GROUP BY time(…) 在该范围内得到 ${n} 个分桶，最多 ${MAX_BUCKETS} 个`,
      });
    }
    const columns: (Bucket | undefined)[][] = [];
    let any = false;
    for (const f of s.fields) {
      const merged: (Bucket | undefined)[] = new Array<Bucket | undefined>(n).fill(undefined);
      let sources = 0;
      for (const a of assets) {
        const channel = this.channelOf(a, s.measurement, f.field);
        if (channel === undefined) continue;
        const r = await this.t.queries.rollup(this.scope, {
          asset: a.id,
          channel,
          from,
          to,
          bucketMs: size,
        });
        if (r.buckets.length === 0) continue;
        sources++;
        if (sources > 1 && (f.fn === 'first' || f.fn === 'last')) {
          queryFail({
            en: `${f.fn}() over several assets needs GROUP BY "asset" (or "host")`,
            'zh-CN': `对多台资产求 ${f.fn}() 需要 GROUP BY "asset"（或 "host"）`,
          });
        }
        for (const b of r.buckets) {
          const k = s.groupByTime ? Math.floor((b.start - first) / size) : 0;
          if (k < 0 || k >= n) continue;
          merged[k] = mergeBucket(merged[k], b);
        }
      }
      if (sources > 0) any = true;
      columns.push(merged);
    }
    if (!any) return undefined;
    const values: unknown[][] = [];
    const prev: (number | null)[] = s.fields.map(() => null);
    for (let k = 0; k < n; k++) {
      const row: unknown[] = [this.fmt(first + k * size)];
      let empty = true;
      s.fields.forEach((f, j) => {
        const b = columns[j]![k];
        let v: number | null = b ? valueOf(f.fn!, b) : null;
        if (b) empty = false;
        if (v === null && s.fill.kind === 'previous') v = prev[j]!;
        if (v === null && s.fill.kind === 'value') v = s.fill.value;
        if (v === null && f.fn === 'count' && s.fill.kind === 'null') v = 0;
        prev[j] = v;
        row.push(v);
      });
      if (empty && s.fill.kind === 'none') continue;
      values.push(row);
    }
    if (s.desc) values.reverse();
    return {
      columns: ['time', ...s.fields.map((f) => f.column)],
      values: limited(values, s.limit),
    };
  }

  private async raw(s: SelectStatement, assets: AssetRow[], from: number, to: number) {
    const limit = Math.min(s.limit ?? 10_000, 100_000);
    const rows = new Map<number, (number | null)[]>();
    for (const [j, f] of s.fields.entries()) {
      for (const a of assets) {
        const channel = this.channelOf(a, s.measurement, f.field);
        if (channel === undefined) continue;
        const page = await this.t.queries.raw(this.scope, {
          asset: a.id,
          channel,
          from,
          to,
          limit: s.desc ? 100_000 : limit,
        });
        for (const [t, v] of page.points) {
          const row = rows.get(t) ?? s.fields.map(() => null);
          row[j] = v;
          rows.set(t, row);
        }
      }
    }
    if (rows.size === 0) return undefined;
    const times = [...rows.keys()].sort((a, b) => (s.desc ? b - a : a - b));
    const values = times.slice(0, limit).map((t) => [this.fmt(t), ...rows.get(t)!]);
    return { columns: ['time', ...s.fields.map((f) => f.column)], values };
  }
}

function tagOf(a: AssetRow, key: string): string | undefined {
  if (ASSET_TAGS.includes(key)) return a.serial;
  if (key === 'model') return a.model ?? undefined;
  return undefined;
}

function mergeBucket(into: Bucket | undefined, b: Bucket): Bucket {
  if (!into) return { ...b };
  return {
    start: Math.min(into.start, b.start),
    count: into.count + b.count,
    sum: into.sum + b.sum,
    min: Math.min(into.min, b.min),
    max: Math.max(into.max, b.max),
    // Buckets of one series arrive in time order; several series are refused for these.
    first: into.start <= b.start ? into.first : b.first,
    last: into.start <= b.start ? b.last : into.last,
  };
}

function valueOf(fn: Aggregate, b: Bucket): number | null {
  if (b.count === 0) return fn === 'count' ? 0 : null;
  switch (fn) {
    case 'mean':
      return b.sum / b.count;
    case 'min':
      return b.min;
    case 'max':
      return b.max;
    case 'first':
      return b.first;
    case 'last':
      return b.last;
    case 'count':
      return b.count;
    case 'sum':
      return b.sum;
    case 'spread':
      return b.max - b.min;
  }
}

function limited<T>(rows: T[], limit: number | undefined): T[] {
  return limit === undefined ? rows : rows.slice(0, limit);
}
