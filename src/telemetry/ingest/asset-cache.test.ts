import { describe, expect, it } from 'vitest';
import type { ResolvedAsset } from '../types.ts';
import { AssetCache } from './asset-cache.ts';

describe('asset cache', () => {
  it('keeps an expired but unchanged asset, memo of series ids included (issue 21)', async () => {
    let current: ResolvedAsset = {
      assetId: 'as_1',
      modelId: 'am_1',
      customerId: null,
      channels: ['t', 'p'],
      allowNewChannels: false,
    };
    let resolved = 0;
    const resolver = {
      resolve: () => {
        resolved++;
        return Promise.resolve({ ...current, channels: [...current.channels] });
      },
    };
    const cache = new AssetCache(resolver, 0); // every entry expired at once
    const first = (await cache.get('tn_1', 'S1'))!;
    first.rowSeries = { keys: ['t', 'p'], ids: Uint32Array.of(1, 2), generation: 0 };
    const again = (await cache.get('tn_1', 'S1'))!;
    expect(resolved).toBe(2); // looked up again: a change made elsewhere would be seen
    expect(again).toBe(first);
    expect(again.rowSeries?.ids).toEqual(Uint32Array.of(1, 2));
    const [row] = await cache.getRows('tn_1', ['S1']);
    expect(row).toBe(first);

    // Any resolved field changed: a fresh entry without the memo.
    for (const change of [
      { channels: ['t', 'p', 'q'] },
      { customerId: 'cu_1' },
      { modelId: 'am_2' },
      { allowNewChannels: true },
    ]) {
      current = { ...current, ...change };
      const changed = (await cache.get('tn_1', 'S1'))!;
      expect(changed).not.toBe(first);
      expect(changed.rowSeries).toBeUndefined();
      expect(changed).toMatchObject(change);
    }
  });
});
