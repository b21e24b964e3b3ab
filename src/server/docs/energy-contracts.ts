// Documentation of the energy routes for performance contracts, baselines and settlements, for
// /openapi.json (see route-docs.ts; energy.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { type RouteDocs } from './route-docs.ts';
import { EnergyContract, Baseline } from './energy-schemas.ts';

/** A Jiangsu-style time-of-use day: the 24 hourly bands of a tariff season. */
const TOU_HOURS = [
  ...Array<string>(7).fill('valley'),
  'flat',
  ...Array<string>(4).fill('peak'),
  ...Array<string>(6).fill('flat'),
  ...Array<string>(4).fill('peak'),
  'flat',
  'valley',
];

export const energyContractDocs: RouteDocs = {
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
        createdBy: 'user:us_8kq2m4x7d1ppd2n9',
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
            // every month, 24 hourly bands: valley 23–07, peak 08–11 and 18–21, flat otherwise
            months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            hours: TOU_HOURS,
          },
        ],
      },
      vatRate: 0.06,
      period: 'month',
      startDate: '2026-01-01',
      endDate: '2031-01-01',
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
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
            // every month, 24 hourly bands: valley 23–07, peak 08–11 and 18–21, flat otherwise
            months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            hours: TOU_HOURS,
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
            by: 'user:us_rnjdy3v6sn6s9h2w',
            byName: '陈工 Chen',
            at: 1796584981913,
          },
          customer: {
            by: 'user:us_vq5m0c8t2x4z6b1n',
            byName: null,
            at: 1796584981955,
          },
        },
        createdBy: 'user:us_8kq2m4x7d1ppd2n9',
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
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
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
    description:
      "The caller's party (provider or customer) approves one proposed baseline version; once both have, it is frozen and in force (the previous version superseded).",
    response: { 200: Baseline },
    // version 2: an amendment proposed after the demo contract's approved version 1
    params: { version: 2 },
    example: {
      id: 'eb_r8tcpvndnsnkzrjz',
      contractId: 'ec_me2hdz5v7g1sb510',
      version: 2,
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
          by: 'user:us_rnjdy3v6sn6s9h2w',
          byName: '陈工 Chen',
          at: 1796584981913,
        },
        customer: null,
      },
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
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
};
