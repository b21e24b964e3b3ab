import { describe, expect, it } from 'vitest';
import { kilowatts } from '../../kernel/index.ts';
import {
  benchmark,
  boilerEfficiency,
  chillerCop,
  consumptionAnomalies,
  kwPerTon,
  waterThermalPower,
} from './metrics.ts';

describe('efficiency indicators', () => {
  it('COP and kW/RT are two views of one ratio: kW/RT = 3.517 / COP', () => {
    const cop = chillerCop(kilowatts(3517), kilowatts(600));
    expect(cop).toBeCloseTo(5.8617, 4);
    expect(kwPerTon(kilowatts(600), kilowatts(3517))).toBeCloseTo(3.517 / cop, 12);
    expect(kwPerTon(kilowatts(600), kilowatts(3517))).toBeCloseTo(0.6, 12);
  });
  it('water-side cooling: 100 m³/h across 5 K is 581.5 kW', () => {
    expect(waterThermalPower(100, 5)).toBeCloseTo(581.5, 6);
  });
  it('boiler direct-method efficiency and bad input naming the field', () => {
    expect(boilerEfficiency(900, 100, 10)).toBeCloseTo(0.9, 12);
    expect(() => boilerEfficiency(900, 0, 10)).toThrow(/fuel/);
  });
  it('benchmarks peers by rank, percentile and gap to the best', () => {
    const b = benchmark(
      [
        { id: 'a', value: 5 },
        { id: 'b', value: 4 },
        { id: 'c', value: Number.NaN },
        { id: 'd', value: 6 },
      ],
      true,
    );
    expect(b.rows.map((r) => r.id)).toEqual(['d', 'a', 'b']);
    expect(b.rows[2]!.gapToBest).toBeCloseTo(1 / 3, 12);
    expect(b.median).toBe(5);
    expect(b.missing).toBe(1);
    expect(
      benchmark(
        [
          { id: 'x', value: 0.6 },
          { id: 'y', value: 0.7 },
        ],
        false,
      ).rows[0]!.id,
    ).toBe('x');
  });
  it('flags days above the prediction by both the fraction and z standard errors', () => {
    const days = [
      { dayMs: 1, observed: 130, predicted: 100 },
      { dayMs: 2, observed: 110, predicted: 100 },
      { dayMs: 3, observed: 90, predicted: 100 },
    ];
    const a = consumptionAnomalies(days, 0.05);
    expect(a.map((x) => x.dayMs)).toEqual([1]);
    expect(a[0]!.excess).toBe(30);
    expect(consumptionAnomalies(days, 0.2)).toEqual([]);
  });
});
