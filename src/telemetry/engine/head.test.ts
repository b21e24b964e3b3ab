import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { Heads, transferablesOf, type RowBatch, type SharedHeads } from './head.ts';

/** Rows as prepare.ts builds them: `shape` per row, values row-major. */
function rows(list: { ids: Uint32Array; t: number; v: number[] }[]) {
  const batch: RowBatch = {
    ids: list.map((r) => r.ids),
    ts: Float64Array.from(list.map((r) => r.t)),
    start: new Uint32Array(list.length + 1),
  };
  const values: number[] = [];
  list.forEach((r, i) => {
    batch.start[i] = values.length;
    values.push(...r.v);
  });
  return { batch, values: Float64Array.from(values) };
}

const pointsOf = (h: Heads, sid: number) => {
  const s = h.get(sid);
  return s ? { ts: [...s.ts.subarray(0, s.n)], values: [...s.values.subarray(0, s.n)] } : undefined;
};

function append(h: Heads, list: Parameters<typeof rows>[0]) {
  const r = rows(list);
  h.appendRows(r.batch, r.values);
}

describe('Heads', () => {
  const a = Uint32Array.of(1, 2, 3);
  const b = Uint32Array.of(7, 8);

  it('keeps rows of one shape together and returns each series in arrival order', () => {
    const h = new Heads();
    append(h, [
      { ids: a, t: 10, v: [1, 2, 3] },
      { ids: b, t: 10, v: [70, 80] },
      { ids: a, t: 20, v: [11, 12, 13] },
    ]);
    append(h, [{ ids: a, t: 30, v: [21, 22, 23] }]);
    expect(h.points).toBe(11);
    expect(h.ids).toEqual([1, 2, 3, 7, 8]);
    expect(pointsOf(h, 2)).toEqual({ ts: [10, 20, 30], values: [2, 12, 22] });
    expect(pointsOf(h, 8)).toEqual({ ts: [10], values: [80] });
    expect(h.count(3)).toBe(3);
    expect(h.get(99)).toBeUndefined();
  });

  it('tells whether a series has a point in a range, grouped or not', () => {
    const h = new Heads();
    append(h, [
      { ids: a, t: 10, v: [1, 2, 3] },
      { ids: Uint32Array.of(9), t: 50, v: [9] },
    ]);
    expect(h.touches(2, 10, 11)).toBe(true);
    expect(h.touches(2, 11, 100)).toBe(false);
    expect(h.touches(9, 0, 50)).toBe(false);
    expect(h.touches(9, 50, 51)).toBe(true);
    expect(h.touches(42, -Infinity, Infinity)).toBe(false);
    // Another row shape over series 3 moves it to a head of its own.
    append(h, [{ ids: Uint32Array.of(3, 4), t: 70, v: [0, 0] }]);
    expect(h.touches(3, 10, 11)).toBe(true);
    expect(h.touches(3, 70, 71)).toBe(true);
    expect(h.touches(3, 11, 70)).toBe(false);
  });

  it('grows a group past its first capacity without losing points', () => {
    const h = new Heads();
    const list = Array.from({ length: 500 }, (_, i) => ({ ids: a, t: i, v: [i, -i, i * 2] }));
    append(h, list);
    const p = pointsOf(h, 3)!;
    expect(p.ts).toEqual(list.map((r) => r.t));
    expect(p.values).toEqual(list.map((r) => r.v[2]));
  });

  it('splits a group when one of its series comes in another row shape; order is kept', () => {
    const h = new Heads();
    append(h, [
      { ids: a, t: 10, v: [1, 2, 3] },
      { ids: a, t: 20, v: [4, 5, 6] },
    ]);
    // A duplicate time for series 2 arrives later: last write wins needs it after the others.
    append(h, [{ ids: Uint32Array.of(2), t: 20, v: [50] }]);
    append(h, [{ ids: a, t: 30, v: [7, 8, 9] }]);
    expect(pointsOf(h, 2)).toEqual({ ts: [10, 20, 20, 30], values: [2, 5, 50, 8] });
    expect(pointsOf(h, 1)).toEqual({ ts: [10, 20, 30], values: [1, 4, 7] });
    expect(h.points).toBe(10);
    expect(h.ids).toEqual([1, 2, 3]);
  });

  it('writes rows of another shape over grouped series point by point, in order', () => {
    const h = new Heads();
    append(h, [{ ids: a, t: 10, v: [1, 2, 3] }]);
    append(h, [
      { ids: Uint32Array.of(3, 4), t: 20, v: [30, 40] },
      { ids: a, t: 30, v: [5, 6, 7] },
    ]);
    expect(pointsOf(h, 3)).toEqual({ ts: [10, 20, 30], values: [3, 30, 7] });
    expect(pointsOf(h, 4)).toEqual({ ts: [20], values: [40] });
    expect(pointsOf(h, 1)).toEqual({ ts: [10, 30], values: [1, 5] });
    expect(h.points).toBe(8);
  });

  it('takes a rebuilt id array with the same ids as the same group', () => {
    const h = new Heads();
    append(h, [{ ids: a, t: 10, v: [1, 2, 3] }]);
    append(h, [{ ids: Uint32Array.from(a), t: 20, v: [4, 5, 6] }]);
    append(h, [{ ids: a, t: 30, v: [7, 8, 9] }]);
    expect(pointsOf(h, 3)).toEqual({ ts: [10, 20, 30], values: [3, 6, 9] });
  });

  it('keeps a row naming one series twice point by point (the second value is the later write)', () => {
    const h = new Heads();
    append(h, [{ ids: Uint32Array.of(5, 5), t: 10, v: [1, 2] }]);
    expect(pointsOf(h, 5)).toEqual({ ts: [10, 10], values: [1, 2] });
  });

  it('shares groups and own heads with another thread as the same memory, and back', async () => {
    // Large enough to live in shared memory (more than PACK_MAX_VALUES numbers each).
    const h = new Heads();
    append(
      h,
      Array.from({ length: 600 }, (_, i) => ({ ids: a, t: 10 * i, v: [i, i + 1, i + 2] })),
    );
    const nine = Uint32Array.of(9);
    append(
      h,
      Array.from({ length: 1100 }, (_, i) => ({ ids: nine, t: 5 * i, v: [90 + i] })),
    );
    append(h, [{ ids: Uint32Array.of(2, 7), t: 1e6, v: [8, 70] }]); // splits a into own heads
    h.maxLogId = 4;
    const shared = h.share(0); // pack nothing: every array shared as it is
    expect(shared.groups.map((g) => [...g.ids])).toEqual([[9]]);
    expect(shared.own.map((o) => o.sid)).toEqual([1, 2, 3, 7]);
    expect(shared.own[0]!.ts.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Through a real structured clone, as postMessage sends it: the arrays still share memory.
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<SharedHeads>((resolve) => port2.once('message', resolve));
    port1.postMessage(shared);
    const clone = await got;
    port1.close();
    expect(clone.groups[0]!.ts.buffer).toBeInstanceOf(SharedArrayBuffer);
    clone.groups[0]!.values[0] = 100; // visible to the sender: no copy was made
    expect(shared.groups[0]!.values[0]).toBe(100);
    shared.groups[0]!.values[0] = 90;
    const back = Heads.fromShared(clone);
    expect(back.points).toBe(600 * 3 + 1100 + 2);
    expect(back.maxLogId).toBe(4);
    for (const sid of [1, 2, 3, 7, 9]) expect(pointsOf(back, sid)).toEqual(pointsOf(h, sid));
    const two = pointsOf(back, 2)!;
    expect(two.ts.slice(-2)).toEqual([5990, 1e6]);
    expect(two.values.slice(-2)).toEqual([600, 8]);
  });

  it('packs many small groups and own heads into six transferred arrays, and back', async () => {
    const h = new Heads();
    const fleet = 3000;
    const shapes = Array.from({ length: fleet }, (_, d) =>
      Uint32Array.from({ length: 11 }, (_, c) => 100 + d * 11 + c),
    );
    for (let r = 0; r < 3; r++)
      append(
        h,
        shapes.map((ids, d) => ({ ids, t: 1000 * r + d, v: [...ids].map((sid) => sid + r) })),
      );
    // Device 0 also wrote channel 0 alone: its group splits into own heads.
    append(h, [{ ids: Uint32Array.of(100), t: 5000, v: [-1] }]);
    const big = Uint32Array.of(1, 2);
    append(
      h,
      Array.from({ length: 600 }, (_, i) => ({ ids: big, t: i, v: [i, -i] })),
    );
    h.maxLogId = 9;
    const shared = h.share();
    expect(shared.groups.map((g) => [...g.ids])).toEqual([[1, 2]]); // 1,200 values: shared
    expect(shared.own).toEqual([]);
    expect(shared.packed!.n.length).toBe(fleet - 1 + 11);
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<SharedHeads>((resolve) => port2.once('message', resolve));
    const transfer = transferablesOf(shared);
    expect(transfer).toHaveLength(6);
    port1.postMessage(shared, transfer);
    const clone = await got;
    port1.close();
    expect(shared.packed!.ts.length).toBe(0); // transferred: detached here, not copied
    const back = Heads.fromShared(clone);
    expect(back.points).toBe(h.points);
    expect(back.maxLogId).toBe(9);
    for (const sid of [1, 2, 100, 101, 110, 111, 100 + fleet * 11 - 1])
      expect(pointsOf(back, sid)).toEqual(pointsOf(h, sid));
    expect(pointsOf(back, 100)).toEqual({ ts: [0, 1000, 2000, 5000], values: [100, 101, 102, -1] });
    expect(pointsOf(back, 112)).toEqual({ ts: [1, 1001, 2001], values: [112, 113, 114] });
  });

  it('hands a large generation off in small steps, with the same result as at once', () => {
    const fleet = 10_000;
    const make = () => {
      const h = new Heads();
      const shapes = Array.from({ length: fleet }, (_, d) =>
        Uint32Array.from({ length: 11 }, (_, c) => 1 + d * 11 + c),
      );
      for (let r = 0; r < 3; r++)
        append(
          h,
          shapes.map((ids, d) => ({ ids, t: 1000 * r + d, v: [...ids].map((sid) => sid * r) })),
        );
      return h;
    };
    const steps = make().shareSteps();
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    // 110,000 series looked at and 360,000 numbers copied: a pause every few thousand
    // (issue 21: the whole hand-off was one 40–70 ms block of the event loop).
    expect(pauses).toBeGreaterThan(50);
    const once = make().share();
    expect([...r.value.packed!.ts]).toEqual([...once.packed!.ts]);
    expect([...r.value.packed!.values]).toEqual([...once.packed!.values]);
    expect([...r.value.packed!.ids]).toEqual([...once.packed!.ids]);
    expect(Heads.fromShared(r.value).points).toBe(fleet * 11 * 3);
  });

  it('starts the next generation empty, whatever the previous one held', () => {
    const h = new Heads();
    append(
      h,
      Array.from({ length: 100 }, (_, i) => ({ ids: a, t: i, v: [0, 0, 0] })),
    );
    const next = new Heads(h);
    append(next, [{ ids: a, t: 1000, v: [1, 2, 3] }]);
    expect(next.count(1)).toBe(1);
    expect(pointsOf(next, 1)).toEqual({ ts: [1000], values: [1] });
  });
});

describe('Heads memory at many series (issue 21)', () => {
  /** Bytes of the buffers behind the heads (every group's and own head's arrays). */
  const allocated = (h: Heads) => {
    const s = h.share();
    let bytes = 0;
    for (const g of [...s.groups, ...s.own]) bytes += g.ts.byteLength + g.values.byteLength;
    return bytes;
  };

  // 1,000 assets × 10 channels, 4 rows each per generation: a million series share a generation
  // of 4 M points the same way. A point of a row costs 8 bytes of value and 1/10 of its time.
  it('holds a generation of few points per series in buffers about the size of its points', () => {
    const assets = 1000;
    const shapes = Array.from({ length: assets }, (_, a) =>
      Uint32Array.from({ length: 10 }, (_, c) => 1 + a * 10 + c),
    );
    let previous: Heads | undefined;
    for (const generation of [0, 1]) {
      const h = new Heads(previous);
      for (let r = 0; r < 4; r++)
        append(
          h,
          shapes.map((ids, a) => ({ ids, t: 60_000 * r, v: Array.from({ length: 10 }, () => a) })),
        );
      const used = assets * 4 * (8 + 10 * 8);
      expect(h.points).toBe(assets * 40);
      // 64 rows a series (the former first capacity) made this 16× (generation 0) and 4×.
      expect(allocated(h) / used, `generation ${generation}`).toBeLessThanOrEqual(2);
      expect(pointsOf(h, 1 + 999 * 10 + 9)).toEqual({
        ts: [0, 60_000, 120_000, 180_000],
        values: [999, 999, 999, 999],
      });
      previous = h;
    }
  });
});
