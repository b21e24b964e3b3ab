import { describe, expect, it } from 'vitest';
import { celsius, kilowatts } from '../../kernel/index.ts';
import { checkCurve, curveDeviation, heatPerArea, imbalance, targetSupply } from './heating.ts';

const curve = checkCurve([
  { outdoorC: 10, supplyC: 40 },
  { outdoorC: -10, supplyC: 60 },
  { outdoorC: 0, supplyC: 50 },
]);

describe('weather-compensation curve', () => {
  it('interpolates between points and is flat beyond the ends', () => {
    expect(targetSupply(curve, celsius(-5))).toBeCloseTo(55, 12);
    expect(targetSupply(curve, celsius(5))).toBeCloseTo(45, 12);
    expect(targetSupply(curve, celsius(-25))).toBe(60);
    expect(targetSupply(curve, celsius(20))).toBe(40);
  });
  it('refuses a curve whose supply rises with outdoor temperature', () => {
    expect(() =>
      checkCurve([
        { outdoorC: -10, supplyC: 50 },
        { outdoorC: 0, supplyC: 55 },
      ]),
    ).toThrow(/must not rise/);
    expect(() => checkCurve([{ outdoorC: 0, supplyC: 50 }])).toThrow(/two points/);
  });
  it('measures the deviation of the actual supply temperature', () => {
    const d = curveDeviation(curve, [
      { outdoor: celsius(0), supply: celsius(53) },
      { outdoor: celsius(-10), supply: celsius(59) },
    ]);
    expect(d.meanK).toBeCloseTo(1, 12);
    expect(d.meanAbsK).toBeCloseTo(2, 12);
    expect(d.withinTolerance).toBe(0.5);
  });
});

describe('stations', () => {
  it('heat per area in W/m² and imbalance across stations', () => {
    expect(heatPerArea(kilowatts(450), 10_000)).toBeCloseTo(45, 12);
    const r = imbalance([
      { id: 'a', wPerM2: 40, returnC: 38 },
      { id: 'b', wPerM2: 40, returnC: 40 },
      { id: 'c', wPerM2: 70, returnC: 48 },
    ]);
    expect(r.meanWPerM2).toBe(50);
    expect(r.returnSpreadK).toBe(10);
    expect(r.outliers.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(r.cv).toBeCloseTo(Math.sqrt(200) / 50, 12);
  });
});
