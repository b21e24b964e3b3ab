// Usage-per-day prediction for one period (CalTRACK §3.6.1), shared by the fit, the savings and
// the normal-year evaluation.
import type { UsagePerDayParams } from './candidates.ts';
import { degreeDays } from './grid-search.ts';

/** Predicted use of one period: n_days · (μ + β_H·HDD + β_C·CDD) (§3.6.1). NaN without temperature. */
export function predictPeriod(
  p: UsagePerDayParams,
  dailyMeans: Float64Array,
  days: number,
): number {
  if (dailyMeans.length === 0) return Number.NaN;
  let perDay = p.intercept;
  if (p.heatingBalancePoint !== undefined)
    perDay += p.betaHdd * degreeDays(dailyMeans, p.heatingBalancePoint).hdd;
  if (p.coolingBalancePoint !== undefined)
    perDay += p.betaCdd * degreeDays(dailyMeans, p.coolingBalancePoint).cdd;
  return days * perDay;
}
