// Looks up an asset by serial or id for the telemetry pipeline, which must not reach into this
// context's tables itself. Matches the telemetry context's AssetResolver interface.
import type { TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { getAsset, scopedAssets, toAsset } from './assets.ts';
import { watchAssetChanges, type AssetChangeListener } from './changes.ts';
import { listModels } from './models.ts';
import type { Asset, ChannelDef } from './types.ts';

export interface ResolvedAssetInfo {
  assetId: string;
  modelId: string | null;
  customerId: string | null;
  channels: string[];
  allowNewChannels: boolean;
}

export function createAssetResolver(db: Db) {
  return {
    async resolve(tenantId: string, assetKey: string): Promise<ResolvedAssetInfo | undefined> {
      const r = await db.kysely
        .selectFrom('assets')
        .leftJoin('asset_models', 'asset_models.id', 'assets.model_id')
        .select([
          'assets.id',
          'assets.model_id',
          'assets.customer_id',
          'asset_models.channels',
          'asset_models.allow_new_channels',
        ])
        .where('assets.tenant_id', '=', tenantId)
        .where((eb) => eb.or([eb('assets.serial', '=', assetKey), eb('assets.id', '=', assetKey)]))
        .executeTakeFirst();
      if (!r) return undefined;
      const channels = r.channels ? (JSON.parse(r.channels) as ChannelDef[]).map((c) => c.key) : [];
      // An asset without a model has no declared channels; let it define its own.
      return {
        assetId: r.id,
        modelId: r.model_id,
        customerId: r.customer_id,
        channels,
        allowNewChannels: r.model_id === null || r.allow_new_channels === 1,
      };
    },
    /** Committed changes of this database's assets (customer moves, models, deletions). */
    watch: (listener: AssetChangeListener) => watchAssetChanges(db, listener),
  };
}

export interface AssetWithChannels {
  id: string;
  modelId: string | null;
  parentId: string | null;
  customerId: string | null;
  channels: string[];
  /** Numeric properties only: rule thresholds may refer to them (`prop.rated_kw`). */
  properties: Record<string, number>;
}

/**
 * Every asset of a tenant with its model's channel keys, for monitoring to evaluate; with `ids`
 * only those (one read each, for assets created since the last full listing; gone ones skipped).
 */
export async function assetsWithChannels(
  db: Db,
  tenantId: string,
  ids?: Iterable<string>,
): Promise<AssetWithChannels[]> {
  const scope = { tenantId: tenantId as TenantId, customerIds: null, actor: 'system' };
  const channels = new Map(
    (await listModels(db, scope)).map((m) => [m.id as string, m.channels.map((c) => c.key)]),
  );
  const view = (a: Asset): AssetWithChannels => ({
    id: a.id,
    modelId: a.modelId,
    parentId: a.parentId,
    customerId: a.customerId,
    channels: a.modelId ? (channels.get(a.modelId) ?? []) : [],
    properties: Object.fromEntries(
      Object.entries(a.properties).filter((e): e is [string, number] => typeof e[1] === 'number'),
    ),
  });
  const out: AssetWithChannels[] = [];
  if (ids) {
    for (const id of ids) {
      const a = await getAsset(db, scope, id).catch(() => undefined);
      if (a) out.push(view(a));
    }
    return out;
  }
  // One read in creation order: pages of 500 by offset (each with its count) re-scanned the
  // skipped rows, quadratic in the assets at every start (issue 21: 100,000 assets).
  const rows = await scopedAssets(db, scope)
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) out.push(view(toAsset(r)));
  return out;
}
