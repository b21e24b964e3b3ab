// Regional pilot programmes over HTTP (issue #22), under /api/v1/region: the registry
// (programmes, batches, units, funding, milestones), annual reports and their review, statistics
// imported from CSV, the evaluation of the integration index, and the grants by which an
// enterprise tenant shares its aggregate platform indicators with a region tenant.
// region:read and region:write keep and read the registry, region:review accepts or returns
// reports, region:grant gives and revokes an enterprise's grant.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Scope } from '../../identity/index.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { csvLine } from '../../kernel/index.ts';
import * as region from '../../region/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf, type RoutePermission } from '../auth.ts';
import { csvBom, CsvExportQuery, CsvImportQuery } from '../csv.ts';
import { Id, IdParams, Strict } from '../schemas.ts';
import * as S from './region-schemas.ts';
import { lit } from './service-schemas.ts';

const tags = ['region'];

export interface RegionRouteOptions {
  db: Db;
  /** The energy context's settlement statements (needs telemetry; wired by the composition root). */
  statements?: region.StatementSource;
  clock?: () => number;
}

const ReportQuery = Strict({
  status: Type.Optional(lit(['draft', 'submitted', 'returned', 'accepted'] as const)),
  unitId: Type.Optional(Id),
});
const EvalQuery = Strict({
  source: Type.Optional(lit(['statistics', 'reports'] as const)),
  weights: Type.Optional(lit(['entropy', 'ahp', 'combined'] as const)),
  ahpShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  ...CsvExportQuery,
});

export async function regionRoutes(base: FastifyInstance, opts: RegionRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const now = opts.clock ?? Date.now;
  const scope = (req: FastifyRequest) => scopeOf(db, req);
  const p = (permission: RoutePermission) => ({ permission });
  const sources: region.PlatformSources = {
    db,
    ...(opts.statements ? { statements: opts.statements } : {}),
  };
  /** A record created under the parent named in the path (programme or unit): 201 with it. */
  const createUnder = <B extends TSchema>(
    url: string,
    body: B,
    create: (s: Scope, parentId: string, body: Static<B>, at: number) => Promise<unknown>,
  ) =>
    app.post(
      url,
      { config: p('region:write'), schema: { tags, params: IdParams, body } },
      async (req, reply) =>
        reply
          .status(201)
          .send(await create(await scope(req), req.params.id, req.body as Static<B>, now())),
    );

  // --- programmes and batches ---
  app.post(
    '/programmes',
    { config: p('region:write'), schema: { tags, body: S.ProgrammeBody } },
    async (req, reply) =>
      reply.status(201).send(await region.createProgramme(db, await scope(req), req.body, now())),
  );
  app.get('/programmes', { config: p('region:read'), schema: { tags } }, async (req) => ({
    items: await region.listProgrammes(db, await scope(req)),
  }));
  app.get(
    '/programmes/:id',
    { config: p('region:read'), schema: { tags, params: IdParams } },
    async (req) => region.getProgramme(db, await scope(req), req.params.id),
  );
  createUnder('/programmes/:id/batches', S.BatchBody, (s, id, body, at) =>
    region.createBatch(db, s, id, body, at),
  );
  app.get(
    '/programmes/:id/batches',
    { config: p('region:read'), schema: { tags, params: IdParams } },
    async (req) => ({
      items: await region.listBatches(db, await scope(req), req.params.id),
    }),
  );

  // --- units, funding, milestones ---
  createUnder('/programmes/:id/units', S.UnitBody, (s, id, body, at) =>
    region.createUnit(db, s, id, body, at),
  );
  app.get(
    '/programmes/:id/units',
    { config: p('region:read'), schema: { tags, params: IdParams } },
    async (req) => {
      const s = await scope(req);
      await region.getProgramme(db, s, req.params.id);
      return { items: await region.listUnits(db, s, req.params.id) };
    },
  );
  app.get('/units', { config: p('region:read'), schema: { tags } }, async (req) => ({
    items: await region.listUnits(db, await scope(req), null),
  }));
  app.get(
    '/units/:id',
    { config: p('region:read'), schema: { tags, params: IdParams } },
    async (req) => region.unitDetail(db, await scope(req), req.params.id),
  );
  createUnder('/units/:id/funding', S.FundingBody, (s, id, body, at) =>
    region.addFunding(db, s, id, body, at),
  );
  createUnder('/units/:id/milestones', S.MilestoneBody, (s, id, body, at) =>
    region.addMilestone(db, s, id, body, at),
  );

  // --- reports ---
  createUnder('/programmes/:id/reports', S.ReportBody, (s, id, body, at) =>
    region.createReport(db, s, id, body, at),
  );
  app.get(
    '/programmes/:id/reports',
    {
      config: p('region:read'),
      schema: {
        tags,
        params: IdParams,
        querystring: ReportQuery,
      },
    },
    async (req) => ({
      items: await region.listReports(db, await scope(req), req.params.id, req.query),
    }),
  );
  app.get(
    '/programmes/:id/reminders',
    {
      config: p('region:read'),
      schema: {
        tags,
        params: IdParams,
        querystring: Strict({
          today: Type.Optional(
            Type.String({ maxLength: 10, description: 'YYYY-MM-DD; default today (UTC)' }),
          ),
          withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 })),
        }),
      },
    },
    async (req) => ({
      items: await region.reminders(
        db,
        await scope(req),
        req.params.id,
        req.query.today ?? new Date(now()).toISOString().slice(0, 10),
        req.query.withinDays,
      ),
    }),
  );
  app.get(
    '/reports',
    { config: p('region:read'), schema: { tags, querystring: ReportQuery } },
    async (req) => ({ items: await region.listReports(db, await scope(req), null, req.query) }),
  );
  app.get(
    '/reports/:id',
    { config: p('region:read'), schema: { tags, params: IdParams } },
    async (req) => region.getReport(db, await scope(req), req.params.id),
  );
  app.patch(
    '/reports/:id',
    { config: p('region:write'), schema: { tags, params: IdParams, body: S.ReportPatch } },
    async (req) => region.updateReport(db, await scope(req), req.params.id, req.body, now()),
  );
  const review = (action: region.ReviewAction, permission: RoutePermission) =>
    app.post(
      `/reports/:id/${action}`,
      {
        config: p(permission),
        schema: { tags, params: IdParams, body: Type.Optional(S.ReviewBody) },
      },
      async (req) =>
        region.reviewReport(
          db,
          await scope(req),
          req.params.id,
          action,
          req.body?.comment ?? '',
          now(),
        ),
    );
  review('submit', 'region:write');
  review('return', 'region:review');
  review('accept', 'region:review');

  // --- statistics and evaluation ---
  app.post(
    '/programmes/:id/statistics',
    {
      config: p('region:write'),
      schema: { tags, params: IdParams, querystring: Strict(CsvImportQuery), body: Type.String() },
    },
    async (req) => region.importStatistics(db, await scope(req), req.params.id, req.body, now()),
  );
  app.get(
    '/programmes/:id/statistics',
    { config: p('region:read'), schema: { tags, params: IdParams } },
    async (req) => ({
      items: await region.listStatistics(db, await scope(req), req.params.id),
    }),
  );
  app.post(
    '/programmes/:id/evaluate',
    { config: p('region:read'), schema: { tags, params: IdParams, body: S.EvaluateBody } },
    async (req) =>
      region.evaluateProgramme(db, await scope(req), req.params.id, {
        source: req.body.source ?? 'statistics',
        weights: req.body.weights ?? 'entropy',
        ...(req.body.ahpShare !== undefined ? { ahpShare: req.body.ahpShare } : {}),
      }),
  );
  app.get(
    '/programmes/:id/evaluation.csv',
    { config: p('region:read'), schema: { tags, params: IdParams, querystring: EvalQuery } },
    async (req, reply) => {
      const r = await region.evaluateProgramme(db, await scope(req), req.params.id, {
        source: req.query.source ?? 'statistics',
        weights: req.query.weights ?? 'entropy',
        ...(req.query.ahpShare !== undefined ? { ahpShare: req.query.ahpShare } : {}),
      });
      const head = csvLine([
        'unit',
        'name',
        'city',
        'year',
        'U1',
        'U2',
        'C',
        'T',
        'D',
        'class',
        'lagging',
        'rank',
        'change',
      ]);
      const body = r.rows.map((x) =>
        csvLine([
          x.unit,
          x.name,
          x.city,
          x.year,
          x.U1,
          x.U2,
          x.C,
          x.T,
          x.D,
          x.class,
          x.lagging,
          x.rank,
          x.change,
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="evaluation.csv"')
        .send(csvBom(req.query.bom) + head + body.join(''));
    },
  );

  // --- grants of platform indicators across tenants ---
  app.post(
    '/grants',
    { config: p('region:grant'), schema: { tags, body: S.GrantBody } },
    async (req, reply) =>
      reply.status(201).send(await region.createGrant(db, await scope(req), req.body, now())),
  );
  app.get('/grants', { config: p('region:grant'), schema: { tags } }, async (req) => ({
    items: await region.listGivenGrants(db, await scope(req)),
  }));
  app.post(
    '/grants/:id/revoke',
    { config: p('region:grant'), schema: { tags, params: IdParams } },
    async (req) => region.revokeGrant(db, await scope(req), req.params.id, now()),
  );
  app.get('/platform-indicators', { config: p('region:read'), schema: { tags } }, async (req) => ({
    items: await region.readPlatformIndicators(sources, await scope(req), undefined, now()),
  }));
  app.get(
    '/platform-indicators/:tenantId',
    {
      config: p('region:read'),
      schema: { tags, params: Strict({ tenantId: Type.String({ minLength: 1, maxLength: 64 }) }) },
    },
    async (req) => {
      const [one] = await region.readPlatformIndicators(
        sources,
        await scope(req),
        req.params.tenantId,
        now(),
      );
      return one;
    },
  );
}
