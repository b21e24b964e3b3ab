// Energy performance contracts of GB/T 24915-2020 (合同能源管理技术通则) §4: three business models
// as one discriminated union on `kind`, switched exhaustively wherever money is computed.
import type { UsagePerDayParams } from '../mv/index.ts';
import type { Tariff } from './tariff.ts';

export const contractKinds = [
  'shared-savings',
  'guaranteed-savings',
  'energy-cost-outsourcing',
] as const;
export type ContractKind = (typeof contractKinds)[number];

export type ContractTerms =
  /** 节能效益分享型: the provider receives an agreed share of the verified savings' value. */
  | { kind: 'shared-savings'; providerShare: number }
  /**
   * 节能量保证型: the provider guarantees a saving per period and pays any shortfall at the
   * tariff; savings above the guarantee are shared by `providerShareOfExcess` (0 by default).
   */
  | { kind: 'guaranteed-savings'; guaranteedKwhPerPeriod: number; providerShareOfExcess: number }
  /**
   * 能源费用托管型: the customer pays a fixed energy budget per period; the provider pays the
   * energy bill, bears any cost above the budget and shares what is left below it.
   */
  | { kind: 'energy-cost-outsourcing'; budgetPerPeriod: number; providerShareBelowBudget: number };

export type SettlementPeriod = 'month' | 'quarter';

/** A non-routine adjustment (IPMVP §8.2): a static-factor change added to the baseline. */
export interface NonRoutineAdjustment {
  from: string;
  to: string;
  /** kWh per day added to the adjusted baseline (negative removes load). */
  kwhPerDay: number;
  reason: string;
}

export type BaselineMethod = 'daily' | 'billing' | 'hourly';

/** The baseline a both parties approve: period, meter, method and adjustments (frozen once approved). */
export interface BaselineTerms {
  meterId: string;
  /** Local dates 'YYYY-MM-DD'; end exclusive (the intervention start). */
  periodStart: string;
  periodEnd: string;
  method: BaselineMethod;
  adjustments: NonRoutineAdjustment[];
}

/** The model fitted on the agreed baseline, frozen with it (the evidence every statement cites). */
export interface FrozenModel {
  /**
   * Hourly (TOWT) models have no compact parameter set in the M&V engine: the agreement freezes
   * the baseline data instead (count and sum of its hours), and each settlement refits on exactly
   * that data, refusing to settle if it has changed since approval.
   */
  method: 'daily' | 'billing' | 'hourly';
  baselineDigest?: { hours: number; sum: number };
  type: string;
  /** Usage-per-day parameters (daily and billing); null for hourly models. */
  params: UsagePerDayParams | null;
  baselineN: number;
  slopeTerms: number;
  cvrmse: number;
  rho: number;
  rSquaredAdj: number;
  engine: string;
}

export interface ContractSpec {
  name: string;
  customerId: string;
  terms: ContractTerms;
  tariff: Tariff;
  /** VAT rate of the statements' invoices (default 0.06, energy-saving services; invoice.ts). */
  vatRate?: number;
  period: SettlementPeriod;
  /** First day of the reporting (savings) period, local date. */
  startDate: string;
  endDate: string;
}
