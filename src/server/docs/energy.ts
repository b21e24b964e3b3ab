// Documentation of the energy routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { energyStatementDocs } from './energy-statements.ts';
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
  ...energyStatementDocs,
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
        vatRate: 0.06,
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
      vatRate: 0.06,
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
      vatRate: 0.06,
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
