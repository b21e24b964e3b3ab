import { describe, expect, it } from 'vitest';
import { isRongheError } from '../../kernel/index.ts';
import { pricedJacketSpec } from '../service/flow-fixtures.ts';
import { resolveConfiguration } from './configure.ts';
import { breakFor, priceConfiguration } from './pricing.ts';
import { validateModelSpec } from './validate-model.ts';

const price = (chosen: Record<string, string>, quantity: number) =>
  priceConfiguration(pricedJacketSpec, resolveConfiguration(pricedJacketSpec, chosen), quantity);

describe('configurator prices', () => {
  it('adds base, option prices, a combination surcharge and a quantity break, to the fen', () => {
    const q = price(
      { size: 'XXL', fabric: 'NYLON', colour: 'RED', fill: 'GOOSE95', embroidery: 'logo' },
      13,
    );
    expect(q.lines.map((l) => [l.kind, l.unitFen, l.amountFen])).toEqual([
      ['base', 39_900, 518_700],
      ['option', 8_050, 104_650],
      ['option', 1_500, 19_500],
      ['surcharge', 1_999, 25_987],
      // 668 837 fen × 2.5 % = 16 720.925 fen → 16 721 (四舍五入)
      ['discount', null, -16_721],
    ]);
    expect(q.unitPriceFen).toBe(51_449);
    expect(q.totalFen).toBe(652_116);
    expect(q.totalFen).toBe(q.lines.reduce((s, l) => s + l.amountFen, 0));
  });

  it('applies no surcharge or break where none holds, and the largest break reached', () => {
    const one = price({ size: 'M', fabric: 'NYLON', colour: 'RED' }, 1);
    expect(one.lines.map((l) => l.kind)).toEqual(['base']);
    expect(one.totalFen).toBe(39_900);
    const breaks = [
      { minQuantity: 10, discountBp: 250 },
      { minQuantity: 50, discountBp: 500 },
    ];
    expect(breakFor(breaks, 9)).toBeUndefined();
    expect(breakFor(breaks, 50)?.discountBp).toBe(500);
    expect(breakFor(breaks, 49)?.discountBp).toBe(250);
  });

  it('rounds a discount that falls on half a fen away from zero', () => {
    const spec = structuredClone(pricedJacketSpec);
    spec.pricing!.basePriceFen = 10_002; // × 10 = 100 020 fen; 2.5 % = 2 500.5 fen
    const q = priceConfiguration(
      spec,
      resolveConfiguration(spec, { size: 'S', fabric: 'NYLON', colour: 'RED' }),
      10,
    );
    expect(q.lines.at(-1)!.amountFen).toBe(-2_501);
    expect(q.totalFen).toBe(100_020 - 2_501);
  });

  it('refuses a price list naming what the model does not have, naming the field', () => {
    const spec = structuredClone(pricedJacketSpec);
    spec.pricing!.optionPrices.push({ option: 'hood', value: 'yes', priceFen: 100 });
    try {
      validateModelSpec(spec);
      expect.fail('expected a validation error');
    } catch (e) {
      expect(isRongheError(e) && e.message).toMatch(/^pricing\.optionPrices\[4\]\.option/);
    }
    const fraction = structuredClone(pricedJacketSpec);
    fraction.pricing!.basePriceFen = 399.5;
    expect(() => validateModelSpec(fraction)).toThrow(/pricing\.basePriceFen/);
  });
});
