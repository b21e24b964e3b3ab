// Schemas of the manufacturing routes: one TypeBox schema per boundary is both validator and
// type. Times in bodies are `TimeValue`s, read by the one time parser (kernel/time) at the route.
import { Type } from '@sinclair/typebox';
import { Id, Key, Name, Strict } from '../schemas.ts';
import { TimeParam, TimeValue, TzParam } from '../time.ts';
import { PageQuery } from '../paging.ts';
import { PricingBody, Serialised, Serials } from './manufacturing-flow-schemas.ts';

export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
export const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5 });
export const Minutes = Type.Number({ minimum: 0, maximum: 100_000 });
export const lit = <T extends string>(v: T) => Type.Literal(v);

export const Condition = Strict({
  option: Key,
  values: Type.Array(Code, { minItems: 1, maxItems: 100 }),
});
export const Rule = Type.Union([
  Strict({ kind: lit('requires'), id: Code, if: Condition, then: Condition }),
  Strict({ kind: lit('excludes'), id: Code, if: Condition, then: Condition }),
  Strict({ kind: lit('only-if'), id: Code, choice: Condition, if: Condition }),
]);
export const Option = Strict({
  key: Key,
  name: Type.Optional(Name),
  required: Type.Boolean(),
  values: Type.Array(Strict({ code: Code, name: Type.Optional(Name) }), {
    minItems: 1,
    maxItems: 200,
  }),
  default: Type.Optional(Code),
});
export const Bom = Strict({
  item: Type.String({ minLength: 1, maxLength: 200 }),
  unit: Type.String({ minLength: 1, maxLength: 16 }),
  quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6 })),
  quantityBy: Type.Optional(
    Strict({
      option: Key,
      quantities: Type.Record(Type.String({ maxLength: 64 }), Type.Number({ minimum: 0 }), {
        maxProperties: 200,
      }),
    }),
  ),
  when: Type.Optional(Condition),
});
export const StationTime = Strict({
  station: Code,
  minutesPerUnit: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  setupMinutes: Type.Optional(Minutes),
});
export const Routing = Strict({
  operation: Type.String({ minLength: 1, maxLength: 100 }),
  stations: Type.Array(StationTime, { minItems: 1, maxItems: 50 }),
  when: Type.Optional(Condition),
});
export const ModelSpec = Strict({
  code: Code,
  name: Name,
  options: Type.Array(Option, { maxItems: 100 }),
  rules: Type.Array(Rule, { maxItems: 500 }),
  bom: Type.Array(Bom, { maxItems: 500 }),
  routing: Type.Array(Routing, { minItems: 1, maxItems: 50 }),
  changeover: Type.Optional(Strict({ option: Key, minutes: Minutes })),
  pricing: Type.Optional(PricingBody),
  serialised: Type.Optional(Serialised),
});

export const Shift = Strict({
  days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7 }),
  start: Clock,
  end: Clock,
});
export const StationBody = Strict({
  code: Code,
  name: Name,
  line: Type.String({ minLength: 1, maxLength: 100 }),
  shifts: Type.Array(Shift, { maxItems: 50 }),
});

export const Configuration = Type.Record(Key, Code, { maxProperties: 100 });
export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
export const ConfigureBody = Strict({
  configuration: Configuration,
  quantity: Type.Optional(Quantity),
});
export const CustomerOrderBody = Strict({
  modelId: Id,
  customerId: Type.Optional(Type.Union([Id, Type.Null()])),
  reference: Type.Optional(Type.String({ maxLength: 100 })),
  configuration: Configuration,
  quantity: Quantity,
  dueAt: TimeValue,
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});

export const ProductionOrderQuery = Strict({
  status: Type.Optional(
    Type.Union([lit('released'), lit('in-progress'), lit('done')], {
      description: 'released (not started), in-progress or done',
    }),
  ),
  source: Type.Optional(Type.Union([lit('customer-order'), lit('replenishment')])),
  customerId: Type.Optional(Id),
  modelId: Type.Optional(Id),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  from: Type.Optional(
    Type.Integer({ minimum: 0, description: 'created (or released) at or after, epoch ms' }),
  ),
  to: Type.Optional(
    Type.Integer({ minimum: 0, description: 'created (or released) before, epoch ms' }),
  ),
  sort: Type.Optional(
    Type.Union([lit('createdAt'), lit('releaseAt')], { description: 'default createdAt' }),
  ),
  ...PageQuery,
});

export const OpParams = Strict({ id: Id, op: Type.Integer({ minimum: 0, maximum: 49 }) });
export const StartBody = Strict({ station: Code, at: Type.Optional(TimeValue) });
export const FinishBody = Strict({
  at: Type.Optional(TimeValue),
  quantity: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  scrap: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  serials: Type.Optional(Serials),
});

export const SkuBody = Strict({ modelId: Id, configuration: Configuration });
export const Text = Type.String({ minLength: 1, maxLength: 100 });
export const Count = Type.Number({ minimum: 0, maximum: 1e9 });
export const SalesBody = Strict({
  csv: Type.Optional(Type.String({ maxLength: 8_000_000 })),
  rows: Type.Optional(
    Type.Array(
      Strict({ sku: Text, store: Text, day: Type.String({ maxLength: 10 }), quantity: Count }),
      { maxItems: 100_000 },
    ),
  ),
});
export const StockBody = Strict({
  csv: Type.Optional(Type.String({ maxLength: 8_000_000 })),
  rows: Type.Optional(
    Type.Array(Strict({ sku: Text, store: Text, onHand: Count, onOrder: Type.Optional(Count) }), {
      maxItems: 100_000,
    }),
  ),
});
export const ProposeBody = Strict({
  asOfDay: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 }),
  leadTimeDays: Type.Number({ minimum: 0, maximum: 365 }),
  reviewDays: Type.Number({ minimum: 0, maximum: 365 }),
  z: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
  method: Type.Optional(
    Type.Union([
      Strict({ kind: lit('ses'), alpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) }),
      Strict({ kind: lit('moving-average'), periods: Type.Integer({ minimum: 1, maximum: 365 }) }),
    ]),
  ),
  batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  minHistoryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
export const ProposalQuery = Strict({
  status: Type.Optional(
    Type.Union(['proposed', 'accepted', 'rejected', 'superseded'].map((s) => Type.Literal(s))),
  ),
});

export const ExtraShift = Strict({ station: Code, start: TimeValue, end: TimeValue });
export const planFields = {
  horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  timeLimitMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 30_000 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  extraShifts: Type.Optional(Type.Array(ExtraShift, { maxItems: 100 })),
  objective: Type.Optional(Type.Union([Type.Literal('tardiness'), Type.Literal('makespan')])),
  transferBatch: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
};
export const PlanBody = Strict(planFields);
export const WhatIfBody = Strict({
  ...planFields,
  rushOrders: Type.Optional(
    Type.Array(
      Strict({ modelId: Id, configuration: Configuration, quantity: Quantity, dueAt: TimeValue }),
      { maxItems: 50 },
    ),
  ),
});
export const MoveBody = Strict({
  orderId: Id,
  op: Type.Integer({ minimum: 0, maximum: 49 }),
  station: Code,
  start: TimeValue,
});
export const PeriodQuery = Strict({ from: TimeParam, to: TimeParam, tz: Type.Optional(TzParam) });
export const CapacityQuery = Strict({
  from: TimeParam,
  tz: Type.Optional(TzParam),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 92 })),
});
