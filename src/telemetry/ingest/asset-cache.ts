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
  /**
   * The list written before it, if another: an asset with derived channels writes two shapes
   * in turn, its device's channels and the derived values the rules write back
   * (monitoring/write-back.ts). With one memo each shape evicted the other, and every row of
   * both paid the per-channel lookups (issue 21).
   */
  rowSeriesBefore: RowSeries | undefined;
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
  /** Keys of known assets found expired by getRows, per tenant, for the next refresh. */
  private readonly due = new Map<string, Set<string>>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Counts `forget` calls: a refresh that saw one while it ran keeps none of its answers. */
  private forgets = 0;

  constructor(
    private readonly resolver: AssetResolver,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 200_000,
    /** Told of every asset freshly resolved (telemetry re-checks its series' scope). */
    private readonly onResolved?: (tenantId: string, asset: ResolvedAsset) => void,
    /** How long expired keys gather before one look-up refreshes them all (getRows). */
    private readonly refreshDelayMs = 250,
  ) {}

  /** Drops the entries of an asset (by id or serial) and every "unknown" entry of its tenant:
   * after a change, a key may name another asset or an asset that did not exist before. */
  forget(tenantId: string, assetId: string): void {
    this.forgets++;
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
    return this.remember(tenantId, assetKey, await this.resolver.resolve(tenantId, assetKey), now);
  }

  /** Keeps what the resolver answered for `assetKey` (looked up at `now`). */
  private remember(
    tenantId: string,
    assetKey: string,
    r: ResolvedAsset | undefined,
    now: number,
  ): CachedAsset | undefined {
    // An unchanged asset keeps its cached object and so its memo of series ids: 10,000 devices'
    // assets expire together, and rebuilding every memo (registry lookups per channel, new id
    // lists) on the next message of each was a burst of work every ttl (issue 21). Nor is it
    // announced again: its series' scope already follows what it resolved to, and a change
    // heard here drops the entry (`forget`), so the next answer is announced.
    const before = this.entries(tenantId).get(assetKey)?.asset;
    const same = r !== undefined && before !== undefined && sameAsset(before, r);
    if (r && !same) this.onResolved?.(tenantId, r);
    // One shape for every entry, the memo slot included, so the per-row reads stay monomorphic.
    const asset: CachedAsset | undefined = same
      ? before
      : r
        ? {
            ...r,
            channelSet: new Set(r.channels),
            rowSeries: undefined,
            rowSeriesBefore: undefined,
          }
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

  /** The distinct keys' assets: in one look-up where the resolver can, else one each. */
  private async loadMany(
    tenantId: string,
    keys: string[],
  ): Promise<Map<string, CachedAsset | undefined>> {
    const loaded = new Map<string, CachedAsset | undefined>();
    if (!this.resolver.resolveMany || keys.length === 1) {
      for (const k of keys) loaded.set(k, await this.load(tenantId, k));
      return loaded;
    }
    const now = Date.now();
    const found = await this.resolver.resolveMany(tenantId, keys);
    for (const k of keys) loaded.set(k, this.remember(tenantId, k, found.get(k), now));
    return loaded;
  }

  /**
   * The asset of each row's key (undefined: unknown), in row order. One map lookup per row
   * when cached; the keys that miss are loaded together (resolveMany), each once. A known
   * asset whose entry expired less than a ttl ago is answered from the entry and refreshed in
   * the background with the other keys found expired meanwhile, in one look-up: 10,000
   * devices' assets expire every ttl, and reloading each on the message that found it expired
   * was one query per asset in the acknowledgement path (issue 21). So a change made by
   * another process is seen within ttl + refreshDelayMs, at worst twice the ttl; a change
   * heard here (`forget`) at once.
   */
  async getRows(tenantId: string, keys: string[]): Promise<(CachedAsset | undefined)[]> {
    const out = new Array<CachedAsset | undefined>(keys.length);
    const m = this.entries(tenantId);
    const now = Date.now();
    let missing: number[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const hit = m.get(keys[i]!);
      const age = hit ? now - hit.at : Infinity;
      if (age < this.ttlMs) out[i] = hit!.asset;
      else if (age < 2 * this.ttlMs && hit!.asset && this.resolver.resolveMany) {
        out[i] = hit!.asset;
        this.refreshLater(tenantId, keys[i]!);
      } else (missing ??= []).push(i);
    }
    if (missing) {
      const distinct = [...new Set(missing.map((i) => keys[i]!))];
      const loaded = await this.loadMany(tenantId, distinct);
      for (const i of missing) out[i] = loaded.get(keys[i]!);
    }
    return out;
  }

  private refreshLater(tenantId: string, key: string): void {
    let keys = this.due.get(tenantId);
    if (!keys) this.due.set(tenantId, (keys = new Set()));
    keys.add(key);
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => void this.refresh(), this.refreshDelayMs);
    this.refreshTimer.unref();
  }

  /** One look-up per tenant for the keys found expired; a failed one leaves them expired. */
  private async refresh(): Promise<void> {
    this.refreshTimer = undefined;
    const due = [...this.due];
    this.due.clear();
    for (const [tenantId, keys] of due) {
      const forgets = this.forgets;
      const now = Date.now();
      try {
        const found = await this.resolver.resolveMany!(tenantId, [...keys]);
        // An asset changed while the look-up ran may have been read before the change.
        if (forgets !== this.forgets) continue;
        for (const k of keys) this.remember(tenantId, k, found.get(k), now);
      } catch {
        // Found expired again by the next batch, past twice the ttl it is loaded in the path.
      }
    }
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
