// Documentation of the manufacturing routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { Nullable, type RouteDocs } from './route-docs.ts';

const Station = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  line: Type.String(),
  shifts: Type.Array(
    Type.Object({
      days: Type.Array(Type.Number()),
      start: Type.String(),
      end: Type.String(),
    }),
  ),
  createdAt: Type.Number(),
});
const ProductModel = Type.Object({
  id: Type.String(),
  spec: Type.Object({
    code: Type.String(),
    name: Type.String(),
    options: Type.Array(
      Type.Object({
        key: Type.String(),
        required: Type.Boolean(),
        values: Type.Array(
          Type.Object({
            code: Type.String(),
          }),
        ),
        default: Type.Optional(Type.String()),
      }),
    ),
    rules: Type.Array(
      Type.Object({
        kind: Type.String(),
        id: Type.String(),
        if: Type.Object({
          option: Type.String(),
          values: Type.Array(Type.String()),
        }),
        then: Type.Optional(
          Type.Object({
            option: Type.String(),
            values: Type.Array(Type.String()),
          }),
        ),
        choice: Type.Optional(
          Type.Object({
            option: Type.String(),
            values: Type.Array(Type.String()),
          }),
        ),
      }),
    ),
    bom: Type.Array(
      Type.Object({
        item: Type.String(),
        unit: Type.String(),
        quantityBy: Type.Optional(
          Type.Object({
            option: Type.String(),
            quantities: Type.Object({
              S: Type.Number(),
              M: Type.Number(),
              L: Type.Number(),
              XXL: Type.Number(),
            }),
          }),
        ),
        quantity: Type.Optional(Type.Number()),
        when: Type.Optional(
          Type.Object({
            option: Type.String(),
            values: Type.Array(Type.String()),
          }),
        ),
      }),
    ),
    changeover: Type.Object({
      option: Type.String(),
      minutes: Type.Number(),
    }),
    pricing: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'Price list: basePriceFen, optionPrices, rules (surcharge, quantity-break), validityDays',
      }),
    ),
    serialised: Type.Optional(
      Type.Object({ serialPrefix: Type.String(), assetModelId: Type.Optional(Type.String()) }),
    ),
    routing: Type.Array(
      Type.Object({
        operation: Type.String(),
        stations: Type.Array(
          Type.Object({
            station: Type.String(),
            minutesPerUnit: Type.Number(),
            setupMinutes: Type.Optional(Type.Number()),
          }),
        ),
        when: Type.Optional(
          Type.Object({
            option: Type.String(),
            values: Type.Array(Type.String()),
          }),
        ),
      }),
    ),
  }),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const CustomerOrder = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  modelId: Type.String(),
  reference: Type.String(),
  sku: Type.String(),
  configuration: Type.Object({
    size: Type.String(),
    fabric: Type.String(),
    colour: Type.String(),
    embroidery: Type.String(),
    fill: Type.String(),
  }),
  quantity: Type.Number(),
  dueAt: Type.Number(),
  priority: Type.Number(),
  bom: Type.Array(
    Type.Object({
      item: Type.String(),
      unit: Type.String(),
      perPiece: Type.Number(),
      quantity: Type.Number(),
    }),
  ),
  routing: Type.Array(
    Type.Object({
      operation: Type.String(),
      stations: Type.Array(
        Type.Object({
          station: Type.String(),
          minutesPerUnit: Type.Number(),
          setupMinutes: Type.Optional(Type.Number()),
        }),
      ),
      changeover: Type.Object({
        family: Type.String(),
        minutes: Type.Number(),
      }),
    }),
  ),
  status: Type.String(),
  productionOrderId: Nullable(Type.String()),
  createdAt: Type.Number(),
  quoteId: Nullable(Type.String({ description: 'The accepted quote, if the order came from one' })),
  priceFen: Nullable(Type.Number({ description: 'The quoted price in whole fen' })),
});
const ProductionOrder = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  source: Type.String(),
  sourceId: Type.String(),
  modelId: Type.String(),
  sku: Type.String(),
  quantity: Type.Number(),
  releaseAt: Type.Number(),
  dueAt: Type.Number(),
  priority: Type.Number(),
  configuration: Type.Record(Type.String(), Type.String(), {
    description: 'The configuration chosen',
  }),
  bom: Type.Array(
    Type.Object({
      item: Type.String(),
      unit: Type.String(),
      perPiece: Type.Number(),
      quantity: Type.Number(),
    }),
    { description: 'The configured BOM for the order quantity' },
  ),
  routing: Type.Array(
    Type.Object({
      operation: Type.String(),
      stations: Type.Array(
        Type.Object({
          station: Type.String(),
          minutesPerUnit: Type.Number(),
          setupMinutes: Type.Optional(Type.Number()),
        }),
      ),
      changeover: Type.Object({
        family: Type.String(),
        minutes: Type.Number(),
      }),
    }),
  ),
  status: Type.String(),
  createdAt: Type.Number(),
});
const PlannedOp = Type.Object({
  orderId: Type.String(),
  op: Type.Number(),
  operation: Type.String(),
  station: Type.String(),
  start: Type.Number(),
  end: Type.Number(),
  subLot: Type.Optional(
    Type.Object(
      { index: Type.Number(), count: Type.Number(), quantity: Type.Number() },
      { description: 'The sub-lot (transfer batch) of a split lot: 1-based index, count, pieces.' },
    ),
  ),
  segments: Type.Optional(
    Type.Array(Type.Array(Type.Number()), {
      description:
        'Running pieces [start, end] of an operation interrupted by a break or a night; it resumes after the closed time.',
    }),
  ),
});
const LateOrder = Type.Object({
  orderId: Type.String(),
  label: Type.String({ description: 'Customer order reference and production order.' }),
  customerOrder: Nullable(
    Type.String({ description: "The customer order's reference (or id), when there is one." }),
  ),
  dueAt: Type.Number(),
  completionAt: Type.Number(),
  tardinessMinutes: Type.Number(),
  cause: Type.String({ description: 'station-busy, closed-time or work-content' }),
  bottleneck: Nullable(
    Type.Object({
      op: Type.Number(),
      operation: Type.String(),
      station: Type.String(),
      subLot: Nullable(Type.Number()),
      waitingMinutes: Type.Number(),
      busyMinutes: Type.Number(),
      closedMinutes: Type.Number(),
      blockingOrders: Type.Array(Type.String()),
    }),
  ),
  workMinutes: Type.Number(),
  reason: Type.String(),
});
const Plan = Type.Object({
  id: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Number(),
  objective: Type.String({
    description: 'tardiness (weighted tardiness, then makespan) or makespan (the reverse)',
  }),
  operations: Type.Array(PlannedOp),
  makespanAt: Nullable(Type.Number()),
  totalTardinessMinutes: Type.Number(),
  totalWeightedTardinessMinutes: Type.Number({
    description: 'Σ weight × tardiness; weight = 6 − priority.',
  }),
  orders: Type.Array(
    Type.Object({
      orderId: Type.String(),
      dueAt: Type.Number(),
      completionAt: Type.Number(),
      tardinessMinutes: Type.Number(),
      weight: Type.Number(),
    }),
  ),
  late: Type.Array(LateOrder, { description: 'Each late order with its bottleneck and cause.' }),
  moved: Type.Optional(PlannedOp),
});

const ItemStatuses = Type.Object({
  items: Type.Array(
    Type.Object({
      index: Type.Number(),
      status: Type.String(),
      reason: Type.Optional(Type.String()),
    }),
  ),
});
const Proposal = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  store: Type.String(),
  quantity: Type.Number(),
  status: Type.String({ description: 'proposed, accepted or rejected' }),
  productionOrderId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.Number(),
});

export const manufacturingDocs: RouteDocs = {
  'GET /api/v1/manufacturing/stations': {
    summary: 'List stations',
    description: 'Work stations of the plant with their capacity and skills.',
    response: { 200: Type.Array(Station) },
    example: [],
  },
  'POST /api/v1/manufacturing/stations': {
    summary: 'Create a station',
    description: 'A work station with its operations and shifts.',
    response: { 201: Station },
    example: {
      id: 'st_13d4qg2gb1rx6205',
      code: 'CUT1',
      name: 'Auto cutter 1',
      line: 'A',
      shifts: [
        {
          days: [0],
          start: '06:00',
          end: '22:00',
        },
      ],
      createdAt: 1796584966369,
    },
    body: {
      code: 'CUT1',
      name: 'Auto cutter 1',
      line: 'A',
      shifts: [
        {
          days: [0],
          start: '06:00',
          end: '22:00',
        },
      ],
    },
  },
  'GET /api/v1/manufacturing/stations/:id': {
    summary: 'Get a station',
    description: 'One station by id.',
    response: { 200: Station },
    params: { id: 'st_0d09fdtsw20a82xz' },
  },
  'GET /api/v1/manufacturing/models': {
    summary: 'List product models',
    description: 'Configurable product models with their options and routing.',
    response: { 200: Type.Array(ProductModel) },
    example: [
      {
        id: 'pm_2j1mg1tbxsj0sgy8',
        spec: {
          code: 'DJ01',
          name: 'Down jacket',
          options: [
            {
              key: 'size',
              required: true,
              values: [
                {
                  code: 'S',
                },
              ],
            },
          ],
          rules: [
            {
              kind: 'excludes',
              id: 'no-white-gore',
              if: {
                option: 'fabric',
                values: ['GORE'],
              },
              then: {
                option: 'colour',
                values: ['WHITE'],
              },
            },
          ],
          bom: [
            {
              item: 'SHELL-{fabric}-{colour}',
              unit: 'm',
              quantityBy: {
                option: 'size',
                quantities: {
                  S: 1.6,
                  M: 1.8,
                  L: 2,
                  XXL: 2.4,
                },
              },
            },
          ],
          changeover: {
            option: 'colour',
            minutes: 20,
          },
          routing: [
            {
              operation: 'cutting',
              stations: [
                {
                  station: 'CUT1',
                  minutesPerUnit: 2,
                  setupMinutes: 10,
                },
              ],
            },
          ],
        },
        createdAt: 1796584966394,
        updatedAt: 1796584966394,
      },
    ],
  },
  'POST /api/v1/manufacturing/models': {
    summary: 'Create a product model',
    description: 'A product model with options, constraints and a routing per option set.',
    response: { 201: ProductModel },
    example: {
      id: 'pm_2j1mg1tbxsj0sgy8',
      spec: {
        code: 'DJ01',
        name: 'Down jacket',
        options: [
          {
            key: 'size',
            required: true,
            values: [
              {
                code: 'S',
              },
            ],
          },
        ],
        rules: [
          {
            kind: 'excludes',
            id: 'no-white-gore',
            if: {
              option: 'fabric',
              values: ['GORE'],
            },
            then: {
              option: 'colour',
              values: ['WHITE'],
            },
          },
        ],
        bom: [
          {
            item: 'SHELL-{fabric}-{colour}',
            unit: 'm',
            quantityBy: {
              option: 'size',
              quantities: {
                S: 1.6,
                M: 1.8,
                L: 2,
                XXL: 2.4,
              },
            },
          },
        ],
        changeover: {
          option: 'colour',
          minutes: 20,
        },
        routing: [
          {
            operation: 'cutting',
            stations: [
              {
                station: 'CUT1',
                minutesPerUnit: 2,
                setupMinutes: 10,
              },
            ],
          },
        ],
      },
      createdAt: 1796584966394,
      updatedAt: 1796584966394,
    },
    body: {
      code: 'DJ01',
      name: 'Down jacket',
      options: [
        {
          key: 'size',
          required: true,
          values: [
            {
              code: 'S',
            },
          ],
        },
      ],
      rules: [
        {
          kind: 'excludes',
          id: 'no-white-gore',
          if: {
            option: 'fabric',
            values: ['GORE'],
          },
          then: {
            option: 'colour',
            values: ['WHITE'],
          },
        },
      ],
      bom: [
        {
          item: 'SHELL-{fabric}-{colour}',
          unit: 'm',
          quantityBy: {
            option: 'size',
            quantities: {
              S: 1.6,
              M: 1.8,
              L: 2,
              XXL: 2.4,
            },
          },
        },
      ],
      changeover: {
        option: 'colour',
        minutes: 20,
      },
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
        },
      ],
    },
  },
  'GET /api/v1/manufacturing/models/:id': {
    summary: 'Get a product model',
    description: 'One product model by id.',
    response: { 200: ProductModel },
    params: { id: 'pm_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/models/:id/configure': {
    summary: 'Configure a product',
    description:
      "Checks a choice of options against the model's constraints and answers the bill of materials and routing; nothing is stored.",
    response: {
      200: Type.Object({
        configuration: Type.Record(Type.String(), Type.String()),
        sku: Type.String({
          description: 'model code and chosen values, e.g. DJ01-M-DOWN90-RED-none',
        }),
        bom: Type.Array(
          Type.Object({
            item: Type.String(),
            unit: Type.String(),
            quantity: Type.Number(),
            perPiece: Type.Number(),
          }),
        ),
        routing: Type.Array(
          Type.Object({
            operation: Type.String(),
            stations: Type.Array(
              Type.Object({
                station: Type.String(),
                minutesPerUnit: Type.Number(),
                setupMinutes: Type.Optional(Type.Number()),
              }),
            ),
            changeover: Type.Optional(
              Type.Object({ family: Type.String(), minutes: Type.Number() }),
            ),
          }),
        ),
      }),
    },
    example: {
      configuration: { size: 'M', fill: 'DOWN90', colour: 'RED' },
      sku: 'DJ01-M-DOWN90-RED-none',
      bom: [{ item: 'down-90', unit: 'g', quantity: 180, perPiece: 180 }],
      routing: [{ operation: 'cut', stations: [{ station: 'CUT1', minutesPerUnit: 4 }] }],
    },
    body: { configuration: { size: 'M', fill: 'DOWN90', colour: 'RED' }, quantity: 1 },
  },
  'GET /api/v1/manufacturing/customer-orders': {
    summary: 'List customer orders',
    description: 'The customer orders of the tenant (not yet filtered or paged).',
    response: { 200: Type.Array(CustomerOrder) },
    example: [],
  },
  'POST /api/v1/manufacturing/customer-orders': {
    summary: 'Place a customer order',
    description: 'An order for a configured product, quantity and due date.',
    response: { 201: CustomerOrder },
    example: {
      id: 'co_7axns9rdq9cnj0vh',
      customerId: 'cu_84ftyaw2j3txg3wf',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      reference: '',
      sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
      configuration: {
        size: 'M',
        fabric: 'NYLON',
        colour: 'RED',
        embroidery: 'logo',
        fill: 'DUCK90',
      },
      quantity: 2,
      dueAt: 1796844166424,
      priority: 3,
      bom: [
        {
          item: 'SHELL-NYLON-RED',
          unit: 'm',
          perPiece: 1.8,
          quantity: 3.6,
        },
      ],
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
          changeover: {
            family: 'colour=RED',
            minutes: 20,
          },
        },
      ],
      status: 'open',
      productionOrderId: null,
      createdAt: 1796584966426,
    },
    body: {
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      customerId: 'cu_84ftyaw2j3txg3wf',
      configuration: {
        size: 'M',
        fabric: 'NYLON',
        colour: 'RED',
        embroidery: 'logo',
      },
      quantity: 2,
      dueAt: 1796844166424,
    },
  },
  'GET /api/v1/manufacturing/customer-orders/:id': {
    summary: 'Get a customer order',
    description: 'One customer order by id.',
    response: { 200: CustomerOrder },
    example: {
      id: 'co_41x74xdxz25400q0',
      customerId: 'cu_84ftyaw2j3txg3wf',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      reference: '',
      sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
      configuration: {
        size: 'M',
        fabric: 'NYLON',
        colour: 'RED',
        embroidery: 'logo',
        fill: 'DUCK90',
      },
      quantity: 1,
      dueAt: 1796671367989,
      priority: 3,
      bom: [
        {
          item: 'SHELL-NYLON-RED',
          unit: 'm',
          perPiece: 1.8,
          quantity: 1.8,
        },
      ],
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
          changeover: {
            family: 'colour=RED',
            minutes: 20,
          },
        },
      ],
      status: 'released',
      productionOrderId: 'po_nyjecyha8mr6p3h9',
      createdAt: 1796584967989,
    },
  },
  'POST /api/v1/manufacturing/customer-orders/:id/release': {
    summary: 'Release an order to production',
    description: 'Creates the production order with its operations from the configured routing.',
    response: { 201: ProductionOrder },
    example: {
      id: 'po_6wj1a8jsysgg6n71',
      customerId: 'cu_84ftyaw2j3txg3wf',
      source: 'customer-order',
      sourceId: 'co_8wqk0q0ky40mzv9x',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
      quantity: 3,
      releaseAt: 1796584966435,
      dueAt: 1796671366433,
      priority: 3,
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
          changeover: {
            family: 'colour=RED',
            minutes: 20,
          },
        },
      ],
      status: 'released',
      createdAt: 1796584966436,
    },
  },
  'GET /api/v1/manufacturing/production-orders': {
    summary: 'List production orders',
    description:
      'Production orders the caller may see with their routing and status, filtered by status, source, customer, product model, SKU and creation time (release time with `sort=releaseAt`), newest first (`order=asc` for oldest), paged by cursor (`limit`, default 100, and `cursor` → `nextCursor`).',
    response: { 200: CursorPage(ProductionOrder) },
    query: { status: 'in-progress', limit: 50 },
    example: {
      items: [
        {
          id: 'po_6wj1a8jsysgg6n71',
          customerId: 'cu_84ftyaw2j3txg3wf',
          source: 'customer-order',
          sourceId: 'co_8wqk0q0ky40mzv9x',
          modelId: 'pm_2j1mg1tbxsj0sgy8',
          sku: 'DJ01-M-NYLON-RED-DUCK90-logo',
          quantity: 3,
          releaseAt: 1796584966435,
          dueAt: 1796671366433,
          priority: 3,
          routing: [
            {
              operation: 'cutting',
              stations: [
                {
                  station: 'CUT1',
                  minutesPerUnit: 2,
                  setupMinutes: 10,
                },
              ],
              changeover: {
                family: 'colour=RED',
                minutes: 20,
              },
            },
          ],
          status: 'in-progress',
          createdAt: 1796584966436,
        },
      ],
      nextCursor: null,
    },
  },
  'GET /api/v1/manufacturing/production-orders/:id': {
    summary: 'Get a production order',
    description: 'One production order with its operations.',
    response: { 200: ProductionOrder },
    params: { id: 'po_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/production-orders/:id/operations/:op/start': {
    summary: 'Start an operation',
    description: 'A station reports that an operation has started.',
    response: {
      200: Type.Object({
        orderId: Type.String(),
        op: Type.Number(),
        operation: Type.String(),
        station: Type.String(),
        kind: Type.String(),
        at: Type.Number(),
        quantity: Type.Number(),
        scrap: Type.Number(),
        orderStatus: Type.String(),
        units: Type.Array(Type.Object({ assetId: Type.String(), serial: Type.String() }), {
          description:
            'Units registered as assets when the last operation of a serialised product finished',
        }),
      }),
    },
    example: {
      orderId: 'po_6wj1a8jsysgg6n71',
      op: 0,
      operation: 'cutting',
      station: 'CUT1',
      kind: 'start',
      at: 1796584967969,
      quantity: 0,
      scrap: 0,
      orderStatus: 'in-progress',
      units: [],
    },
    body: {
      station: 'CUT1',
    },
  },
  'POST /api/v1/manufacturing/production-orders/:id/operations/:op/finish': {
    summary: 'Finish an operation',
    description: 'A station reports that an operation finished, with good and scrap quantities.',
    response: {
      200: Type.Object({
        orderId: Type.String(),
        op: Type.Number(),
        operation: Type.String(),
        station: Type.String(),
        kind: Type.String(),
        at: Type.Number(),
        quantity: Type.Number(),
        scrap: Type.Number(),
        orderStatus: Type.String(),
        units: Type.Array(Type.Object({ assetId: Type.String(), serial: Type.String() }), {
          description:
            'Units registered as assets when the last operation of a serialised product finished',
        }),
      }),
    },
    example: {
      orderId: 'po_nyjecyha8mr6p3h9',
      op: 0,
      operation: 'cutting',
      station: 'CUT2',
      kind: 'finish',
      at: 1796584968003,
      quantity: 1,
      scrap: 0,
      orderStatus: 'in-progress',
      units: [],
    },
    body: {
      quantity: 1,
    },
  },
  'GET /api/v1/manufacturing/wip': {
    summary: 'Work in progress',
    description: 'Production orders in progress per station.',
    response: {
      200: Type.Array(
        Type.Object({
          orderId: Type.String(),
          sku: Type.String(),
          quantity: Type.Number(),
          dueAt: Type.Number(),
          running: Type.Array(
            Type.Object(
              { op: Type.Integer(), operation: Type.String() },
              { additionalProperties: true },
            ),
          ),
          finishedOperations: Type.Integer(),
          operations: Type.Integer(),
        }),
      ),
    },
    example: [],
  },
  'POST /api/v1/manufacturing/skus': {
    summary: 'Create a SKU',
    description: 'A stock-keeping unit for replenishment.',
    response: {
      201: Type.Object({
        sku: Type.String(),
        modelId: Type.String(),
        configuration: Type.Object({
          size: Type.String(),
          fabric: Type.String(),
          colour: Type.String(),
          fill: Type.String(),
          embroidery: Type.String(),
        }),
      }),
    },
    example: {
      sku: 'DJ01-L-GORE-BLACK-DUCK90-none',
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      configuration: {
        size: 'L',
        fabric: 'GORE',
        colour: 'BLACK',
        fill: 'DUCK90',
        embroidery: 'none',
      },
    },
    body: {
      modelId: 'pm_2j1mg1tbxsj0sgy8',
      configuration: {
        size: 'L',
        fabric: 'GORE',
        colour: 'BLACK',
      },
    },
  },
  'POST /api/v1/manufacturing/sales': {
    summary: 'Record sales',
    description: 'Sales per SKU and day, the demand replenishment reads.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.Optional(Type.String()),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          index: 0,
          status: 'ok',
        },
      ],
    },
    body: {
      csv: 'sku,store,day,quantity\nDJ01-L-GORE-BLACK-DUCK90-none,BJ01,2026-01-05,4\nDJ01-L-GORE-BLACK-DUCK90-none,BJ01,2026-01-06,-2\n',
    },
  },
  'POST /api/v1/manufacturing/stock': {
    summary: 'Record stock',
    description: 'Stock on hand per SKU.',
    response: { 200: ItemStatuses },
    example: { items: [{ index: 0, status: 'ok' }] },
    body: { rows: [{ sku: 'SHIRT-M-BLUE', store: 'SH01', onHand: 40 }] },
  },
  'POST /api/v1/manufacturing/replenishment/run': {
    summary: 'Run replenishment',
    description:
      'Proposes production for SKUs whose projected stock falls below their reorder point.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.String(),
            sku: Type.String(),
            store: Type.String(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          index: 0,
          status: 'insufficient-data',
          reason: 'DJ01-L-GORE-BLACK-DUCK90-none@BJ01: 2 days of sales, need 14',
          sku: 'DJ01-L-GORE-BLACK-DUCK90-none',
          store: 'BJ01',
        },
      ],
    },
    body: {
      asOfDay: '2026-01-07',
      leadTimeDays: 2,
      reviewDays: 1,
    },
  },
  'GET /api/v1/manufacturing/replenishment/proposals': {
    summary: 'Replenishment proposals',
    description: 'Open and decided proposals.',
    response: { 200: Type.Array(Proposal) },
    example: [],
  },
  'POST /api/v1/manufacturing/replenishment/proposals/:id/accept': {
    summary: 'Accept a proposal',
    description: 'Accepts a replenishment proposal.',
    response: {
      200: Type.Object({
        id: Type.String(),
        status: Type.String(),
        productionOrder: Nullable(ProductionOrder),
      }),
    },
    params: { id: 'rp_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/replenishment/proposals/:id/reject': {
    summary: 'Reject a proposal',
    description: 'Rejects a replenishment proposal.',
    response: {
      200: Type.Object({
        id: Type.String(),
        status: Type.String(),
        productionOrder: Nullable(ProductionOrder),
      }),
    },
    params: { id: 'rp_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/plans': {
    summary: 'Plan production',
    description:
      'Schedules released orders on the stations and stores the plan as current. Objective (`objective`): weighted tardiness then makespan (default, weight 6 − priority) or makespan then weighted tardiness. Operations resume after breaks and nights (closed time does not count; `segments` shows the pieces); with `transferBatch` lots larger than that are split into sub-lots that run in parallel on eligible stations and move on one by one. `late` explains each late order: the bottleneck operation and station, how long it waited and why (station busy with named orders, station closed, or more work than open time). An infeasible plan names the customer order, production order, operation and stations.',
    response: { 201: Plan },
    example: {
      id: 'pl_8fvd7d3k2ctmd5zb',
      createdBy: 'user:eng@acme.test',
      createdAt: 1796584966438,
      operations: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'cutting',
          station: 'CUT1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      makespanAt: 1796632500000,
      objective: 'tardiness',
      totalTardinessMinutes: 0,
      totalWeightedTardinessMinutes: 0,
      late: [],
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          completionAt: 1796632500000,
          tardinessMinutes: 0,
          weight: 3,
        },
      ],
    },
    body: {
      timeLimitMs: 50,
      horizonDays: 14,
      objective: 'tardiness',
      transferBatch: 25,
    },
  },
  'GET /api/v1/manufacturing/plans/current': {
    summary: 'Current plan',
    description: 'The current production plan.',
    response: { 200: Plan },
    example: {
      id: 'pl_k76hvcfxn0w71zek',
      createdBy: 'user:eng@acme.test',
      createdAt: 1796584967957,
      makespanAt: 1796632500000,
      objective: 'tardiness',
      totalTardinessMinutes: 0,
      totalWeightedTardinessMinutes: 0,
      late: [],
      operations: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'cutting',
          station: 'CUT1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          completionAt: 1796632500000,
          tardinessMinutes: 0,
          weight: 3,
        },
      ],
    },
  },
  'POST /api/v1/manufacturing/plans/current/move': {
    summary: 'Move an operation',
    description:
      'Moves one operation in the current plan by hand; later operations are shifted right.',
    response: { 201: Plan },
    example: {
      id: 'pl_k76hvcfxn0w71zek',
      createdBy: 'user:eng@acme.test',
      createdAt: 1796584967957,
      operations: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'cutting',
          station: 'CUT1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      makespanAt: 1796632500000,
      objective: 'tardiness',
      totalWeightedTardinessMinutes: 0,
      late: [],
      orders: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          completionAt: 1796632500000,
          tardinessMinutes: 0,
          weight: 3,
        },
      ],
      totalTardinessMinutes: 0,
      moved: {
        orderId: 'po_6wj1a8jsysgg6n71',
        op: 1,
        operation: 'sewing',
        station: 'SEW1',
        start: 1796585940000,
        end: 1796588100000,
      },
    },
    body: {
      orderId: 'po_6wj1a8jsysgg6n71',
      op: 1,
      station: 'SEW1',
      start: 1796585940000,
    },
  },
  'POST /api/v1/manufacturing/what-if': {
    summary: 'What-if plan',
    description: 'Plans with extra orders or stations unavailable, without storing anything.',
    response: {
      200: Type.Object({
        plan: Type.Omit(Plan, ['id', 'createdBy', 'moved']),
        base: Type.String(),
        diff: Type.Array(
          Type.Object({
            orderId: Type.String(),
            dueAt: Type.Number(),
            before: Nullable(
              Type.Object({
                completionAt: Type.Number(),
                tardinessMinutes: Type.Number(),
              }),
            ),
            after: Type.Object({
              completionAt: Type.Number(),
              tardinessMinutes: Type.Number(),
            }),
            tardinessChangeMinutes: Type.Number(),
          }),
        ),
        load: Type.Object({
          stations: Type.Array(
            Type.Object({
              day: Type.String(),
              station: Type.String(),
              line: Type.String(),
              loadMinutes: Type.Number(),
              availableMinutes: Type.Number(),
              utilisation: Type.Number(),
            }),
          ),
          lines: Type.Array(
            Type.Object({
              day: Type.String(),
              station: Type.String(),
              line: Type.String(),
              loadMinutes: Type.Number(),
              availableMinutes: Type.Number(),
              utilisation: Type.Number(),
            }),
          ),
        }),
      }),
    },
    example: {
      plan: {
        createdAt: 1796584967221,
        operations: [
          {
            orderId: 'po_6wj1a8jsysgg6n71',
            op: 0,
            operation: 'cutting',
            station: 'CUT1',
            start: 1796584980000,
            end: 1796585940000,
          },
        ],
        makespanAt: 1796633280000,
        totalTardinessMinutes: 0,
        orders: [
          {
            orderId: 'po_6wj1a8jsysgg6n71',
            dueAt: 1796671366433,
            completionAt: 1796632500000,
            tardinessMinutes: 0,
            weight: 3,
          },
        ],
        objective: 'tardiness',
        totalWeightedTardinessMinutes: 0,
        late: [],
      },
      base: 'current',
      diff: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          dueAt: 1796671366433,
          before: {
            completionAt: 1796632500000,
            tardinessMinutes: 0,
          },
          after: {
            completionAt: 1796632500000,
            tardinessMinutes: 0,
          },
          tardinessChangeMinutes: 0,
        },
      ],
      load: {
        stations: [
          {
            day: '2026-12-06',
            station: 'CUT1',
            line: 'A',
            loadMinutes: 30,
            availableMinutes: 960,
            utilisation: 0.03125,
          },
        ],
        lines: [
          {
            day: '2026-12-06',
            station: '*',
            line: 'A',
            loadMinutes: 66,
            availableMinutes: 2400,
            utilisation: 0.0275,
          },
        ],
      },
    },
    body: {
      timeLimitMs: 50,
      rushOrders: [
        {
          modelId: 'pm_2j1mg1tbxsj0sgy8',
          configuration: {
            size: 'M',
            fabric: 'NYLON',
            colour: 'RED',
            embroidery: 'logo',
          },
          quantity: 2,
          dueAt: 1796671367220,
        },
      ],
    },
  },
  'GET /api/v1/manufacturing/gantt': {
    summary: 'Gantt chart',
    description: 'The current plan as bars per station.',
    response: {
      200: Type.Object({
        planId: Nullable(Type.String()),
        stations: Type.Array(
          Type.Object({
            code: Type.String(),
            name: Type.String(),
            line: Type.String(),
          }),
        ),
        planned: Type.Array(
          Type.Object({
            orderId: Type.String(),
            op: Type.Number(),
            operation: Type.String(),
            station: Type.String(),
            start: Type.Number(),
            end: Type.Number(),
          }),
        ),
        actual: Type.Array(
          Type.Object({
            orderId: Type.String(),
            op: Type.Number(),
            station: Type.String(),
            start: Type.Number(),
            end: Nullable(Type.Number()),
            quantity: Nullable(Type.Number()),
            scrap: Nullable(Type.Number()),
          }),
        ),
      }),
    },
    example: {
      planId: 'pl_k76hvcfxn0w71zek',
      stations: [
        {
          code: 'CUT1',
          name: 'Auto cutter 1',
          line: 'A',
        },
      ],
      planned: [
        {
          orderId: 'po_6wj1a8jsysgg6n71',
          op: 0,
          operation: 'cutting',
          station: 'CUT1',
          start: 1796584980000,
          end: 1796585940000,
        },
      ],
      actual: [],
    },
  },
  'GET /api/v1/manufacturing/oee': {
    summary: 'OEE',
    description:
      'Availability, performance (effectiveness), quality and OEE per station over a period (ISO 22400-2). Inputs are checked first: a performance above 100 %, a run whose piece count contradicts its ideal cycle time, or pieces with no ideal cycle time are listed in `flags` with the cause (naming the production order and operation), and effectiveness and OEE are then null instead of an unbelievable number.',
    response: {
      200: Type.Array(
        Type.Object({
          station: Type.String(),
          line: Type.String(),
          plannedBusyMinutes: Type.Number(),
          actualProductionMinutes: Type.Number(),
          producedQuantity: Type.Number(),
          goodQuantity: Type.Number(),
          availability: Type.Number(),
          effectiveness: Nullable(Type.Number()),
          quality: Nullable(Type.Number()),
          oee: Nullable(Type.Number()),
          flags: Type.Array(
            Type.Object({
              code: Type.String({
                description:
                  'performance-above-100, cycle-time-contradicts-counts or ideal-cycle-time-missing',
              }),
              orderId: Type.Optional(Type.String()),
              op: Type.Optional(Type.Number()),
              performance: Type.Optional(Type.Number()),
              reason: Type.String(),
            }),
          ),
        }),
      ),
    },
    example: [
      {
        station: 'CUT1',
        line: 'A',
        plannedBusyMinutes: 960,
        actualProductionMinutes: 0,
        producedQuantity: 0,
        goodQuantity: 0,
        availability: 0,
        effectiveness: null,
        quality: null,
        oee: null,
        flags: [],
      },
    ],
    query: { from: 1796580000000, to: 1796666400000 },
  },
  'GET /api/v1/manufacturing/capacity': {
    summary: 'Capacity',
    description: 'Load against capacity per station and day.',
    response: {
      200: Type.Object({
        planId: Nullable(Type.String()),
        stations: Type.Array(
          Type.Object({
            day: Type.String(),
            station: Type.String(),
            line: Type.String(),
            loadMinutes: Type.Number(),
            availableMinutes: Type.Number(),
            utilisation: Type.Number(),
          }),
        ),
        lines: Type.Array(
          Type.Object({
            day: Type.String(),
            station: Type.String(),
            line: Type.String(),
            loadMinutes: Type.Number(),
            availableMinutes: Type.Number(),
            utilisation: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      planId: 'pl_k76hvcfxn0w71zek',
      stations: [
        {
          day: '2026-12-06',
          station: 'CUT1',
          line: 'A',
          loadMinutes: 16,
          availableMinutes: 960,
          utilisation: 0.016666666666666666,
        },
      ],
      lines: [
        {
          day: '2026-12-06',
          station: '*',
          line: 'A',
          loadMinutes: 52,
          availableMinutes: 2400,
          utilisation: 0.021666666666666667,
        },
      ],
    },
    query: { from: 1796580000000, days: 7 },
  },
};
