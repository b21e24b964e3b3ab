// A simulated chiller with four injected faults, delivered (1) in order, (2) out of order with
// duplicates, (3) out of order through the reorder buffer. Each fault must raise exactly its
// alarm at the expected time and clear when it ends, with no duplicates.
// (Built locally until src/simulator provides fault scenarios.)
import { describe, expect, it } from 'vitest';
import { createChannelLayout } from '../expressions/index.ts';
import {
  compileRule,
  createReorderBuffer,
  createRuleEngine,
  type RuleEvent,
  type RuleSpec,
} from './index.ts';

const step = 10_000;
const hour = 3_600_000;
const end = 5 * hour;
const channels = ['supply_temp', 'return_temp', 'flow', 'power', 'cooling_load'];

const rules: RuleSpec[] = [
  {
    id: 'hi-supply',
    severity: 'major',
    kind: 'threshold',
    value: 'supply_temp',
    op: 'above',
    limit: 9,
    hysteresis: 0.5,
    forMs: 60_000,
  },
  {
    id: 'low-flow',
    severity: 'critical',
    kind: 'threshold',
    value: 'flow',
    op: 'below',
    limit: 8,
    hysteresis: 1,
  },
  {
    id: 'low-cop',
    severity: 'minor',
    kind: 'expression',
    when: 'cop < 3',
    clearWhen: 'cop >= 3.5',
  },
  { id: 'offline', severity: 'major', kind: 'no-data', expectedIntervalMs: step, factor: 3 },
];

/** Expected [kind, ruleId, ts] in order, from the fault windows below. */
const expected: [string, string, number][] = [
  ['raise', 'hi-supply', 1 * hour + 60_000],
  ['clear', 'hi-supply', 1.5 * hour],
  ['raise', 'low-flow', 2 * hour],
  ['clear', 'low-flow', 2 * hour + 20 * 60_000],
  ['raise', 'low-cop', 3 * hour],
  ['clear', 'low-cop', 3.5 * hour],
  ['raise', 'offline', 4 * hour - step + 3 * step],
  ['clear', 'offline', 4 * hour + 10 * 60_000],
];

/** Linear congruential generator (Numerical Recipes constants): deterministic noise. */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

interface Point {
  channel: number;
  ts: number;
  value: number;
}

function simulate(seed: number): Point[] {
  const rnd = lcg(seed);
  const noise = (a: number) => (rnd() * 2 - 1) * a;
  const pts: Point[] = [];
  for (let t = 0; t < end; t += step) {
    if (t >= 4 * hour && t < 4 * hour + 10 * 60_000) continue; // fault 4: link down
    const supply = t >= 1 * hour && t < 1.5 * hour ? 12 : 7; // fault 1: supply too warm
    const flow = t >= 2 * hour && t < 2 * hour + 20 * 60_000 ? 3 : 20; // fault 2: pump trip
    const power = t >= 3 * hour && t < 3.5 * hour ? 160 : 100; // fault 3: fouled condenser
    const values = [
      supply + noise(0.3),
      supply + 5 + noise(0.3),
      flow + noise(0.5),
      power + noise(2),
      400 + noise(5),
    ];
    values.forEach((value, channel) => pts.push({ channel, ts: t, value }));
  }
  return pts;
}

function run(deliveries: { arrival: number; p: Point }[], reorderWindowMs?: number) {
  const events: RuleEvent[] = [];
  const engine = createRuleEngine((e) => events.push(e));
  const layout = createChannelLayout(channels, [
    { name: 'cop', expression: 'cooling_load / power' },
  ]);
  const a = engine.addAsset(
    'chiller-7',
    layout,
    rules.map((r) => compileRule(r, layout)),
    { startMs: 0 },
  );
  const buffer =
    reorderWindowMs === undefined
      ? undefined
      : createReorderBuffer(reorderWindowMs, (p) => engine.ingest(p.asset, p.slot, p.ts, p.value));
  // The engine's clock: arrival time, minus the buffer's hold when one is used.
  const lag = reorderWindowMs ?? 0;
  let nextTick = step;
  for (const { arrival, p } of deliveries) {
    for (; nextTick <= arrival; nextTick += step) {
      buffer?.advance(nextTick);
      engine.tick(nextTick - lag);
    }
    if (buffer) buffer.push({ asset: a, slot: p.channel, ts: p.ts, value: p.value });
    else engine.ingest(a, p.channel, p.ts, p.value);
  }
  buffer?.flush();
  return { events, stats: engine.stats };
}

function disorder(pts: Point[], seed: number, maxDelay: number, duplicateShare: number) {
  const rnd = lcg(seed);
  const out = pts.map((p) => ({ arrival: p.ts + Math.floor(rnd() * maxDelay), p }));
  for (const p of pts)
    if (rnd() < duplicateShare) out.push({ arrival: p.ts + Math.floor(rnd() * maxDelay), p });
  return out.sort((x, y) => x.arrival - y.arrival);
}

const brief = (events: RuleEvent[]) => events.map((e) => [e.kind, e.ruleId, e.ts]);

describe('chiller scenario with injected faults', () => {
  const pts = simulate(42);

  it('in order: each fault raises exactly its alarm at the expected time and clears at its end', () => {
    const { events } = run(pts.map((p) => ({ arrival: p.ts, p })));
    expect(brief(events)).toEqual(expected);
    const offline = events.find((e) => e.ruleId === 'offline' && e.kind === 'raise')!;
    expect(offline.detectedAt! - offline.ts).toBeLessThanOrEqual(step);
  });

  it.each([1, 2, 3])(
    'out of order with duplicates (seed %i): no duplicate and no missing alarm',
    (seed) => {
      const { events, stats } = run(disorder(pts, seed, 15_000, 0.05));
      expect(stats.late).toBeGreaterThan(0); // the disorder really happened
      const byRule = new Map<string, RuleEvent[]>();
      for (const e of events) byRule.set(e.ruleId, [...(byRule.get(e.ruleId) ?? []), e]);
      for (const r of rules) {
        const want = expected.filter(([, id]) => id === r.id);
        const got = byRule.get(r.id) ?? [];
        expect(got.map((e) => e.kind)).toEqual(want.map(([k]) => k));
        // Dropped late points can delay a transition by a few points, never advance it.
        got.forEach((e, i) => {
          expect(e.ts).toBeGreaterThanOrEqual(want[i]![2]);
          expect(e.ts).toBeLessThanOrEqual(want[i]![2] + 3 * step);
        });
      }
    },
  );

  it('out of order behind a reorder buffer: exactly the in-order events', () => {
    const { events, stats } = run(disorder(pts, 7, 15_000, 0.05), 15_000);
    expect(brief(events)).toEqual(expected);
    expect(stats.late).toBe(0);
  });
});
