// The pure parts of cluster mode: partitioning and the ingest log's message codec.
import { describe, expect, it } from 'vitest';
import { RongheError } from '../kernel/index.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { PARTITIONS, fairShare, partitionOf, splitByPartition } from './partitions.ts';

const point = (assetId: string, ts: number) => ({
  assetId,
  channel: 'temp',
  ts,
  value: ts / 10,
  customerId: null,
});

describe('partitions', () => {
  it('puts an asset always in the same partition, and spreads many assets over all', () => {
    expect(partitionOf('tn_a', 'as_1')).toBe(partitionOf('tn_a', 'as_1'));
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const p = partitionOf('tn_a', `as_${i}`);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(PARTITIONS);
      seen.add(p);
    }
    expect(seen.size).toBe(PARTITIONS);
    // FNV-1a (32 bit) of "a\0b", as an independent Python implementation of it computes.
    expect(partitionOf('a', 'b', 2 ** 32)).toBe(0x10f3abd2);
  });

  it('gives each of n live nodes at most ceil(16 / n) partitions', () => {
    expect([1, 2, 3, 4, 0].map((n) => fairShare(n))).toEqual([16, 8, 6, 4, 16]);
  });

  it('splits a batch by partition keeping each asset’s order', () => {
    const pts = [point('as_1', 1), point('as_2', 2), point('as_1', 3)];
    const parts = splitByPartition('tn_a', pts);
    const all = [...parts.values()].flat();
    expect(all).toHaveLength(3);
    const p1 = parts.get(partitionOf('tn_a', 'as_1'))!;
    expect(p1.filter((p) => p.assetId === 'as_1').map((p) => p.ts)).toEqual([1, 3]);
  });
});

describe('ingest log message', () => {
  it('round-trips a batch', () => {
    const pts = [point('as_1', 1_765_000_000_000), { ...point('as_2', 5), customerId: 'cu_1' }];
    expect(decodeMessage(encodeMessage('tn_a', pts))).toEqual({ tenantId: 'tn_a', points: pts });
  });

  it('refuses a corrupt message naming the place', () => {
    const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    const bad = (data: Uint8Array) => {
      try {
        decodeMessage(data);
      } catch (e) {
        expect(e).toBeInstanceOf(RongheError);
        return (e as RongheError).message;
      }
      throw new Error('accepted');
    };
    expect(bad(new TextEncoder().encode('{'))).toMatch(/not JSON/);
    expect(bad(enc({ v: 2, t: 'x', p: [] }))).toMatch(/version 1/);
    expect(bad(enc({ v: 1, t: 'x', p: [['a', 'c', 1.5, 1, null]] }))).toMatch(/p\[0\]/);
    expect(bad(enc({ v: 1, t: 'x', p: [['a', 'c', 1, null, null]] }))).toMatch(/p\[0\]/);
  });
});
