// Schemas and examples shared by the documentation of the energy routes (energy.ts).
import { Type } from '@sinclair/typebox';
import { Nullable } from './route-docs.ts';

export const WeatherStation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  source: Type.String(),
  assetId: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  unit: Type.String(),
});
export const Meter = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  unit: Type.String(),
  customerId: Type.String(),
  site: Type.String(),
  source: Type.Object({
    kind: Type.String(),
    assetId: Type.Optional(Type.String()),
    channel: Type.Optional(Type.String()),
    mode: Type.Optional(Type.String()),
    terms: Type.Optional(
      Type.Array(
        Type.Object({
          meterId: Type.String(),
          sign: Type.Number(),
        }),
      ),
    ),
  }),
  createdAt: Type.Number(),
});
export const EnergyContract = Type.Object({
  id: Type.String(),
  name: Type.String(),
  customerId: Type.String(),
  terms: Type.Union([
    Type.Object({ kind: Type.Literal('shared-savings'), providerShare: Type.Number() }),
    Type.Object({
      kind: Type.Literal('guaranteed-savings'),
      guaranteedKwhPerPeriod: Type.Number(),
      providerShareOfExcess: Type.Number(),
    }),
    Type.Object({
      kind: Type.Literal('energy-cost-outsourcing'),
      budgetPerPeriod: Type.Number(),
      providerShareBelowBudget: Type.Number(),
    }),
  ]),
  tariff: Type.Object({
    currency: Type.String(),
    utcOffsetMin: Type.Number(),
    prices: Type.Object({
      critical: Type.Optional(Type.Number()),
      peak: Type.Optional(Type.Number()),
      flat: Type.Optional(Type.Number()),
      valley: Type.Optional(Type.Number()),
    }),
    seasons: Type.Array(
      Type.Object({
        months: Type.Array(Type.Number()),
        hours: Type.Array(Type.String()),
      }),
    ),
  }),
  vatRate: Type.Number({
    description: 'VAT rate of the statements (0.06: energy-saving services)',
  }),
  period: Type.String(),
  startDate: Type.String(),
  endDate: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
/** One party's approval: who (`user:<id>`, with the name they have now) and when. */
const Approval = Type.Object({
  by: Type.String(),
  byName: Nullable(
    Type.String({ description: "the approver's name now; null for a deleted user or no user" }),
  ),
  at: Type.Number(),
});
export const Baseline = Type.Object({
  id: Type.String(),
  contractId: Type.String(),
  version: Type.Number(),
  status: Type.String(),
  terms: Type.Object({
    meterId: Type.String(),
    periodStart: Type.String(),
    periodEnd: Type.String(),
    method: Type.String(),
    adjustments: Type.Array(
      Type.Object({
        from: Type.String(),
        to: Type.String(),
        kwhPerDay: Type.Number(),
        reason: Type.String(),
      }),
    ),
  }),
  model: Type.Object({
    method: Type.String(),
    type: Type.String(),
    params: Nullable(
      Type.Object({
        intercept: Type.Number(),
        betaHdd: Type.Number(),
        betaCdd: Type.Number(),
        heatingBalancePoint: Type.Number(),
      }),
    ),
    baselineN: Type.Number(),
    slopeTerms: Type.Number(),
    cvrmse: Type.Number(),
    rho: Type.Number(),
    rSquaredAdj: Type.Number(),
    engine: Type.String(),
    baselineDigest: Type.Optional(
      Type.Object({
        hours: Type.Number(),
        sum: Type.Number(),
      }),
    ),
  }),
  note: Type.String(),
  approvals: Type.Object({
    provider: Nullable(Approval),
    customer: Nullable(Approval),
  }),
  createdBy: Type.String(),
  createdAt: Type.Number(),
});
export const Anomaly = Type.Object({
  id: Type.String(),
  meterId: Type.String(),
  dayMs: Type.Number(),
  observed: Type.Number(),
  predicted: Type.Number(),
  excess: Type.Number(),
  excessFraction: Type.Number(),
});
export const Asset = Type.Object({
  id: Type.String(),
  value: Type.Number(),
  rank: Type.Number(),
  percentile: Type.Number(),
  gapToBest: Type.Number(),
});
