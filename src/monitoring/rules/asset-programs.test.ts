// Programs compiled once per definition: shared only where sharing cannot change an outcome.
import { describe, expect, it } from 'vitest';
import { createAssetPrograms, type RuleSpec } from './index.ts';

const channels = ['temp', 'current'];
const rules: RuleSpec[] = [
  { id: 'hot', severity: 'major', kind: 'threshold', value: 'temp', op: 'above', limit: 80 },
  {
    id: 'over',
    severity: 'minor',
    kind: 'threshold',
    value: 'current',
    op: 'above',
    limit: 'prop.rated * 1.1',
  },
];
const def = (properties: Record<string, number>, more: Partial<{ rules: RuleSpec[] }> = {}) => ({
  channels,
  derived: [{ name: 'load', expression: 'current / prop.rated' }],
  rules,
  properties,
  ...more,
});

describe('createAssetPrograms', () => {
  it('keeps apart every value of a property the rules read, NaN, ±Infinity and -0 included', () => {
    const programOf = createAssetPrograms();
    const values = [100, 100.5, NaN, Infinity, -Infinity, 0, -0];
    const programs = values.map((rated) => programOf(def({ rated })));
    expect(new Set(programs).size).toBe(values.length);
    expect(programs.map((p) => p.rules[1]!.band!.raiseHi)).toEqual(values.map((v) => v * 1.1));
    // The same values again: the same programs.
    expect(values.map((rated) => programOf(def({ rated })))).toEqual(programs);
    values.forEach((rated, i) => expect(programOf(def({ rated }))).toBe(programs[i]));
  });

  it('shares across properties no expression reads, and not across different rules', () => {
    const programOf = createAssetPrograms();
    const a = programOf(def({ rated: 100, year: 2019 }));
    expect(programOf(def({ rated: 100, year: 2024 }))).toBe(a);
    expect(programOf(def({ rated: 100 }))).toBe(a);
    expect(programOf(def({ rated: 100 }, { rules: rules.slice(0, 1) }))).not.toBe(a);
  });

  it('reports a derived channel that does not fit, and a bad rule, for each asset alike', () => {
    const programOf = createAssetPrograms();
    const bad: RuleSpec = { id: 'bad', severity: 'minor', kind: 'expression', when: 'temp >' };
    const noRated = programOf(def({}, { rules: [rules[0]!, bad] }));
    expect(noRated.layoutProblem).toMatch(/^derived channels not computed: .*rated/);
    expect(noRated.layout.derived).toEqual([]);
    expect(noRated.results.map((r) => r.status)).toEqual(['ok', 'failed']);
    expect(noRated.rules.map((r) => r.id)).toEqual(['hot']);
    expect(programOf(def({ other: 1 }, { rules: [rules[0]!, bad] }))).toBe(noRated);
    const rated = programOf(def({ rated: 5 }, { rules: [rules[0]!, bad] }));
    expect(rated.layoutProblem).toBeUndefined();
    expect(rated.layout.derived.map((d) => d.name)).toEqual(['load']);
  });
});
