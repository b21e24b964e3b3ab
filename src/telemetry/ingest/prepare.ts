// Validation of a whole batch before anything is written (all-or-nothing: one bad row rejects
// the batch, naming up to `maxErrors` bad rows), then mapping rows to series ids. Policies:
//  - unknown asset → rejected; unknown channel → rejected unless the model allows new channels;
//  - NaN / ±Infinity → rejected (cannot be aggregated);
//  - time later than now + maxFutureMs, or before minTimestamp, or older than the tenant's raw
//    retention → rejected; a missing time means the server's clock.
//  - a device principal may write only its own asset.
import { RongheError } from '../../kernel/index.ts';
import type { PreparedBatch } from '../engine/engine.ts';
import type { SeriesRegistry } from '../engine/series-registry.ts';
import type { IngestRows, SeriesRef, TimePolicy } from '../types.ts';
import type { AssetCache, CachedAsset } from './asset-cache.ts';

export interface RowError {
  at: string;
  reason: string;
}

export interface PrepareContext {
  tenantId: string;
  assets: AssetCache;
  registry: SeriesRegistry;
  policy: TimePolicy;
  /** Oldest accepted time for this tenant (raw retention), or -Infinity. */
  oldestAllowed: number;
  /** Device principals: the only asset id they may write. */
  onlyAssetId?: string;
  maxErrors?: number;
}

export function rejectBatch(errors: RowError[], total = errors.length): never {
  const shown = errors.map((e) => `${e.at}: ${e.reason}`).join('; ');
  const more = total > errors.length ? ` (and more)` : '';
  throw new RongheError(
    'RONGHE_VALIDATION',
    `Batch rejected, nothing was written. ${shown}${more}`,
    errors.map((e) => ({ field: e.at, reason: e.reason })),
  );
}

function checkRow(
  rows: IngestRows,
  i: number,
  asset: CachedAsset | undefined,
  ctx: PrepareContext,
  now: number,
): string | undefined {
  const key = rows.assetKey[i]!;
  if (!asset) return `unknown asset '${key}' (use the asset's serial or id)`;
  if (ctx.onlyAssetId !== undefined && asset.assetId !== ctx.onlyAssetId) {
    throw new RongheError('RONGHE_FORBIDDEN', `This device may only write its own asset.`);
  }
  const t = rows.ts[i]!;
  if (!Number.isNaN(t)) {
    if (t > now + ctx.policy.maxFutureMs)
      return `time ${new Date(t).toISOString()} is in the future`;
    if (t < ctx.policy.minTimestamp || t < ctx.oldestAllowed) {
      return `time ${Number.isFinite(t) ? new Date(t).toISOString() : t} is older than accepted`;
    }
  }
  for (let k = rows.fieldStart[i]!; k < rows.fieldStart[i + 1]!; k++) {
    const ch = rows.fieldKey[k]!;
    const v = rows.fieldValue[k]!;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return `channel '${ch}': value must be finite`;
    if (!asset.allowNewChannels && !asset.channelSet.has(ch)) {
      return `channel '${ch}' is not declared by the asset model of '${key}'`;
    }
  }
  return undefined;
}

/** Checks every row; resolves to the batch's assets, or throws naming the bad rows. */
export async function validateBatch(
  rows: IngestRows,
  ctx: PrepareContext,
): Promise<Map<string, CachedAsset | undefined>> {
  const n = rows.assetKey.length;
  const assets = await ctx.assets.getMany(ctx.tenantId, rows.assetKey);
  const now = Date.now();
  const errors: RowError[] = [];
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const reason = checkRow(rows, i, assets.get(rows.assetKey[i]!), ctx, now);
    if (reason === undefined) continue;
    bad++;
    if (errors.length < (ctx.maxErrors ?? 20)) errors.push({ at: rows.label(i), reason });
  }
  if (bad > 0) rejectBatch(errors, bad);
  return assets;
}

/**
 * Maps validated rows to series ids, allocating new series. Runs inside the engine's write
 * queue so a series row is always committed with (or before) the first log record using it.
 */
export function toPoints(
  rows: IngestRows,
  assets: Map<string, CachedAsset | undefined>,
  ctx: PrepareContext,
  now: number,
): PreparedBatch {
  const total = rows.fieldKey.length;
  const seriesId = new Uint32Array(total);
  const ts = new Float64Array(total);
  const values = new Float64Array(total);
  const newSeries: SeriesRef[] = [];
  let k = 0;
  let lastKey: string | undefined;
  let channels: Map<string, SeriesRef> | undefined;
  let a: CachedAsset | undefined;
  for (let i = 0; i < rows.assetKey.length; i++) {
    const key = rows.assetKey[i]!;
    if (key !== lastKey || !channels) {
      a = assets.get(key)!;
      channels = ctx.registry.channelsOf(ctx.tenantId, a.assetId);
      lastKey = key;
    }
    const t = Number.isNaN(rows.ts[i]!) ? now : rows.ts[i]!;
    for (let f = rows.fieldStart[i]!; f < rows.fieldStart[i + 1]!; f++, k++) {
      const ch = rows.fieldKey[f]!;
      let s = channels.get(ch);
      if (!s) {
        s = ctx.registry.allocate({
          tenantId: ctx.tenantId,
          assetId: a!.assetId,
          channel: ch,
          modelId: a!.modelId,
          customerId: a!.customerId,
        });
        newSeries.push(s);
      }
      seriesId[k] = s.id;
      ts[k] = t;
      values[k] = rows.fieldValue[f]!;
    }
  }
  return { n: total, tenantId: ctx.tenantId, seriesId, ts, values, newSeries };
}
