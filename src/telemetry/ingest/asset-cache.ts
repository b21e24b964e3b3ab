// Short-lived cache in front of the injected AssetResolver: an ingest batch names the same few
// assets over and over, and the resolver is a database lookup. Entries expire after `ttlMs` so
// a changed asset model (new channels) is seen within that time.
import type { AssetResolver, ResolvedAsset } from '../types.ts';

export interface CachedAsset extends ResolvedAsset {
  channelSet: Set<string>;
}

export class AssetCache {
  private readonly entries = new Map<string, { at: number; asset: CachedAsset | undefined }>();

  constructor(
    private readonly resolver: AssetResolver,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 200_000,
  ) {}

  async get(tenantId: string, assetKey: string): Promise<CachedAsset | undefined> {
    const k = `${tenantId}\u0000${assetKey}`;
    const now = Date.now();
    const hit = this.entries.get(k);
    if (hit && now - hit.at < this.ttlMs) return hit.asset;
    const r = await this.resolver.resolve(tenantId, assetKey);
    const asset = r ? { ...r, channelSet: new Set(r.channels) } : undefined;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(k, { at: now, asset });
    return asset;
  }

  /** Resolves the distinct keys of a batch; unknown keys map to undefined. */
  async getMany(tenantId: string, keys: Iterable<string>) {
    const out = new Map<string, CachedAsset | undefined>();
    for (const k of keys) if (!out.has(k)) out.set(k, await this.get(tenantId, k));
    return out;
  }
}
