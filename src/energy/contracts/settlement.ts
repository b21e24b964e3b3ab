// Settlement maths of one contract for one period (pure). Verified savings follow CalTRACK
// §3.6.1 (avoided energy = adjusted baseline prediction under reporting weather − observed use,
// over days with both data) with the non-routine adjustments of IPMVP §8.2; the money follows the
// contract type of GB/T 24915-2020 §4; the uncertainty is the Guideline 14 FSU of the frozen model.
import { assertNever, fenOf, yuanOf, type Fen } from '../../kernel/index.ts';
import type { ItemStatus } from '../../kernel/index.ts';
import { fractionalSavingsUncertainty, predictPeriod, type CaltrackReport } from '../mv/index.ts';
import type { DailyValue } from '../meters/daily.ts';
import type { ContractTerms, FrozenModel, NonRoutineAdjustment } from './types.ts';

export interface SettlementInput {
  terms: ContractTerms;
  model: FrozenModel;
  /** Observed kWh per local day of the period (NaN when missing). */
  days: readonly DailyValue[];
  /** Mean °F of the same days (NaN when missing). */
  dailyTempF: readonly number[];
  adjustments: readonly NonRoutineAdjustment[];
  /** Price of a saved kWh, currency/kWh (TOU-weighted; see tariff.ts). */
  price: number;
  /** Energy cost of the period under the tariff (outsourcing contracts). */
  energyCost: number;
  /** Minimum share of days with meter and weather data (default 0.9). */
  minCoverage?: number;
  offsetMin: number;
}

export interface SettlementAmounts {
  /** Value of the verified savings at the tariff. */
  savingsValue: number;
  /** Net amount the customer pays the provider this period (negative: provider pays customer). */
  customerToProvider: number;
  /** Contract-type specific parts of the calculation, for the statement. */
  detail: Record<string, number>;
}

export interface SettlementResult {
  status: ItemStatus;
  reason?: string;
  coverage: number;
  days: number;
  daysUsed: number;
  predictedKwh: number;
  adjustmentKwh: number;
  observedKwh: number;
  savingsKwh: number;
  /** Guideline 14 fractional savings uncertainty (90 %) and the ± band in kWh. */
  fsu: number | null;
  bandKwh: number | null;
  amounts: SettlementAmounts | null;
}

const dateMs = (d: string, offsetMin: number) => Date.parse(`${d}T00:00:00Z`) - offsetMin * 60_000;

/** kWh the adjustments add on `dayMs` (a local midnight). */
export function adjustmentOn(
  adj: readonly NonRoutineAdjustment[],
  dayMs: number,
  offsetMin: number,
) {
  let s = 0;
  for (const a of adj)
    if (dayMs >= dateMs(a.from, offsetMin) && dayMs < dateMs(a.to, offsetMin)) s += a.kwhPerDay;
  return s;
}

/**
 * The money of one period, every figure rounded to the fen by the kernel's one rule (money.ts:
 * 四舍五入, half away from zero) and every total made of the rounded figures it is printed
 * beside, so a statement adds up as printed. Rates (the price per kWh) are not rounded.
 */
export function contractAmounts(
  terms: ContractTerms,
  savingsKwh: number,
  price: number,
  energyCost: number,
): SettlementAmounts {
  const savingsValue = fenOf(savingsKwh * price);
  switch (terms.kind) {
    case 'shared-savings': {
      // No savings, no share: negative savings do not turn into a payment by the provider.
      const provider = fenOf(yuanOf(max0(savingsValue)) * terms.providerShare);
      return {
        savingsValue: yuanOf(savingsValue),
        customerToProvider: yuanOf(provider),
        detail: { providerShare: terms.providerShare },
      };
    }
    case 'guaranteed-savings': {
      const shortfallKwh = Math.max(0, terms.guaranteedKwhPerPeriod - savingsKwh);
      const excessKwh = Math.max(0, savingsKwh - terms.guaranteedKwhPerPeriod);
      const shortfallPayment = fenOf(shortfallKwh * price);
      const excessShare = fenOf(excessKwh * price * terms.providerShareOfExcess);
      return {
        savingsValue: yuanOf(savingsValue),
        customerToProvider: yuanOf((excessShare - shortfallPayment) as Fen),
        detail: {
          guaranteedKwh: terms.guaranteedKwhPerPeriod,
          shortfallKwh,
          shortfallPayment: yuanOf(shortfallPayment),
          excessKwh,
          excessShare: yuanOf(excessShare),
        },
      };
    }
    case 'energy-cost-outsourcing': {
      const cost = fenOf(energyCost);
      const budget = fenOf(terms.budgetPerPeriod);
      const overrun = max0((cost - budget) as Fen);
      const underrun = max0((budget - cost) as Fen);
      const customerRefund = fenOf(yuanOf(underrun) * (1 - terms.providerShareBelowBudget));
      return {
        savingsValue: yuanOf(savingsValue),
        customerToProvider: yuanOf((budget - customerRefund) as Fen),
        detail: {
          budget: yuanOf(budget),
          energyCost: yuanOf(cost),
          overrunBorneByProvider: yuanOf(overrun),
          underrun: yuanOf(underrun),
          customerRefund: yuanOf(customerRefund),
        },
      };
    }
    default:
      return assertNever(terms, 'contract kind');
  }
}

const max0 = (f: Fen): Fen => Math.max(0, f) as Fen;

export function settle(input: SettlementInput): SettlementResult {
  const { model, days } = input;
  const params = model.params;
  if (!params || model.method === 'hourly')
    return {
      status: 'failed',
      reason: 'an hourly model is settled with settleHourly',
      coverage: 0,
      days: days.length,
      daysUsed: 0,
      predictedKwh: 0,
      adjustmentKwh: 0,
      observedKwh: 0,
      savingsKwh: 0,
      fsu: null,
      bandKwh: null,
      amounts: null,
    };
  let predicted = 0;
  let adjustment = 0;
  let observed = 0;
  let used = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    const t = input.dailyTempF[i] ?? Number.NaN;
    if (!Number.isFinite(d.value) || !Number.isFinite(t)) continue;
    predicted += predictPeriod(params, Float64Array.of(t), 1);
    adjustment += adjustmentOn(input.adjustments, d.dayMs, input.offsetMin);
    observed += d.value;
    used++;
  }
  const coverage = days.length > 0 ? used / days.length : 0;
  const savingsKwh = predicted + adjustment - observed;
  const base = {
    coverage,
    days: days.length,
    daysUsed: used,
    predictedKwh: predicted,
    adjustmentKwh: adjustment,
    observedKwh: observed,
    savingsKwh,
  };
  const min = input.minCoverage ?? 0.9;
  if (coverage < min)
    return {
      ...base,
      status: 'insufficient-data',
      reason: `${used} of ${days.length} days have meter and weather data; the contract needs ${Math.round(min * 100)} %`,
      fsu: null,
      bandKwh: null,
      amounts: null,
    };
  const baselineUse = predicted + adjustment;
  const fraction = baselineUse !== 0 ? savingsKwh / baselineUse : Number.NaN;
  const f = fractionalSavingsUncertainty({
    interval: model.method === 'billing' ? 'billing' : 'daily',
    baselineN: model.baselineN,
    slopeTerms: model.slopeTerms,
    cvrmse: model.cvrmse,
    rho: model.rho,
    reportingMonths: days.length / (365.25 / 12),
    reportingN: used,
    savingsFraction: fraction,
  }).fsu;
  const fsu = Number.isFinite(f) ? Math.abs(f) : null;
  return {
    ...base,
    status: 'ok',
    fsu,
    bandKwh: fsu === null ? null : Math.abs(fsu * savingsKwh),
    amounts: contractAmounts(input.terms, savingsKwh, input.price, input.energyCost),
  };
}

/**
 * Settlement from an hourly (TOWT) CalTRACK report whose reporting window is the period: avoided
 * energy and the FSU come from the engine; adjustments are added per day, scaled by hour coverage.
 */
export function settleHourly(input: {
  terms: ContractTerms;
  report: CaltrackReport;
  periodHours: number;
  adjustmentKwh: number;
  price: number;
  energyCost: number;
  minCoverage?: number;
}): SettlementResult {
  const s = input.report.savings?.total;
  const hours = s?.n ?? 0;
  const coverage = input.periodHours > 0 ? hours / input.periodHours : 0;
  const adjustment = input.adjustmentKwh * coverage;
  const predicted = s?.predicted ?? 0;
  const observed = s?.observed ?? 0;
  const savingsKwh = predicted + adjustment - observed;
  const base = {
    coverage,
    days: input.periodHours / 24,
    daysUsed: hours / 24,
    predictedKwh: predicted,
    adjustmentKwh: adjustment,
    observedKwh: observed,
    savingsKwh,
  };
  const min = input.minCoverage ?? 0.9;
  if (input.report.status !== 'ok' || !s || coverage < min) {
    const failed = input.report.sufficiency.findings
      .filter((f) => f.severity === 'fail')
      .map((f) => `${f.rule} ${f.name}`);
    const reason =
      coverage < min
        ? `${hours} of ${input.periodHours} hours have meter and weather data; the contract needs ${Math.round(min * 100)} %`
        : `hourly model: ${failed.join('; ') || input.report.notes.join('; ') || input.report.status}`;
    return {
      ...base,
      status: 'insufficient-data',
      reason,
      fsu: null,
      bandKwh: null,
      amounts: null,
    };
  }
  const fsu =
    input.report.uncertainty && Number.isFinite(input.report.uncertainty.fsu)
      ? Math.abs(input.report.uncertainty.fsu)
      : null;
  return {
    ...base,
    status: 'ok',
    fsu,
    bandKwh: fsu === null ? null : Math.abs(fsu * savingsKwh),
    amounts: contractAmounts(input.terms, savingsKwh, input.price, input.energyCost),
  };
}
