import { expect, it } from 'vitest';
import { encodeChunk } from '../codec/chunk.ts';
import { DecodeCache } from './decode-cache.ts';

it('serves a changed chunk freshly, never the stale decode, and stays within budget', () => {
  const cache = new DecodeCache(10);
  const a = encodeChunk([1, 2], [1.5, 2.5]);
  const b = encodeChunk([1, 2], [1.5, 3.5]); // same times and length, one value overwritten
  expect(a.length).toBe(b.length);
  expect(Array.from(cache.chunk(a).values)).toEqual([1.5, 2.5]);
  expect(Array.from(cache.chunk(b).values)).toEqual([1.5, 3.5]);
  expect(cache.chunk(a)).toBe(cache.chunk(a));
  const big = encodeChunk([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]);
  cache.chunk(big); // 12 numbers > budget: older entries are evicted
  expect(Array.from(cache.chunk(a).ts)).toEqual([1, 2]);
});
