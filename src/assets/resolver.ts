// Looks up an asset by serial or id for the telemetry pipeline, which must not reach into this
// context's tables itself. Matches the telemetry context's AssetResolver interface.
import type { Db } from '../storage/index.ts';
import type { ChannelDef } from './types.ts';

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
  };
}
