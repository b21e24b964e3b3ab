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

/** Keys a many-asset look-up names per statement (each twice: as serial and as id). */
const KEYS_PER_QUERY = 500;

interface AssetRow {
  id: string;
  serial: string;
  model_id: string | null;
  customer_id: string | null;
  channels: string | null;
  allow_new_channels: number | null;
}

/** Channel keys of a model's JSON column, parsed once per distinct text in one look-up. */
function resolvedFrom(r: AssetRow, parsed: Map<string, string[]>): ResolvedAssetInfo {
  let channels: string[] = [];
  if (r.channels) {
    const known = parsed.get(r.channels);
    channels = known ?? (JSON.parse(r.channels) as ChannelDef[]).map((c) => c.key);
    if (!known) parsed.set(r.channels, channels);
  }
  // An asset without a model has no declared channels; let it define its own.
  return {
    assetId: r.id,
    modelId: r.model_id,
    customerId: r.customer_id,
    channels,
    allowNewChannels: r.model_id === null || r.allow_new_channels === 1,
  };
}

export function createAssetResolver(db: Db) {
  const select = (tenantId: string) =>
    db.kysely
      .selectFrom('assets')
      .leftJoin('asset_models', 'asset_models.id', 'assets.model_id')
      .select([
        'assets.id',
        'assets.serial',
        'assets.model_id',
        'assets.customer_id',
        'asset_models.channels',
        'asset_models.allow_new_channels',
      ])
      .where('assets.tenant_id', '=', tenantId);
  return {
    async resolve(tenantId: string, assetKey: string): Promise<ResolvedAssetInfo | undefined> {
      const r = await select(tenantId)
        .where((eb) => eb.or([eb('assets.serial', '=', assetKey), eb('assets.id', '=', assetKey)]))
        .executeTakeFirst();
      return r ? resolvedFrom(r, new Map()) : undefined;
    },
    /**
     * Several keys (serials or ids) in one statement per KEYS_PER_QUERY: the ingest cache
     * reloads the expired assets of a batch together, where one query each (built and compiled
     * by Kysely) was a tenth of the MQTT path's CPU with 10,000 devices (issue 21). Unknown
     * keys are absent from the answer.
     */
    async resolveMany(
      tenantId: string,
      keys: readonly string[],
    ): Promise<Map<string, ResolvedAssetInfo>> {
      const out = new Map<string, ResolvedAssetInfo>();
      const wanted = new Set(keys);
      const parsed = new Map<string, string[]>();
      for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
        const part = keys.slice(i, i + KEYS_PER_QUERY);
        const rows = await select(tenantId)
          .where((eb) => eb.or([eb('assets.serial', 'in', part), eb('assets.id', 'in', part)]))
          .execute();
        for (const r of rows) {
          const info = resolvedFrom(r, parsed);
          if (wanted.has(r.id)) out.set(r.id, info);
          // A serial is what devices name; it wins should a serial equal another asset's id.
          if (wanted.has(r.serial)) out.set(r.serial, info);
        }
      }
      return out;
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
