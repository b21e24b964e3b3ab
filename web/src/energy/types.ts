// Answers of the energy routes (src/server/routes/energy.ts) that the OpenAPI document leaves
// open; shapes from src/energy/service (statements.ts, baselines.ts, contracts.ts, meters.ts).

export type StatementStatus = 'draft' | 'issued' | 'accepted' | 'disputed';
export const statementStatuses: readonly StatementStatus[] = [
  'draft',
  'issued',
  'accepted',
  'disputed',
];

export interface StatementEvidence {
  model?: {
    baselineVersion: number;
    method?: string;
    type?: string;
    cvrmse?: number;
    rSquaredAdj?: number;
    baselineN?: number;
  };
  coverage?: { days: number; daysUsed: number; share: number };
  energy?: {
    unit: string;
    predicted: number;
    adjustments: number;
    observed: number;
    savings: number;
  };
  uncertainty?: { fsu90: number | null; band: number | null; note?: string };
  tariff?: {
    currency: string;
    pricePerUnit: number;
    basis: string;
    rule?: PriceRule;
    hourlyDays?: number;
    flatDays?: number;
  };
  amounts?: {
    savingsValue: number;
    customerToProvider: number;
    detail: Record<string, number>;
  } | null;
}

/** How the TOU tariff was applied (src/energy/contracts/pricing.ts). */
export type PriceRule = 'hourly' | 'daily-flat-load' | 'mixed';

/** One invoice line in whole fen: gross (VAT included) = net + tax (src/energy/contracts/invoice.ts). */
export interface InvoiceLine {
  item: 'savings-share' | 'excess-share' | 'shortfall-credit' | 'budget' | 'budget-refund';
  grossFen: number;
  netFen: number;
  taxFen: number;
}

export interface Statement {
  id: string;
  contractId: string;
  contractName: string;
  customerId: string;
  periodStartMs: number;
  amountFen: number;
  netFen: number;
  taxFen: number;
  vatRate: number;
  lines: InvoiceLine[];
  priceRule: PriceRule;
  invoiceNo: string | null;
  invoiceDate: string | null;
  issuedAt: number | null;
  period: string;
  periodStart: string;
  periodEnd: string;
  status: StatementStatus;
  baselineVersion: number;
  savingsKwh: number;
  amount: number;
  currency: string;
  evidence: StatementEvidence | null;
  note: string;
  createdAt: number;
  updatedAt: number;
}

/** A page of a cursor-paged list (src/server/paging.ts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditEntry {
  id: string;
  actor: string;
  /** The user's name now; null for a deleted user or an actor that is no user. */
  actorName: string | null;
  action: string;
  at: number;
  details: ({ note?: string; party?: string } & Record<string, unknown>) | null;
}

export type ContractTerms =
  | { kind: 'shared-savings'; providerShare: number }
  | { kind: 'guaranteed-savings'; guaranteedKwhPerPeriod: number; providerShareOfExcess: number }
  | { kind: 'energy-cost-outsourcing'; budgetPerPeriod: number; providerShareBelowBudget: number };

export interface Contract {
  id: string;
  name: string;
  customerId: string;
  terms: ContractTerms;
  tariff: { currency: string; utcOffsetMin: number; prices: Record<string, number> };
  period: 'month' | 'quarter';
  startDate: string;
  endDate: string;
  createdAt?: number;
}

export interface UsagePerDayParams {
  intercept: number;
  betaHdd: number;
  betaCdd: number;
  /** °F */
  heatingBalancePoint?: number;
  /** °F */
  coolingBalancePoint?: number;
}

export interface Baseline {
  id: string;
  contractId: string;
  version: number;
  status: 'proposed' | 'approved' | 'superseded';
  terms: {
    meterId: string;
    periodStart: string;
    periodEnd: string;
    method: 'daily' | 'billing' | 'hourly';
    adjustments: Array<{ from: string; to: string; kwhPerDay: number; reason: string }>;
  };
  model: {
    method: string;
    type: string;
    params: UsagePerDayParams | null;
    baselineN: number;
    cvrmse: number;
    rSquaredAdj: number;
    engine: string;
  } | null;
  note: string;
  approvals: {
    provider: { by: string; at: number } | null;
    customer: { by: string; at: number } | null;
  };
  createdBy: string;
  createdAt: number;
}

export interface Meter {
  id: string;
  name: string;
  kind: string;
  unit: string;
  customerId: string | null;
  site: string;
  source:
    | { kind: 'channel'; assetId: string; channel: string; mode: string }
    | { kind: 'virtual'; terms: Array<{ meterId: string; sign: 1 | -1 }> };
  createdAt: number;
}

export interface MeterDaily {
  meterId: string;
  unit: string;
  days: Array<{ dayMs: number; value: number | null; samples: number }>;
}
