// Nameplate normalisation (issue 18): stations of three sizes whose flow follows their design
// load, fitted on the two smaller ones. In absolute units the linear model of flow on load and
// weather learns the sizes it saw and reads the healthy large station as a fault; per unit of
// design load all three share one baseline, and a bypass fault still stands out.
import { describe, expect, it } from 'vitest';
import { fitFleetBaseline } from './fleet-baseline.ts';
import { healthScore } from './health-index.ts';
import { nameplateRow } from './nameplate.ts';
import { createRng } from './rng.ts';

const HOUR = 3_600_000;
const channels = ['outdoor', 'heat', 'flow'];

/** Hourly rows of a station: heat and flow ∝ design load, flow with a base share (not ∝ heat). */
function station(seed: number, design: number, n: number, bypass = 0) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, h) => {
    const outdoor = -2 + 14 * rng();
    const f = (18 - outdoor) / 20;
    const heat = design * (f + 0.06) * (1 + 0.01 * (rng() - 0.5));
    const flow = design * 0.05 * (0.5 + 0.5 * f) * (1 + bypass) * (1 + 0.01 * (rng() - 0.5));
    return { t: h * HOUR, values: [outdoor, heat, flow] };
  });
}

const fleet = (normalise: boolean) => {
  const small = [1200, 2000].map((design, i) => ({
    asset: `s${i}`,
    rows: station(i + 1, design, 240),
    properties: { design_load: design },
  }));
  return fitFleetBaseline(small, channels, {
    conditions: ['outdoor', 'heat'],
    normalisers: normalise
      ? [
          { channel: 'heat', property: 'design_load' },
          { channel: 'flow', property: 'design_load' },
        ]
      : [],
    from: 0,
    to: 240 * HOUR,
    minRows: 24,
  });
};

const meanScore = (fit: ReturnType<typeof fleet>, rows: { values: number[] }[], design: number) => {
  const s = rows.map((r) => healthScore(fit.baseline, r.values, { design_load: design }));
  const scored = s.filter((x) => x.inRange).map((x) => x.score);
  return scored.reduce((a, v) => a + v, 0) / scored.length;
};

describe('nameplate normalisers', () => {
  const large = station(9, 3000, 120);

  it('in absolute units a healthy station larger than any in training reads as faulty', () => {
    expect(meanScore(fleet(false), large, 3000)).toBeLessThan(50);
  });

  it('per unit of design load the large station is healthy and its bypass fault is not', () => {
    const fit = fleet(true);
    expect(fit.baseline.normalisers?.map((n) => n.channel)).toEqual(['heat', 'flow']);
    expect(meanScore(fit, large, 3000)).toBeGreaterThan(80);
    expect(meanScore(fit, station(9, 3000, 120, 0.3), 3000)).toBeLessThan(20);
  });

  it('refuses an asset without the rating, naming the property', () => {
    const fit = fleet(true);
    expect(() => healthScore(fit.baseline, large[0]!.values, {})).toThrow(/design_load/);
    expect(() => healthScore(fit.baseline, large[0]!.values, { design_load: 0 })).toThrow(
      /positive/,
    );
    expect(() =>
      fitFleetBaseline([{ asset: 'x', rows: station(1, 1000, 30) }], channels, {
        normalisers: [{ channel: 'pressure', property: 'design_load' }],
        from: 0,
        to: 30 * HOUR,
        minRows: 24,
      }),
    ).toThrow(/pressure/);
  });

  it('divides, or multiplies an inverse channel, and leaves the others', () => {
    const n = [
      { channel: 'a', property: 'p' },
      { channel: 'b', property: 'p', inverse: true },
    ];
    expect(nameplateRow(n, ['a', 'b', 'c'], [10, 10, 10], { p: 4 })).toEqual([2.5, 40, 10]);
  });
});
