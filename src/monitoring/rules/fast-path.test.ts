// The engine's fast paths — programs shared between assets, rule states in typed arrays, band
// thresholds skipped while their channel is inside every raise limit — against the plain
// reading of the rules: every rule that reads a changed channel evaluated through its own raise
// and clear closures, on every point, with the state machine written out as in rule-state.ts's
// diagram. Randomised sequences (seeded, so a failure reproduces) with limit crossings,
// hysteresis, for-durations, NaN, repeated and late timestamps, silence and clock ticks must
// give the same events, in the same order, with the same values, and the same phases.
import { describe, expect, it } from 'vitest';
import { modelChannelLayout, type ChannelLayout } from '../expressions/index.ts';
import {
  compileRules,
  createAssetPrograms,
  createRuleEngine,
  type CompiledRule,
  type Phase,
  type RuleEvent,
  type RuleSpec,
} from './index.ts';

const channels = ['a', 'b', 'c'];
const derived = [
  { name: 'd', expression: 'a - b' },
  { name: 'e', expression: 'd * 2 + c' },
];

function rulesFor(rnd: () => number): RuleSpec[] {
  const ms = () => [0, 0, 20_000, 60_000][Math.floor(rnd() * 4)]!;
  const h = () => [0, 0.5, 3][Math.floor(rnd() * 3)]!;
  const timing = () => ({ forMs: ms(), clearForMs: ms() });
  const specs: RuleSpec[] = [
    {
      id: 'hi-a',
      severity: 'major',
      kind: 'threshold',
      value: 'a',
      op: 'above',
      limit: 60,
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'lo-a',
      severity: 'minor',
      kind: 'threshold',
      value: 'a',
      op: 'below',
      limit: 40,
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'hi-a2',
      severity: 'critical',
      kind: 'threshold',
      value: 'a',
      op: 'above',
      limit: 'prop.max',
      ...timing(),
    },
    {
      id: 'out-b',
      severity: 'major',
      kind: 'threshold',
      value: 'b',
      op: 'outside',
      low: 35,
      high: 65,
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'hi-d',
      severity: 'warning',
      kind: 'threshold',
      value: 'd',
      op: 'above',
      limit: 10,
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'lo-e',
      severity: 'warning',
      kind: 'threshold',
      value: 'e',
      op: 'below',
      limit: 40,
      ...timing(),
    },
    {
      id: 'hi-sum',
      severity: 'minor',
      kind: 'threshold',
      value: 'a + c',
      op: 'above',
      limit: 110,
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'hi-c-b',
      severity: 'minor',
      kind: 'threshold',
      value: 'c',
      op: 'above',
      limit: 'b + 5',
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'pair',
      severity: 'warning',
      kind: 'expression',
      when: 'a - c > 15 && b > 45',
      ...timing(),
    },
    {
      id: 'pair-clear',
      severity: 'warning',
      kind: 'expression',
      when: 'e > 80',
      clearWhen: 'e < 70',
      ...timing(),
    },
    {
      id: 'dev',
      severity: 'minor',
      kind: 'deviation',
      value: 'a',
      reference: 'c',
      maxDeviation: 20,
      hysteresis: h(),
      ...timing(),
    },
    {
      id: 'rate-b',
      severity: 'minor',
      kind: 'rate',
      value: 'b',
      maxPerMinute: 8,
      hysteresis: h(),
      ...timing(),
    },
    { id: 'silent', severity: 'major', kind: 'no-data', expectedIntervalMs: 60_000, factor: 2 },
  ];
  // In a random order: events of one point come out in rule order, whichever path they took.
  return specs
    .map((r) => ({ r, key: rnd() }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.r);
}

/** The state machine as drawn in rule-state.ts, one object per rule, one rule at a time. */
class Reference {
  phase: Phase = 'normal';
  since = 0;
  prevTs = NaN;
  prevValue = NaN;
  rate = NaN;
  constructor(readonly rule: CompiledRule) {}

  step(v: Float64Array, ts: number): number {
    const r = this.rule;
    if (r.kind === 'rate') {
      const x = r.value(v);
      const dt = ts - this.prevTs;
      if (!(dt > 0)) {
        if (Number.isNaN(this.prevTs)) [this.prevTs, this.prevValue] = [ts, x];
        return 0;
      }
      this.rate = Math.abs(((x - this.prevValue) / dt) * 60_000);
      [this.prevTs, this.prevValue] = [ts, x];
      if (Number.isNaN(this.rate)) return 0;
      return this.advance(this.rate > r.raiseAbove, this.rate <= r.clearAtOrBelow, ts);
    }
    const active = this.phase === 'active' || this.phase === 'clearing';
    return this.advance(!active && r.raise(v), active && r.clear(v), ts);
  }

  advance(raise: boolean, clear: boolean, ts: number): number {
    const r = this.rule;
    switch (this.phase) {
      case 'normal':
        if (!raise) return 0;
        [this.since, this.phase] = [ts, 'pending'];
        return this.advance(raise, clear, ts);
      case 'pending':
        if (!raise) return ((this.phase = 'normal'), 0);
        if (ts - this.since < r.forMs) return 0;
        return ((this.phase = 'active'), 1);
      case 'active':
        if (!clear) return 0;
        [this.since, this.phase] = [ts, 'clearing'];
        return this.advance(raise, clear, ts);
      case 'clearing':
        if (!clear) return ((this.phase = 'active'), 0);
        if (ts - this.since < r.clearForMs) return 0;
        return ((this.phase = 'normal'), -1);
    }
  }
}

/** The rules read plainly: per point, recompute every derived channel, step every rule reading a changed slot. */
function referenceEngine(onEvent: (e: RuleEvent) => void) {
  const assets = new Map<
    string,
    { layout: ChannelLayout; values: Float64Array; lastTs: number; states: Reference[] }
  >();
  const emit = (
    key: string,
    s: Reference,
    kind: RuleEvent['kind'],
    ts: number,
    v: Float64Array,
    detectedAt?: number,
  ) => {
    const r = s.rule;
    const value = r.kind === 'rate' ? s.rate : r.value(v);
    onEvent({
      kind,
      asset: key,
      ruleId: r.id,
      severity: r.severity,
      ts,
      value,
      ...(detectedAt === undefined ? {} : { detectedAt }),
    });
  };
  return {
    addAsset(key: string, layout: ChannelLayout, rules: readonly CompiledRule[]) {
      const values = new Float64Array(layout.names.length).fill(NaN);
      assets.set(key, {
        layout,
        values,
        lastTs: -Infinity,
        states: rules.map((r) => new Reference(r)),
      });
    },
    ingest(key: string, channel: string, ts: number, value: number) {
      const a = assets.get(key)!;
      if (ts < a.lastTs) return;
      const prevSeen = a.lastTs;
      a.lastTs = ts;
      const v = a.values;
      const slot = a.layout.slotOf(channel)!;
      v[slot] = value;
      for (const s of a.states)
        if (s.rule.kind === 'no-data' && s.phase === 'active') {
          s.phase = 'normal';
          emit(key, s, 'clear', Math.max(ts, prevSeen + s.rule.timeoutMs), v);
        }
      const touched = new Set([slot]);
      for (const d of a.layout.derived)
        if (d.inputs.some((i) => touched.has(i))) {
          v[d.slot] = d.fn(v);
          touched.add(d.slot);
        }
      for (const s of a.states) {
        if (!s.rule.slots.some((i) => touched.has(i))) continue;
        const t = s.step(v, ts);
        if (t !== 0) emit(key, s, t > 0 ? 'raise' : 'clear', ts, v);
      }
    },
    tick(now: number) {
      for (const [key, a] of assets) {
        if (a.lastTs === -Infinity) continue;
        for (const s of a.states) {
          const deadline = a.lastTs + s.rule.timeoutMs;
          if (s.rule.kind === 'no-data' && s.phase === 'normal' && now >= deadline) {
            s.phase = 'active';
            emit(key, s, 'raise', deadline, a.values, now);
          }
        }
      }
    },
    phases: (key: string) => assets.get(key)!.states.map((s) => s.phase),
  };
}

/** Park–Miller, so every run of a seed is the same sequence. */
function random(seed: number) {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

function run(seed: number) {
  const rnd = random(seed);
  const specs = rulesFor(rnd);
  const programOf = createAssetPrograms();
  // Four assets: two share everything, one has an unread property (shares too), one another max.
  const props: Record<string, number>[] = [
    { max: 75 },
    { max: 75 },
    { max: 75, year: 2019 },
    { max: 55 },
  ];
  const keys = props.map((_, i) => `asset-${i}`);
  const fastEvents: RuleEvent[] = [];
  const slowEvents: RuleEvent[] = [];
  const fast = createRuleEngine((e) => fastEvents.push(e));
  const slow = referenceEngine((e) => slowEvents.push(e));
  const programs = props.map((p) => programOf({ channels, derived, rules: specs, properties: p }));
  props.forEach((p, i) => {
    fast.addAsset(keys[i]!, programs[i]!.layout, programs[i]!.rules);
    // The reference compiles its own copy per asset, as before programs were shared.
    const layout = modelChannelLayout(channels, derived, p);
    slow.addAsset(
      keys[i]!,
      layout,
      compileRules(specs, layout, p).map((r) => r.value!),
    );
  });
  const level = props.map(() => channels.map(() => 50));
  const ts = props.map(() => 0);
  for (let step = 0; step < 4000; step++) {
    const i = Math.floor(rnd() * props.length);
    const u = rnd();
    // Mostly forward in time, sometimes the same instant, sometimes late, sometimes a gap.
    if (u < 0.55) ts[i]! += 10_000;
    else if (u < 0.6) ts[i]! -= 20_000;
    else if (u < 0.62) ts[i]! += 200_000;
    const c = Math.floor(rnd() * channels.length);
    const jump = rnd() < 0.1 ? (rnd() - 0.5) * 60 : (rnd() - 0.5) * 6;
    level[i]![c] = Math.min(100, Math.max(0, level[i]![c]! + jump));
    const value = rnd() < 0.02 ? NaN : Math.round(level[i]![c]! * 10) / 10;
    fast.ingestNamed(keys[i]!, channels[c]!, ts[i]!, value);
    slow.ingest(keys[i]!, channels[c]!, ts[i]!, value);
    if (rnd() < 0.05) {
      const now = Math.max(...ts) + Math.floor(rnd() * 150_000);
      fast.tick(now);
      slow.tick(now);
    }
    if (step % 500 === 0)
      for (const k of keys) expect(specs.map((r) => fast.phase(k, r.id))).toEqual(slow.phases(k));
  }
  return { fastEvents, slowEvents, programs, fast, slow, keys, specs };
}

describe('fast paths against the rules read plainly', () => {
  for (const seed of [1, 2, 3, 42, 2026, 99991]) {
    it(`gives the same events and phases (seed ${seed})`, () => {
      const { fastEvents, slowEvents, fast, slow, keys, specs } = run(seed);
      // Every kind of rule moves in these sequences, or the comparison would prove little.
      const moved = new Set(slowEvents.map((e) => e.ruleId));
      expect([...moved].sort()).toEqual(specs.map((r) => r.id).sort());
      expect(slowEvents.length).toBeGreaterThan(100);
      expect(fastEvents).toEqual(slowEvents);
      for (const k of keys) expect(specs.map((r) => fast.phase(k, r.id))).toEqual(slow.phases(k));
    });
  }

  it('shares one program between assets that agree on the properties their rules read', () => {
    const { programs } = run(7);
    expect(programs[1]).toBe(programs[0]);
    expect(programs[2]).toBe(programs[0]); // `year` is read by no expression
    expect(programs[3]).not.toBe(programs[0]); // `max` is
    expect(programs[0]!.rules.find((r) => r.id === 'hi-a2')?.band?.raiseHi).toBe(75);
    expect(programs[3]!.rules.find((r) => r.id === 'hi-a2')?.band?.raiseHi).toBe(55);
  });
});
