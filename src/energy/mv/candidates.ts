// Candidate models of the CalTRACK daily/billing method (§3.4.3.1) and their qualification
// (§3.2.2, §3.4.3.2). Shapes only; the grid search that fills them lives in grid-search.ts.

export type ModelType = 'intercept_only' | 'hdd_only' | 'cdd_only' | 'cdd_hdd';

export type CandidateStatus = 'QUALIFIED' | 'DISQUALIFIED' | 'NOT ATTEMPTED';

export interface UsagePerDayParams {
  intercept: number;
  betaHdd: number;
  betaCdd: number;
  /** Balance points in °F; undefined when the term is absent. */
  heatingBalancePoint?: number;
  coolingBalancePoint?: number;
}

export interface Candidate {
  type: ModelType;
  status: CandidateStatus;
  params: UsagePerDayParams;
  rSquaredAdj: number;
  /** Why a candidate was not attempted or disqualified, named by CalTRACK section. */
  reasons: string[];
}

export const slopeTermsOf = (t: ModelType): number =>
  t === 'cdd_hdd' ? 2 : t === 'intercept_only' ? 0 : 1;

/** §3.2.1: balance points 30–90 °F; eemeter searches every 1 °F (within §3.2.3's 3 °F cap). */
export const BALANCE_POINTS_F: readonly number[] = Array.from({ length: 61 }, (_, i) => 30 + i);

/** §3.2.2.2 thresholds. The non-zero-days rule does not apply to billing data. */
export interface DegreeDayRules {
  minNonZeroPeriods: number;
  minTotalDegreeDays: number;
}
export const DAILY_RULES: DegreeDayRules = { minNonZeroPeriods: 10, minTotalDegreeDays: 20 };
export const BILLING_RULES: DegreeDayRules = { minNonZeroPeriods: 0, minTotalDegreeDays: 20 };
