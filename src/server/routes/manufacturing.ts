// Manufacturing routes: stations, product models and the configurator, customer and production
// orders, shop-floor reports, replenishment, plans and what-if, WIP, Gantt, OEE and capacity.
// Reads need production:read, station reports production:report, changes production:write.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as mfg from '../../manufacturing/index.ts';
import { invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { TimeParam, TzParam, parseTimeParam, timeContext } from '../time.ts';
import { Type } from '@sinclair/typebox';
import { Id, IdParams, Key, Name, Strict } from '../schemas.ts';
import { flowRoutes } from './manufacturing-flow.ts';
import { PricingBody, Serialised, Serials } from './manufacturing-flow-schemas.ts';

const read = { permission: 'production:read' } as const;
const write = { permission: 'production:write' } as const;
const report = { permission: 'production:report' } as const;
const tags = ['manufacturing'];

// Schemas: one TypeBox schema per boundary is both validator and type.

const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5 });
const Epoch = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 });
const Minutes = Type.Number({ minimum: 0, maximum: 100_000 });
const lit = <T extends string>(v: T) => Type.Literal(v);

const Condition = Strict({
  option: Key,
  values: Type.Array(Code, { minItems: 1, maxItems: 100 }),
});
const Rule = Type.Union([
  Strict({ kind: lit('requires'), id: Code, if: Condition, then: Condition }),
  Strict({ kind: lit('excludes'), id: Code, if: Condition, then: Condition }),
  Strict({ kind: lit('only-if'), id: Code, choice: Condition, if: Condition }),
]);
const Option = Strict({
  key: Key,
  name: Type.Optional(Name),
  required: Type.Boolean(),
  values: Type.Array(Strict({ code: Code, name: Type.Optional(Name) }), {
    minItems: 1,
    maxItems: 200,
  }),
  default: Type.Optional(Code),
});
const Bom = Strict({
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
const StationTime = Strict({
  station: Code,
  minutesPerUnit: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  setupMinutes: Type.Optional(Minutes),
});
const Routing = Strict({
  operation: Type.String({ minLength: 1, maxLength: 100 }),
  stations: Type.Array(StationTime, { minItems: 1, maxItems: 50 }),
  when: Type.Optional(Condition),
});
const ModelSpec = Strict({
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

const Shift = Strict({
  days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7 }),
  start: Clock,
  end: Clock,
});
const StationBody = Strict({
  code: Code,
  name: Name,
  line: Type.String({ minLength: 1, maxLength: 100 }),
  shifts: Type.Array(Shift, { maxItems: 50 }),
});

const Configuration = Type.Record(Key, Code, { maxProperties: 100 });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const ConfigureBody = Strict({
  configuration: Configuration,
  quantity: Type.Optional(Quantity),
});
const CustomerOrderBody = Strict({
  modelId: Id,
  customerId: Type.Optional(Type.Union([Id, Type.Null()])),
  reference: Type.Optional(Type.String({ maxLength: 100 })),
  configuration: Configuration,
  quantity: Quantity,
  dueAt: Epoch,
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});

const OpParams = Strict({ id: Id, op: Type.Integer({ minimum: 0, maximum: 49 }) });
const StartBody = Strict({ station: Code, at: Type.Optional(Epoch) });
const FinishBody = Strict({
  at: Type.Optional(Epoch),
  quantity: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  scrap: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  serials: Type.Optional(Serials),
});

const SkuBody = Strict({ modelId: Id, configuration: Configuration });
const Text = Type.String({ minLength: 1, maxLength: 100 });
const Count = Type.Number({ minimum: 0, maximum: 1e9 });
const SalesBody = Strict({
  csv: Type.Optional(Type.String({ maxLength: 8_000_000 })),
  rows: Type.Optional(
    Type.Array(
      Strict({ sku: Text, store: Text, day: Type.String({ maxLength: 10 }), quantity: Count }),
      { maxItems: 100_000 },
    ),
  ),
});
const StockBody = Strict({
  csv: Type.Optional(Type.String({ maxLength: 8_000_000 })),
  rows: Type.Optional(
    Type.Array(Strict({ sku: Text, store: Text, onHand: Count, onOrder: Type.Optional(Count) }), {
      maxItems: 100_000,
    }),
  ),
});
const ProposeBody = Strict({
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
const ProposalQuery = Strict({
  status: Type.Optional(
    Type.Union(['proposed', 'accepted', 'rejected', 'superseded'].map((s) => Type.Literal(s))),
  ),
});

const ExtraShift = Strict({ station: Code, start: Epoch, end: Epoch });
const planFields = {
  horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  timeLimitMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 30_000 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  extraShifts: Type.Optional(Type.Array(ExtraShift, { maxItems: 100 })),
};
const PlanBody = Strict(planFields);
const WhatIfBody = Strict({
  ...planFields,
  rushOrders: Type.Optional(
    Type.Array(
      Strict({ modelId: Id, configuration: Configuration, quantity: Quantity, dueAt: Epoch }),
      { maxItems: 50 },
    ),
  ),
});
const MoveBody = Strict({
  orderId: Id,
  op: Type.Integer({ minimum: 0, maximum: 49 }),
  station: Code,
  start: Epoch,
});
const PeriodQuery = Strict({ from: TimeParam, to: TimeParam, tz: Type.Optional(TzParam) });
const CapacityQuery = Strict({
  from: TimeParam,
  tz: Type.Optional(TzParam),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 92 })),
});

export async function manufacturingRoutes(base: FastifyInstance, opts: { db: Db }) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const scope = (req: FastifyRequest) => scopeOf(db, req);
  const p = '/manufacturing';

  app.get(`${p}/stations`, { config: read, schema: { tags } }, async (req) =>
    mfg.listStations(db, await scope(req)),
  );
  app.post(
    `${p}/stations`,
    { config: write, schema: { tags, body: StationBody } },
    async (req, reply) =>
      reply.status(201).send(await mfg.createStation(db, await scope(req), req.body)),
  );
  app.get(`${p}/stations/:id`, { config: read, schema: { tags, params: IdParams } }, async (req) =>
    mfg.getStation(db, await scope(req), req.params.id),
  );

  app.get(`${p}/models`, { config: read, schema: { tags } }, async (req) =>
    mfg.listProductModels(db, await scope(req)),
  );
  app.post(
    `${p}/models`,
    { config: write, schema: { tags, body: ModelSpec } },
    async (req, reply) =>
      reply.status(201).send(await mfg.createProductModel(db, await scope(req), req.body)),
  );
  app.get(`${p}/models/:id`, { config: read, schema: { tags, params: IdParams } }, async (req) =>
    mfg.getProductModel(db, await scope(req), req.params.id),
  );
  app.post(
    `${p}/models/:id/configure`,
    { config: read, schema: { tags, params: IdParams, body: ConfigureBody } },
    async (req) =>
      mfg.configureProduct(
        db,
        await scope(req),
        req.params.id,
        req.body.configuration,
        req.body.quantity ?? 1,
      ),
  );

  orderRoutes(app, db, p, scope);
  replenishmentRoutes(app, db, p, scope);
  planningRoutes(app, db, p, scope);
  flowRoutes(app, db, p, scope);
}

type ScopeFn = (req: FastifyRequest) => ReturnType<typeof scopeOf>;

function orderRoutes(base: FastifyInstance, db: Db, p: string, scope: ScopeFn) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.get(`${p}/customer-orders`, { config: read, schema: { tags } }, async (req) =>
    mfg.listCustomerOrders(db, await scope(req)),
  );
  app.post(
    `${p}/customer-orders`,
    { config: write, schema: { tags, body: CustomerOrderBody } },
    async (req, reply) =>
      reply.status(201).send(await mfg.createCustomerOrder(db, await scope(req), req.body)),
  );
  app.get(
    `${p}/customer-orders/:id`,
    { config: read, schema: { tags, params: IdParams } },
    async (req) => mfg.getCustomerOrder(db, await scope(req), req.params.id),
  );
  app.post(
    `${p}/customer-orders/:id/release`,
    { config: write, schema: { tags, params: IdParams } },
    async (req, reply) =>
      reply.status(201).send(await mfg.releaseCustomerOrder(db, await scope(req), req.params.id)),
  );
  app.get(`${p}/production-orders`, { config: read, schema: { tags } }, async (req) =>
    mfg.listProductionOrders(db, await scope(req)),
  );
  app.get(
    `${p}/production-orders/:id`,
    { config: read, schema: { tags, params: IdParams } },
    async (req) => mfg.getProductionOrder(db, await scope(req), req.params.id),
  );
  app.post(
    `${p}/production-orders/:id/operations/:op/start`,
    { config: report, schema: { tags, params: OpParams, body: StartBody } },
    async (req) =>
      mfg.reportEvent(db, await scope(req), req.params.id, req.params.op, {
        kind: 'start',
        ...req.body,
      }),
  );
  app.post(
    `${p}/production-orders/:id/operations/:op/finish`,
    { config: report, schema: { tags, params: OpParams, body: FinishBody } },
    async (req) =>
      mfg.reportEvent(db, await scope(req), req.params.id, req.params.op, {
        kind: 'finish',
        ...req.body,
      }),
  );
  app.get(`${p}/wip`, { config: read, schema: { tags } }, async (req) =>
    mfg.workInProgress(db, await scope(req)),
  );
}

const oneOf = (body: { csv?: string; rows?: unknown[] }) => {
  if ((body.csv === undefined) === (body.rows === undefined))
    throw invalid('csv', 'send exactly one of csv and rows');
  return body as { csv?: string; rows?: Record<string, unknown>[] };
};

function replenishmentRoutes(base: FastifyInstance, db: Db, p: string, scope: ScopeFn) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(`${p}/skus`, { config: write, schema: { tags, body: SkuBody } }, async (req, reply) =>
    reply.status(201).send(await mfg.registerSku(db, await scope(req), req.body)),
  );
  app.post(`${p}/sales`, { config: write, schema: { tags, body: SalesBody } }, async (req) => ({
    items: await mfg.importSales(db, await scope(req), oneOf(req.body)),
  }));
  app.post(`${p}/stock`, { config: write, schema: { tags, body: StockBody } }, async (req) => ({
    items: await mfg.importStock(db, await scope(req), oneOf(req.body)),
  }));
  app.post(
    `${p}/replenishment/run`,
    { config: write, schema: { tags, body: ProposeBody } },
    async (req) => {
      const b = req.body;
      const policy = {
        leadTimeDays: b.leadTimeDays,
        reviewDays: b.reviewDays,
        z: b.z ?? 1.65,
        method: b.method ?? { kind: 'ses' as const, alpha: 0.3 },
        batchSize: b.batchSize ?? 1,
        minHistoryDays: b.minHistoryDays ?? 14,
      };
      return {
        items: await mfg.proposeReplenishmentOrders(db, await scope(req), policy, b.asOfDay),
      };
    },
  );
  app.get(
    `${p}/replenishment/proposals`,
    { config: read, schema: { tags, querystring: ProposalQuery } },
    async (req) => mfg.listProposals(db, await scope(req), req.query.status),
  );
  for (const decision of ['accept', 'reject'] as const) {
    app.post(
      `${p}/replenishment/proposals/:id/${decision}`,
      { config: write, schema: { tags, params: IdParams } },
      async (req) => mfg.decideProposal(db, await scope(req), req.params.id, decision),
    );
  }
}

function planningRoutes(base: FastifyInstance, db: Db, p: string, scope: ScopeFn) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(`${p}/plans`, { config: write, schema: { tags, body: PlanBody } }, async (req, reply) =>
    reply.status(201).send(await mfg.commitPlan(db, await scope(req), { workers: 2, ...req.body })),
  );
  app.get(`${p}/plans/current`, { config: read, schema: { tags } }, async (req) =>
    mfg.requireCurrentPlan(db, await scope(req)),
  );
  app.post(
    `${p}/plans/current/move`,
    { config: write, schema: { tags, body: MoveBody } },
    async (req, reply) =>
      reply.status(201).send(await mfg.moveOperation(db, await scope(req), req.body)),
  );
  app.post(`${p}/what-if`, { config: write, schema: { tags, body: WhatIfBody } }, async (req) =>
    mfg.whatIf(db, await scope(req), { workers: 2, ...req.body }),
  );
  app.get(`${p}/gantt`, { config: read, schema: { tags } }, async (req) =>
    mfg.gantt(db, await scope(req)),
  );
  app.get(`${p}/oee`, { config: read, schema: { tags, querystring: PeriodQuery } }, async (req) => {
    const s = await scope(req);
    const ctx = await timeContext(db, s.tenantId, req.query.tz);
    const from = parseTimeParam('from', req.query.from, ctx);
    const to = parseTimeParam('to', req.query.to, ctx);
    if (to <= from) throw invalid('to', 'must be after from');
    return mfg.stationOee(db, s, from, to);
  });
  app.get(
    `${p}/capacity`,
    { config: read, schema: { tags, querystring: CapacityQuery } },
    async (req) => {
      const s = await scope(req);
      const ctx = await timeContext(db, s.tenantId, req.query.tz);
      const from = parseTimeParam('from', req.query.from, ctx);
      return mfg.capacityLoad(db, s, from, req.query.days ?? 7, ctx.timeZone);
    },
  );
}
