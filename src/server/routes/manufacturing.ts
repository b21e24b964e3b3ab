// Manufacturing routes: stations, product models and the configurator, customer and production
// orders, shop-floor reports, replenishment, plans and what-if, WIP, Gantt, OEE and capacity.
// Reads need production:read, station reports production:report, changes production:write.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as mfg from '../../manufacturing/index.ts';
import { invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { bodyTimes, parseTimeParam, timeContext } from '../time.ts';
import { IdParams } from '../schemas.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import {
  CapacityQuery,
  ConfigureBody,
  CustomerOrderBody,
  FinishBody,
  ModelSpec,
  MoveBody,
  OpParams,
  PeriodQuery,
  PlanBody,
  ProductionOrderQuery,
  ProposalQuery,
  ProposeBody,
  SalesBody,
  SkuBody,
  StartBody,
  StationBody,
  StockBody,
  WhatIfBody,
} from './manufacturing-schemas.ts';
import { flowRoutes } from './manufacturing-flow.ts';

const read = { permission: 'production:read' } as const;
const write = { permission: 'production:write' } as const;
const report = { permission: 'production:report' } as const;
const tags = ['manufacturing'];

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
    async (req, reply) => {
      const s = await scope(req);
      const time = await bodyTimes(db, s.tenantId);
      const order = { ...req.body, dueAt: time('dueAt', req.body.dueAt) };
      return reply.status(201).send(await mfg.createCustomerOrder(db, s, order));
    },
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
  app.get(
    `${p}/production-orders`,
    { config: read, schema: { tags, querystring: ProductionOrderQuery } },
    async (req) => {
      const { cursor, limit = 100, ...filters } = req.query;
      const items = await mfg.pageProductionOrders(db, await scope(req), {
        ...filters,
        limit: limit + 1,
        ...(cursor ? { after: decodeCursor(cursor) } : {}),
      });
      const sortedBy = filters.sort ?? 'createdAt';
      return pageOf(items.slice(0, limit), items.length > limit, (o) => o[sortedBy]);
    },
  );
  app.get(
    `${p}/production-orders/:id`,
    { config: read, schema: { tags, params: IdParams } },
    async (req) => mfg.getProductionOrder(db, await scope(req), req.params.id),
  );
  app.post(
    `${p}/production-orders/:id/operations/:op/start`,
    { config: report, schema: { tags, params: OpParams, body: StartBody } },
    async (req) => {
      const s = await scope(req);
      const { at, ...rest } = req.body;
      const time = await bodyTimes(db, s.tenantId);
      return mfg.reportEvent(db, s, req.params.id, req.params.op, {
        kind: 'start',
        ...rest,
        ...(at !== undefined ? { at: time('at', at) } : {}),
      });
    },
  );
  app.post(
    `${p}/production-orders/:id/operations/:op/finish`,
    { config: report, schema: { tags, params: OpParams, body: FinishBody } },
    async (req) => {
      const s = await scope(req);
      const { at, ...rest } = req.body;
      const time = await bodyTimes(db, s.tenantId);
      return mfg.reportEvent(db, s, req.params.id, req.params.op, {
        kind: 'finish',
        ...rest,
        ...(at !== undefined ? { at: time('at', at) } : {}),
      });
    },
  );
  app.get(`${p}/wip`, { config: read, schema: { tags } }, async (req) =>
    mfg.workInProgress(db, await scope(req)),
  );
}

const oneOf = (body: { csv?: string; rows?: unknown[] }) => {
  if ((body.csv === undefined) === (body.rows === undefined))
    throw invalid('csv', {
      en: 'send exactly one of csv and rows',
      'zh-CN': 'csv 与 rows 只能且必须发送其一',
    });
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
  app.post(
    `${p}/plans`,
    { config: write, schema: { tags, body: PlanBody } },
    async (req, reply) => {
      const s = await scope(req);
      const body = await planTimes(db, s.tenantId, req.body);
      return reply.status(201).send(await mfg.commitPlan(db, s, { workers: 2, ...body }));
    },
  );
  app.get(`${p}/plans/current`, { config: read, schema: { tags } }, async (req) =>
    mfg.requireCurrentPlan(db, await scope(req)),
  );
  app.post(
    `${p}/plans/current/move`,
    { config: write, schema: { tags, body: MoveBody } },
    async (req, reply) => {
      const s = await scope(req);
      const time = await bodyTimes(db, s.tenantId);
      const move = { ...req.body, start: time('start', req.body.start) };
      return reply.status(201).send(await mfg.moveOperation(db, s, move));
    },
  );
  app.post(`${p}/what-if`, { config: write, schema: { tags, body: WhatIfBody } }, async (req) => {
    const s = await scope(req);
    const time = await bodyTimes(db, s.tenantId);
    const { rushOrders, ...rest } = await planTimes(db, s.tenantId, req.body);
    return mfg.whatIf(db, s, {
      workers: 2,
      ...rest,
      ...(rushOrders
        ? {
            rushOrders: rushOrders.map((o, i) => ({
              ...o,
              dueAt: time(`rushOrders[${i}].dueAt`, o.dueAt),
            })),
          }
        : {}),
    });
  });
  app.get(`${p}/gantt`, { config: read, schema: { tags } }, async (req) =>
    mfg.gantt(db, await scope(req)),
  );
  app.get(`${p}/oee`, { config: read, schema: { tags, querystring: PeriodQuery } }, async (req) => {
    const s = await scope(req);
    const ctx = await timeContext(db, s.tenantId, req.query.tz);
    const from = parseTimeParam('from', req.query.from, ctx);
    const to = parseTimeParam('to', req.query.to, ctx);
    if (to <= from) throw invalid('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
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

type TimeValue = string | number;

/** A plan body with its extra shifts' start and end read by the one time parser. */
async function planTimes<
  B extends { extraShifts?: { station: string; start: TimeValue; end: TimeValue }[] },
>(
  db: Db,
  tenantId: string,
  body: B,
): Promise<Omit<B, 'extraShifts'> & { extraShifts?: mfg.ExtraShift[] }> {
  const { extraShifts, ...rest } = body;
  if (!extraShifts) return rest;
  const time = await bodyTimes(db, tenantId);
  return {
    ...rest,
    extraShifts: extraShifts.map((x, i) => ({
      station: x.station,
      start: time(`extraShifts[${i}].start`, x.start),
      end: time(`extraShifts[${i}].end`, x.end),
    })),
  };
}
