import { describe, expect, it, vi } from 'vitest';
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

  it('reloads the expired keys of a batch in one resolveMany call, each key once', async () => {
    const asset = (id: string): ResolvedAsset => ({
      assetId: id,
      modelId: 'am_1',
      customerId: null,
      channels: ['t'],
      allowNewChannels: false,
    });
    const calls: string[][] = [];
    let single = 0;
    const resolver = {
      resolve: (_t: string, k: string) => {
        single++;
        return Promise.resolve(k === 'X' ? undefined : asset(`as_${k}`));
      },
      resolveMany: (_t: string, keys: readonly string[]) => {
        calls.push([...keys]);
        return Promise.resolve(
          new Map(keys.filter((k) => k !== 'X').map((k) => [k, asset(`as_${k}`)])),
        );
      },
    };
    const announced: string[] = [];
    const cache = new AssetCache(resolver, 0, undefined, (_t, a) => announced.push(a.assetId));
    const rows = await cache.getRows('tn_1', ['A', 'B', 'A', 'X', 'C', 'B']);
    expect(announced).toEqual(['as_A', 'as_B', 'as_C']);
    expect(calls).toEqual([['A', 'B', 'X', 'C']]);
    expect(single).toBe(0);
    expect(rows.map((r) => r?.assetId)).toEqual([
      'as_A',
      'as_B',
      'as_A',
      undefined,
      'as_C',
      'as_B',
    ]);
    expect(rows[0]).toBe(rows[2]);
    // Expired again and unchanged: the same cached objects (their memos kept), one call again.
    const again = await cache.getRows('tn_1', ['C', 'A']);
    expect(calls).toHaveLength(2);
    expect(again[0]).toBe(rows[4]);
    expect(again[1]).toBe(rows[0]);
    expect(announced).toHaveLength(3); // unchanged: their series' scope already follows them
    // A single missing key takes resolve, as before.
    await cache.getRows('tn_1', ['A', 'A']);
    expect(single).toBe(1);
  });

  it('answers a recently expired asset from its entry and refreshes the batch of them in one call', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    try {
      let customerId: string | null = null;
      const calls: string[][] = [];
      const resolver = {
        resolve: async (t: string, k: string) => (await resolver.resolveMany(t, [k])).get(k),
        resolveMany: (_t: string, keys: readonly string[]) => {
          calls.push([...keys]);
          const found = (k: string): ResolvedAsset => ({
            assetId: `as_${k}`,
            modelId: null,
            customerId,
            channels: [],
            allowNewChannels: true,
          });
          return Promise.resolve(new Map(keys.map((k) => [k, found(k)])));
        },
      };
      const cache = new AssetCache(resolver, 1_000, undefined, undefined, 50);
      const [a, b] = await cache.getRows('tn_1', ['A', 'B']);
      expect(calls).toEqual([['A', 'B']]);
      vi.advanceTimersByTime(1_500); // expired, less than two ttls ago
      customerId = 'cu_1'; // changed by another process
      expect(await cache.getRows('tn_1', ['A'])).toEqual([a]);
      expect(await cache.getRows('tn_1', ['B', 'A'])).toEqual([b, a]);
      expect(calls).toHaveLength(1); // nothing looked up in the path
      await vi.advanceTimersByTimeAsync(50);
      expect(calls).toEqual([
        ['A', 'B'],
        ['A', 'B'],
      ]);
      const [a2] = await cache.getRows('tn_1', ['A']);
      expect(a2).toMatchObject({ assetId: 'as_A', customerId: 'cu_1' });
      // Past two ttls (no batch found it expired in between): looked up in the path.
      vi.advanceTimersByTime(2_000);
      customerId = 'cu_2';
      const [a3] = await cache.getRows('tn_1', ['A']);
      expect(calls).toHaveLength(3);
      expect(a3?.customerId).toBe('cu_2');
    } finally {
      vi.useRealTimers();
    }
  });
});
