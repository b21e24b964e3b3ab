// The write-back collector's columns: rows of one (asset, time), channel lists shared between
// equal rows (so telemetry's per-asset memo of series ids matches by identity), writes capped
// in whole rows, an instant reported twice keeping its last value; and the short decimals a
// stored derived value is snapped to.
import { describe, expect, it } from 'vitest';
import { modelChannelLayout } from './expressions/index.ts';
import { createWriteBackCollector, shortDecimal, writeBackRows } from './write-back.ts';

const { derived } = modelChannelLayout(
  ['a', 'b', 'c'],
  [
    { name: 'd1', expression: 'a - b' },
    { name: 'd2', expression: 'a * c' },
  ],
);
const [d1, d2] = [derived[0]!, derived[1]!];

function collector(maxValues?: number) {
  const c = createWriteBackCollector(maxValues);
  c.setWritable(new Map(['A', 'B'].map((a) => [a, new Set(['d1', 'd2'])])));
  return c;
}

describe('write-back collector', () => {
  it('groups an instant into one row and shares equal channel lists', () => {
    const c = collector();
    c.onDerived('A', 1000, d1, 1);
    c.onDerived('A', 1000, d2, 2);
    c.onDerived('B', 1000, d1, 3);
    c.onDerived('B', 1000, d2, 4);
    c.onDerived('A', 2000, d1, 5);
    c.onDerived('A', 3000, d1, 6);
    const b = c.take();
    expect(writeBackRows(b)).toEqual([
      { asset: 'A', ts: 1000, values: { d1: 1, d2: 2 } },
      { asset: 'B', ts: 1000, values: { d1: 3, d2: 4 } },
      { asset: 'A', ts: 2000, values: { d1: 5 } },
      { asset: 'A', ts: 3000, values: { d1: 6 } },
    ]);
    expect(b.channels[1]).toBe(b.channels[0]);
    expect(b.channels[3]).toBe(b.channels[2]);
    expect(b.channels[2]).not.toBe(b.channels[1]);
    expect(Array.from(b.start)).toEqual([0, 2, 4, 5, 6]);
  });

  it('keeps the last value when an instant is reported again before it is taken', () => {
    const c = collector();
    c.onDerived('A', 1000, d1, 1);
    c.onDerived('A', 1000, d1, 7);
    expect(c.pending).toBe(1);
    expect(writeBackRows(c.take())).toEqual([{ asset: 'A', ts: 1000, values: { d1: 7 } }]);
  });

  it('hands rows over oldest first, at most maxValues a take, never splitting a row', () => {
    const c = collector(3);
    for (let t = 1; t <= 4; t++) {
      c.onDerived('A', t, d1, t);
      c.onDerived('A', t, d2, -t);
    }
    expect(c.pending).toBe(8);
    const takes = [c.take(), c.take(), c.take()].map(writeBackRows);
    expect(takes.map((rows) => rows.map((r) => r.ts))).toEqual([[1, 2], [3, 4], []]);
    expect(takes[1]![1]).toEqual({ asset: 'A', ts: 4, values: { d1: 4, d2: -4 } });
    expect(c.pending).toBe(0);
  });
});

describe('shortDecimal', () => {
  it('gives the short decimal a computed value is within float noise of', () => {
    const spread = 5.2 - 2923.3;
    expect(spread).toBe(-2918.1000000000004); // the double carries noise …
    expect(shortDecimal(spread)).toBe(-2918.1); // … the stored value does not
    expect(shortDecimal(6.82 - 2924.2)).toBe(-2917.38);
    expect(shortDecimal(0.1 + 0.2)).toBe(0.3);
    expect(shortDecimal(1.1 * 3)).toBe(3.3);
  });

  it('leaves exact decimals, non-decimals and what it cannot scale as they are', () => {
    for (const v of [0, -0, 5, -2944.17, 12.5, 1e-12, 1 / 3, Math.PI, 2 / 3 - 1e-9, 1e20, -1e300])
      expect(Object.is(shortDecimal(v), v)).toBe(true);
    // A cancellation's leftover is far from 0.1 in ulps of itself: kept.
    const leftover = 2951.4 - 2951.3;
    expect(shortDecimal(leftover)).toBe(leftover);
    expect(shortDecimal(1e-300)).toBe(1e-300);
  });
});
