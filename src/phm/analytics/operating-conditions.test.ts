import { describe, expect, it } from 'vitest';
import { INFORMATIVE_SENSORS, SENSORS, SETTINGS, type EngineUnit } from './engine-unit.ts';
import {
  fitConditionNormaliser,
  fitDegradationScale,
  normaliseUnit,
} from './operating-conditions.ts';
import { createRng } from './rng.ts';

// Two regimes (sea level and 42 kft); every sensor drifts with wear d ∈ [0, 1], by 10 units at
// sea level and by 2 at altitude, with the same noise: the degradation scale must read both
// regimes as the same wear, where a z-score per regime reads them differently.
function unit(id: number, length: number, rng: () => number): EngineUnit {
  const settings = new Float64Array(length * SETTINGS);
  const sensors = new Float64Array(length * SENSORS);
  for (let i = 0; i < length; i++) {
    const high = rng() < 0.5;
    settings.set(high ? [42, 0.84, 100] : [0, 0, 100], i * SETTINGS);
    const wear = Math.max(0, (i - (length - 100)) / 100);
    for (let s = 0; s < SENSORS; s++)
      sensors[i * SENSORS + s] = (high ? 500 : 600) + (high ? 2 : 10) * wear + 3 * (rng() - 0.5);
  }
  return { unit: id, length, settings, sensors };
}

describe('degradation scale per operating regime', () => {
  const rng = createRng(5);
  const units = Array.from({ length: 12 }, (_, k) => unit(k + 1, 200 + 10 * k, rng));
  const late = (n: ReturnType<typeof fitConditionNormaliser>, high: boolean) => {
    // The mean scaled value of the last 10 cycles of every unit, in one regime.
    let s = 0;
    let c = 0;
    for (const u of units) {
      const z = normaliseUnit(n, u);
      for (let i = u.length - 10; i < u.length; i++) {
        if ((u.settings[i * SETTINGS] as number) > 20 !== high) continue;
        s += z[i * INFORMATIVE_SENSORS.length] as number;
        c++;
      }
    }
    return s / c;
  };

  it('maps healthy to 0 and failing to about 1 in every regime', () => {
    const n = fitDegradationScale(units);
    expect(n.centroids).toHaveLength(2);
    for (const high of [false, true]) expect(late(n, high)).toBeGreaterThan(0.85);
    expect(Math.abs(late(n, false) - late(n, true))).toBeLessThan(0.1);
    const z = normaliseUnit(n, units[0]!);
    let early = 0;
    for (let i = 0; i < 50; i++) early += z[i * INFORMATIVE_SENSORS.length] as number;
    expect(Math.abs(early / 50)).toBeLessThan(0.1);
  });

  it('where the z-score per regime reads the same wear differently', () => {
    const n = fitConditionNormaliser(units);
    expect(Math.abs(late(n, false) - late(n, true))).toBeGreaterThan(0.5);
  });

  it('keeps the z-score when no unit ran long enough to have healthy cycles', () => {
    const short = units.map((u) => ({ ...u, length: 100 }));
    expect(fitDegradationScale(short)).toEqual(fitConditionNormaliser(short));
  });
});
