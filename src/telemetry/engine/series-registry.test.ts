import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { SeriesRef } from '../types.ts';
import { SeriesRegistry } from './series-registry.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const COUNT = 50_000;
const assetIds = Array.from({ length: COUNT / 10 }, (_, a) => `as_A${a}`);
const channels = Array.from({ length: 10 }, (_, c) => `c${c}`);
const fields = (i: number): Omit<SeriesRef, 'id'> => ({
  tenantId: 'tn_mem',
  assetId: assetIds[Math.floor(i / 10)]!,
  channel: channels[i % 10]!,
  modelId: 'am_even',
  customerId: null,
});

/** Heap bytes a series that `fill` puts into a fresh registry, after full collections. */
function heapPerSeries(fill: (r: SeriesRegistry) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const r = new SeriesRegistry();
  fill(r);
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  expect(r.count()).toBe(COUNT);
  return bytes / COUNT;
}

describe('series registry memory (issue 21)', () => {
  // A restart's series (loadSeries: an object literal a series) against the same series
  // allocated as ingest meets them. Strings are shared in both, so the difference is the
  // objects: a spread of the fields with `id` added cost about 270 bytes a series more, which
  // at a million series written at run time is a quarter of a GiB of the main thread's heap.
  it('holds a series allocated at run time in about the heap of one loaded at start', () => {
    const loaded = heapPerSeries((r) => {
      for (let i = 0; i < COUNT; i++) {
        const f = fields(i);
        r.add({
          id: i + 1,
          tenantId: f.tenantId,
          assetId: f.assetId,
          channel: f.channel,
          modelId: f.modelId,
          customerId: f.customerId,
        });
      }
    });
    const allocated = heapPerSeries((r) => {
      for (let i = 0; i < COUNT; i++) r.allocate(fields(i));
    });
    expect(allocated).toBeLessThan(loaded * 1.25 + 16);
  });
});
