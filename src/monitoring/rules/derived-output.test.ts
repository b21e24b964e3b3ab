// The engine's derived output (for write-back) and the model layout it runs on: one value per
// derived channel per (asset, timestamp), reported with the final inputs of that instant; only
// the channels a point recomputed; late points report nothing; and a declared channel that a
// derived channel names has no raw slot, so its written-back points never feed the engine.
import { describe, expect, it } from 'vitest';
import { modelChannelLayout, type DerivedChannelSpec } from '../expressions/index.ts';
import { createWriteBackCollector, writeBackRows } from '../write-back.ts';
import { createRuleEngine } from './index.ts';

const declared = ['cooling_load', 'power', 'flow', 'supply_temp', 'return_temp', 'cop'];
const specs: DerivedChannelSpec[] = [
  { name: 'cop', expression: 'cooling_load / power' },
  { name: 'heat', expression: 'flow * (return_temp - supply_temp) * 4.186' },
  { name: 'cop_pct', expression: 'cop * 100' },
];

function setup() {
  const out: Array<[string, number, string, number]> = [];
  const engine = createRuleEngine(() => {}, {
    onDerived: (asset, ts, d, value) => out.push([asset, ts, d.name, value]),
  });
  const layout = modelChannelLayout(declared, specs);
  engine.addAsset('A', layout, []);
  engine.addAsset('B', modelChannelLayout(['x'], []), []);
  return { engine, out, layout };
}

describe('derived output of the rule engine', () => {
  it('reports each recomputed channel once per timestamp, with the final inputs', () => {
    const { engine, out } = setup();
    engine.ingestNamed('A', 'cooling_load', 1000, 500);
    engine.ingestNamed('A', 'power', 1000, 100);
    engine.ingestNamed('A', 'cooling_load', 2000, 400);
    expect(out).toEqual([
      ['A', 1000, 'cop', 5],
      ['A', 1000, 'cop_pct', 500],
    ]);
    engine.ingestNamed('A', 'power', 2000, 200);
    engine.ingestNamed('A', 'flow', 2000, 10);
    engine.ingestNamed('A', 'supply_temp', 2000, 7);
    engine.ingestNamed('A', 'return_temp', 2000, 12);
    engine.ingestNamed('B', 'x', 2000, 1);
    engine.flushDerived();
    expect(out.slice(2)).toEqual([
      ['A', 2000, 'cop', 2],
      ['A', 2000, 'heat', 10 * 5 * 4.186],
      ['A', 2000, 'cop_pct', 200],
    ]);
    engine.flushDerived();
    expect(out).toHaveLength(5);
  });

  it('reports only what a point recomputed, and nothing for a late point', () => {
    const { engine, out } = setup();
    engine.ingestNamed('A', 'flow', 3000, 10);
    engine.flushDerived();
    expect(out.map((o) => o[2])).toEqual(['heat']);
    expect(engine.ingestNamed('A', 'power', 2000, 50)).toBe(false);
    engine.flushDerived();
    expect(out).toHaveLength(1);
  });

  it('gives a declared channel that a derived channel names no raw slot', () => {
    const { engine, layout } = setup();
    const a = engine.indexOf('A')!;
    expect(engine.rawSlot(a, 'cop')).toBeUndefined();
    expect(engine.rawSlot(a, 'power')).toBeDefined();
    expect(layout.names.slice(0, layout.rawCount)).toEqual(declared.slice(0, 5));
    expect(() => engine.ingestNamed('A', 'cop', 4000, 3)).toThrow(/no raw channel 'cop'/);
  });

  it('collects rows the model may store, dropping and counting the rest', () => {
    const c = createWriteBackCollector();
    const { derived } = modelChannelLayout(declared, specs);
    const cop = derived.find((d) => d.name === 'cop')!;
    const heat = derived.find((d) => d.name === 'heat')!;
    c.setWritable(new Map([['A', new Set(['cop'])]]));
    c.onDerived('A', 1000, cop, 5);
    c.onDerived('A', 1000, heat, 209.3);
    c.onDerived('A', 2000, cop, Infinity);
    c.onDerived('A', 3000, cop, NaN);
    c.onDerived('B', 1000, cop, 4);
    c.onDerived('A', 4000, cop, 3);
    expect(c.pending).toBe(2);
    expect(writeBackRows(c.take())).toEqual([
      { asset: 'A', ts: 1000, values: { cop: 5 } },
      { asset: 'A', ts: 4000, values: { cop: 3 } },
    ]);
    expect(c.pending).toBe(0);
    expect(writeBackRows(c.take())).toEqual([]);
    expect(c.stats).toEqual({ written: 0, undeclared: 2, nonFinite: 2, failed: 0 });
  });
});
