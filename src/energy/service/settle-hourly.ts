// Settlement of contracts whose baseline is an hourly (TOWT) model (CalTRACK §3.8 via energy/mv):
// the model cannot be frozen as parameters, so the agreement froze a digest of its baseline hours;
// every settlement refits on those hours and refuses if they changed since approval.
import type { Scope } from '../../identity/index.ts';
import { baselineDigest } from '../contracts/baseline.ts';
import { adjustmentOn, settleHourly } from '../contracts/settlement.ts';
import { energyCost, flatLoadPrice } from '../contracts/tariff.ts';
import { DAY_MS, runCaltrack } from '../mv/index.ts';
import type { Baseline } from './baselines.ts';
import type { Contract } from './contracts.ts';
import type { EnergyDeps } from './data.ts';
import type { Meter } from './meters.ts';
import { fuelOf, meterReadings } from './readings.ts';
import { localDateMs } from './scoped.ts';
import { siteTemperature } from './weather.ts';

/**
 * Hourly (TOWT) contracts: refit on the frozen baseline hours (refused if they changed since the
 * approval) and predict the period's hours; the saved energy is priced by the observed TOU profile.
 */
export async function settleHourlyOne(
  deps: EnergyDeps,
  scope: Scope,
  c: Contract,
  baseline: Baseline,
  meter: Meter,
  p: { start: string; end: string; fromMs: number; toMs: number },
) {
  const off = c.tariff.utcOffsetMin;
  const model = baseline.model!;
  const bStart = localDateMs(baseline.terms.periodStart, off);
  const bEnd = localDateMs(baseline.terms.periodEnd, off);
  const common = {
    baseline: baseline.version,
    model,
    start: p.start,
    end: p.end,
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
  const bill = energyCost(c.tariff, inPeriod);
  const price = bill.kwh > 0 ? bill.cost / bill.kwh : flatLoadPrice(c.tariff, [p.fromMs]);
  let adjustmentKwh = 0;
  for (let d = p.fromMs; d < p.toMs; d += DAY_MS)
    adjustmentKwh += adjustmentOn(baseline.terms.adjustments, d, off);
  const result = settleHourly({
    terms: c.terms,
    report,
    periodHours: (p.toMs - p.fromMs) / 3_600_000,
    adjustmentKwh,
    price,
    energyCost: bill.cost,
  });
  const priceBasis = 'TOU bands weighted by the observed hourly use';
  return {
    status: result.status,
    reason: result.reason,
    result,
    price,
    priceBasis,
    temps: true,
    ...common,
  };
}
