import { describe, expect, it } from 'vitest';
import { createChannelLayout, type DerivedChannelSpec } from '../expressions/index.ts';
import { compileRule, createRuleEngine, type RuleEvent, type RuleSpec } from './index.ts';

const min = 60_000;
const channels = ['supply_temp', 'return_temp', 'flow', 'power', 'cooling_load', 'current'];
const derived: DerivedChannelSpec[] = [{ name: 'cop', expression: 'cooling_load / power' }];
const props = { rated_current: 100, design_flow: 40 };

function setup(rules: RuleSpec[], opts: { startMs?: number } = {}) {
  const events: RuleEvent[] = [];
  const engine = createRuleEngine((e) => events.push(e));
  const layout = createChannelLayout(channels, derived, props);
  const compiled = rules.map((r) => compileRule(r, layout, props));
  engine.addAsset('ch-1', layout, compiled, opts);
  const feed = (channel: string, series: [number, number][]) => {
    for (const [t, v] of series) engine.ingestNamed('ch-1', channel, t, v);
  };
  const brief = () => events.map((e) => `${e.kind} ${e.ruleId} @${e.ts}`);
  return { engine, events, feed, brief };
}

/** One point per minute from the given values: [[0, v0], [60000, v1], …]. */
const perMinute = (values: number[]): [number, number][] => values.map((v, i) => [i * min, v]);

describe('threshold rules', () => {
  it('raises above the limit and clears only below limit − hysteresis', () => {
    const { feed, brief } = setup([
      {
        id: 'hi-temp',
        severity: 'major',
        kind: 'threshold',
        value: 'supply_temp',
        op: 'above',
        limit: 10,
        hysteresis: 1,
      },
    ]);
    // Crosses 10 at minute 2, hovers 9.5..10.5 (inside the deadband: no chatter), drops at 7.
    feed('supply_temp', perMinute([8, 9, 10.5, 9.5, 10.2, 9.3, 10.4, 8.9, 8, 11]));
    expect(brief()).toEqual([
      `raise hi-temp @${2 * min}`,
      `clear hi-temp @${7 * min}`,
      `raise hi-temp @${9 * min}`,
    ]);
  });

  it('below and outside a band, with limits from asset properties', () => {
    const { feed, brief } = setup([
      {
        id: 'lo-flow',
        severity: 'minor',
        kind: 'threshold',
        value: 'flow',
        op: 'below',
        limit: 'prop.design_flow * 0.5',
      },
      {
        id: 'band',
        severity: 'warning',
        kind: 'threshold',
        value: 'flow',
        op: 'outside',
        low: 10,
        high: 'prop.design_flow',
        hysteresis: 2,
      },
    ]);
    feed('flow', perMinute([30, 19, 9, 11, 12, 20, 41, 39, 37]));
    expect(brief()).toEqual([
      `raise lo-flow @${1 * min}`,
      `raise band @${2 * min}`,
      `clear band @${4 * min}`,
      `clear lo-flow @${5 * min}`,
      `raise band @${6 * min}`,
      `clear band @${8 * min}`,
    ]);
  });

  it('threshold on a property-scaled limit differs per asset', () => {
    const events: RuleEvent[] = [];
    const engine = createRuleEngine((e) => events.push(e));
    const layout = createChannelLayout(channels);
    const rule: RuleSpec = {
      id: 'overcurrent',
      severity: 'critical',
      kind: 'threshold',
      value: 'current',
      op: 'above',
      limit: 'prop.rated_current * 1.1',
    };
    engine.addAsset('small', layout, [compileRule(rule, layout, { rated_current: 50 })]);
    engine.addAsset('large', layout, [compileRule(rule, layout, { rated_current: 200 })]);
    engine.ingestNamed('small', 'current', 0, 60);
    engine.ingestNamed('large', 'current', 0, 60);
    expect(events.map((e) => e.asset)).toEqual(['small']);
  });
});

describe('duration, rate, deviation and expression rules', () => {
  it('duration: raises only after the condition held for forMs, once', () => {
    const { feed, brief } = setup([
      {
        id: 'hot-5min',
        severity: 'major',
        kind: 'threshold',
        value: 'supply_temp',
        op: 'above',
        limit: 10,
        forMs: 5 * min,
      },
    ]);
    // A 3-minute excursion (1..3) must not raise; the long one from minute 5 raises at minute 10.
    feed('supply_temp', perMinute([8, 11, 12, 11, 9, 11, 11, 12, 13, 12, 11, 12, 9]));
    expect(brief()).toEqual([`raise hot-5min @${10 * min}`, `clear hot-5min @${12 * min}`]);
  });

  it('clearForMs debounces the clear', () => {
    const { feed, brief } = setup([
      {
        id: 'hot',
        severity: 'major',
        kind: 'threshold',
        value: 'supply_temp',
        op: 'above',
        limit: 10,
        clearForMs: 2 * min,
      },
    ]);
    feed('supply_temp', perMinute([11, 9, 11, 9, 9, 9]));
    expect(brief()).toEqual([`raise hot @0`, `clear hot @${5 * min}`]);
  });

  it('rate of change in units per minute', () => {
    const { feed, events } = setup([
      {
        id: 'ramp',
        severity: 'minor',
        kind: 'rate',
        value: 'supply_temp',
        maxPerMinute: 2,
        hysteresis: 0.5,
      },
    ]);
    // 30-second points: slope per minute = 2 × step.
    const values = [10, 10.5, 11, 13, 15, 16, 16.6, 17.2, 17.2];
    feed(
      'supply_temp',
      values.map((v, i) => [i * 30_000, v]),
    );
    expect(events.map((e) => [e.kind, e.ts])).toEqual([
      ['raise', 3 * 30_000],
      ['clear', 6 * 30_000],
    ]);
    expect(events[0]!.value).toBeCloseTo(4, 12);
  });

  it('deviation from a reference channel and from a model expected value', () => {
    const { feed, brief } = setup([
      {
        id: 'dT',
        severity: 'minor',
        kind: 'deviation',
        value: 'return_temp',
        reference: 'supply_temp + 5',
        maxDeviation: 2,
      },
      {
        id: 'flow-dev',
        severity: 'warning',
        kind: 'deviation',
        value: 'flow',
        reference: 'prop.design_flow',
        maxDeviation: 'prop.design_flow * 0.25',
        hysteresis: 2,
      },
    ]);
    feed('supply_temp', [[0, 7]]);
    feed('return_temp', [
      [0, 12],
      [min, 15],
      [2 * min, 13],
    ]);
    feed('flow', [
      [3 * min, 40],
      [4 * min, 29],
      [5 * min, 31],
      [6 * min, 33],
    ]);
    expect(brief()).toEqual([
      `raise dT @${min}`,
      `clear dT @${2 * min}`,
      `raise flow-dev @${4 * min}`,
      `clear flow-dev @${6 * min}`,
    ]);
  });

  it('multi-channel expression with a derived channel (COP) and explicit clearWhen', () => {
    const { engine, brief } = setup([
      {
        id: 'low-dt',
        severity: 'major',
        kind: 'expression',
        when: 'return_temp - supply_temp < 2 && flow > 10',
      },
      {
        id: 'low-cop',
        severity: 'minor',
        kind: 'expression',
        when: 'cop < 3',
        clearWhen: 'cop >= 3.5',
      },
    ]);
    const point = (t: number, v: Record<string, number>) => {
      for (const [c, x] of Object.entries(v)) engine.ingestNamed('ch-1', c, t, x);
    };
    point(0, { supply_temp: 7, return_temp: 12, flow: 20, cooling_load: 400, power: 100 });
    point(min, { return_temp: 8.5 });
    point(2 * min, { flow: 5 });
    point(3 * min, { power: 140 }); // COP 2.86
    point(4 * min, { power: 120 }); // COP 3.33: inside the clearWhen gap
    point(5 * min, { power: 110 }); // COP 3.64
    expect(brief()).toEqual([
      `raise low-dt @${min}`,
      `clear low-dt @${2 * min}`,
      `raise low-cop @${3 * min}`,
      `clear low-cop @${5 * min}`,
    ]);
  });
});

describe('no-data detection', () => {
  it('detects an offline device within one expected interval and clears on the next point', () => {
    const interval = 10_000;
    const { engine, feed, events } = setup([
      {
        id: 'offline',
        severity: 'major',
        kind: 'no-data',
        expectedIntervalMs: interval,
        factor: 3,
      },
    ]);
    // Points every 10 s until 100 s, then silence until 300 s; the clock ticks every interval.
    for (let t = 0; t <= 400_000; t += interval) {
      if (t <= 100_000 || t >= 300_000) feed('flow', [[t, 20]]);
      engine.tick(t + 1_234); // ticks are not aligned with points
    }
    expect(events.map((e) => [e.kind, e.ts])).toEqual([
      ['raise', 130_000],
      ['clear', 300_000],
    ]);
    const raise = events[0]!;
    expect(raise.detectedAt! - raise.ts).toBeGreaterThanOrEqual(0);
    expect(raise.detectedAt! - raise.ts).toBeLessThanOrEqual(interval);
  });

  it('a device that never reports is detected from its registration time', () => {
    const { engine, events } = setup(
      [{ id: 'offline', severity: 'major', kind: 'no-data', expectedIntervalMs: 1000, factor: 2 }],
      { startMs: 5000 },
    );
    engine.tick(6999);
    expect(events).toHaveLength(0);
    engine.tick(7000);
    engine.tick(8000);
    expect(events.map((e) => [e.kind, e.ts])).toEqual([['raise', 7000]]);
  });
});

describe('resetting assets (cluster mode: a partition changes owner)', () => {
  const hi: RuleSpec = {
    id: 'hi-temp',
    severity: 'major',
    kind: 'threshold',
    value: 'supply_temp',
    op: 'above',
    limit: 10,
  };
  const offline: RuleSpec = {
    id: 'offline',
    severity: 'minor',
    kind: 'no-data',
    expectedIntervalMs: 1000,
    factor: 2,
  };

  it('a new owner resumes a stored active alarm: the return to normal clears it', () => {
    const { engine, feed, brief } = setup([hi]);
    // Fresh (this node never saw the crossing): told the alarm is active, a low point clears.
    engine.resetAssets(['ch-1', 'not-added'], (a, r) => a === 'ch-1' && r === 'hi-temp');
    expect(engine.phase('ch-1', 'hi-temp')).toBe('active');
    feed('supply_temp', [[5 * min, 12]]); // still high: no second raise
    feed('supply_temp', [[6 * min, 8]]);
    expect(brief()).toEqual([`clear hi-temp @${6 * min}`]);
  });

  it('a node that lost the partition forgets it: no stale phase, no no-data alarm, late points count', () => {
    const { engine, feed, brief } = setup([hi, offline]);
    feed('supply_temp', [[10 * min, 12]]);
    expect(brief()).toEqual([`raise hi-temp @${10 * min}`]);
    engine.resetAssets(['ch-1'], () => false);
    expect(engine.phase('ch-1', 'hi-temp')).toBe('normal');
    engine.tick(20 * min); // its points go to another node now: silence is not an outage
    expect(brief()).toHaveLength(1);
    // Regained later: it starts from what it is told and takes points older than it had seen.
    engine.resetAssets(['ch-1'], (_, r) => r === 'hi-temp');
    feed('supply_temp', [[9 * min, 8]]);
    expect(brief()).toEqual([`raise hi-temp @${10 * min}`, `clear hi-temp @${9 * min}`]);
  });
});
