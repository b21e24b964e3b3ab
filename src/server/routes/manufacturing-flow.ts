// Manufacturing order-flow routes (issue 19): a model's price list, quotes and their acceptance
// into customer orders, materials in stock, purchase orders, material requirements with
// purchase proposals, material issue against a production order and the units a finished order
// registered as assets. Reads need production:read; changes production:write; material issue is
// a shop-floor report (production:report).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as mfg from '../../manufacturing/index.ts';
import type { Db } from '../../storage/index.ts';
import type { scopeOf } from '../auth.ts';
import { IdParams } from '../schemas.ts';
import * as S from './manufacturing-flow-schemas.ts';

const read = { permission: 'production:read' } as const;
const write = { permission: 'production:write' } as const;
const report = { permission: 'production:report' } as const;
const tags = ['manufacturing'];

type ScopeFn = (req: FastifyRequest) => ReturnType<typeof scopeOf>;

export function flowRoutes(base: FastifyInstance, db: Db, p: string, scope: ScopeFn) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.put(
    `${p}/models/:id/pricing`,
    { config: write, schema: { tags, params: IdParams, body: S.PricingBody } },
    async (req) => mfg.setModelPricing(db, await scope(req), req.params.id, req.body),
  );
  app.get(`${p}/quotes`, { config: read, schema: { tags } }, async (req) =>
    mfg.listQuotes(db, await scope(req)),
  );
  app.post(
    `${p}/quotes`,
    { config: write, schema: { tags, body: S.QuoteBody } },
    async (req, reply) =>
      reply.status(201).send(await mfg.createQuote(db, await scope(req), req.body)),
  );
  app.get(`${p}/quotes/:id`, { config: read, schema: { tags, params: IdParams } }, async (req) =>
    mfg.getQuote(db, await scope(req), req.params.id),
  );
  app.post(
    `${p}/quotes/:id/accept`,
    { config: write, schema: { tags, params: IdParams, body: S.AcceptBody } },
    async (req, reply) =>
      reply.status(201).send(await mfg.acceptQuote(db, await scope(req), req.params.id, req.body)),
  );
  materialRoutes(app, db, p, scope);
}

function materialRoutes(base: FastifyInstance, db: Db, p: string, scope: ScopeFn) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.get(`${p}/materials`, { config: read, schema: { tags } }, async (req) =>
    mfg.listMaterials(db, await scope(req)),
  );
  app.put(
    `${p}/materials`,
    { config: write, schema: { tags, body: S.MaterialsBody } },
    async (req) => mfg.setMaterials(db, await scope(req), req.body.rows),
  );
  app.get(
    `${p}/purchase-orders`,
    { config: read, schema: { tags, querystring: S.PurchaseQuery } },
    async (req) => mfg.listPurchaseOrders(db, await scope(req), req.query.status),
  );
  app.post(
    `${p}/purchase-orders`,
    { config: write, schema: { tags, body: S.PurchaseOrderBody } },
    async (req, reply) =>
      reply.status(201).send(await mfg.createPurchaseOrder(db, await scope(req), req.body)),
  );
  app.post(
    `${p}/purchase-orders/:id/receive`,
    { config: write, schema: { tags, params: IdParams } },
    async (req) => mfg.receivePurchaseOrder(db, await scope(req), req.params.id),
  );
  app.get(`${p}/material-requirements`, { config: read, schema: { tags } }, async (req) =>
    mfg.materialRequirements(db, await scope(req)),
  );
  app.get(
    `${p}/production-orders/:id/materials`,
    { config: read, schema: { tags, params: IdParams } },
    async (req) => mfg.orderMaterials(db, await scope(req), req.params.id),
  );
  app.post(
    `${p}/production-orders/:id/materials/issue`,
    { config: report, schema: { tags, params: IdParams, body: S.IssueBody } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await mfg.issueMaterials(db, await scope(req), req.params.id, req.body)),
  );
  app.get(
    `${p}/production-orders/:id/units`,
    { config: read, schema: { tags, params: IdParams } },
    async (req) => mfg.listUnits(db, await scope(req), req.params.id),
  );
}
