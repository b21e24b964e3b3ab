// Documentation of the energy routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';

const WeatherStation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  source: Type.String(),
  assetId: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  unit: Type.String(),
});
const Meter = Type.Object({
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
const EnergyContract = Type.Object({
  id: Type.String(),
  name: Type.String(),
  customerId: Type.String(),
  terms: Type.Object({
    kind: Type.String(),
    providerShare: Type.Number(),
  }),
  tariff: Type.Object({
    currency: Type.String(),
    utcOffsetMin: Type.Number(),
    prices: Type.Object({
      peak: Type.Number(),
      flat: Type.Number(),
      valley: Type.Number(),
    }),
    seasons: Type.Array(
      Type.Object({
        months: Type.Array(Type.Number()),
        hours: Type.Array(Type.String()),
      }),
    ),
  }),
  period: Type.String(),
  startDate: Type.String(),
  endDate: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const Baseline = Type.Object({
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
    provider: Nullable(
      Type.Object({
        by: Type.String(),
        at: Type.Number(),
      }),
    ),
    customer: Nullable(
      Type.Object({
        by: Type.String(),
        at: Type.Number(),
      }),
    ),
  }),
  createdBy: Type.String(),
  createdAt: Type.Number(),
});
const Statement = Type.Object({
  id: Type.String(),
  contractId: Type.String(),
  customerId: Type.String(),
  period: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  status: Type.String(),
  baselineVersion: Type.Number(),
  savingsKwh: Type.Number(),
  amount: Type.Number(),
  currency: Type.String(),
  evidence: Type.Object({
    model: Type.Object({
      baselineVersion: Type.Number(),
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
    coverage: Type.Object({
      days: Type.Number(),
      daysUsed: Type.Number(),
      share: Type.Number(),
    }),
    energy: Type.Object({
      unit: Type.String(),
      predicted: Type.Number(),
      adjustments: Type.Number(),
      observed: Type.Number(),
      savings: Type.Number(),
    }),
    uncertainty: Type.Object({
      fsu90: Nullable(Type.Number()),
      band: Nullable(Type.Number()),
      note: Type.Optional(Type.String()),
    }),
    tariff: Type.Object({
      currency: Type.String(),
      pricePerUnit: Type.Number(),
      basis: Type.String(),
    }),
    amounts: Type.Object({
      savingsValue: Type.Number(),
      customerToProvider: Type.Number(),
      detail: Type.Object({
        providerShare: Type.Number(),
      }),
    }),
  }),
  note: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const AuditEntry = Type.Object({
  id: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  details: Type.Object({
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    note: Type.Optional(Type.String()),
    party: Type.Optional(Type.String()),
    contractId: Type.Optional(Type.String()),
    period: Type.Optional(Type.String()),
    savings: Type.Optional(Type.Number()),
    amount: Type.Optional(Type.Number()),
  }),
  at: Type.Number(),
});
const Anomaly = Type.Object({
  id: Type.String(),
  meterId: Type.String(),
  dayMs: Type.Number(),
  observed: Type.Number(),
  predicted: Type.Number(),
  excess: Type.Number(),
  excessFraction: Type.Number(),
});
const Asset = Type.Object({
  id: Type.String(),
  value: Type.Number(),
  rank: Type.Number(),
  percentile: Type.Number(),
  gapToBest: Type.Number(),
});

export const energyDocs: RouteDocs = {
  'GET /api/v1/energy/meters': {
    summary: 'List meters',
    description: "Energy meters (electricity, heat, gas, water) of the caller's assets and sites.",
    response: { 200: Type.Array(Meter) },
    example: [
      {
        id: 'em_rdhv05jggpazn77v',
        name: 'm-as_779gbtb683zdct2k',
        kind: 'electricity',
        unit: 'kWh',
        customerId: 'cu_85w6zx5xm5e71c8z',
        site: 'Suzhou',
        source: {
          kind: 'channel',
          assetId: 'as_779gbtb683zdct2k',
          channel: 'kwh',
          mode: 'interval',
        },
        createdAt: 1796584981560,
      },
    ],
  },
  'POST /api/v1/energy/meters': {
    summary: 'Create a meter',
    description: 'A meter reading an asset channel, with its energy kind and unit.',
    response: { 201: Meter },
    example: {
      id: 'em_rdhv05jggpazn77v',
      name: 'm-as_779gbtb683zdct2k',
      kind: 'electricity',
      unit: 'kWh',
      customerId: 'cu_85w6zx5xm5e71c8z',
      site: 'Suzhou',
      source: {
        kind: 'channel',
        assetId: 'as_779gbtb683zdct2k',
        channel: 'kwh',
        mode: 'interval',
      },
      createdAt: 1796584981560,
    },
    body: {
      name: 'm-as_779gbtb683zdct2k',
      kind: 'electricity',
      unit: 'kWh',
      source: {
        kind: 'channel',
        assetId: 'as_779gbtb683zdct2k',
        channel: 'kwh',
        mode: 'interval',
      },
    },
  },
  'GET /api/v1/energy/meters/:id': {
    summary: 'Get a meter',
    description: 'One meter by id.',
    response: { 200: Meter },
    params: { id: 'em_0d09fdtsw20a82xz' },
  },
  'GET /api/v1/energy/meters/:id/daily': {
    summary: 'Daily consumption',
    description: "A meter's consumption per local day between two dates.",
    response: {
      200: Type.Object({
        meterId: Type.String(),
        unit: Type.String(),
        days: Type.Array(
          Type.Object({
            dayMs: Type.Number(),
            value: Type.Number(),
            samples: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      meterId: 'em_y419ffbz2kz7byvk',
      unit: 'kWh',
      days: [
        {
          dayMs: 1748707200000,
          value: 146.44558333637264,
          samples: 1,
        },
      ],
    },
  },
  'GET /api/v1/energy/weather-stations': {
    summary: 'List weather stations',
    description: 'Weather stations whose temperatures drive baselines (degree days).',
    response: { 200: Type.Array(WeatherStation) },
    example: [],
  },
  'POST /api/v1/energy/weather-stations': {
    summary: 'Create a weather station',
    description: 'A station, optionally fed from an asset channel.',
    response: { 201: WeatherStation },
    example: {
      id: 'ws_q454metvyg2xpr2d',
      name: 'Suzhou Met',
      source: 'imported',
      assetId: null,
      channel: null,
      unit: 'C',
    },
    body: {
      name: 'Suzhou Met',
      source: 'imported',
    },
  },
  'POST /api/v1/energy/weather-stations/:id/import': {
    summary: 'Import weather readings',
    description: 'Hourly temperatures for a station as CSV; the answer counts rows per status.',
    response: {
      200: Type.Object({
        stationId: Type.String(),
        hours: Type.Number(),
        sourceUnit: Type.String(),
      }),
    },
    example: {
      stationId: 'ws_q454metvyg2xpr2d',
      hours: 9528,
      sourceUnit: 'C',
    },
    body: {
      csv: 'dt,tempC\n2024-12-30T16:00:00.000Z,0.905\n2024-12-30T17:00:00.000Z,0.905\n2024-12-30T18:00:00.000Z,0.905\n2024-12-30T19:00:00.000Z,0.905\n2024-12-30T20:00:00.000Z,0.905\n2024-12-30T21:00:00.000Z,0.905\n2024-',
    },
  },
  'PUT /api/v1/energy/sites/:site/station': {
    summary: 'Assign a weather station to a site',
    description: "Sets which weather station a site's baselines use.",
    response: {
      200: Type.Object({
        site: Type.String(),
        stationId: Type.String(),
      }),
    },
    example: {
      site: 'Suzhou',
      stationId: 'ws_q454metvyg2xpr2d',
    },
    body: {
      stationId: 'ws_q454metvyg2xpr2d',
    },
  },
  'GET /api/v1/energy/contracts': {
    summary: 'List performance contracts',
    description:
      'Energy performance contracts (shared savings, guaranteed savings) the caller may see.',
    response: { 200: Type.Array(EnergyContract) },
    example: [
      {
        id: 'ec_me2hdz5v7g1sb510',
        name: 'Chiller plant retrofit',
        customerId: 'cu_85w6zx5xm5e71c8z',
        terms: {
          kind: 'shared-savings',
          providerShare: 0.6,
        },
        tariff: {
          currency: 'CNY',
          utcOffsetMin: 480,
          prices: {
            peak: 1.1,
            flat: 0.7,
            valley: 0.3,
          },
          seasons: [
            {
              months: [1],
              hours: ['valley'],
            },
          ],
        },
        period: 'month',
        startDate: '2026-01-01',
        endDate: '2031-01-01',
        createdBy: 'user:eng@acme.test',
        createdAt: 1796584981784,
        updatedAt: 1796584981784,
      },
    ],
  },
  'POST /api/v1/energy/contracts': {
    summary: 'Create a performance contract',
    description:
      'A contract between provider and customer: meters, baseline period, reporting period, savings share and price.',
    response: { 201: EnergyContract },
    example: {
      id: 'ec_me2hdz5v7g1sb510',
      name: 'Chiller plant retrofit',
      customerId: 'cu_85w6zx5xm5e71c8z',
      terms: {
        kind: 'shared-savings',
        providerShare: 0.6,
      },
      tariff: {
        currency: 'CNY',
        utcOffsetMin: 480,
        prices: {
          peak: 1.1,
          flat: 0.7,
          valley: 0.3,
        },
        seasons: [
          {
            months: [1],
            hours: ['valley'],
          },
        ],
      },
      period: 'month',
      startDate: '2026-01-01',
      endDate: '2031-01-01',
      createdBy: 'user:eng@acme.test',
      createdAt: 1796584981784,
      updatedAt: 1796584981784,
    },
    body: {
      name: 'Chiller plant retrofit',
      customerId: 'cu_85w6zx5xm5e71c8z',
      terms: {
        kind: 'shared-savings',
        providerShare: 0.6,
      },
      tariff: {
        currency: 'CNY',
        utcOffsetMin: 480,
        prices: {
          peak: 1.1,
          flat: 0.7,
          valley: 0.3,
        },
        seasons: [
          {
            months: [1],
            hours: ['valley'],
          },
        ],
      },
      period: 'month',
      startDate: '2026-01-01',
      endDate: '2031-01-01',
    },
  },
  'GET /api/v1/energy/contracts/:id': {
    summary: 'Get a performance contract',
    description: 'One contract by id.',
    response: { 200: EnergyContract },
    params: { id: 'ec_me2hdz5v7g1sb510' },
  },
  'GET /api/v1/energy/contracts/:id/baselines': {
    summary: 'Baseline versions',
    description:
      "The contract's baseline model versions (CalTRACK) with fit statistics and approvals by both parties.",
    response: { 200: Type.Array(Baseline) },
    example: [
      {
        id: 'eb_r8tcpvndnsnkzrjz',
        contractId: 'ec_me2hdz5v7g1sb510',
        version: 1,
        status: 'approved',
        terms: {
          meterId: 'em_rdhv05jggpazn77v',
          periodStart: '2025-01-01',
          periodEnd: '2026-01-01',
          method: 'daily',
          adjustments: [],
        },
        model: {
          method: 'daily',
          type: 'hdd_only',
          params: {
            intercept: 199.99408077815673,
            betaHdd: 8.00227153904309,
            betaCdd: 0,
            heatingBalancePoint: 60,
          },
          baselineN: 365,
          slopeTerms: 1,
          cvrmse: 0.015384147413273703,
          rho: -0.12863034376569044,
          rSquaredAdj: 0.9976232611947432,
          engine: 'ronghe-caltrack-2.0',
        },
        note: '',
        approvals: {
          provider: {
            by: 'user:admin@acme.test',
            at: 1796584981913,
          },
          customer: {
            by: 'user:viewer@suzhou.test',
            at: 1796584981955,
          },
        },
        createdBy: 'user:eng@acme.test',
        createdAt: 1796584981897,
      },
    ],
  },
  'POST /api/v1/energy/contracts/:id/baselines': {
    summary: 'Fit a baseline',
    description:
      "Fits a new CalTRACK baseline version over the contract's baseline period; it needs both parties' approval before settlement.",
    response: { 201: Baseline },
    example: {
      id: 'eb_r8tcpvndnsnkzrjz',
      contractId: 'ec_me2hdz5v7g1sb510',
      version: 1,
      status: 'proposed',
      terms: {
        meterId: 'em_rdhv05jggpazn77v',
        periodStart: '2025-01-01',
        periodEnd: '2026-01-01',
        method: 'daily',
        adjustments: [],
      },
      model: {
        method: 'daily',
        type: 'hdd_only',
        params: {
          intercept: 199.99408077815673,
          betaHdd: 8.00227153904309,
          betaCdd: 0,
          heatingBalancePoint: 60,
        },
        baselineN: 365,
        slopeTerms: 1,
        cvrmse: 0.015384147413273703,
        rho: -0.12863034376569044,
        rSquaredAdj: 0.9976232611947432,
        engine: 'ronghe-caltrack-2.0',
      },
      note: '',
      approvals: {
        provider: null,
        customer: null,
      },
      createdBy: 'user:eng@acme.test',
      createdAt: 1796584981897,
    },
    body: {
      meterId: 'em_rdhv05jggpazn77v',
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      method: 'daily',
      adjustments: [],
    },
  },
  'POST /api/v1/energy/contracts/:id/baselines/:version/approve': {
    summary: 'Approve a baseline',
    description: "The caller's party (provider or customer) approves one baseline version.",
    response: { 200: Baseline },
    example: {
      id: 'eb_r8tcpvndnsnkzrjz',
      contractId: 'ec_me2hdz5v7g1sb510',
      version: 1,
      status: 'proposed',
      terms: {
        meterId: 'em_rdhv05jggpazn77v',
        periodStart: '2025-01-01',
        periodEnd: '2026-01-01',
        method: 'daily',
        adjustments: [],
      },
      model: {
        method: 'daily',
        type: 'hdd_only',
        params: {
          intercept: 199.99408077815673,
          betaHdd: 8.00227153904309,
          betaCdd: 0,
          heatingBalancePoint: 60,
        },
        baselineN: 365,
        slopeTerms: 1,
        cvrmse: 0.015384147413273703,
        rho: -0.12863034376569044,
        rSquaredAdj: 0.9976232611947432,
        engine: 'ronghe-caltrack-2.0',
      },
      note: '',
      approvals: {
        provider: {
          by: 'user:admin@acme.test',
          at: 1796584981913,
        },
        customer: null,
      },
      createdBy: 'user:eng@acme.test',
      createdAt: 1796584981897,
    },
  },
  'POST /api/v1/energy/settlements': {
    summary: 'Settle a period',
    description:
      'Computes savings for a contract and period against the approved baseline and drafts a statement, amounts rounded to the fen.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.Optional(Type.String()),
            value: Type.Object({
              contractId: Type.String(),
              statementId: Type.Optional(Type.String()),
              savingsKwh: Type.Optional(Type.Number()),
              amount: Type.Optional(Type.Number()),
            }),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          index: 0,
          status: 'insufficient-data',
          reason: 'no baseline approved by both parties',
          value: {
            contractId: 'ec_me2hdz5v7g1sb510',
          },
        },
      ],
    },
    body: {
      period: '2026-01',
      contractIds: ['ec_me2hdz5v7g1sb510'],
    },
  },
  'GET /api/v1/energy/statements': {
    summary: 'List statements',
    description:
      'Settlement statements the caller may see, filtered by contract, period and status (not yet paged: one answer holds them all).',
    response: { 200: Type.Array(Statement) },
    example: [],
  },
  'GET /api/v1/energy/statements/:id': {
    summary: 'Get a statement',
    description: 'One settlement statement with its figures.',
    response: { 200: Statement },
    example: {
      id: 'es_8cq7mnpp2fr94gfz',
      contractId: 'ec_me2hdz5v7g1sb510',
      customerId: 'cu_85w6zx5xm5e71c8z',
      period: '2026-01',
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      status: 'draft',
      baselineVersion: 1,
      savingsKwh: 2616.677224494042,
      amount: 1099.0044342875033,
      currency: 'CNY',
      evidence: {
        model: {
          baselineVersion: 1,
          method: 'daily',
          type: 'hdd_only',
          params: {
            intercept: 199.99408077815673,
            betaHdd: 8.00227153904309,
            betaCdd: 0,
            heatingBalancePoint: 60,
          },
          baselineN: 365,
          slopeTerms: 1,
          cvrmse: 0.015384147413273703,
          rho: -0.12863034376569044,
          rSquaredAdj: 0.9976232611947432,
          engine: 'ronghe-caltrack-2.0',
        },
        coverage: {
          days: 31,
          daysUsed: 31,
          share: 1,
        },
        energy: {
          unit: 'kWh',
          predicted: 13049.021531653532,
          adjustments: 0,
          observed: 10432.34430715949,
          savings: 2616.677224494042,
        },
        uncertainty: {
          fsu90: 0.020780247164019373,
          band: 54.3751994734464,
        },
        tariff: {
          currency: 'CNY',
          pricePerUnit: 0.7000000000000036,
          basis: 'TOU bands weighted by a flat daily load',
        },
        amounts: {
          savingsValue: 1831.674057145839,
          customerToProvider: 1099.0044342875033,
          detail: {
            providerShare: 0.6,
          },
        },
      },
      note: '',
      createdAt: 1796584981986,
      updatedAt: 1796584981986,
    },
  },
  'GET /api/v1/energy/statements/:id/audit': {
    summary: 'Statement history',
    description: 'Who drafted, issued, accepted or disputed a statement and when.',
    response: { 200: Type.Array(AuditEntry) },
    example: [
      {
        id: 'au_8af4mt51f9pvb04b',
        actor: 'user:viewer@suzhou.test',
        action: 'energy.statement.accepted',
        entityType: 'energy_statement',
        entityId: 'es_8cq7mnpp2fr94gfz',
        details: {
          from: 'issued',
          to: 'accepted',
          note: 'agreed',
          party: 'customer',
        },
        at: 1796584982023,
      },
    ],
  },
  'POST /api/v1/energy/statements/:id/issue': {
    summary: 'Issue a statement',
    description: 'The provider issues a drafted statement to the customer.',
    response: { 200: Statement },
    example: {
      id: 'es_8cq7mnpp2fr94gfz',
      contractId: 'ec_me2hdz5v7g1sb510',
      customerId: 'cu_85w6zx5xm5e71c8z',
      period: '2026-01',
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      status: 'issued',
      baselineVersion: 1,
      savingsKwh: 2616.677224494042,
      amount: 1099.0044342875033,
      currency: 'CNY',
      evidence: {
        model: {
          baselineVersion: 1,
          method: 'daily',
          type: 'hdd_only',
          params: {
            intercept: 199.99408077815673,
            betaHdd: 8.00227153904309,
            betaCdd: 0,
            heatingBalancePoint: 60,
          },
          baselineN: 365,
          slopeTerms: 1,
          cvrmse: 0.015384147413273703,
          rho: -0.12863034376569044,
          rSquaredAdj: 0.9976232611947432,
          engine: 'ronghe-caltrack-2.0',
        },
        coverage: {
          days: 31,
          daysUsed: 31,
          share: 1,
        },
        energy: {
          unit: 'kWh',
          predicted: 13049.021531653532,
          adjustments: 0,
          observed: 10432.34430715949,
          savings: 2616.677224494042,
        },
        uncertainty: {
          fsu90: 0.020780247164019373,
          band: 54.3751994734464,
        },
        tariff: {
          currency: 'CNY',
          pricePerUnit: 0.7000000000000036,
          basis: 'TOU bands weighted by a flat daily load',
        },
        amounts: {
          savingsValue: 1831.674057145839,
          customerToProvider: 1099.0044342875033,
          detail: {
            providerShare: 0.6,
          },
        },
      },
      note: '',
      createdAt: 1796584981986,
      updatedAt: 1796584982017,
    },
    body: {},
  },
  'POST /api/v1/energy/statements/:id/accept': {
    summary: 'Accept a statement',
    description: 'The customer accepts an issued statement.',
    response: { 200: Statement },
    example: {
      id: 'es_8cq7mnpp2fr94gfz',
      contractId: 'ec_me2hdz5v7g1sb510',
      customerId: 'cu_85w6zx5xm5e71c8z',
      period: '2026-01',
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      status: 'accepted',
      baselineVersion: 1,
      savingsKwh: 2616.677224494042,
      amount: 1099.0044342875033,
      currency: 'CNY',
      evidence: {
        model: {
          baselineVersion: 1,
          method: 'daily',
          type: 'hdd_only',
          params: {
            intercept: 199.99408077815673,
            betaHdd: 8.00227153904309,
            betaCdd: 0,
            heatingBalancePoint: 60,
          },
          baselineN: 365,
          slopeTerms: 1,
          cvrmse: 0.015384147413273703,
          rho: -0.12863034376569044,
          rSquaredAdj: 0.9976232611947432,
          engine: 'ronghe-caltrack-2.0',
        },
        coverage: {
          days: 31,
          daysUsed: 31,
          share: 1,
        },
        energy: {
          unit: 'kWh',
          predicted: 13049.021531653532,
          adjustments: 0,
          observed: 10432.34430715949,
          savings: 2616.677224494042,
        },
        uncertainty: {
          fsu90: 0.020780247164019373,
          band: 54.3751994734464,
        },
        tariff: {
          currency: 'CNY',
          pricePerUnit: 0.7000000000000036,
          basis: 'TOU bands weighted by a flat daily load',
        },
        amounts: {
          savingsValue: 1831.674057145839,
          customerToProvider: 1099.0044342875033,
          detail: {
            providerShare: 0.6,
          },
        },
      },
      note: 'agreed',
      createdAt: 1796584981986,
      updatedAt: 1796584982019,
    },
    body: {
      note: 'agreed',
    },
  },
  'POST /api/v1/energy/statements/:id/dispute': {
    summary: 'Dispute a statement',
    description: 'The customer disputes an issued statement with a reason.',
    response: { 200: Statement },
    body: { note: '读数与现场电表不符 Readings differ from the site meter' },
  },
  'GET /api/v1/energy/efficiency/assets/:id': {
    summary: 'Asset efficiency',
    description:
      "An asset's energy efficiency figures (COP or specific consumption) per day against its model's peers.",
    response: {
      200: Type.Object({
        kind: Type.String(),
        assets: Type.Array(Type.String()),
        hours: Type.Number(),
        coolingKwh: Type.Number(),
        electricKwh: Type.Number(),
        cop: Type.Number(),
        kwPerTon: Type.Number(),
      }),
    },
    example: {
      kind: 'chiller',
      assets: ['as_7t3tk89vpy2er7jw'],
      hours: 30,
      coolingKwh: 36000,
      electricKwh: 7200,
      cop: 5,
      kwPerTon: 0.7034,
    },
  },
  'GET /api/v1/energy/efficiency/benchmark': {
    summary: 'Efficiency benchmark',
    description: 'Assets of one model ranked by efficiency over a period.',
    response: {
      200: Type.Object({
        by: Type.String(),
        metric: Type.String(),
        median: Nullable(Type.Number()),
        best: Nullable(Type.Number()),
        count: Type.Number(),
        missing: Type.Number(),
        rows: Type.Array(Asset),
      }),
    },
    example: {
      by: 'asset',
      metric: 'cop',
      median: 5,
      best: 5,
      count: 1,
      missing: 2,
      rows: [
        {
          id: 'as_7t3tk89vpy2er7jw',
          value: 5,
          rank: 1,
          percentile: 1,
          gapToBest: 0,
        },
      ],
    },
    query: { modelId: 'am_0d09fdtsw20a82xz', from: 1796580000000, to: 1796666400000 },
  },
  'POST /api/v1/energy/contracts/:id/anomaly-scan': {
    summary: 'Scan for consumption anomalies',
    description:
      "Compares metered consumption with the baseline's prediction and records days outside the band.",
    response: {
      200: Type.Object({
        meterId: Type.String(),
        daysChecked: Type.Number(),
        anomalies: Type.Array(
          Type.Object({
            dayMs: Type.Number(),
            observed: Type.Number(),
            predicted: Type.Number(),
            excess: Type.Number(),
            excessFraction: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      meterId: 'em_rdhv05jggpazn77v',
      daysChecked: 2,
      anomalies: [
        {
          dayMs: 1769875200000,
          observed: 1250.138333291795,
          predicted: 421.0760374959157,
          excess: 829.0622957958794,
          excessFraction: 1.968913502478566,
        },
      ],
    },
    body: {
      from: 1769875200000,
      to: 1770048000000,
    },
  },
  'GET /api/v1/energy/anomalies': {
    summary: 'List consumption anomalies',
    description: "Days whose consumption left the baseline's band, per contract.",
    response: { 200: Type.Array(Anomaly) },
    example: [
      {
        id: 'ea_9z9anfszeppzckdr',
        meterId: 'em_rdhv05jggpazn77v',
        dayMs: 1769875200000,
        observed: 1250.138333291795,
        predicted: 421.0760374959157,
        excess: 829.0622957958794,
        excessFraction: 1.968913502478566,
      },
    ],
  },
  'PUT /api/v1/energy/heating/curves/:scope/:id': {
    summary: 'Set a heating curve',
    description: 'The supply-temperature curve over outdoor temperature for a station or model.',
    response: {
      200: Type.Object({
        scope: Type.String(),
        id: Type.String(),
        points: Type.Array(
          Type.Object({
            outdoorC: Type.Number(),
            supplyC: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      scope: 'model',
      id: 'am_x6njd27mvmbnjjds',
      points: [
        {
          outdoorC: -10,
          supplyC: 70,
        },
      ],
    },
    body: {
      points: [
        {
          outdoorC: -10,
          supplyC: 70,
        },
      ],
    },
  },
  'GET /api/v1/energy/heating/stations/:id': {
    summary: 'Heat station status',
    description: "A heat station's supply temperature against its curve and its heat use.",
    response: {
      200: Type.Object({
        assetId: Type.String(),
        hours: Type.Number(),
        heatKw: Type.Number(),
        heatedAreaM2: Type.Number(),
        wPerM2: Type.Number(),
        supplyC: Type.Number(),
        returnC: Type.Number(),
        outdoorC: Type.Number(),
        curve: Type.Object({
          source: Type.String(),
          points: Type.Array(
            Type.Object({
              outdoorC: Type.Number(),
              supplyC: Type.Number(),
            }),
          ),
          deviation: Type.Object({
            samples: Type.Number(),
            meanK: Type.Number(),
            meanAbsK: Type.Number(),
            maxAbsK: Type.Number(),
            withinTolerance: Type.Number(),
          }),
        }),
      }),
    },
    example: {
      assetId: 'as_7t3tk89vpy2er7jw',
      hours: 31,
      heatKw: 500,
      heatedAreaM2: 10000,
      wPerM2: 50,
      supplyC: 61.7834306591973,
      returnC: 40,
      outdoorC: 0.2165693408026978,
      curve: {
        source: 'model',
        points: [
          {
            outdoorC: -10,
            supplyC: 70,
          },
        ],
        deviation: {
          samples: 31,
          meanK: 2,
          meanAbsK: 2,
          maxAbsK: 2,
          withinTolerance: 1,
        },
      },
    },
  },
  'GET /api/v1/energy/heating/imbalance': {
    summary: 'Hydraulic imbalance',
    description:
      "Heat stations ranked by how far their return temperature departs from the network's.",
    response: {
      200: Type.Object({
        stations: Type.Number(),
        meanWPerM2: Nullable(Type.Number()),
        cv: Nullable(Type.Number()),
        returnSpreadK: Nullable(Type.Number()),
        outliers: Type.Array(
          Type.Object({
            id: Type.String(),
            wPerM2: Type.Number(),
            relative: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      stations: 2,
      meanWPerM2: 42.5,
      cv: 0.17647058823529413,
      returnSpreadK: 5,
      outliers: [
        {
          id: 'as_7t3tk89vpy2er7jw',
          wPerM2: 50,
          relative: 0.17647058823529416,
        },
      ],
    },
    query: { from: 1796580000000, to: 1796666400000 },
  },
};
