// CalTRACK hourly method run: baseline TOWT models per month, in-sample fit metrics, avoided
// energy per hour summed by month. Guideline 14's FSU coefficients exist only for daily and
// billing intervals (caltrack-methods.md), so no hourly FSU is reported (eemeter does the same).
//
// Differences from eemeter, following the spec: hours of the week and months are read on the
// meter's local clock (§2.3.3; occupancy follows local schedules across DST), where eemeter uses
// UTC. `clock: 'utc'` reproduces eemeter's hourly metered-savings vector (−403.70) exactly; on
// the Illinois sample the two clocks' reporting-year totals differ by ~0.03 %.
import { cleanReadings } from '../readings.ts';
import type { CaltrackInput, CaltrackReport } from '../report.ts';
import { iso, sufficiencyOf } from '../report.ts';
import type { PredictedObservation } from '../savings.ts';
import { summariseSavings } from '../savings.ts';
import { fitMetrics } from '../stats.ts';
import { interpolateTemperatureGaps } from '../temperature.ts';
import { DAY_MS } from '../types.ts';
import type { HourlyRows } from './hourly-data.ts';
import { hourlySufficiency, toHourlyRows } from './hourly-data.ts';
import type { TowtMonthModel } from './towt-model.ts';
import { fitTowtMonth, predictTowt } from './towt-model.ts';

function predictRows(rows: HourlyRows, models: ReadonlyArray<TowtMonthModel | undefined>) {
  const out: PredictedObservation[] = [];
  for (let i = 0; i < rows.length; i++) {
    const m = models[rows.month[i]!];
    out.push({
      startMs: rows.ms[i]!,
      offsetMin: rows.offsetMin[i]!,
      predicted: m ? predictTowt(m, rows.how[i]!, rows.tempF[i]!) : Number.NaN,
      observed: rows.y[i]!,
    });
  }
  return out;
}

function describe(m: TowtMonthModel, monthOk: readonly boolean[]) {
  const how = Array.from(m.beta.subarray(0, 168));
  return {
    month: m.month + 1,
    /** §2.2.1.2: the month and both neighbours have > 90 % of their hours. */
    sufficient: [11, 0, 1].every((d) => monthOk[(m.month + d) % 12] === true),
    occupancy: Array.from(m.occupied).join(''),
    occupiedHoursOfWeek: m.occupied.reduce((s, o) => s + o, 0),
    occupiedBinEndpointsF: m.occupiedBins,
    unoccupiedBinEndpointsF: m.unoccupiedBins,
    hourOfWeekCoefficients: how,
    occupiedBinCoefficients: Array.from(m.beta.subarray(168, 168 + m.occupiedBins.length + 1)),
    unoccupiedBinCoefficients: Array.from(m.beta.subarray(168 + m.occupiedBins.length + 1)),
    parameters: m.parameters,
  };
}

export function runHourly(input: CaltrackInput): CaltrackReport {
  // clock 'utc' (eemeter compatibility): hours of the week and months on the UTC clock.
  const readings =
    input.clock === 'utc' ? input.readings.map((r) => ({ ...r, offsetMin: 0 })) : input.readings;
  const clean = cleanReadings(readings, input.fuel);
  const temps = interpolateTemperatureGaps(input.temperature);
  const bEnd = input.baselineEndMs;
  const bStart = bEnd - 365 * DAY_MS;
  const base = toHourlyRows(clean.readings, temps.series, bStart, bEnd);
  const offset = clean.readings[0]?.offsetMin ?? 0;
  const suff = hourlySufficiency(
    base,
    { startMs: bStart, endMs: bEnd, offsetMin: offset },
    input.fuel,
  );
  const lastMs = clean.readings.reduce((m, r) => Math.max(m, r.startMs), 0) + 3_600_000;
  const rEnd = Math.min(input.reportingEndMs ?? input.reportingStartMs + 365 * DAY_MS, lastMs);
  const report: CaltrackReport = {
    method: 'hourly',
    fuel: input.fuel,
    status: 'insufficient-data',
    baseline: { start: iso(bStart), end: iso(bEnd), observations: base.length },
    reporting: { start: iso(input.reportingStartMs), end: iso(rEnd), observations: 0 },
    model: null,
    candidates: null,
    metrics: null,
    sufficiency: sufficiencyOf([...clean.findings, ...temps.findings, ...suff.findings]),
    savings: null,
    uncertainty: null,
    normalYear: null,
    notes: [
      'No FSU for hourly: Guideline 14 coefficients are given for daily and billing only.',
      'Normal-year savings are implemented for the daily and billing methods only.',
    ],
  };
  if (base.length === 0) return report;
  const models = Array.from({ length: 12 }, (_, m) => fitTowtMonth(base, m));
  const fitted = models.filter((m): m is TowtMonthModel => m !== undefined);
  report.model = { type: 'towt', months: fitted.map((m) => describe(m, suff.monthOk)) };
  const inSample = predictRows(base, models).filter((o) => Number.isFinite(o.predicted));
  const c = Math.round(fitted.reduce((s, m) => s + m.parameters, 0) / Math.max(1, fitted.length));
  report.metrics = fitMetrics(
    inSample.map((o) => o.observed),
    inSample.map((o) => o.predicted),
    c,
  );
  const rep = toHourlyRows(clean.readings, temps.series, input.reportingStartMs, rEnd);
  report.savings = summariseSavings(predictRows(rep, models));
  report.reporting.observations = report.savings.total.n;
  report.status = report.sufficiency.status === 'PASS' ? 'ok' : 'insufficient-data';
  return report;
}
