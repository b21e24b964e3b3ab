import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { decodeChunk } from '../codec/chunk.ts';
import { sqliteInlineBlob } from '../../storage/database.ts';
import { chunkRows, isPacked } from './window-work.ts';

// Noise at 0.01 resolution over ±50: about two bytes a value, the kind of feed (vibration,
// current) whose day-long chunk outgrows an inline row.
function noisy(n: number, stepMs = 10_000) {
  const rng = createRng(11);
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = i * stepMs;
    values[i] = Math.round((rng() - 0.5) * 10_000) / 100;
  }
  return { ts, values };
}

describe('chunk rows under the inline limit', () => {
  it('keeps a chunk that fits whole', () => {
    const rows = chunkRows(1, 0, noisy(100), 1_000);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.points).toBe(100);
  });

  it('splits a longer one into runs under the limit that give back every point in order', () => {
    const p = noisy(8_640);
    const rows = chunkRows(1, 0, p, 954);
    expect(rows.length).toBeGreaterThan(10);
    const ts: number[] = [];
    const values: number[] = [];
    for (const r of rows) {
      expect(r.data.length).toBeLessThanOrEqual(954);
      const d = decodeChunk(r.data);
      expect([r.min_ts, r.max_ts, r.points]).toEqual([d.ts[0], d.ts.at(-1), d.ts.length]);
      ts.push(...d.ts);
      values.push(...d.values);
    }
    expect(ts).toEqual([...p.ts]);
    expect(values).toEqual([...p.values]);
    expect(isPacked(rows, 954)).toBe(true);
  });

  it('calls small or overlapping chunks unpacked, so sealing merges them', () => {
    const p = noisy(1_000);
    // Ten appends of 100 points, each far under half the limit.
    const gens = Array.from({ length: 10 }, (_, k) => {
      const run = {
        ts: p.ts.subarray(k * 100, k * 100 + 100),
        values: p.values.subarray(k * 100, k * 100 + 100),
      };
      return chunkRows(1, 0, run, 1e6)[0]!;
    });
    expect(isPacked(gens, 954)).toBe(false);
    expect(isPacked(gens.slice(0, 1), 954)).toBe(true);
    const packed = chunkRows(1, 0, p, 954);
    const overlapping = [packed[0]!, { ...packed[1]!, min_ts: packed[0]!.max_ts }];
    expect(isPacked(overlapping, 954)).toBe(false);
  });

  it('derives the limit from the page size', () => {
    // Index b-tree cells hold ((U − 12) · 64 / 255) − 23 bytes inline: 1,002 at 4 KiB, 2,030 at 8 KiB.
    expect(sqliteInlineBlob(4096)).toBe(1002 - 48);
    expect(sqliteInlineBlob(8192)).toBe(2030 - 48);
  });
});
