// Rule validation, inheritance, batch compilation, the reorder buffer and the series router.
import { describe, expect, it } from 'vitest';
import { RongheError } from '../../kernel/index.ts';
import { createChannelLayout, type DerivedChannelSpec } from '../expressions/index.ts';
import {
  compileRule,
  compileRules,
  createReorderBuffer,
  createRuleEngine,
  createSeriesRouter,
  resolveRules,
  type RuleEvent,
  type RuleSpec,
} from './index.ts';

const channels = ['supply_temp', 'return_temp', 'flow', 'power', 'cooling_load', 'current'];
const derived: DerivedChannelSpec[] = [{ name: 'cop', expression: 'cooling_load / power' }];
const props = { rated_current: 100, design_flow: 40 };

describe('bad rules', () => {
  const layout = createChannelLayout(channels, derived, props);
  const msg = (r: RuleSpec) => {
    try {
      compileRule(r, layout, props);
    } catch (e) {
      expect(e).toBeInstanceOf(RongheError);
      return (e as RongheError).message;
    }
    throw new Error('expected the rule to be rejected');
  };
  it('names the rule, the field, the problem and its position', () => {
    expect(
      msg({
        id: 'r1',
        severity: 'minor',
        kind: 'expression',
        when: 'flow > 10 && retrun_temp < 3',
      }),
    ).toBe("rule 'r1' field 'when': line 1, column 14 (offset 13): unknown channel 'retrun_temp'");
    expect(
      msg({
        id: 'r2',
        severity: 'minor',
        kind: 'threshold',
        value: 'flow',
        op: 'above',
        limit: 'prop.rated_flow',
      }),
    ).toBe(
      "rule 'r2' field 'limit': line 1, column 1 (offset 0): unknown asset property 'rated_flow'",
    );
    expect(
      msg({
        id: 'r3',
        severity: 'minor',
        kind: 'threshold',
        value: 'flow > 2',
        op: 'above',
        limit: 1,
      }),
    ).toContain("rule 'r3' field 'value': line 1, column 6");
    expect(
      msg({ id: 'r4', severity: 'minor', kind: 'expression', when: 'flow +* 2 > 1' }),
    ).toContain(
      "rule 'r4' field 'when': line 1, column 7 (offset 6): operator '*' needs a value on its left",
    );
    expect(msg({ id: 'r5', severity: 'minor', kind: 'no-data', expectedIntervalMs: 0 })).toContain(
      "rule 'r5'",
    );
    expect(
      msg({
        id: 'r6',
        severity: 'minor',
        kind: 'threshold',
        value: 'flow',
        op: 'above',
        limit: 1,
        hysteresis: -1,
      }),
    ).toContain('hysteresis');
  });
});

describe('rule inheritance', () => {
  it('asset overrides replace, remove and add to the model rules', () => {
    const model: RuleSpec[] = [
      { id: 'a', severity: 'minor', kind: 'threshold', value: 'flow', op: 'above', limit: 10 },
      { id: 'b', severity: 'minor', kind: 'threshold', value: 'flow', op: 'below', limit: 1 },
    ];
    const resolved = resolveRules(model, [
      { id: 'a', severity: 'major', kind: 'threshold', value: 'flow', op: 'above', limit: 20 },
      { id: 'b', disabled: true },
      { id: 'c', severity: 'warning', kind: 'expression', when: 'flow > 5' },
    ]);
    expect(resolved.map((r) => `${r.id}:${r.severity}`)).toEqual(['a:major', 'c:warning']);
  });
});

describe('reorder buffer', () => {
  it('releases points in time order once the watermark passes them', () => {
    const out: number[] = [];
    const buf = createReorderBuffer(100, (p) => out.push(p.ts));
    for (const ts of [0, 50, 20, 130, 90, 260, 10]) buf.push({ asset: 0, slot: 0, ts, value: 0 });
    // 130 releases ≤ 30; 260 releases ≤ 160; 10 is behind the watermark and goes straight on
    // (the engine will drop it as late).
    expect(out).toEqual([0, 20, 50, 90, 130, 10]);
    expect(buf.size).toBe(1);
    buf.flush();
    expect(out).toEqual([0, 20, 50, 90, 130, 10, 260]);
  });
});

describe('series router', () => {
  it('routes columnar batches by series id to the right asset and slot, skipping unmonitored series', () => {
    const events: RuleEvent[] = [];
    const engine = createRuleEngine((e) => events.push(e));
    const layout = createChannelLayout(['temp', 'flow']);
    const rule: RuleSpec = {
      id: 'hot',
      severity: 'major',
      kind: 'threshold',
      value: 'temp',
      op: 'above',
      limit: 50,
    };
    engine.addAsset('a', layout, [compileRule(rule, layout)]);
    engine.addAsset('b', layout, [compileRule(rule, layout)]);
    const series = new Map([
      [3, { assetId: 'a', channel: 'temp' }],
      [2000, { assetId: 'b', channel: 'temp' }], // beyond the initial cache size
      [7, { assetId: 'zzz', channel: 'temp' }], // asset without rules
      [8, { assetId: 'a', channel: 'humidity' }], // channel not in the layout
    ]);
    const asked: number[] = [];
    const columns = (seriesId: number[], ts: number[], values: number[]) => ({
      n: seriesId.length,
      seriesId,
      ts,
      values,
      series: (id: number) => (asked.push(id), series.get(id)),
    });
    const router = createSeriesRouter(engine);
    const fed = router.route(
      columns(
        [3, 2000, 7, 8, 3, 2000, 9],
        [0, 0, 0, 0, 60_000, 60_000, 0],
        [40, 40, 99, 99, 60, 45, 99],
      ),
    );
    expect(fed).toBe(4);
    expect(events.map((e) => `${e.kind} ${e.asset} @${e.ts}`)).toEqual(['raise a @60000']);
    expect(router.route(columns([2000], [120_000], [70]))).toBe(1);
    // Each known id is looked up once; an id without a series is asked again next time.
    expect(router.route(columns([9], [0], [1]))).toBe(0);
    expect(asked).toEqual([3, 2000, 7, 8, 9, 9]);
    expect(events.map((e) => `${e.kind} ${e.asset}`)).toEqual(['raise a', 'raise b']);
  });
});

describe('compileRules', () => {
  it('reports every rule, good or bad, with its position', () => {
    const layout = createChannelLayout(['temp']);
    const results = compileRules(
      [
        { id: 'ok', severity: 'minor', kind: 'threshold', value: 'temp', op: 'above', limit: 1 },
        { id: 'bad', severity: 'minor', kind: 'expression', when: 'temp >' },
        { id: 'ok2', severity: 'minor', kind: 'expression', when: 'temp < 0' },
      ],
      layout,
    );
    expect(results.map((r) => [r.index, r.status, r.value?.id, r.reason])).toEqual([
      [0, 'ok', 'ok', undefined],
      [
        1,
        'failed',
        undefined,
        "rule 'bad' field 'when': line 1, column 7 (offset 6): expected a number, channel or '(' but found end of expression",
      ],
      [2, 'ok', 'ok2', undefined],
    ]);
  });
});
