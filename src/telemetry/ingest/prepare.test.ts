import { describe, expect, it, vi } from 'vitest';
import { SeriesRegistry } from '../engine/series-registry.ts';
import { defaultTelemetryLimits, defaultTimePolicy } from '../service.ts';
import type { IngestRows } from '../types.ts';
import { AssetCache } from './asset-cache.ts';
import { toPoints, validateBatch, type PrepareContext } from './prepare.ts';

/** One row of asset S1 at `ts` writing `keys` (a fresh array, as a new body or write makes). */
function row(keys: string[], ts: number): IngestRows {
  return {
    assetKey: ['S1'],
    ts: Float64Array.of(ts),
    fieldStart: Uint32Array.of(0, keys.length),
    rowKeys: [[...keys]],
    fieldValue: Float64Array.from(keys, (_, k) => k + 0.5),
    finite: true,
    label: (i) => `row ${i}`,
  };
}

describe('series ids of an asset writing two shapes in turn (issue 21)', () => {
  it('keeps both memos: device channels and derived channels do not evict each other', async () => {
    const resolver = {
      resolve: () =>
        Promise.resolve({
          assetId: 'as_1',
          modelId: 'am_1',
          customerId: null,
          channels: ['c0', 'c1', 'spread'],
          allowNewChannels: false,
        }),
    };
    const registry = new SeriesRegistry();
    const ctx: PrepareContext = {
      tenantId: 'tn_1',
      assets: new AssetCache(resolver),
      registry,
      policy: defaultTimePolicy,
      limits: defaultTelemetryLimits,
      oldestAllowed: -Infinity,
    };
    const write = async (keys: string[], ts: number) => {
      const { rows, assets } = await validateBatch(row(keys, ts), ctx);
      const b = toPoints(rows, assets, ctx, ts);
      for (const s of b.newSeries) registry.add(s);
      return { ids: [...b.rows.ids[0]!], created: b.newSeries.length };
    };
    const t0 = Date.now() - 60_000;
    // The source row, then its derived value written back, once to create the series.
    const measured = await write(['c0', 'c1'], t0);
    const derived = await write(['spread'], t0);
    expect(measured.created).toBe(2);
    expect(derived.created).toBe(1);

    // In turn from now on: each row is mapped from a memo, no channel looked up.
    const lookups = vi.spyOn(registry, 'channelsOf');
    const gets = vi.spyOn(registry, 'get');
    for (let i = 1; i <= 5; i++) {
      expect(await write(['c0', 'c1'], t0 + i * 1000)).toEqual({ ids: measured.ids, created: 0 });
      expect(await write(['spread'], t0 + i * 1000)).toEqual({ ids: derived.ids, created: 0 });
    }
    expect(lookups).not.toHaveBeenCalled();
    expect(gets).not.toHaveBeenCalled();

    // A third shape still maps right, and the shape before it stays remembered.
    const both = await write(['c1', 'spread'], t0 + 9000);
    expect(both).toEqual({ ids: [measured.ids[1], derived.ids[0]], created: 0 });
    lookups.mockClear();
    expect(await write(['spread'], t0 + 10_000)).toEqual({ ids: derived.ids, created: 0 });
    expect(lookups).not.toHaveBeenCalled();
  });
});
