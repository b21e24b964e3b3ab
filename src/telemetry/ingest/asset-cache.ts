// Short-lived cache in front of the injected AssetResolver: an ingest batch names the same few
// assets over and over, and the resolver is a database lookup. Entries expire after `ttlMs` so
// a changed asset model (new channels) is seen within that time. Lookups that hit need no
// await, so a batch of fresh assets resolves without a microtask per row. A committed change of
// an asset heard in this process drops its entries at once (`forget`), so scope checks and new
// series never use a customer the asset no longer has.
import type { AssetResolver, ResolvedAsset } from '../types.ts';

/** Series ids of one list of channel keys, as last written for an asset (see prepare.ts). */
export interface RowSeries {
  keys: string[];
  ids: Uint32Array;
  /** SeriesRegistry.generation when built: a removed series invalidates every entry. */
  generation: number;
}

export interface CachedAsset extends ResolvedAsset {
  channelSet: Set<string>;
  /** Memo of the last channel list written for this asset and its series ids. */
  rowSeries: RowSeries | undefined;
}

interface Entry {
  at: number;
  asset: CachedAsset | undefined;
}

export class AssetCache {
  private readonly tenants = new Map<string, Map<string, Entry>>();
  /** tenant + asset id ('' for "unknown") → the keys cached for it, so `forget` is cheap. */
  private readonly keysOf = new Map<string, Set<string>>();
  private size = 0;

  constructor(
    private readonly resolver: AssetResolver,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 200_000,
    /** Told of every asset freshly resolved (telemetry re-checks its series' scope). */
    private readonly onResolved?: (tenantId: string, asset: ResolvedAsset) => void,
  ) {}

  /** Drops the entries of an asset (by id or serial) and every "unknown" entry of its tenant:
   * after a change, a key may name another asset or an asset that did not exist before. */
  forget(tenantId: string, assetId: string): void {
    const m = this.tenants.get(tenantId);
    if (!m) return;
    for (const id of [assetId, '']) {
      const ix = `${tenantId}\u0000${id}`;
      for (const key of this.keysOf.get(ix) ?? []) {
        const e = m.get(key);
        if (!e || (e.asset?.assetId ?? '') !== id) continue;
        m.delete(key);
        this.size--;
      }
      this.keysOf.delete(ix);
    }
  }

  private entries(tenantId: string): Map<string, Entry> {
    let m = this.tenants.get(tenantId);
    if (!m) this.tenants.set(tenantId, (m = new Map()));
    return m;
  }

  async get(tenantId: string, assetKey: string): Promise<CachedAsset | undefined> {
    const hit = this.entries(tenantId).get(assetKey);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.asset;
    return this.load(tenantId, assetKey);
  }

  private async load(tenantId: string, assetKey: string): Promise<CachedAsset | undefined> {
    const now = Date.now();
    const r = await this.resolver.resolve(tenantId, assetKey);
    if (r) this.onResolved?.(tenantId, r);
    // An unchanged asset keeps its cached object and so its memo of series ids: 10,000 devices'
    // assets expire together, and rebuilding every memo (registry lookups per channel, new id
    // lists) on the next message of each was a burst of work every ttl (issue 21).
    const before = this.entries(tenantId).get(assetKey)?.asset;
    // One shape for every entry, the memo slot included, so the per-row reads stay monomorphic.
    const asset: CachedAsset | undefined =
      r && before && sameAsset(before, r)
        ? before
        : r
          ? { ...r, channelSet: new Set(r.channels), rowSeries: undefined }
          : undefined;
    if (this.size >= this.maxEntries) {
      this.tenants.clear();
      this.keysOf.clear();
      this.size = 0;
    }
    const ix = `${tenantId}\u0000${asset?.assetId ?? ''}`;
    let keys = this.keysOf.get(ix);
    if (!keys) this.keysOf.set(ix, (keys = new Set()));
    keys.add(assetKey);
    const m = this.entries(tenantId);
    if (!m.has(assetKey)) this.size++;
    m.set(assetKey, { at: now, asset });
    return asset;
  }

  /**
   * The asset of each row's key (undefined: unknown), in row order. One map lookup per row
   * when cached; the keys that miss are loaded once each.
   */
  async getRows(tenantId: string, keys: string[]): Promise<(CachedAsset | undefined)[]> {
    const out = new Array<CachedAsset | undefined>(keys.length);
    const m = this.entries(tenantId);
    const now = Date.now();
    let missing: number[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const hit = m.get(keys[i]!);
      if (hit && now - hit.at < this.ttlMs) out[i] = hit.asset;
      else (missing ??= []).push(i);
    }
    if (missing) {
      const loaded = new Map<string, CachedAsset | undefined>();
      for (const i of missing) {
        const k = keys[i]!;
        if (!loaded.has(k)) loaded.set(k, await this.load(tenantId, k));
        out[i] = loaded.get(k);
      }
    }
    return out;
  }
}

/** Whether a freshly resolved asset equals the cached one in every resolved field. */
function sameAsset(cached: CachedAsset, r: ResolvedAsset): boolean {
  for (const k of Object.keys(r) as (keyof ResolvedAsset)[]) {
    const a = cached[k];
    const b = r[k];
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
    } else if (a !== b) return false;
  }
  return true;
}
