// Periodic-review order-up-to policy (R, S) (Silver, Pyke & Thomas 2017, §7.4): every R periods
// raise the inventory position to S = D̂·(L+R) + z·σ·√(L+R), where D̂ is the forecast demand per
// period, σ the per-period forecast error, L the production lead time and R the review period
// (both in periods) and z the safety factor of the service level. The proposal is
// S − (on hand + on order), rounded up to the batch multiple, and nothing when not positive.
import type { ItemResult } from '../../kernel/index.ts';
import { forecastDemand, type Forecast, type ForecastMethod } from './forecast.ts';

export interface ReplenishmentPolicy {
  leadTimeDays: number;
  reviewDays: number;
  /** Safety factor, e.g. 1.65 for a 95 % cycle service level. */
  z: number;
  method: ForecastMethod;
  /** Proposals are whole multiples of this batch size (small batches: often 1). */
  batchSize: number;
  /** Fewer days of history than this gives `insufficient-data`. */
  minHistoryDays: number;
}

export interface ReplenishmentInput {
  sku: string;
  store: string;
  /** Daily sales, oldest first, with zero for days without sales. */
  dailySales: number[];
  onHand: number;
  onOrder: number;
}

export interface ReplenishmentProposal {
  sku: string;
  store: string;
  forecast: Forecast;
  safetyStock: number;
  orderUpTo: number;
  position: number;
  quantity: number;
}

export function orderUpTo(f: Forecast, p: ReplenishmentPolicy): { S: number; safety: number } {
  const horizon = p.leadTimeDays + p.reviewDays;
  const safety = p.z * f.sigma * Math.sqrt(horizon);
  return { S: f.perPeriod * horizon + safety, safety };
}

export function proposeOne(
  input: ReplenishmentInput,
  p: ReplenishmentPolicy,
): ReplenishmentProposal {
  const forecast = forecastDemand(input.dailySales, p.method);
  const { S, safety } = orderUpTo(forecast, p);
  const position = input.onHand + input.onOrder;
  const gap = S - position;
  const quantity = gap > 1e-9 ? Math.ceil(gap / p.batchSize - 1e-9) * p.batchSize : 0;
  return {
    sku: input.sku,
    store: input.store,
    forecast,
    safetyStock: safety,
    orderUpTo: S,
    position,
    quantity,
  };
}

/** One result per SKU and store: a proposal, or insufficient-data when history is too short. */
export function proposeReplenishment(
  inputs: ReplenishmentInput[],
  policy: ReplenishmentPolicy,
): ItemResult<ReplenishmentProposal>[] {
  return inputs.map((input, index) => {
    if (input.dailySales.length < policy.minHistoryDays) {
      return {
        index,
        status: 'insufficient-data',
        reason: `${input.sku}@${input.store}: ${input.dailySales.length} days of sales, need ${policy.minHistoryDays}`,
      };
    }
    return { index, status: 'ok', value: proposeOne(input, policy) };
  });
}
