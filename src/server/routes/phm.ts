// PHM over HTTP (issue 5, items 3 and 4; issue 18): the per-tenant model registry (train a health
// baseline from live telemetry, list, activate a version), assessing an asset (hourly 0–100
// trend, contributing channels, trend RUL with interval, the model version used), reading its
// latest stored assessment, the assessment log and the schedules that assess on their own. Reads need phm:read and are scoped to the caller's customers (assets of others are 404);
// training, activation and writing health back as telemetry need phm:write.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  activateModel,
  assessmentKinds,
  assessAsset,
  assessRul,
  deleteSchedule,
  getRegisteredModel,
  latestHealth,
  listAssessments,
  listSchedules,
  putSchedule,
  scheduleKinds,
  listRegisteredModels,
  modelKinds,
  retrainHealthBaseline,
  trainHealthBaseline,
  fleetHealth,
} from '../../phm/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { phmBearingRoutes } from './phm-bearing.ts';
import { phmRulRoutes } from './phm-rul.ts';
import { AssetParams, AssetRef, Id, IdParams, Key, Strict } from '../schemas.ts';
import { TimeValue, bodyTimes, parseTimeParam, timeContext } from '../time.ts';
import { decodeCursor, pageOf, PageQuery } from '../paging.ts';

const lit = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const tags = ['phm'];
const DAY_MS = 86_400_000;

const TrainBody = Strict({
  modelId: Id,
  from: TimeValue,
  to: TimeValue,
  channels: Type.Optional(Type.Array(Key, { minItems: 1, maxItems: 64 })),
  /** Operating-condition channels (speed, load, outdoor temperature): regressed on, not scored. */
  conditions: Type.Optional(Type.Array(Key, { maxItems: 16 })),
  /** Channels divided by a numeric nameplate property of each asset (flow by design load). */
  normalisers: Type.Optional(
    Type.Array(Strict({ channel: Key, property: Key, inverse: Type.Optional(Type.Boolean()) }), {
      maxItems: 64,
    }),
  ),
});
const RangeBody = Strict({
  from: Type.Optional(TimeValue),
  to: Type.Optional(TimeValue),
  /** Write health_index and rul_hours back as telemetry (default true). */
  writeBack: Type.Optional(Type.Boolean()),
  /** Which active model assesses: the health baseline (default) or the RUL model. */
  kind: Type.Optional(lit(scheduleKinds)),
});
const ScheduleBody = Strict({
  kind: lit(scheduleKinds),
  assetModelId: Id,
  intervalMinutes: Type.Integer({ minimum: 5, maximum: 10_080 }),
  windowHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8_784 })),
});

/** Default window of a health query: the last 7 days up to now (times by the one parser). */
async function rangeOf(
  db: Db,
  tenantId: string,
  q: { from?: string | number; to?: string | number; tz?: string },
): Promise<{ from: number; to: number }> {
  const ctx = await timeContext(db, tenantId, q.tz);
  const to = parseTimeParam('to', q.to, ctx, ctx.now);
  return { from: parseTimeParam('from', q.from, ctx, to - 7 * DAY_MS), to };
}

/** The healthy period a baseline is trained on: both ends required, by the one time parser. */
async function trainingPeriod(
  db: Db,
  tenantId: string,
  b: { from: string | number; to: string | number },
): Promise<{ from: number; to: number }> {
  const time = await bodyTimes(db, tenantId);
  return { from: time('from', b.from), to: time('to', b.to) };
}

export async function phmRoutes(
  base: FastifyInstance,
  opts: { db: Db; telemetry: TelemetryService },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, telemetry } = opts;
  const scope = (req: Parameters<typeof scopeOf>[1]) => scopeOf(db, req);
  // Its own plugin context: the octet-stream body parser of binary waveforms stays with them.
  await base.register(phmBearingRoutes, { db });
  await phmRulRoutes(base, { db, telemetry });

  app.post(
    '/phm/models/health-baseline',
    { config: { permission: 'phm:write' }, schema: { tags, body: TrainBody } },
    async (req, reply) => {
      const s = await scope(req);
      const body = { ...req.body, ...(await trainingPeriod(db, s.tenantId, req.body)) };
      return reply.status(201).send(await trainHealthBaseline(db, telemetry, s, body));
    },
  );
  app.get(
    '/phm/models',
    {
      config: { permission: 'phm:read' },
      schema: {
        tags,
        querystring: Strict({
          kind: Type.Optional(lit(modelKinds)),
          assetModelId: Type.Optional(Id),
        }),
      },
    },
    async (req) => ({ items: await listRegisteredModels(db, await scope(req), req.query) }),
  );
  app.get(
    '/phm/models/:id',
    { config: { permission: 'phm:read' }, schema: { tags, params: IdParams } },
    async (req) => getRegisteredModel(db, await scope(req), req.params.id),
  );
  // Retrain on demand: a new version over a new healthy period, same asset model and channels.
  app.post(
    '/phm/models/:id/retrain',
    {
      config: { permission: 'phm:write' },
      schema: { tags, params: IdParams, body: Strict({ from: TimeValue, to: TimeValue }) },
    },
    async (req, reply) => {
      const s = await scope(req);
      const period = await trainingPeriod(db, s.tenantId, req.body);
      return reply
        .status(201)
        .send(await retrainHealthBaseline(db, telemetry, s, req.params.id, period));
    },
  );
  app.post(
    '/phm/models/:id/activate',
    { config: { permission: 'phm:write' }, schema: { tags, params: IdParams } },
    async (req) => activateModel(db, await scope(req), req.params.id),
  );
  // Reads the latest stored assessment only; POST …/assess or a schedule computes.
  app.get(
    '/phm/assets/:id/health',
    { config: { permission: 'phm:read' }, schema: { tags, params: AssetParams } },
    async (req) => latestHealth(db, await scope(req), req.params.id),
  );
  // Assess now, log the assessment and (unless writeBack is false) write health_index and
  // rul_hours back where the asset model declares them.
  app.post(
    '/phm/assets/:id/assess',
    { config: { permission: 'phm:write' }, schema: { tags, params: AssetParams, body: RangeBody } },
    async (req) => {
      const s = await scope(req);
      const { writeBack = true, kind = 'health-baseline', ...times } = req.body;
      const range = await rangeOf(db, s.tenantId, times);
      const o = { ...range, writeBack };
      return kind === 'rul'
        ? assessRul(db, telemetry, s, req.params.id, o)
        : assessAsset(db, telemetry, s, req.params.id, o);
    },
  );
  app.get(
    '/phm/schedules',
    { config: { permission: 'phm:read' }, schema: { tags } },
    async (req) => ({ items: await listSchedules(db, await scope(req)) }),
  );
  // One schedule per kind and asset model: PUT creates or replaces it; the first run is due now.
  app.put(
    '/phm/schedules',
    { config: { permission: 'phm:write' }, schema: { tags, body: ScheduleBody } },
    async (req) => putSchedule(db, await scope(req), req.body),
  );
  app.delete(
    '/phm/schedules/:id',
    { config: { permission: 'phm:write' }, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await deleteSchedule(db, await scope(req), req.params.id);
      return reply.status(204).send();
    },
  );
  // The installed base's health, as each asset's own page shows it (combined with the diagnosis).
  app.get(
    '/phm/health',
    {
      config: { permission: 'phm:read' },
      schema: { tags, querystring: Strict({ assetModelId: Type.Optional(Id) }) },
    },
    async (req) => ({ items: await fleetHealth(db, await scope(req), req.query) }),
  );
  app.get(
    '/phm/assessments',
    {
      config: { permission: 'phm:read' },
      schema: {
        tags,
        querystring: Strict({
          assetId: Type.Optional(AssetRef),
          modelId: Type.Optional(Id),
          kind: Type.Optional(lit(assessmentKinds)),
          ...PageQuery,
        }),
      },
    },
    async (req) => {
      const { cursor, limit = 100, ...filters } = req.query;
      const items = await listAssessments(db, await scope(req), {
        ...filters,
        limit: limit + 1,
        ...(cursor ? { after: decodeCursor(cursor) } : {}),
      });
      return pageOf(items.slice(0, limit), items.length > limit, (a) => a.createdAt);
    },
  );
}
