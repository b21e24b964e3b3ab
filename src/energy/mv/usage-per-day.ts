// CalTRACK 2.0 daily and billing methods (§3.1–3.6): usage-per-day change-point regression
// μ + β_H·HDD + β_C·CDD, balance-point grid search, qualification, adjusted-R² selection,
// OLS for daily data and WLS (weight = days with data) for billing, then avoided energy and its
// Guideline 14 uncertainty.
//
// Where this differs from eemeter (the reference implementation) we follow the spec:
// - Day alignment: a daily reading covers its local day (§2.3.3). eemeter's loader resamples daily
//   readings to UTC dates, shifting the Illinois days by 5–6 h against the temperatures; with
//   `clock: 'utc'` we reproduce eemeter (its fixed-balance-point vectors to ~1e-6).
// - A 25-hour DST day is one day averaging its 25 hours; eemeter takes the first 24 hours, and its
//   prediction counts two days of degree days for it.
// - A day needs ≥ 50 % of its hours with temperature (§2.2.2.3); eemeter counts > 12 hourly rows,
//   missing rows included.
// - Zero electricity readings count as missing days for sufficiency (§2.2.1.4) but stay in the
//   fit, as in eemeter (§2.2.1 is about sufficiency; dropping real zero use would bias the model).
import type { Candidate, UsagePerDayParams } from './candidates.ts';
export { predictPeriod } from './predict.ts';
import { BILLING_RULES, DAILY_RULES, slopeTermsOf } from './candidates.ts';
import { gridSearch } from './grid-search.ts';
import { predictPeriod } from './predict.ts';
import type { UsagePeriod } from './periods.ts';
import { insideWindow, toPeriods } from './periods.ts';
import { cleanReadings } from './readings.ts';
import type { CaltrackInput, CaltrackReport } from './report.ts';
import { iso, sufficiencyOf } from './report.ts';
import type { PredictedObservation } from './savings.ts';
import { summariseSavings } from './savings.ts';
import { fitMetrics } from './stats.ts';
import { normalYearSavings } from './normal-year.ts';
import { interpolateTemperatureGaps } from './temperature.ts';
import { fractionalSavingsUncertainty } from './uncertainty.ts';
import { baselineSufficiency, BASELINE_DAYS, buildDesign } from './usage-per-day-data.ts';
import type { MeterReading } from './types.ts';
import { DAY_MS } from './types.ts';
import { epochMs } from '../../kernel/index.ts';

function summariseCandidates(all: readonly Candidate[]) {
  const pick = (t: Candidate['type']) => all.filter((c) => c.type === t);
  const r = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    intercept_only: pick('intercept_only').map((c) => ({ status: c.status, rSquaredAdj: 0 })),
    hdd_only: pick('hdd_only').map((c) => ({
      heatingBalancePoint: c.params.heatingBalancePoint,
      status: c.status,
      rSquaredAdj: r(c.rSquaredAdj),
    })),
    cdd_only: pick('cdd_only').map((c) => ({
      coolingBalancePoint: c.params.coolingBalancePoint,
      status: c.status,
      rSquaredAdj: r(c.rSquaredAdj),
    })),
    /** Rows [heating BP, cooling BP, adjusted R² or null, status] to keep the JSON compact. */
    cdd_hdd: pick('cdd_hdd').map((c) => [
      c.params.heatingBalancePoint,
      c.params.coolingBalancePoint,
      r(c.rSquaredAdj),
      c.status,
    ]),
  };
}

function predictions(
  periods: readonly UsagePeriod[],
  p: UsagePerDayParams,
): PredictedObservation[] {
  return periods.map((q) => ({
    startMs: q.startMs,
    offsetMin: q.offsetMin,
    predicted: predictPeriod(p, q.temps.dailyMeans, q.days),
    observed: q.value,
  }));
}

/** eemeter compatibility (see CaltrackInput.clock): daily readings → UTC calendar days. */
export function alignDailyReadings(
  readings: readonly MeterReading[],
  alignment: 'local' | 'utc',
): readonly MeterReading[] {
  if (alignment !== 'utc') return readings;
  return readings.map((r) => ({
    ...r,
    startMs: epochMs(Math.floor(r.startMs / DAY_MS) * DAY_MS),
    offsetMin: 0,
  }));
}

export function runUsagePerDay(input: CaltrackInput): CaltrackReport {
  const method = input.method === 'billing' ? 'billing' : 'daily';
  const clean = cleanReadings(
    method === 'daily'
      ? alignDailyReadings(input.readings, input.clock ?? 'local')
      : input.readings,
    input.fuel,
  );
  const temps = interpolateTemperatureGaps(input.temperature);
  const periods = toPeriods(clean.readings, temps.series, method);
  const bStart = input.baselineEndMs - BASELINE_DAYS * DAY_MS;
  // §2.2.5: only periods wholly inside the 365-day window. For billing this drops the bill that
  // straddles the window start, exactly as eemeter does (its fitted parameters on the monthly
  // sample are reproduced to ~1e-15); bi-monthly bills may then miss the 37-day limit.
  const baselinePeriods = periods.filter((p) => insideWindow(p, bStart, input.baselineEndMs));
  const design = buildDesign(baselinePeriods, method);
  const findings = [
    ...clean.findings,
    ...temps.findings,
    ...design.findings,
    ...baselineSufficiency(
      periods,
      design.periods,
      { startMs: bStart, endMs: input.baselineEndMs },
      input.fuel,
    ),
  ];
  const lastEnd = periods.reduce((m, p) => Math.max(m, p.endMs), 0);
  const rEnd = Math.min(input.reportingEndMs ?? input.reportingStartMs + 365 * DAY_MS, lastEnd);
  const reportingPeriods = periods.filter((p) => insideWindow(p, input.reportingStartMs, rEnd));
  const report: CaltrackReport = {
    method,
    fuel: input.fuel,
    status: 'insufficient-data',
    baseline: {
      start: iso(bStart),
      end: iso(input.baselineEndMs),
      observations: design.rows.length,
    },
    reporting: { start: iso(input.reportingStartMs), end: iso(rEnd), observations: 0 },
    model: null,
    candidates: null,
    metrics: null,
    sufficiency: sufficiencyOf(findings),
    savings: null,
    uncertainty: null,
    normalYear: null,
    notes: [],
  };
  if (design.rows.length < 3) return report;
  const grid = gridSearch(design.rows, {
    fitCdd: input.fuel !== 'gas', // §3.2.1.1: no CDD models for gas
    rules: method === 'billing' ? BILLING_RULES : DAILY_RULES,
  });
  report.candidates = summariseCandidates(grid.candidates);
  const best = grid.best;
  if (!best) {
    report.notes.push('3.4.3.3 no qualified candidate model');
    return report;
  }
  const slopes = slopeTermsOf(best.type);
  report.model = { type: best.type, ...best.params, rSquaredAdj: best.rSquaredAdj };
  // Metrics on period totals (observed use vs n_days·prediction), as eemeter's totals_metrics.
  const base = predictions(design.periods, best.params);
  report.metrics = fitMetrics(
    base.map((o) => o.observed),
    base.map((o) => o.predicted),
    slopes,
  );
  const rep = predictions(reportingPeriods, best.params);
  const savings = summariseSavings(rep);
  report.savings = savings;
  report.reporting.observations = savings.total.n;
  report.status = report.sufficiency.status === 'PASS' ? 'ok' : 'insufficient-data';
  report.normalYear = input.normalYearTemperature
    ? (normalYearSavings(best.params, reportingPeriods, method, {
        fitCdd: input.fuel !== 'gas',
        rules: method === 'billing' ? BILLING_RULES : DAILY_RULES,
        normal: input.normalYearTemperature,
      }) ?? null)
    : null;
  if (!input.normalYearTemperature)
    report.notes.push('Normal-year savings need a typical-year temperature series; none given.');
  if (savings.total.n > 0) {
    const months = (rEnd - input.reportingStartMs) / DAY_MS / (365.25 / 12);
    const u = fractionalSavingsUncertainty({
      interval: method,
      baselineN: report.metrics.n,
      slopeTerms: slopes,
      cvrmse: report.metrics.cvrmseAdj,
      rho: report.metrics.autocorrLag1,
      reportingMonths: months,
      reportingN: savings.total.n,
      savingsFraction: savings.total.savingsFraction,
    });
    report.uncertainty = {
      fsu: u.fsu,
      errorBand: Math.abs(u.fsu * savings.total.avoided),
      t: u.t,
      reportingMonths: months,
      effectiveBaselineN: u.effectiveN,
    };
  }
  return report;
}
