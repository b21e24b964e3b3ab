import { describe, expect, it } from 'vitest';
import { Heads } from './head.ts';
import { getHeapStatistics } from 'node:v8';
import {
  COLLECT_MIN_SHARED_BYTES,
  collectIfAbove,
  heapGrowthCollector,
  noteSharedBytes,
} from './memory.ts';

describe('full GC past a memory bound', () => {
  it('does nothing below the bound', () => {
    noteSharedBytes(COLLECT_MIN_SHARED_BYTES);
    expect(collectIfAbove(Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('above it, collects an unreachable shared buffer at once', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    (() => {
      // A shared array like a compacted head's, referenced by nothing once this returns.
      const head = { ts: new Float64Array(new SharedArrayBuffer(8 << 20)) };
      head.ts[0] = 1;
      registry.register(head, 'head');
    })();
    noteSharedBytes(COLLECT_MIN_SHARED_BYTES);
    expect(collectIfAbove(0)).toBe(true);
    for (let i = 0; i < 20 && !collected; i++) await new Promise((r) => setTimeout(r, 10));
    expect(collected).toBe(true);
  });

  it('skips the full GC when little shared memory was allocated since the last (issue 21)', () => {
    noteSharedBytes(COLLECT_MIN_SHARED_BYTES);
    expect(collectIfAbove(0)).toBe(true);
    // 10,000 devices' small row groups, a few rows each, are plain memory: nothing to wait for.
    const h = new Heads();
    const shapes = Array.from({ length: 10_000 }, (_, d) =>
      Uint32Array.from({ length: 11 }, (_, c) => 1 + d * 11 + c),
    );
    const start = Uint32Array.from({ length: shapes.length + 1 }, (_, i) => i * 11);
    const ts = new Float64Array(shapes.length).fill(1000);
    h.appendRows({ ids: shapes, ts, start }, new Float64Array(shapes.length * 11));
    expect(h.points).toBe(110_000);
    expect(collectIfAbove(0)).toBe(false);
    // A large group (an asset backfilling half a million rows) is shared memory, and counts.
    const rows = 500_000;
    const one = Uint32Array.from({ length: 10 }, (_, c) => 200_000 + c);
    h.appendRows(
      {
        ids: new Array<Uint32Array>(rows).fill(one),
        ts: Float64Array.from({ length: rows }, (_, i) => i),
        start: Uint32Array.from({ length: rows + 1 }, (_, i) => i * 10),
      },
      new Float64Array(rows * 10),
    );
    expect(collectIfAbove(0)).toBe(true);
  });
});

describe('full GC after heap growth (the compaction thread, issue 21)', () => {
  it('collects once the heap has grown by the bound, and gives the garbage back', () => {
    const bound = 16 * 1024 * 1024;
    const check = heapGrowthCollector(bound);
    expect(check()).toBe(false);
    const used = () => getHeapStatistics().used_heap_size;
    const start = used();
    // A compaction step's garbage: rows with their blobs, kept until the step is written.
    let rows: { id: number; data: number[] }[] | undefined = [];
    while (used() < start + bound * 2) {
      for (let i = 0; i < 1000; i++) rows.push({ id: i, data: [i, i + 1, i + 2, i + 3] });
    }
    expect(rows.length).toBeGreaterThan(0);
    rows = undefined;
    expect(check()).toBe(true);
    expect(used()).toBeLessThan(start + bound);
    expect(check()).toBe(false); // nothing grew since
  });
});
