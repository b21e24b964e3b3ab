import { describe, expect, it, vi } from 'vitest';
import type { Bucket } from '../types.ts';
import { rollupPoints } from './rollup.ts';
import { Heads } from './head.ts';
import { Tail, type TailOptions } from './tail.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const opts: TailOptions = { spanMs: 2 * HOUR, budget: 1_000_000, hours: 48, maxAgeMs: 86_400_000 };

/** The tail's points of a series in [from, to) as [ts, value] pairs. */
const pts = (t: Tail, sid: number, from = -Infinity, to = Infinity) => {
  const p = t.slice(sid, from, to);
  return Array.from(p.ts, (ts, i) => [ts, p.values[i]!]);
};

/** Points [series, time, value] in arrival order. */
const feed = (t: Tail, rows: [number, number, number][]) => {
  for (const [sid, ts, v] of rows) t.append(sid, ts, v);
};

function foldAll(t: Tail, sid: number, from: number, to: number, size: number, origin = 0) {
  const out: Bucket[] = [];
  t.fold(sid, { from, to, size, origin }, 0, (_i, start, count, sum, min, max, first, last) =>
    out.push({ start, count, sum, min, max, first, last }),
  );
  return out;
}

describe('recent tail', () => {
  it('keeps in-order points of a new series from −∞, then at least the span behind the newest', () => {
    const t = new Tail(opts);
    const b = NOW - 9 * HOUR;
    feed(
      t,
      [0, 1, 2].map((i) => [7, b + i * MIN, i + 0.5]),
    );
    expect(t.coveredFrom(7)).toBe(-Infinity);
    expect(pts(t, 7)).toEqual([
      [b, 0.5],
      [b + MIN, 1.5],
      [b + 2 * MIN, 2.5],
    ]);
    expect(t.covers(7, b - 10 * HOUR, NOW)).toBe(true);
    // Eight more hours, one point every 10 minutes: older points go once a buffer fills.
    const all: number[][] = pts(t, 7);
    for (let m = 10; m <= 8 * 60; m += 10) {
      t.append(7, b + m * MIN, m);
      all.push([b + m * MIN, m]);
    }
    const newest = b + 8 * HOUR;
    const from = t.coveredFrom(7);
    expect(from).toBeGreaterThan(b);
    expect(from).toBeLessThanOrEqual(newest - 2 * HOUR);
    expect(pts(t, 7)).toEqual(all.filter(([ts]) => ts! >= from));
    expect(t.points).toBe(pts(t, 7).length);
    expect(t.covers(7, from, NOW)).toBe(true);
    expect(t.covers(7, from - 1, NOW)).toBe(false);
  });

  it('inserts late points in order and lets the last write win on equal times', () => {
    const t = new Tail(opts);
    const b = NOW - HOUR;
    feed(t, [
      [1, b, 1],
      [1, b + 2 * MIN, 3],
      [1, b + 4 * MIN, 5],
      [1, b + 4 * MIN, 5.5], // duplicate within one batch
      [1, b + MIN, 2], // late
      [1, b + 2 * MIN, 3.25], // late duplicate
      [1, b + 3 * MIN, 4], // late
    ]);
    expect(pts(t, 1)).toEqual([
      [b, 1],
      [b + MIN, 2],
      [b + 2 * MIN, 3.25],
      [b + 3 * MIN, 4],
      [b + 4 * MIN, 5.5],
    ]);
    expect(t.points).toBe(5);
    expect(pts(t, 1, b + MIN, b + 3 * MIN)).toEqual([
      [b + MIN, 2],
      [b + 2 * MIN, 3.25],
    ]);
  });

  it('ignores points older than its coverage (the store serves those ranges)', () => {
    const t = new Tail(opts);
    const chunk = {
      ts: Float64Array.of(NOW - 30 * MIN, NOW - 20 * MIN),
      values: Float64Array.of(1, 2),
    };
    t.seed(3, chunk);
    expect(t.coveredFrom(3)).toBe(NOW - 30 * MIN);
    t.append(3, NOW - 40 * MIN, 99); // older than coverage: not kept
    t.append(3, NOW - 25 * MIN, 1.5); // late but covered: kept
    expect(pts(t, 3)).toEqual([
      [NOW - 30 * MIN, 1],
      [NOW - 25 * MIN, 1.5],
      [NOW - 20 * MIN, 2],
    ]);
    expect(t.covers(3, NOW - 40 * MIN, NOW)).toBe(false);
    expect(t.covers(3, NOW - 30 * MIN, NOW)).toBe(true);
  });

  it('seeds from a newest chunk longer than the span: coverage starts at the cut', () => {
    const t = new Tail(opts);
    const ts = Float64Array.from({ length: 300 }, (_, i) => NOW - (299 - i) * MIN);
    const values = Float64Array.from(ts, (_, i) => i);
    t.seed(5, { ts, values });
    expect(t.coveredFrom(5)).toBe(NOW - 2 * HOUR);
    const p = t.slice(5, -Infinity, Infinity);
    expect(p.ts.length).toBe(121);
    expect(p.ts[0]).toBe(NOW - 2 * HOUR);
    expect(p.values[120]).toBe(299);
  });

  it('serves nothing when turned off or when the range starts before now − maxAge', () => {
    const t = new Tail(opts);
    t.append(2, NOW - 2 * 86_400_000, 1);
    expect(t.covers(2, NOW - 2 * 86_400_000, NOW)).toBe(false);
    expect(t.covers(2, NOW - HOUR, NOW)).toBe(true);
    t.enabled = false;
    expect(t.covers(2, NOW - HOUR, NOW)).toBe(false);
  });

  it('keeps within the point budget by trimming every series to a share', () => {
    const t = new Tail({ ...opts, budget: 400 });
    // 10 series × 60 points each, one batch a minute: 600 points > 400.
    for (let m = 0; m < 60; m++) {
      feed(
        t,
        Array.from({ length: 10 }, (_, s) => [s + 1, NOW - (60 - m) * MIN, s * 1000 + m]),
      );
      expect(t.points).toBeLessThanOrEqual(400);
    }
    for (let s = 1; s <= 10; s++) {
      const p = t.slice(s, -Infinity, Infinity);
      const first = p.ts[0]!;
      // Everything from the first kept point on is there, nothing before it is claimed.
      expect(t.coveredFrom(s)).toBeGreaterThan(first - MIN);
      expect(t.coveredFrom(s)).toBeLessThanOrEqual(first);
      expect(p.ts[p.ts.length - 1]).toBe(NOW - MIN);
      expect(p.values[p.ts.length - 1]).toBe((s - 1) * 1000 + 59);
      expect(p.ts.length).toBe((NOW - first) / MIN);
    }
    // A new point older than the trimmed coverage is not taken back in.
    t.append(1, NOW - 59 * MIN, -1);
    expect(pts(t, 1).some(([, v]) => v === -1)).toBe(false);
  });

  it('drops series too old to be served when it sweeps, and forgets points on retention', () => {
    const t = new Tail(opts);
    t.append(1, NOW - 3 * 86_400_000, 1);
    t.append(2, NOW - MIN, 2);
    t.append(2, NOW, 3);
    t.sweep(NOW);
    expect(pts(t, 1)).toEqual([]);
    expect(t.coveredFrom(1)).toBeGreaterThan(NOW - 3 * 86_400_000);
    expect(pts(t, 2)).toEqual([
      [NOW - MIN, 2],
      [NOW, 3],
    ]);
    t.dropBefore(2, NOW);
    expect(pts(t, 2)).toEqual([[NOW, 3]]);
    expect(t.coveredFrom(2)).toBeGreaterThan(NOW - MIN);
    expect(t.points).toBe(1);
  });

  it('folds the same buckets as rollupPoints over the same points', () => {
    const t = new Tail(opts);
    const ts: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 200; i++) {
      ts.push(NOW - HOUR + i * 17_000 + (i % 3));
      values.push(Math.round(Math.sin(i / 7) * 1000) / 100);
    }
    ts.forEach((x, i) => t.append(9, x, values[i]!));
    const p = { ts: Float64Array.from(ts), values: Float64Array.from(values) };
    for (const [from, to, size, origin] of [
      [NOW - HOUR, NOW, 5 * MIN, 0],
      [NOW - HOUR + 12_345, NOW - 600_000, MIN, 0],
      [NOW - 40 * MIN, NOW, 40 * MIN, NOW - 40 * MIN],
      [NOW - HOUR, NOW, 7_000, 3_000],
    ] as const) {
      const expected = rollupPoints(p, size, from, to, origin);
      expect(expected.length).toBeGreaterThan(0);
      expect(foldAll(t, 9, from, to, size, origin)).toEqual(expected);
    }
    expect(foldAll(t, 9, NOW - HOUR, NOW, HOUR)[0]).toMatchObject({
      count: 200,
      min: Math.min(...values),
      max: Math.max(...values),
      first: values[0],
      last: values[199],
    });
  });

  describe('hourly ring', () => {
    const N = Date.UTC(2026, 10, 26, 12); // on the hour
    /** 30 hours of one point a minute, values with ties and turns. */
    const series = () => {
      const ts: number[] = [];
      const values: number[] = [];
      for (let m = 0; m < 30 * 60; m++) {
        ts.push(N - 30 * HOUR + m * MIN);
        values.push(Math.round(Math.cos(m / 37) * 500) / 100);
      }
      return { ts, values };
    };
    const expectFold = (
      t: Tail,
      model: Map<number, number>,
      from: number,
      to: number,
      size: number,
    ) => {
      const sorted = [...model].sort((a, b) => a[0] - b[0]);
      const p = {
        ts: Float64Array.from(sorted, (x) => x[0]),
        values: Float64Array.from(sorted, (x) => x[1]),
      };
      const expected = rollupPoints(p, size, from, to, 0);
      const got = foldAll(t, 1, from, to, size);
      // Hours add up their own sums, as stored 1h rollups do: equal up to rounding.
      expect(got.map((b) => ({ ...b, sum: 0 }))).toEqual(expected.map((b) => ({ ...b, sum: 0 })));
      got.forEach((b, i) => expect(b.sum).toBeCloseTo(expected[i]!.sum, 9));
      expect(got.length).toBeGreaterThan(0);
    };

    it('answers hour-aligned buckets of the last day beyond the raw span', () => {
      const t = new Tail(opts);
      const { ts, values } = series();
      const model = new Map<number, number>();
      ts.forEach((x, i) => {
        t.append(1, x, values[i]!);
        model.set(x, values[i]!);
      });
      expect(t.coveredFrom(1)).toBeLessThanOrEqual(N - MIN - 2 * HOUR);
      const day = { from: N - 24 * HOUR, to: N, size: HOUR, origin: 0 };
      expect(t.covers(1, day.from, N)).toBe(false);
      expect(t.coversBuckets(1, day, N)).toBe(true);
      expectFold(t, model, day.from, day.to, HOUR);
      expectFold(t, model, N - 30 * HOUR, N, 6 * HOUR);
      // Not on whole hours: only the raw points could answer, and they do not reach.
      expect(t.coversBuckets(1, { ...day, size: 30 * MIN }, N)).toBe(false);
      expect(t.coversBuckets(1, { ...day, from: day.from + MIN }, N)).toBe(false);
    });

    it('takes a long generation by skipping ahead: the same hours, the raw points from the cut', () => {
      const t = new Tail(opts);
      const { ts, values } = series();
      const model = new Map<number, number>();
      // Two hours one by one first, so the generation continues an hour with raw points.
      const k = 125;
      ts.slice(0, k).forEach((x, i) => {
        t.append(1, x, values[i]!);
        model.set(x, values[i]!);
      });
      const heads = new Heads();
      t.follow(heads);
      const rest = ts.length - k;
      heads.appendRows(
        {
          ids: Array.from({ length: rest }, () => Uint32Array.of(1)),
          ts: Float64Array.from(ts.slice(k)),
          start: Uint32Array.from({ length: rest + 1 }, (_, i) => i),
        },
        Float64Array.from(values.slice(k)),
      );
      ts.slice(k).forEach((x, i) => model.set(x, values[k + i]!));
      t.follow(new Heads(heads)); // the generation is complete: the tail takes it
      // Raw points from the whole hour the span reaches back into (newest N − 1 min).
      expect(t.coveredFrom(1)).toBe(N - 3 * HOUR);
      const raw = [...model].filter(([x]) => x >= N - 3 * HOUR);
      expect(pts(t, 1)).toEqual(raw);
      expect(t.points).toBe(raw.length);
      const day = { from: N - 24 * HOUR, to: N, size: HOUR, origin: 0 };
      expect(t.coversBuckets(1, day, N)).toBe(true);
      expectFold(t, model, day.from, day.to, HOUR);
      expectFold(t, model, N - 30 * HOUR, N, 6 * HOUR);
      // Later points carry on from there as usual.
      t.append(1, N + MIN, 42);
      model.set(N + MIN, 42);
      expectFold(t, model, N - 24 * HOUR, N + HOUR, HOUR);
    });

    it('redoes an hour for late and re-sent points it still holds raw, else gives it up', () => {
      const t = new Tail({ ...opts, spanMs: 2 * HOUR + 30_000 }); // coverage never on the hour
      const { ts, values } = series();
      const model = new Map<number, number>();
      ts.forEach((x, i) => {
        if (i % 7 === 3) return; // sent late, below
        t.append(1, x, values[i]!);
        model.set(x, values[i]!);
      });
      const lateRaw: [number, number][] = [
        [N - 90 * MIN + 30_000, 42], // new time inside the raw span
        [N - 61 * MIN, -3.5], // re-sent time inside the raw span
        [N - MIN, 7], // re-sent newest point
      ];
      for (const [x, v] of lateRaw) {
        t.append(1, x, v);
        model.set(x, v);
      }
      const day = { from: N - 24 * HOUR, to: N, size: HOUR, origin: 0 };
      expect(t.coversBuckets(1, day, N)).toBe(true);
      expectFold(t, model, day.from, day.to, HOUR);
      // Kept raw, but its hour is held raw only in part: the hour cannot be redone.
      const cov = t.coveredFrom(1);
      const partial = Math.floor(cov / HOUR) * HOUR;
      expect(cov % HOUR).not.toBe(0);
      expect(cov).toBeLessThanOrEqual(N - 2 * HOUR);
      t.append(1, cov + 15_000, 77);
      model.set(cov + 15_000, 77);
      expect(t.slice(1, cov, cov + 20_000).values[0]).toBe(77);
      expect(t.coversBuckets(1, day, N)).toBe(false);
      expect(t.coversBuckets(1, { ...day, from: partial + HOUR }, N)).toBe(true);
      expectFold(t, model, partial + HOUR, N, HOUR);
      // Older than the raw span: the ring cannot tell a new point from a re-sent one.
      t.append(1, N - 10 * HOUR + 3 * MIN, 1000);
      model.set(N - 10 * HOUR + 3 * MIN, 1000);
      expect(t.coversBuckets(1, { ...day, from: N - 11 * HOUR, to: N - 3 * HOUR }, N)).toBe(false);
      expect(t.coversBuckets(1, { ...day, from: N - 9 * HOUR, to: N - 3 * HOUR }, N)).toBe(true);
      expectFold(t, model, N - 9 * HOUR, N - 3 * HOUR, 3 * HOUR);
      expect(t.coversBuckets(1, { ...day, to: N - 10 * HOUR }, N)).toBe(true);
      expectFold(t, model, day.from, N - 10 * HOUR, HOUR);
    });

    it('starts from the first whole hour of a seed, and keeps `hours` finished ones', () => {
      const t = new Tail({ ...opts, hours: 4, spanMs: 90 * MIN });
      const ts = Float64Array.from({ length: 100 }, (_, i) => N - 90 * MIN + i * MIN);
      const values = Float64Array.from(ts, (_, i) => i);
      t.seed(1, { ts, values });
      const model = new Map(Array.from(ts, (x, i) => [x, values[i]!]));
      // Raw from N − 81 min (90 min behind the newest, N + 9 min), so the ring from N − 1 h: the
      // hour before is held only in part and is not served.
      expect(t.coveredFrom(1)).toBe(N - 81 * MIN);
      const seeded = { from: N - HOUR, to: N + HOUR, size: HOUR, origin: 0 };
      expect(t.coversBuckets(1, seeded, N)).toBe(true);
      expect(t.coversBuckets(1, { ...seeded, from: N - 2 * HOUR }, N)).toBe(false);
      t.enabled = false;
      expect(t.coversBuckets(1, seeded, N)).toBe(false);
      t.enabled = true;
      // Five more hours: the raw points keep about 90 minutes, the ring the four finished hours
      // N … N + 3 h, the newest (N + 4 h) is read from the raw points.
      for (let m = 10; m < 5 * 60; m++) {
        t.append(1, N + m * MIN, m);
        model.set(N + m * MIN, m);
      }
      const spec = { from: N, to: N + 5 * HOUR, size: HOUR, origin: 0 };
      expect(t.covers(1, N + HOUR, N)).toBe(false);
      expect(t.coversBuckets(1, spec, N)).toBe(true);
      expectFold(t, model, spec.from, spec.to, HOUR);
      expectFold(t, model, N + HOUR, N + 5 * HOUR, 2 * HOUR);
      expect(t.coversBuckets(1, { ...spec, from: N - HOUR }, N)).toBe(false);
    });
  });

  describe('intake of a finished generation in slices (issue 21)', () => {
    const SERIES = 2_000;
    const ROWS = 30;
    /** A generation of SERIES series in row groups of 10, ROWS rows each, one row a second. */
    function generation(t0: number): { heads: Heads; points: number } {
      const heads = new Heads();
      const shapes = Array.from({ length: SERIES / 10 }, (_, g) =>
        Uint32Array.from({ length: 10 }, (_, c) => 1 + g * 10 + c),
      );
      for (let r = 0; r < ROWS; r++) {
        heads.appendRows(
          {
            ids: shapes,
            ts: new Float64Array(shapes.length).fill(t0 + r * 1000),
            start: Uint32Array.from(shapes, (_, i) => i * 10),
          },
          Float64Array.from({ length: shapes.length * 10 }, (_, i) => r * 1e5 + i),
        );
      }
      return { heads, points: SERIES * ROWS };
    }

    it('takes at most a slice (and one series) per call, in order, and a read takes the rest', () => {
      const t = new Tail(opts);
      const first = generation(NOW - HOUR);
      t.follow(first.heads, 1_000);
      const second = generation(NOW - HOUR + ROWS * 1000);
      const whole = new Tail(opts); // the same generations taken at once
      whole.follow(first.heads);
      whole.follow(second.heads);
      t.follow(second.heads, 1_000); // the engine moved on: the first is complete
      let calls = 1;
      const steps: number[] = [t.points];
      while (t.taking) {
        const before = t.points;
        t.follow(second.heads, 1_000);
        steps.push(t.points - before);
        calls++;
      }
      // Each call took at most the slice plus one series' run: never the 60,000 points at once.
      expect(Math.max(...steps)).toBeLessThanOrEqual(1_000 + ROWS);
      expect(calls).toBeGreaterThanOrEqual(first.points / (1_000 + ROWS));
      expect(t.points).toBe(first.points);
      for (const sid of [1, 777, SERIES]) expect(pts(t, sid)).toEqual(pts(whole, sid));

      // Two generations on while the second is not taken yet: its rest goes first, then the
      // third's slices; a read (no slice) takes everything before it looks.
      const third = generation(NOW - HOUR + 2 * ROWS * 1000);
      const fourth = generation(NOW - HOUR + 3 * ROWS * 1000);
      t.follow(third.heads, 1_000);
      t.follow(fourth.heads, 500);
      expect(t.taking).toBe(true);
      t.follow(fourth.heads);
      expect(t.taking).toBe(false);
      whole.follow(third.heads);
      whole.follow(fourth.heads);
      expect(t.points).toBe(whole.points);
      for (const sid of [1, 1_234, SERIES]) expect(pts(t, sid)).toEqual(pts(whole, sid));
    });

    it('keeps only a share of each generation when the budget cannot hold one, exactly', () => {
      // 2,000 series, 30 points each a generation, a budget of 24,000: a share of 9 points.
      const t = new Tail({ ...opts, budget: 24_000, maxAgeMs: 1e13 }); // NOW is in the past
      const model = new Map<number, [number, number][]>();
      const gens = Array.from({ length: 6 }, (_, g) => generation(NOW - HOUR + g * ROWS * 1000));
      for (const { heads } of gens.slice(0, -1)) {
        for (const sid of heads.ids) {
          const m = model.get(sid) ?? [];
          heads.runOf(sid, (r) => {
            for (let i = 0; i < r.n; i++) m.push([r.ts[i]!, r.values[r.off + i * r.stride]!]);
          });
          model.set(sid, m);
        }
      }
      // Buffers made while the tail takes generations 3–5, its share known by then.
      let made = 0;
      class Counted extends Float64Array {
        // Views (subarray: buffer, offset, length) pass through; a length makes a buffer.
        constructor(...a: [number]) {
          super(...a);
          if (typeof a[0] === 'number') made++;
        }
      }
      gens.forEach(({ heads }, g) => {
        if (g === 3) vi.stubGlobal('Float64Array', Counted);
        t.follow(heads);
      });
      vi.unstubAllGlobals();
      expect(t.points).toBeLessThanOrEqual(24_000);
      for (const sid of [1, 500, 1_999, SERIES]) {
        const from = t.coveredFrom(sid);
        const held = pts(t, sid);
        expect(held).toEqual(model.get(sid)!.filter(([x]) => x >= from));
        expect(held.length).toBeGreaterThanOrEqual(9);
      }
      // Appending every point grew each buffer past its share and the sweep trimmed it back,
      // generation after generation: about 8 buffers made and dropped per series in these three
      // (15,866). Now only the series with hourly buckets (125 here) take whole runs.
      expect(made).toBeLessThan(SERIES);
    });

    it('keeps raw points of at most budget / 8 series, in about the budget in bytes, exactly', () => {
      // 2,000 series, 30 points each a generation, a budget of 8,000: a share of 3 points, which
      // gave every series a buffer of 16 (a million series at the default budget get 1–2).
      const t = new Tail({ ...opts, budget: 8_000, maxAgeMs: 1e13 });
      const gens = Array.from({ length: 3 }, (_, g) => generation(NOW - HOUR + g * ROWS * 1000));
      for (const { heads } of gens) t.follow(heads);
      t.follow(new Heads()); // the last generation is complete
      const last = new Map<number, [number, number]>();
      for (const sid of gens[2]!.heads.ids) {
        gens[2]!.heads.runOf(sid, (r) => {
          last.set(sid, [r.ts[r.n - 1]!, r.values[r.off + (r.n - 1) * r.stride]!]);
        });
      }
      let held = 0;
      for (const [sid, point] of last) {
        const p = pts(t, sid);
        if (p.length > 0) held++;
        // Exact from where it is covered: its newest point, or nothing past it.
        if (p.length > 0) expect(p.at(-1)).toEqual(point);
        else expect(t.coveredFrom(sid)).toBeGreaterThan(point[0]);
      }
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThanOrEqual(8_000 / 8);
      // 16 bytes a point, room to grow, and the whole runs of the 41 series with hourly buckets
      // (390,528 bytes); every series' buffer of 16 points alone was 512,000 before the cap.
      expect(t.bufferBytes()).toBeLessThan(8_000 * 16 * 4);
    });
  });
});
