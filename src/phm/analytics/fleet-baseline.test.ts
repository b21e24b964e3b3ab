import { describe, expect, it } from 'vitest';
import { fitFleetBaseline } from './fleet-baseline.ts';
import { fitHealthBaseline, healthScore } from './health-index.ts';
import { createRng } from './rng.ts';

const HOUR = 3_600_000;
const gauss = (rng: () => number) =>
  Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

/** A machine whose vibration follows its speed; `wear` multiplies the vibration. */
function hours(seed: number, n: number, wear = 1) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, h) => {
    const speed = 600 + 1200 * rng();
    return { t: h * HOUR, values: [speed, (0.5 + speed / 1000) * wear + 0.02 * gauss(rng)] };
  });
}

describe('operating conditions and fleet screening', () => {
  const channels = ['speed', 'vib'];

  it('scores the residual on the operating point: a doubled vibration at low speed stands out, speed is not blamed', () => {
    const rows = hours(1, 400).map((r) => r.values);
    const cond = fitHealthBaseline(rows, channels, { conditions: ['speed'] });
    const worn = [700, 2 * (0.5 + 0.7)]; // within the raw spread, far above this speed's level
    expect(healthScore(cond, [700, 1.2]).score).toBeGreaterThan(50);
    expect(healthScore(cond, worn).score).toBeLessThan(5);
    expect(healthScore(cond, worn).contributions.map((c) => c.channel)).toEqual(['vib']);
    expect(healthScore(cond, [5000, 5.5]).inRange).toBe(false);
  });

  it('leaves out the one worn asset of four and validates on held-out hours', () => {
    const assets = [1, 2, 3, 4].map((i) => ({
      asset: `a${i}`,
      rows: hours(10 + i, 72, i === 3 ? 1.6 : 1),
    }));
    const fit = fitFleetBaseline(assets, channels, {
      conditions: ['speed'],
      from: 0,
      to: 72 * HOUR,
      minRows: 24,
    });
    expect(fit.excluded.map((e) => e.asset)).toEqual(['a3']);
    expect(fit.used).toEqual(['a1', 'a2', 'a4']);
    expect(fit.metrics.validationScheme).toBe('every-fifth-hour');
    expect(fit.metrics.validationRows).toBeGreaterThan(30);
    expect(fit.metrics.validationFalseAlarmRate!).toBeLessThanOrEqual(0.05);
  });
});
