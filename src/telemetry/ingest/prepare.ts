// Validation of a whole batch before anything is written (all-or-nothing: one bad row rejects
// the batch, naming up to `maxErrors` bad rows), then mapping rows to series ids. Policies:
//  - unknown asset → rejected; unknown channel → rejected unless the model allows new channels;
//  - NaN / ±Infinity → rejected (cannot be aggregated);
//  - time later than now + maxFutureMs, or before minTimestamp, or older than the tenant's raw
//    retention → rejected; a missing time means the server's clock.
//  - a device principal may write only its own asset and those its gateway's connectors map;
//  - limits (TelemetryLimits): fields per row, key length, reserved names (__proto__ …), new
//    series per request and series per tenant — the same for line protocol, JSON and MQTT.
import { RongheError, clip, reservedNameReason, type Localized } from '../../kernel/index.ts';
import type { PreparedBatch } from '../engine/engine.ts';
import type { SeriesRegistry } from '../engine/series-registry.ts';
import type { IngestRows, SeriesRef, TelemetryLimits, TimePolicy } from '../types.ts';
import { MAX_TIME_MS } from './lp-number.ts';
import type { AssetCache, CachedAsset, RowSeries } from './asset-cache.ts';

export interface RowError {
  /** The row as the caller named it (`line 3`, `points[2]`, …). */
  at: string;
  reason: Localized;
}

/** `line 3` → `第 3 行`; other row names (`points[2]`, an MQTT topic) stay as sent. */
const atInChinese = (at: string): string => {
  const m = /^line (\d+)$/.exec(at);
  return m ? `第 ${m[1]} 行` : at;
};

/** The rows' reasons joined, in each language; the details keep the English reason. */
export function namedErrors(errors: readonly RowError[]): Localized {
  return {
    en: errors.map((e) => `${e.at}: ${e.reason.en}`).join('; '),
    'zh-CN': errors.map((e) => `${atInChinese(e.at)}：${e.reason['zh-CN']}`).join('；'),
  };
}

export interface PrepareContext {
  tenantId: string;
  assets: AssetCache;
  registry: SeriesRegistry;
  policy: TimePolicy;
  limits: TelemetryLimits;
  /** Oldest accepted time for this tenant (raw retention), or -Infinity. */
  oldestAllowed: number;
  /** Device principals: the only asset id they may write. */
  onlyAssetId?: string;
  /** Rows of several devices in one batch (the MQTT batcher): the asset row `i` may write. */
  onlyAssetIdOf?: (row: number) => string | undefined;
  /** A gateway's device: the further assets row `i` may write (its connectors' assets). */
  grantedOf?: (row: number) => ReadonlySet<string> | undefined;
  maxErrors?: number;
  /** InfluxDB's partial writes: bad rows are left out and reported, the rest stored. */
  partial?: boolean;
}

/** Rows `keep` (ascending) of `rows`, as a batch of their own; labels keep their names. */
export function subsetRows(rows: IngestRows, keep: number[]): IngestRows {
  const n = keep.length;
  const ts = new Float64Array(n);
  const fieldStart = new Uint32Array(n + 1);
  let total = 0;
  for (const i of keep) total += rows.fieldStart[i + 1]! - rows.fieldStart[i]!;
  const fieldValue = new Float64Array(total);
  const rowKeys: string[][] = [];
  const assetKey: string[] = [];
  let at = 0;
  keep.forEach((i, k) => {
    ts[k] = rows.ts[i]!;
    rowKeys.push(rows.rowKeys[i]!);
    assetKey.push(rows.assetKey[i]!);
    fieldValue.set(rows.fieldValue.subarray(rows.fieldStart[i]!, rows.fieldStart[i + 1]!), at);
    at += rows.fieldStart[i + 1]! - rows.fieldStart[i]!;
    fieldStart[k + 1] = at;
  });
  return {
    assetKey,
    ts,
    fieldStart,
    rowKeys,
    fieldValue,
    ...(rows.finite !== undefined ? { finite: rows.finite } : {}),
    ...(rows.dropped ? { dropped: rows.dropped } : {}),
    label: (k) => rows.label(keep[k]!),
  };
}

export function rejectBatch(errors: RowError[], total = errors.length): never {
  const shown = namedErrors(errors);
  const more = total > errors.length;
  throw new RongheError(
    'RONGHE_VALIDATION',
    {
      en: `Batch rejected, nothing was written. ${shown.en}${more ? ' (and more)' : ''}`,
      'zh-CN': `整批被拒绝，未写入任何数据。${shown['zh-CN']}${more ? '（还有更多）' : ''}`,
    },
    errors.map((e) => ({ field: e.at, reason: e.reason.en })),
  );
}

/**
 * The asset's memo of series ids when row i writes exactly the memo's channels (the common case:
 * a device sends the same channel list every time), so validation and mapping skip per-channel
 * lookups. An asset keeps two memos, the last shape written and the one before (device channels
 * and derived channels in turn). Valid while the asset entry lives (it carries the current
 * model's channels) and no series was removed since.
 */
function memoFor(rows: IngestRows, i: number, asset: CachedAsset, ctx: PrepareContext) {
  const row = rows.rowKeys[i]!;
  const generation = ctx.registry.generation;
  return (
    matches(asset.rowSeries, row, generation) ?? matches(asset.rowSeriesBefore, row, generation)
  );
}

function matches(memo: RowSeries | undefined, row: string[], generation: number) {
  if (!memo || memo.generation !== generation) return undefined;
  const keys = memo.keys;
  if (row === keys) return memo;
  if (row.length !== keys.length) return undefined;
  for (let k = 0; k < keys.length; k++) if (row[k] !== keys[k]) return undefined;
  // Same list, another array (a new body): remember this one so the next rows match by identity.
  memo.keys = row;
  return memo;
}

function checkRow(
  rows: IngestRows,
  i: number,
  asset: CachedAsset | undefined,
  ctx: PrepareContext,
  now: number,
): Localized | undefined {
  const key = rows.assetKey[i]!;
  if (!asset)
    return {
      en: `unknown asset '${clip(key)}' (use the asset's serial or id)`,
      'zh-CN': `未知资产“${clip(key)}”（请使用资产的序列号或标识）`,
    };
  const only = ctx.onlyAssetIdOf ? ctx.onlyAssetIdOf(i) : ctx.onlyAssetId;
  if (only !== undefined && asset.assetId !== only && !ctx.grantedOf?.(i)?.has(asset.assetId)) {
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: `This device may only write its own asset and the assets its gateway's connectors map to, and '${clip(key)}' is neither.`,
      'zh-CN': `此设备只能写入自己的资产及其网关连接器所映射的资产，而“${clip(key)}”都不是。`,
    });
  }
  const t = rows.ts[i]!;
  if (!Number.isNaN(t)) {
    if (!(Math.abs(t) <= MAX_TIME_MS))
      return {
        en: `time ${t} is out of range (not a date)`,
        'zh-CN': `时间 ${t} 超出范围（不是日期）`,
      };
    if (t > now + ctx.policy.maxFutureMs)
      return {
        en: `time ${new Date(t).toISOString()} is in the future`,
        'zh-CN': `时间 ${new Date(t).toISOString()} 在未来`,
      };
    if (t < ctx.policy.minTimestamp || t < ctx.oldestAllowed) {
      return {
        en: `time ${new Date(t).toISOString()} is older than accepted`,
        'zh-CN': `时间 ${new Date(t).toISOString()} 早于可接受的范围`,
      };
    }
  }
  const known = memoFor(rows, i, asset, ctx) !== undefined || asset.allowNewChannels;
  if (known && rows.finite) return undefined;
  const keys = rows.rowKeys[i]!;
  const from = rows.fieldStart[i]!;
  for (let k = 0; k < keys.length; k++) {
    const v = rows.fieldValue[from + k]!;
    if (v - v !== 0)
      return {
        en: `channel '${keys[k]!}': value must be finite`,
        'zh-CN': `通道“${keys[k]!}”：值必须是有限数`,
      };
    if (!known && !asset.channelSet.has(keys[k]!)) {
      return {
        en: `channel '${keys[k]!}' is not declared by the asset model of '${clip(key)}'`,
        'zh-CN': `通道“${keys[k]!}”未在“${clip(key)}”的资产模型中声明`,
      };
    }
  }
  return undefined;
}

/** What is wrong with a row's channel keys under the limits, if anything. */
function shapeReason(keys: string[], limits: TelemetryLimits): Localized | undefined {
  if (keys.length > limits.maxFieldsPerLine) {
    return {
      en: `${keys.length} channels; at most ${limits.maxFieldsPerLine} fields per line or point`,
      'zh-CN': `${keys.length} 个通道；每行或每个数据点至多 ${limits.maxFieldsPerLine} 个字段`,
    };
  }
  for (const k of keys) {
    if (k.length > limits.maxKeyLength) {
      return {
        en: `channel '${clip(k)}' is longer than ${limits.maxKeyLength} characters`,
        'zh-CN': `通道“${clip(k)}”超过 ${limits.maxKeyLength} 个字符`,
      };
    }
    const reserved = reservedNameReason(k);
    if (reserved !== undefined)
      return { en: `channel ${reserved.en}`, 'zh-CN': `通道${reserved['zh-CN']}` };
  }
  return undefined;
}

/**
 * Checks every row; resolves to each row's asset, or throws naming the bad rows. With
 * `ctx.partial` the bad rows are left out instead (their errors added to `rows.dropped`) and
 * the rows to store returned with their assets; a batch with none left still throws.
 */
export async function validateBatch(
  rows: IngestRows,
  ctx: PrepareContext,
): Promise<{ rows: IngestRows; assets: CachedAsset[] }> {
  const n = rows.assetKey.length;
  const assets = await ctx.assets.getRows(ctx.tenantId, rows.assetKey);
  const now = Date.now();
  const errors: RowError[] = [];
  const rowAssets = new Array<CachedAsset>(n);
  let bad = 0;
  const keep: number[] = [];
  // Rows of one shape share their key array (line protocol): its keys are checked once.
  let checked: string[] | undefined;
  for (let i = 0; i < n; i++) {
    const a = assets[i];
    const keys = rows.rowKeys[i]!;
    let reason = keys === checked ? undefined : shapeReason(keys, ctx.limits);
    if (reason === undefined) {
      checked = keys;
      reason = checkRow(rows, i, a, ctx, now);
    }
    if (reason === undefined) {
      rowAssets[i] = a!;
      if (bad > 0) keep.push(i);
      continue;
    }
    if (bad === 0) for (let k = 0; k < i; k++) keep.push(k);
    bad++;
    if (errors.length < (ctx.maxErrors ?? 20)) errors.push({ at: rows.label(i), reason });
  }
  if (bad > 0 && (!ctx.partial || keep.length === 0)) rejectBatch(errors, bad);
  if (bad > 0) {
    const d = rows.dropped ?? { lines: 0, errors: [], strings: 0 };
    const all = [...d.errors, ...errors];
    all.sort((x, y) => Number(x.at.slice(5)) - Number(y.at.slice(5)));
    rows = subsetRows(rows, keep);
    rows.dropped = { ...d, lines: d.lines + bad, errors: all.slice(0, ctx.maxErrors ?? 20) };
    const kept = keep.map((i) => rowAssets[i]!);
    checkNewSeries(rows, kept, ctx);
    return { rows, assets: kept };
  }
  checkNewSeries(rows, rowAssets, ctx);
  return { rows, assets: rowAssets };
}

/**
 * Refuses a batch that would create more series than one request or the tenant may have,
 * naming the row where the count passes the limit. Rows matching their asset's memo create
 * none, so a device's steady stream costs nothing here. Concurrent first writes may pass the
 * tenant limit by at most one request's worth.
 */
function checkNewSeries(rows: IngestRows, rowAssets: CachedAsset[], ctx: PrepareContext): void {
  const { maxNewSeriesPerRequest: perRequest, maxSeriesPerTenant: perTenant } = ctx.limits;
  const reg = ctx.registry;
  const existing = reg.ofTenant(ctx.tenantId).length;
  const fresh = new Set<string>();
  for (let i = 0; i < rowAssets.length; i++) {
    const a = rowAssets[i]!;
    if (memoFor(rows, i, a, ctx) !== undefined) continue;
    for (const k of rows.rowKeys[i]!) {
      if (reg.get(ctx.tenantId, a.assetId, k) === undefined) fresh.add(`${a.assetId}\u0000${k}`);
    }
    const at = rows.label(i);
    if (fresh.size > perRequest) {
      rejectBatch([
        {
          at,
          reason: {
            en: `more than ${perRequest} new series per request (the limit)`,
            'zh-CN': `每个请求的新序列超过 ${perRequest} 个（上限）`,
          },
        },
      ]);
    }
    if (existing + fresh.size > perTenant) {
      const reason = {
        en: `the tenant would pass ${perTenant} series per tenant (the limit; it has ${existing})`,
        'zh-CN': `租户的序列将超过每租户 ${perTenant} 个的上限（现有 ${existing} 个）`,
      };
      rejectBatch([{ at, reason }]);
    }
  }
}

/** Series ids of row i's channels, allocating new series, remembered on the asset. */
function rowSeries(
  rows: IngestRows,
  i: number,
  a: CachedAsset,
  ctx: PrepareContext,
  newSeries: SeriesRef[],
): Uint32Array {
  const keys = rows.rowKeys[i]!;
  const channels = ctx.registry.channelsOf(ctx.tenantId, a.assetId);
  const ids = new Uint32Array(keys.length);
  for (let f = 0; f < keys.length; f++) {
    const ch = keys[f]!;
    let s = channels.get(ch);
    if (!s) {
      s = ctx.registry.allocate({
        tenantId: ctx.tenantId,
        assetId: a.assetId,
        channel: ch,
        modelId: a.modelId,
        customerId: a.customerId,
      });
      newSeries.push(s);
    }
    ids[f] = s.id;
  }
  a.rowSeriesBefore = a.rowSeries;
  a.rowSeries = { keys, ids, generation: ctx.registry.generation };
  return ids;
}

/**
 * Maps validated rows to series ids, allocating new series. Runs inside the engine's write
 * queue so a series row is always committed with (or before) the first log record using it.
 * Rows stay rows: a row's points share its time and its asset's id list (see head.ts).
 */
export function toPoints(
  rows: IngestRows,
  rowAssets: CachedAsset[],
  ctx: PrepareContext,
  now: number,
): PreparedBatch {
  const total = rows.fieldValue.length;
  const newSeries: SeriesRef[] = [];
  const n = rows.assetKey.length;
  const ids = new Array<Uint32Array>(n);
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rowAssets[i]!;
    ids[i] = memoFor(rows, i, a, ctx)?.ids ?? rowSeries(rows, i, a, ctx, newSeries);
    const t = rows.ts[i]!;
    ts[i] = t === t ? t : now;
  }
  return {
    n: total,
    tenantId: ctx.tenantId,
    rows: { ids, ts, start: rows.fieldStart },
    values: rows.fieldValue,
    newSeries,
  };
}
