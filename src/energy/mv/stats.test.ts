// Public test vectors from caltrack-methods.md (eemeter's metric tests) and Guideline 14 FSU.
import { describe, expect, it } from 'vitest';
import { fitMetrics } from './stats.ts';
import { studentTQuantile } from './student-t.ts';
import { fractionalSavingsUncertainty } from './uncertainty.ts';

describe('fit metrics (caltrack-methods.md vector)', () => {
  const m = fitMetrics([1, 3, 4, 1, 6], [2, 3, 3, 2, 4], 2);
  it('R² is the squared Pearson correlation: 0.972', () =>
    expect(m.rSquared).toBeCloseTo(0.972, 3));
  it('adjusted R² 0.944', () => expect(m.rSquaredAdj).toBeCloseTo(0.944, 3));
  it('CV(RMSE) with divisor n − p: 0.509', () => expect(m.cvrmseAdj).toBeCloseTo(0.509, 3));
  it('NMBE −0.067', () => expect(m.nmbe).toBeCloseTo(-0.067, 3));
  it('lag-1 residual autocorrelation −0.674', () => expect(m.autocorrLag1).toBeCloseTo(-0.674, 3));
});

describe("Student's t quantile", () => {
  it('matches table values', () => {
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.313752, 5);
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812461, 5);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
    expect(studentTQuantile(0.95, 1e7)).toBeCloseTo(1.644854, 4);
  });
});

describe('fractional savings uncertainty (Guideline 14 §4.3.2.4)', () => {
  it('equals the formula evaluated by hand', () => {
    const x = {
      interval: 'daily' as const,
      baselineN: 365,
      slopeTerms: 2,
      cvrmse: 0.25,
      rho: 0.3,
      reportingMonths: 12,
      reportingN: 365,
      savingsFraction: 0.1,
    };
    const t = studentTQuantile(0.95, 363);
    const pp = (365 * 0.7) / 1.3;
    const poly = -0.00024 * 144 + 0.03535 * 12 + 1.00286;
    const expected = (t * poly * 0.25 * Math.sqrt(((365 / pp) * (1 + 2 / pp)) / 365)) / 0.1;
    const r = fractionalSavingsUncertainty(x);
    expect(r.fsu).toBeCloseTo(expected, 10);
    expect(r.effectiveN).toBeCloseTo(pp, 10);
    // More autocorrelation → fewer effective points → wider uncertainty.
    expect(fractionalSavingsUncertainty({ ...x, rho: 0.6 }).fsu).toBeGreaterThan(r.fsu);
  });
});
