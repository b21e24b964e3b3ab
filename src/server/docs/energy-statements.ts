// Documentation of the settlement statement routes (issues 17 and 19) for /openapi.json.
import { Type } from '@sinclair/typebox';
import { Csv, Nullable, type RouteDocs } from './route-docs.ts';

const Line = Type.Object({
  item: Type.String({
    description:
      'savings-share | excess-share | shortfall-credit | budget | budget-refund (a credit is negative)',
  }),
  grossFen: Type.Integer({ description: 'VAT included (价税合计), whole fen' }),
  netFen: Type.Integer({ description: 'without VAT (金额) = gross ÷ (1 + rate), to the fen' }),
  taxFen: Type.Integer({ description: 'VAT (税额) = gross − net' }),
});
const Statement = Type.Object({
  id: Type.String(),
  contractId: Type.String(),
  contractName: Type.String(),
  customerId: Type.String(),
  period: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  periodStartMs: Type.Number({
    description: "local midnight the period starts at in the tenant's zone, epoch ms",
  }),
  status: Type.String({ description: 'draft | issued | accepted | disputed' }),
  baselineVersion: Type.Number(),
  savingsKwh: Type.Number(),
  amount: Type.Number({ description: 'gross amount (VAT included) in yuan = amountFen / 100' }),
  amountFen: Type.Integer({ description: 'gross, whole fen: the sum of the lines' }),
  netFen: Type.Integer({ description: 'without VAT, whole fen: the sum of the lines' }),
  taxFen: Type.Integer({ description: 'VAT, whole fen: the sum of the lines' }),
  vatRate: Type.Number(),
  lines: Type.Array(Line),
  priceRule: Type.String({
    description:
      'hourly: TOU bands hour by hour on hourly data; daily-flat-load: daily data only, load assumed flat over each day; mixed',
  }),
  invoiceNo: Nullable(Type.String()),
  invoiceDate: Nullable(Type.String()),
  issuedAt: Nullable(Type.Number()),
  currency: Type.String(),
  evidence: Type.Object({
    model: Type.Object({
      baselineVersion: Type.Number(),
      method: Type.String(),
      type: Type.String(),
      params: Nullable(Type.Record(Type.String(), Type.Number())),
      baselineN: Type.Number(),
      slopeTerms: Type.Number(),
      cvrmse: Type.Number(),
      rho: Type.Number(),
      rSquaredAdj: Type.Number(),
      engine: Type.String(),
      baselineDigest: Type.Optional(Type.Object({ hours: Type.Number(), sum: Type.Number() })),
    }),
    coverage: Type.Object({ days: Type.Number(), daysUsed: Type.Number(), share: Type.Number() }),
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
      rule: Type.Optional(Type.String()),
      hourlyDays: Type.Optional(Type.Number()),
      flatDays: Type.Optional(Type.Number()),
      basis: Type.String(),
    }),
    amounts: Nullable(
      Type.Object({
        savingsValue: Type.Number(),
        customerToProvider: Type.Number(),
        detail: Type.Record(Type.String(), Type.Number()),
      }),
    ),
    invoice: Type.Optional(Type.Object({ vatRate: Type.Number(), lines: Type.Array(Line) })),
  }),
  note: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const AuditEntry = Type.Object({
  id: Type.String(),
  actor: Type.String(),
  actorName: Nullable(
    Type.String({ description: "the user's name now; null for a deleted user or no user" }),
  ),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  details: Type.Object({
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    note: Type.Optional(Type.String()),
    party: Type.Optional(Type.String()),
    invoice: Type.Optional(
      Type.Object({ invoiceNo: Type.String(), invoiceDate: Type.Optional(Type.String()) }),
    ),
    contractId: Type.Optional(Type.String()),
    period: Type.Optional(Type.String()),
    savings: Type.Optional(Type.Number()),
    amount: Type.Optional(Type.Number()),
  }),
  at: Type.Number(),
});

const lines = [{ item: 'savings-share', grossFen: 109_900, netFen: 103_679, taxFen: 6_221 }];
const example = (status: string, invoice: boolean) => ({
  id: 'es_8cq7mnpp2fr94gfz',
  contractId: 'ec_me2hdz5v7g1sb510',
  contractName: 'Chiller plant retrofit',
  customerId: 'cu_85w6zx5xm5e71c8z',
  period: '2026-01',
  periodStart: '2026-01-01',
  periodEnd: '2026-02-01',
  periodStartMs: 1767196800000,
  status,
  baselineVersion: 1,
  savingsKwh: 2616.677224494042,
  amount: 1099,
  amountFen: 109_900,
  netFen: 103_679,
  taxFen: 6_221,
  vatRate: 0.06,
  lines,
  priceRule: 'daily-flat-load',
  invoiceNo: invoice ? '24322000000012345678' : null,
  invoiceDate: invoice ? '2026-02-03' : null,
  issuedAt: invoice ? 1770087000000 : null,
  currency: 'CNY',
  evidence: {
    model: {
      baselineVersion: 1,
      method: 'daily',
      type: 'hdd_only',
      params: { intercept: 199.994, betaHdd: 8.002, betaCdd: 0, heatingBalancePoint: 60 },
      baselineN: 365,
      slopeTerms: 1,
      cvrmse: 0.0154,
      rho: -0.129,
      rSquaredAdj: 0.9976,
      engine: 'ronghe-caltrack-2.0',
    },
    coverage: { days: 31, daysUsed: 31, share: 1 },
    energy: {
      unit: 'kWh',
      predicted: 13049.02,
      adjustments: 0,
      observed: 10432.34,
      savings: 2616.68,
    },
    uncertainty: { fsu90: 0.0208, band: 54.38 },
    tariff: {
      currency: 'CNY',
      pricePerUnit: 0.7,
      rule: 'daily-flat-load',
      hourlyDays: 0,
      flatDays: 31,
      basis: 'TOU bands weighted by a flat load over each day (daily data only)',
    },
    amounts: { savingsValue: 1831.67, customerToProvider: 1099, detail: { providerShare: 0.6 } },
    invoice: { vatRate: 0.06, lines },
  },
  note: '',
  createdAt: 1796584981986,
  updatedAt: 1796584982017,
});

const money =
  ' Money is in whole fen (0.01 CNY), rounded half away from zero (四舍五入): each line is the amount VAT included, separated into amount without VAT = gross ÷ (1 + rate) to the fen and VAT = gross − net; the totals are the sums of the lines.';

export const energyStatementDocs: RouteDocs = {
  'GET /api/v1/energy/statements': {
    summary: 'List statements',
    description:
      "Settlement statements the caller may see (a customer's users: issued ones only), filtered by contract, customer, period, status and period start (`from`/`to` by the time parser, in the tenant's zone or `tz`), sorted by period start (default), last update or amount, and paged by cursor: pass `nextCursor` as `cursor` with the same filters." +
      money,
    response: {
      200: Type.Object({
        items: Type.Array(Statement),
        nextCursor: Nullable(Type.String()),
      }),
    },
    example: { items: [example('issued', true)], nextCursor: null },
    query: { status: 'issued', sort: 'amount', order: 'desc', limit: 50 },
  },
  'GET /api/v1/energy/statements/:id': {
    summary: 'Get a statement',
    description:
      "One settlement statement with its figures, evidence and invoice lines; a draft answers 404 to the customer's users." +
      money,
    response: { 200: Statement },
    example: example('draft', false),
  },
  'GET /api/v1/energy/statements/:id/csv': {
    summary: 'Statement as CSV',
    description:
      'The statement as CSV in Chinese or English (`lang`, else Accept-Language): its facts as label/value rows, then the invoice lines with amounts VAT included, without VAT and the VAT, and their totals. UTF-8 with a byte-order mark unless `bom=false`.',
    response: {
      200: Csv(
        '\uFEFF项目,内容\r\n结算单编号,es_8cq7mnpp2fr94gfz\r\n…\r\n项目,价税合计 (CNY),金额（不含税） (CNY),税额 (CNY)\r\n节能效益分享,1099.00,1036.79,62.21\r\n合计,1099.00,1036.79,62.21\r\n',
      ),
    },
    query: { lang: 'zh-CN' },
  },
  'GET /api/v1/energy/statements/:id/audit': {
    summary: 'Statement history',
    description:
      'Who drafted, issued (with which invoice), accepted or disputed a statement and when.',
    response: { 200: Type.Array(AuditEntry) },
    example: [
      {
        id: 'au_8af4mt51f9pvb04b',
        actor: 'user:us_vq5m0c8t2x4z6b1n',
        actorName: '苏州集团 能源科 Suzhou energy desk',
        action: 'energy.statement.accepted',
        entityType: 'energy_statement',
        entityId: 'es_8cq7mnpp2fr94gfz',
        details: { from: 'issued', to: 'accepted', note: 'agreed', party: 'customer' },
        at: 1796584982023,
      },
    ],
  },
  'POST /api/v1/energy/statements/:id/issue': {
    summary: 'Issue a statement',
    description:
      "The provider issues a drafted statement to the customer, recording the VAT invoice's number (unique in the tenant: 409 if already used) and date (default today in the tenant's zone). From then on the customer sees it.",
    response: { 200: Statement },
    example: example('issued', true),
    body: { invoiceNo: '24322000000012345678', invoiceDate: '2026-02-03' },
  },
  'POST /api/v1/energy/statements/:id/accept': {
    summary: 'Accept a statement',
    description: 'The customer accepts an issued statement.',
    response: { 200: Statement },
    example: { ...example('accepted', true), note: 'agreed' },
    body: { note: 'agreed' },
  },
  'POST /api/v1/energy/statements/:id/dispute': {
    summary: 'Dispute a statement',
    description:
      'The customer disputes an issued statement with a reason; re-settling makes it a draft again (its invoice is then reversed and a new number recorded on the next issue).',
    response: { 200: Statement },
    body: { note: '读数与现场电表不符 Readings differ from the site meter' },
  },
};
