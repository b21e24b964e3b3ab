import { describe, expect, it } from 'vitest';
import { isRongheError } from '../../kernel/index.ts';
import { jacketSpec } from '../service/test-fixtures.ts';
import { configure, ruleViolations } from './configure.ts';
import { validateModelSpec } from './validate-model.ts';

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isRongheError(e)) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('configurator', () => {
  it('accepts the fixture model', () => {
    expect(() => validateModelSpec(jacketSpec)).not.toThrow();
  });

  it('generates BOM quantities per size and skips embroidery unless chosen', () => {
    const p = configure(jacketSpec, { size: 'L', fabric: 'NYLON', colour: 'RED' }, 10);
    expect(p.configuration).toEqual({
      size: 'L',
      fabric: 'NYLON',
      colour: 'RED',
      fill: 'DUCK90',
      embroidery: 'none',
    });
    expect(p.sku).toBe('DJ01-L-NYLON-RED-DUCK90-none');
    expect(p.bom.map((b) => [b.item, b.quantity])).toEqual([
      ['SHELL-NYLON-RED', 20],
      ['DOWN-DUCK90', 2.2],
      ['ZIP-70', 10],
    ]);
    expect(p.routing.map((r) => r.operation)).toEqual(['cutting', 'sewing', 'finishing']);
    expect(p.routing[0]!.changeover).toEqual({ family: 'colour=RED', minutes: 20 });
    const e = configure(jacketSpec, {
      size: 'S',
      fabric: 'NYLON',
      colour: 'RED',
      embroidery: 'name',
    });
    expect(e.routing.map((r) => r.operation)).toEqual([
      'cutting',
      'sewing',
      'embroidery',
      'finishing',
    ]);
    expect(e.bom.find((b) => b.item === 'THREAD-EMB')?.quantity).toBe(40);
  });

  it('names the violated rule of each kind', () => {
    const excl = errorOf(() =>
      configure(jacketSpec, { size: 'M', fabric: 'GORE', colour: 'WHITE' }),
    );
    expect(excl.code).toBe('RONGHE_VALIDATION');
    expect(excl.message).toContain("rule 'no-white-gore'");
    const req = errorOf(() =>
      configure(jacketSpec, { size: 'XXL', fabric: 'NYLON', colour: 'RED' }),
    );
    expect(req.message).toContain("rule 'xxl-goose'");
    const only = errorOf(() =>
      configure(jacketSpec, { size: 'M', fabric: 'GORE', colour: 'RED', embroidery: 'name' }),
    );
    expect(only.message).toContain("rule 'name-on-nylon'");
    expect(
      ruleViolations(jacketSpec.rules, {
        size: 'XXL',
        fabric: 'GORE',
        colour: 'WHITE',
        fill: 'DUCK90',
        embroidery: 'name',
      }).map((v) => v.rule),
    ).toEqual(['no-white-gore', 'xxl-goose', 'name-on-nylon']);
    expect(() =>
      configure(jacketSpec, { size: 'XXL', fabric: 'NYLON', colour: 'RED', fill: 'GOOSE95' }),
    ).not.toThrow();
  });

  it('rejects unknown options and values and missing required options, naming the field', () => {
    expect(
      errorOf(() =>
        configure(jacketSpec, { size: 'M', fabric: 'NYLON', colour: 'RED', hood: 'yes' }),
      ).message,
    ).toMatch(/^configuration\.hood: unknown option/);
    expect(
      errorOf(() => configure(jacketSpec, { size: 'XL', fabric: 'NYLON', colour: 'RED' })).message,
    ).toMatch(/^configuration\.size: 'XL'/);
    expect(errorOf(() => configure(jacketSpec, { size: 'M', fabric: 'NYLON' })).message).toMatch(
      /^configuration\.colour: required/,
    );
  });

  it('rejects models whose rules or templates reference what does not exist', () => {
    const bad = structuredClone(jacketSpec);
    bad.rules.push({
      kind: 'requires',
      id: 'x',
      if: { option: 'size', values: ['M'] },
      then: { option: 'collar', values: ['A'] },
    });
    expect(errorOf(() => validateModelSpec(bad)).message).toMatch(/^rules\[3\]\.then\.option/);
    const bad2 = structuredClone(jacketSpec);
    bad2.bom[0]!.quantityBy!.quantities = { S: 1 };
    expect(errorOf(() => validateModelSpec(bad2)).message).toMatch(
      /^bom\[0\]\.quantityBy\.quantities: no quantity for value 'M'/,
    );
    const bad3 = structuredClone(jacketSpec);
    bad3.bom[2]!.item = 'ZIP-{length}';
    expect(errorOf(() => validateModelSpec(bad3)).message).toMatch(/placeholder '\{length\}'/);
  });
});
