// Settlement of contracts whose baseline is an hourly (TOWT) model (CalTRACK §3.8 via energy/mv):
// the model cannot be frozen as parameters, so the agreement froze a digest of its baseline hours;
// every settlement refits on those hours and refuses if they changed since approval.
import type { Scope } from '../../identity/index.ts';
import { baselineDigest } from '../contracts/baseline.ts';
import { adjustmentOn, settleHourly } from '../contracts/settlement.ts';
import { daysOfHours, pricePeriod } from '../contracts/pricing.ts';
import { DAY_MS, runCaltrack } from '../mv/index.ts';
import type { Baseline } from './baselines.ts';
import type { Contract } from './contracts.ts';
import type { EnergyDeps } from './data.ts';
import type { Meter } from './meters.ts';
import { fuelOf, meterReadings } from './readings.ts';
import { tenantClock } from './scoped.ts';
import type { PeriodRange } from './settle.ts';
import { siteTemperature } from './weather.ts';

/**
 * Hourly (TOWT) contracts: refit on the frozen baseline hours (refused if they changed since the
 * approval) and predict the period's hours; the saved energy is priced at the period's TOU price
 * (pricing.ts: hour by hour over whole days of use).
 */
export async function settleHourlyOne(
  deps: EnergyDeps,
  scope: Scope,
  c: Contract,
  baseline: Baseline,
  meter: Meter,
  p: PeriodRange,
) {
  const off = p.offsetMin;
  const model = baseline.model!;
  const clock = await tenantClock(deps.db, scope);
  const bStart = clock.dateMs(baseline.terms.periodStart);
  const bEnd = clock.dateMs(baseline.terms.periodEnd);
  const common = {
    baseline: baseline.version,
    model,
    range: p,
    meterUnit: meter.unit,
  };
  const temps = await siteTemperature(deps, scope, meter.site, bStart, p.toMs);
  if (!temps)
    return {
      status: 'insufficient-data' as const,
      reason: `site '${meter.site}' has no weather station`,
    };
  const readings = await meterReadings(deps, scope, meter, 'hourly', {
    fromMs: bStart,
    toMs: p.toMs,
    offsetMin: off,
  });
  const digest = baselineDigest(readings, bEnd - 365 * DAY_MS, bEnd);
  const frozen = model.baselineDigest;
  if (
    !frozen ||
    digest.hours !== frozen.hours ||
    Math.abs(digest.sum - frozen.sum) > 1e-6 * Math.max(1, Math.abs(frozen.sum))
  )
    return {
      status: 'failed' as const,
      reason: 'the baseline data changed since both parties approved it; propose an amendment',
    };
  const report = runCaltrack({
    method: 'hourly',
    fuel: fuelOf(meter),
    readings,
    temperature: temps,
    baselineEndMs: bEnd,
    reportingStartMs: p.fromMs,
    reportingEndMs: p.toMs,
  });
  const inPeriod = readings
    .filter((r) => r.startMs >= p.fromMs && r.startMs < p.toMs)
    .map((r) => [r.startMs, r.value] as [number, number]);
  // Hourly data: every whole day priced hour by hour; a day with missing hours by flat load.
  const pricing = pricePeriod(c.tariff, daysOfHours(inPeriod, p), inPeriod);
  let adjustmentKwh = 0;
  for (let d = p.fromMs; d < p.toMs; d += DAY_MS)
    adjustmentKwh += adjustmentOn(baseline.terms.adjustments, d, off);
  const result = settleHourly({
    terms: c.terms,
    report,
    periodHours: (p.toMs - p.fromMs) / 3_600_000,
    adjustmentKwh,
    price: pricing.price,
    energyCost: pricing.cost,
  });
  return {
    status: result.status,
    reason: result.reason,
    result,
    pricing,
    temps: true,
    ...common,
  };
}
