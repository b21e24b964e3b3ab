// Weather-normalised ("normal year") savings for the daily and billing methods (CalTRACK §3.1.4.7
// with the two-model form of the CalTRACK monthly guideline): fit a second usage-per-day model on
// the reporting period, evaluate both models on typical-year weather, and difference them. Needs a
// typical-year hourly temperature file; the shared data ships none, so the caller supplies one.
import { epochMs } from '../../kernel/index.ts';
import type { UsagePerDayParams } from './candidates.ts';
import type { DegreeDayRules } from './candidates.ts';
import { gridSearch } from './grid-search.ts';
import type { UsagePeriod } from './periods.ts';
import { periodTemperatures } from './temperature.ts';
import type { TemperatureSeries } from './types.ts';
import { DAY_MS } from './types.ts';
import { buildDesign } from './usage-per-day-data.ts';
import { predictPeriod } from './predict.ts';

export interface NormalYearSavings {
  days: number;
  baselineUse: number;
  reportingUse: number;
  savings: number;
  savingsFraction: number;
  reportingModel: UsagePerDayParams & { type: string };
}

/** Sum of a model's daily predictions over every whole day of the typical-year series. */
export function normalYearUse(p: UsagePerDayParams, normal: TemperatureSeries): number {
  const days = Math.floor(normal.valuesF.length / 24);
  let sum = 0;
  for (let d = 0; d < days; d++) {
    const s = epochMs(normal.startMs + d * DAY_MS);
    const v = predictPeriod(p, periodTemperatures(normal, s, epochMs(s + DAY_MS)).dailyMeans, 1);
    if (!Number.isNaN(v)) sum += v;
  }
  return sum;
}

export function normalYearSavings(
  baseline: UsagePerDayParams,
  reportingPeriods: readonly UsagePeriod[],
  method: 'daily' | 'billing',
  opts: { fitCdd: boolean; rules: DegreeDayRules; normal: TemperatureSeries },
): NormalYearSavings | undefined {
  const rows = buildDesign(reportingPeriods, method).rows;
  if (rows.length < 3) return undefined;
  const best = gridSearch(rows, { fitCdd: opts.fitCdd, rules: opts.rules }).best;
  if (!best) return undefined;
  const baselineUse = normalYearUse(baseline, opts.normal);
  const reportingUse = normalYearUse(best.params, opts.normal);
  return {
    days: Math.floor(opts.normal.valuesF.length / 24),
    baselineUse,
    reportingUse,
    savings: baselineUse - reportingUse,
    savingsFraction: (baselineUse - reportingUse) / baselineUse,
    reportingModel: { type: best.type, ...best.params },
  };
}
