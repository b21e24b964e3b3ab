// Fractional savings uncertainty, ASHRAE Guideline 14-2014 §4.3.2.4 as the CalTRACK summary
// gives it:
//   FSU = t · (a·M² + b·M + d) · CV(RMSE) · sqrt((P/P′)·(1 + 2/P′)/Q) / F,  P′ = P·(1 − ρ)/(1 + ρ)
// t: two-sided 90 % with P − c degrees of freedom.
//
// Error band in energy units: FSU × avoided energy, which equals the Guideline 14 absolute
// uncertainty evaluated on the *predicted use over the reporting period*. eemeter instead scales by
// baseline-period total energy; the two agree only for equal period lengths. We chose the reporting
// prediction deliberately: it is the quantity the savings are computed from (CalTRACK §3.6.1).
import { studentTQuantile } from './student-t.ts';

export type FsuInterval = 'daily' | 'billing';

/** Guideline 14 polynomial coefficients (a, b, d) for the correction in M. */
export const FSU_COEFFICIENTS: Record<FsuInterval, readonly [number, number, number]> = {
  daily: [-0.00024, 0.03535, 1.00286],
  billing: [-0.00022, 0.03306, 0.94054],
};

export interface FsuInput {
  interval: FsuInterval;
  /** Baseline observations P and slope terms c. */
  baselineN: number;
  slopeTerms: number;
  cvrmse: number;
  /** Lag-1 autocorrelation of baseline residuals. */
  rho: number;
  /** Reporting-period length in months M and reporting observations Q. */
  reportingMonths: number;
  reportingN: number;
  /** Savings fraction F = avoided / predicted (counterfactual) reporting use. */
  savingsFraction: number;
}

export interface FsuResult {
  fsu: number;
  t: number;
  effectiveN: number;
}

export function fractionalSavingsUncertainty(x: FsuInput): FsuResult {
  const [a, b, d] = FSU_COEFFICIENTS[x.interval];
  const t = studentTQuantile(0.95, x.baselineN - x.slopeTerms);
  const pPrime = (x.baselineN * (1 - x.rho)) / (1 + x.rho);
  const m = x.reportingMonths;
  const fsu =
    (t *
      (a * m * m + b * m + d) *
      x.cvrmse *
      Math.sqrt(((x.baselineN / pPrime) * (1 + 2 / pPrime)) / x.reportingN)) /
    x.savingsFraction;
  return { fsu, t, effectiveN: pPrime };
}
