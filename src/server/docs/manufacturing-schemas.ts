// Schemas and examples shared by the documentation of the manufacturing routes (manufacturing.ts).
import { Type } from '@sinclair/typebox';
import { Nullable } from './route-docs.ts';

export const Station = Type.Object({
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
export const ProductModel = Type.Object({
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
            // quantity per value of the option, whatever the model's values are
            quantities: Type.Record(Type.String(), Type.Number()),
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
export const CustomerOrder = Type.Object({
  id: Type.String(),
  customerId: Nullable(Type.String({ description: 'null for an order placed without a customer' })),
  modelId: Type.String(),
  reference: Type.String(),
  sku: Type.String(),
  // the chosen value per option key of the order's model
  configuration: Type.Record(Type.String(), Type.String()),
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
export const ProductionOrder = Type.Object({
  id: Type.String(),
  // null for stock: an order from an accepted replenishment proposal has no customer
  customerId: Nullable(Type.String()),
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
export const PlannedOp = Type.Object({
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
export const LateOrder = Type.Object({
  orderId: Type.String(),
  label: Type.String({
    description:
      "How messages name the order (English): its customer order's reference and what it makes.",
  }),
  name: Type.Optional(
    Type.Object(
      { en: Type.String(), 'zh-CN': Type.String() },
      { description: 'The same name in both languages (absent in plans stored before 2026-12).' },
    ),
  ),
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
      blockingOrderNames: Type.Optional(
        Type.Array(Type.Object({ en: Type.String(), 'zh-CN': Type.String() }), {
          description: 'The blocking orders as people know them, in the same order.',
        }),
      ),
    }),
  ),
  workMinutes: Type.Number(),
  reason: Type.String(),
});
export const Plan = Type.Object({
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

export const ItemStatuses = Type.Object({
  items: Type.Array(
    Type.Object({
      index: Type.Number(),
      status: Type.String(),
      reason: Type.Optional(Type.String()),
    }),
  ),
});
export const Proposal = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  store: Type.String(),
  quantity: Type.Number(),
  status: Type.String({ description: 'proposed, accepted or rejected' }),
  productionOrderId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.Number(),
});
