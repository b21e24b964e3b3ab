// Test helpers (used by *.test.ts and the benchmark): a plain-map AssetResolver and a fleet of
// assets, so engine tests need neither the assets context nor its tables.
import type { AssetResolver, ResolvedAsset } from './types.ts';

/** Engine options under which nothing compacts until a test calls flush(). */
export const manualEngine = {
  flushPoints: 1e9,
  flushAgeMs: 1e9,
  flushIdleMs: 1e9,
  maxBufferedPoints: 1e9,
  tickMs: 50,
};

/** A time policy accepting any time from 2000 on, however far ahead. */
export const openTimePolicy = { minTimestamp: Date.UTC(2000, 0, 1), maxFutureMs: 1e13 };

export class MapResolver implements AssetResolver {
  readonly assets = new Map<string, ResolvedAsset>();

  add(tenantId: string, key: string, asset: ResolvedAsset): this {
    this.assets.set(`${tenantId}\u0000${key}`, asset);
    return this;
  }

  resolve(tenantId: string, assetKey: string): Promise<ResolvedAsset | undefined> {
    return Promise.resolve(this.assets.get(`${tenantId}\u0000${assetKey}`));
  }
}

/** `count` assets keyed `A0001…` with ids `as_A0001…`, channels c0..c(channels−1). */
export function fleetResolver(
  tenantId: string,
  count: number,
  channels: number,
  customerOf: (i: number) => string | null = () => null,
): MapResolver {
  const r = new MapResolver();
  const chans = Array.from({ length: channels }, (_, i) => `c${i}`);
  for (let i = 0; i < count; i++) {
    const key = assetKey(i);
    r.add(tenantId, key, {
      assetId: `as_${key}`,
      modelId: i % 2 === 0 ? 'am_even' : 'am_odd',
      customerId: customerOf(i),
      channels: chans,
      allowNewChannels: false,
    });
  }
  return r;
}

export const assetKey = (i: number): string => `A${String(i + 1).padStart(4, '0')}`;
