// Documentation of the manufacturing order-flow routes (issue 19) for /openapi.json: price
// lists, quotes, materials, purchase orders, requirements, material issue and built units.
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { pricingExample } from './manufacturing-examples.ts';

const S = Type.String();
const N = Type.Number();
const Strings = Type.Array(S);

const QuoteLine = Type.Object({
  kind: Type.String({ description: 'base, option, surcharge or discount' }),
  ref: S,
  unitFen: Nullable(N),
  quantity: N,
  amountFen: Type.Number({ description: 'Whole fen; the discount is negative' }),
});
const Quote = Type.Object({
  id: S,
  customerId: Nullable(S),
  modelId: S,
  reference: S,
  sku: S,
  configuration: Type.Record(S, S),
  quantity: N,
  currency: S,
  lines: Type.Array(QuoteLine),
  unitPriceFen: N,
  totalFen: Type.Number({ description: 'The sum of the lines, whole fen' }),
  validUntil: N,
  status: Type.String({ description: 'open, accepted or expired (open past validUntil)' }),
  customerOrderId: Nullable(S),
  createdBy: S,
  createdAt: N,
});
/** Two 2 MW titanium units with a stand-by pump, priced by the demo's price list. */
const quote = {
  id: 'qu_4k2m8q1w3e5r7t9y',
  customerId: 'cu_84ftyaw2j3txg3wf',
  modelId: 'pm_2j1mg1tbxsj0sgy8',
  reference: '运河城市供热 2027 年扩容询价',
  sku: 'HXU-P-2MW-TI-duty-standby',
  configuration: { duty: '2MW', plate: 'TI', pump: 'duty-standby' },
  quantity: 2,
  currency: 'CNY',
  lines: [
    { kind: 'base', ref: 'HXU-P', unitFen: 38_000_000, quantity: 2, amountFen: 76_000_000 },
    { kind: 'option', ref: 'duty=2MW', unitFen: 16_000_000, quantity: 2, amountFen: 32_000_000 },
    { kind: 'option', ref: 'plate=TI', unitFen: 12_500_000, quantity: 2, amountFen: 25_000_000 },
    {
      kind: 'option',
      ref: 'pump=duty-standby',
      unitFen: 4_800_000,
      quantity: 2,
      amountFen: 9_600_000,
    },
    {
      kind: 'surcharge',
      ref: 'ti-2mw: duty=2MW&plate=TI',
      unitFen: 1_500_000,
      quantity: 2,
      amountFen: 3_000_000,
    },
  ],
  unitPriceFen: 72_800_000,
  totalFen: 145_600_000,
  validUntil: 1797794567989,
  status: 'open',
  customerOrderId: null,
  createdBy: 'us_1b2c3d4e5f6g7h8j',
  createdAt: 1796584967989,
};
const Material = Type.Object({ item: S, unit: S, onHand: N, leadTimeDays: N, updatedAt: N });
const material = {
  item: 'FRAME-HX',
  unit: 'pc',
  onHand: 6,
  leadTimeDays: 10,
  updatedAt: 1796584967989,
};
const PurchaseOrder = Type.Object({
  id: S,
  item: S,
  unit: S,
  quantity: N,
  dueAt: N,
  supplier: S,
  status: Type.String({ description: 'open or received' }),
  receivedAt: Nullable(N),
  createdAt: N,
});
const purchaseOrder = {
  id: 'pu_7y2k4m9q1w3e5r8t',
  item: 'FRAME-HX',
  unit: 'pc',
  quantity: 4,
  dueAt: 1796844167989,
  supplier: '无锡钢构 Wuxi Steel Frames',
  status: 'open',
  receivedAt: null,
  createdAt: 1796584967989,
};
const MaterialLine = Type.Object({
  item: S,
  unit: S,
  required: N,
  issued: N,
  remaining: N,
  lots: Strings,
  serials: Strings,
});
const OrderMaterials = Type.Object({
  orderId: S,
  lines: Type.Array(MaterialLine),
  issues: Type.Array(
    Type.Object({ id: S, item: S, quantity: N, lot: S, serials: Strings, at: N, actor: S }),
  ),
});
const orderMaterials = {
  orderId: 'po_6wj1a8jsysgg6n71',
  lines: [
    {
      item: 'FRAME-HX',
      unit: 'pc',
      required: 2,
      issued: 1,
      remaining: 1,
      lots: ['FH-2611'],
      serials: [],
    },
  ],
  issues: [
    {
      id: 'mi_3h5j7k9m1n3p5q7r',
      item: 'FRAME-HX',
      quantity: 1,
      lot: 'FH-2611',
      serials: [],
      at: 1796584967989,
      actor: 'us_1b2c3d4e5f6g7h8j',
    },
  ],
};
const Requirements = Type.Object({
  asOf: N,
  orders: Type.Array(
    Type.Object({ orderId: S, sku: S, quantity: N, neededAt: N, planned: Type.Boolean() }),
  ),
  items: Type.Array(
    Type.Object({
      item: S,
      unit: S,
      onHand: N,
      gross: N,
      scheduledReceipts: N,
      net: N,
      projected: N,
      orders: Strings,
    }),
  ),
  proposals: Type.Array(
    Type.Object({
      item: S,
      unit: S,
      quantity: N,
      neededAt: N,
      orderBy: N,
      late: Type.Boolean(),
      orderId: S,
    }),
  ),
  expedite: Type.Array(
    Type.Object({ purchaseOrderId: S, item: S, quantity: N, dueAt: N, neededAt: N, orderId: S }),
  ),
});
const Unit = Type.Object({
  assetId: S,
  serial: S,
  productionOrderId: S,
  customerOrderId: Nullable(S),
  modelId: S,
  modelCode: S,
  sku: S,
  configuration: Type.Record(S, S),
  builtAt: N,
  components: Type.Array(
    Type.Object({ item: S, unit: S, quantity: N, lots: Strings, serials: Strings }),
  ),
  operations: Type.Array(
    Type.Object({ op: N, operation: S, station: S, startedAt: N, finishedAt: N }),
  ),
});
const pricing = pricingExample;
const P = '/api/v1/manufacturing';

export const manufacturingFlowDocs: RouteDocs = {
  [`PUT ${P}/models/:id/pricing`]: {
    summary: 'Set a model’s price list',
    description:
      'Replaces the price list: base price, option prices, surcharges when options combine and quantity breaks (basis points off the goods amount). Money is whole fen. Quotes already made keep their prices. A price naming an unknown option or value is a 400 naming the field.',
    response: {
      200: Type.Object({ id: S, spec: Type.Record(S, Type.Unknown()), createdAt: N, updatedAt: N }),
    },
    body: pricing,
    params: { id: 'pm_2j1mg1tbxsj0sgy8' },
  },
  [`GET ${P}/quotes`]: {
    summary: 'List quotes',
    description: 'Quotes, newest first; a customer user sees its own customers’ only.',
    response: { 200: Type.Array(Quote) },
    example: [quote],
  },
  [`POST ${P}/quotes`]: {
    summary: 'Quote a configuration',
    description:
      'Checks the configuration (an unknown option or a broken rule is a 400 naming it) and prices it line by line to the fen (四舍五入, kernel money rule); the total is the sum of the lines. Valid until `validUntil` or the price list’s validity days.',
    response: { 201: Quote },
    example: quote,
    body: {
      modelId: quote.modelId,
      customerId: quote.customerId,
      reference: quote.reference,
      configuration: quote.configuration,
      quantity: 2,
    },
  },
  [`GET ${P}/quotes/:id`]: {
    summary: 'Get a quote',
    description: 'One quote with its lines; expired once past its validity.',
    response: { 200: Quote },
    params: { id: quote.id },
  },
  [`POST ${P}/quotes/:id/accept`]: {
    summary: 'Accept a quote',
    description:
      'Creates the customer order at the quoted configuration, quantity and price (`quoteId`, `priceFen`). An accepted or expired quote is a 409.',
    response: { 201: Type.Record(S, Type.Unknown()) },
    body: { dueAt: 1797189767989 },
    params: { id: quote.id },
  },
  [`GET ${P}/materials`]: {
    summary: 'List materials in stock',
    description:
      'Materials (BOM items) with stock on hand in their unit and replenishment lead time.',
    response: { 200: Type.Array(Material) },
    example: [material],
  },
  [`PUT ${P}/materials`]: {
    summary: 'Set material stock',
    description: 'Records a stock count and lead time per material, all rows or none.',
    response: { 200: Type.Array(Material) },
    body: { rows: [{ item: 'FRAME-HX', unit: 'pc', onHand: 6, leadTimeDays: 10 }] },
    example: [material],
  },
  [`GET ${P}/purchase-orders`]: {
    summary: 'List purchase orders',
    description:
      'Purchase orders of materials by due date; open ones are scheduled receipts of the requirements.',
    response: { 200: Type.Array(PurchaseOrder) },
    query: { status: 'open' },
    example: [purchaseOrder],
  },
  [`POST ${P}/purchase-orders`]: {
    summary: 'Order a material',
    description: 'An open purchase order of a material (set its stock first), due at `dueAt`.',
    response: { 201: PurchaseOrder },
    body: { item: 'FRAME-HX', quantity: 4, dueAt: 1796844167989, supplier: purchaseOrder.supplier },
    example: purchaseOrder,
  },
  [`POST ${P}/purchase-orders/:id/receive`]: {
    summary: 'Receive a purchase order',
    description: 'The whole quantity goes into stock; a received order is a 409.',
    response: { 200: PurchaseOrder },
    params: { id: purchaseOrder.id },
    example: { ...purchaseOrder, status: 'received', receivedAt: 1796844167989 },
  },
  [`GET ${P}/material-requirements`]: {
    summary: 'Material requirements and purchase proposals',
    description:
      'MRP over the open production orders: what each BOM still needs after issues, needed when the order starts in the current plan (else at release), netted item by item against stock and open purchase orders in time order. Shortfalls a later purchase order could cover are expedite messages; the rest are purchase proposals (lot for lot) with the date needed and the date to order by (less the lead time).',
    response: { 200: Requirements },
    example: {
      asOf: 1796584967989,
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          sku: 'HXU-P-2MW-SS316-duty-standby',
          quantity: 3,
          neededAt: 1796584967989,
          planned: false,
        },
      ],
      items: [
        {
          item: 'PUMP-CR',
          unit: 'pc',
          onHand: 4,
          gross: 6,
          scheduledReceipts: 0,
          net: 2,
          projected: -2,
          orders: ['po_6wj1a8jsysgg6n71'],
        },
      ],
      proposals: [
        {
          item: 'PUMP-CR',
          unit: 'pc',
          quantity: 2,
          neededAt: 1796584967989,
          orderBy: 1796325767989,
          late: true,
          orderId: 'po_6wj1a8jsysgg6n71',
        },
      ],
      expedite: [],
    },
  },
  [`GET ${P}/production-orders/:id/materials`]: {
    summary: 'Materials of a production order',
    description:
      'The order’s BOM against what was issued, line by line, with lots and serials, and the issues.',
    response: { 200: OrderMaterials },
    params: { id: 'po_6wj1a8jsysgg6n71' },
    example: orderMaterials,
  },
  [`POST ${P}/production-orders/:id/materials/issue`]: {
    summary: 'Issue material to a production order',
    description:
      'Components handed to the order with their lot or serials; stock decreases. All lines or none: an item off the BOM, an over-issue (more than the BOM still needs) or more than is in stock is a 400 naming the line.',
    response: { 201: OrderMaterials },
    params: { id: 'po_6wj1a8jsysgg6n71' },
    body: { lines: [{ item: 'FRAME-HX', quantity: 1, lot: 'FH-2611' }] },
    example: orderMaterials,
  },
  [`GET ${P}/production-orders/:id/units`]: {
    summary: 'Units a production order built',
    description:
      'For a serialised product, the units registered as assets when the last operation finished, each with its as-built record (configuration, BOM with component lots and serials, station and times of each operation).',
    response: { 200: Type.Array(Unit) },
    params: { id: 'po_6wj1a8jsysgg6n71' },
    example: [],
  },
};
