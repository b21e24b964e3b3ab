// Holds reported and resumed (cluster mode, issue 24 item 5): the engine reports each rule
// entering or leaving `pending` / `clearing` with the hold's start, and resetAssets resumes a
// stored hold, so a partition's next owner finishes the hold the dead owner began.
import { describe, expect, it } from 'vitest';
import { createChannelLayout } from '../expressions/index.ts';
import { compileRule, createRuleEngine, type HoldEvent, type RuleSpec } from './index.ts';

const band: RuleSpec = {
  id: 'hi',
  severity: 'major',
  kind: 'threshold',
  value: 't',
  op: 'above',
  limit: 10,
  forMs: 30,
  clearForMs: 20,
};
const expr: RuleSpec = {
  id: 'both',
  severity: 'minor',
  kind: 'expression',
  when: 't > 10 && u > 0',
  clearWhen: 't < 10',
  forMs: 30,
};

function setup(withHolds = true) {
  const holds: string[] = [];
  const events: string[] = [];
  const onHold = (h: HoldEvent) => holds.push(`${h.ruleId} ${h.phase}@${h.since}`);
  const engine = createRuleEngine(
    (e) => events.push(`${e.kind} ${e.ruleId}@${e.ts}`),
    withHolds ? { onHold } : {},
  );
  const layout = createChannelLayout(['t', 'u'], [], {});
  engine.addAsset(
    'a',
    layout,
    [band, expr].map((r) => compileRule(r, layout, {})),
  );
  const feed = (ts: number, t: number, u = 1) => {
    engine.ingestNamed('a', 't', ts, t);
    engine.ingestNamed('a', 'u', ts, u);
  };
  return { engine, holds, events, feed };
}

describe('rule holds', () => {
  it('reports each hold entered and left, not each point', () => {
    const { holds, events, feed } = setup();
    feed(0, 12);
    feed(10, 12);
    feed(20, 5); // both holds abandoned
    feed(30, 12);
    feed(60, 12); // raised: 'hi' leaves pending
    feed(70, 5);
    feed(80, 5);
    feed(90, 5); // cleared after 20
    expect(holds).toEqual([
      'hi pending@0',
      'both pending@0',
      'hi none@20',
      'both none@20',
      'hi pending@30',
      'both pending@30',
      'hi none@60',
      'both none@60',
      'hi clearing@70', // 'both' has no clearFor: cleared at once, no hold
      'hi none@90',
    ]);
    expect(events).toEqual(['raise hi@60', 'raise both@60', 'clear both@70', 'clear hi@90']);
  });

  it('one process reports nothing and steps the same', () => {
    const { holds, events, feed } = setup(false);
    feed(0, 12);
    feed(30, 12);
    expect(holds).toEqual([]);
    expect(events).toEqual(['raise hi@30', 'raise both@30']);
  });

  it('resumes a stored pending or clearing hold with its start; ignores one the alarm contradicts', () => {
    const { engine, events, feed } = setup();
    engine.resetAssets(
      ['a'],
      (_, r) => r === 'both', // 'both' is active: its stored pending is stale
      (_, r) => ({ phase: 'pending', since: r === 'hi' ? 5 : 0 }),
    );
    expect(engine.phase('a', 'hi')).toBe('pending');
    expect(engine.phase('a', 'both')).toBe('active');
    feed(35, 12);
    expect(events).toEqual(['raise hi@35']); // 30 after 5, the hold the dead owner began
    engine.resetAssets(
      ['a'],
      (_, r) => r === 'hi',
      () => ({ phase: 'clearing', since: 40 }),
    );
    expect(engine.phase('a', 'hi')).toBe('clearing');
    expect(engine.phase('a', 'both')).toBe('normal'); // not active: a clearing is stale
    feed(60, 5);
    expect(events).toEqual(['raise hi@35', 'clear hi@60']);
  });

  it('a resumed band hold is left when the value returns inside the limit', () => {
    const { engine, holds, feed } = setup();
    engine.resetAssets(
      ['a'],
      () => false,
      (_, r) => (r === 'hi' ? { phase: 'pending', since: 0 } : undefined),
    );
    feed(10, 5);
    expect(engine.phase('a', 'hi')).toBe('normal');
    expect(holds).toEqual(['hi none@10']);
  });
});
