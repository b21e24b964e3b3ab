// GET/PUT /telemetry/retention: how long the caller's tenant keeps raw points and each rollup,
// in days (null: for ever). Shortening it deletes data for good, so it needs the tenant admin's
// telemetry:retention permission, is audited, and is applied before the answer.
// GET /telemetry/retention/channels and PUT/DELETE /telemetry/retention/channels/:channel: the
// same per channel (optionally only on assets of one model), overriding the tenant's retention
// resolution by resolution; 'tenant' (or DELETE) gives a resolution back to the tenant's.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { recordAudit } from '../../identity/index.ts';
import {
  RESOLUTIONS,
  toChannelRetention,
  toDays,
  writeChannelRetention,
  writeRetention,
  type ChannelDays,
  type TelemetryService,
} from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { Strict } from '../schemas.ts';

const Days = Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()], {
  description: 'whole days to keep; null keeps for ever',
});
const Retention = Type.Object(Object.fromEntries(RESOLUTIONS.map((r) => [r, Days])));
const Change = Strict(Object.fromEntries(RESOLUTIONS.map((r) => [r, Type.Optional(Days)])));
const ChannelDaysT = Type.Union(
  [Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null(), Type.Literal('tenant')],
  { description: "whole days to keep; null keeps for ever; 'tenant': the tenant's retention" },
);
const ChannelName = Type.String({ minLength: 1, maxLength: 200 });
const ModelId = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
  description: 'only on assets of this model; null (default) for every model',
});
const ChannelRetention = Type.Object({
  channel: Type.String(),
  modelId: Type.Union([Type.String(), Type.Null()]),
  retention: Type.Object(Object.fromEntries(RESOLUTIONS.map((r) => [r, ChannelDaysT]))),
});
const ChannelChange = Strict({
  modelId: Type.Optional(ModelId),
  ...Object.fromEntries(RESOLUTIONS.map((r) => [r, Type.Optional(ChannelDaysT)])),
});

export async function telemetryRetentionRoutes(
  fastify: FastifyInstance,
  opts: { telemetry: TelemetryService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const t = opts.telemetry;
  app.get(
    '/telemetry/retention',
    {
      config: { permission: 'telemetry:read' },
      schema: { tags: ['telemetry'], response: { 200: Retention } },
    },
    async (req) => toDays(t.retention.get((await scopeOf(t.db, req)).tenantId)),
  );
  app.put(
    '/telemetry/retention',
    {
      config: { permission: 'telemetry:retention' },
      schema: {
        tags: ['telemetry'],
        body: Change,
        response: { 200: Type.Object({ retention: Retention, removedRows: Type.Integer() }) },
      },
    },
    async (req) => {
      const scope = await scopeOf(t.db, req);
      const change = req.body as Partial<Record<(typeof RESOLUTIONS)[number], number | null>>;
      const retention = await writeRetention(t.retention, scope.tenantId, change);
      await recordAudit(t.db.kysely, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'telemetry.retention',
        entityType: 'tenant',
        entityId: scope.tenantId,
        details: change,
      });
      return { retention, removedRows: await t.applyRetention() };
    },
  );
  app.get(
    '/telemetry/retention/channels',
    {
      config: { permission: 'telemetry:read' },
      schema: {
        tags: ['telemetry'],
        summary: "The tenant's retention rules per channel",
        response: { 200: Type.Object({ rules: Type.Array(ChannelRetention) }) },
      },
    },
    async (req) => ({
      rules: t.retention.channels((await scopeOf(t.db, req)).tenantId).map(toChannelRetention),
    }),
  );
  const setChannel = async (
    req: { params: unknown },
    scope: Awaited<ReturnType<typeof scopeOf>>,
    modelId: string | null,
    change: Partial<Record<(typeof RESOLUTIONS)[number], ChannelDays>>,
  ) => {
    const { channel } = req.params as { channel: string };
    const rule = await writeChannelRetention(t.retention, scope.tenantId, channel, modelId, change);
    await recordAudit(t.db.kysely, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'telemetry.retention.channel',
      entityType: 'tenant',
      entityId: scope.tenantId,
      details: { channel, modelId, ...change },
    });
    return { rule, removedRows: await t.applyRetention() };
  };
  const ChannelResult = Type.Object({ rule: ChannelRetention, removedRows: Type.Integer() });
  app.put(
    '/telemetry/retention/channels/:channel',
    {
      config: { permission: 'telemetry:retention' },
      schema: {
        tags: ['telemetry'],
        summary: "Set a channel's retention (overrides the tenant's per resolution)",
        params: Type.Object({ channel: ChannelName }),
        body: ChannelChange,
        response: { 200: ChannelResult },
      },
    },
    async (req) => {
      const { modelId = null, ...change } = req.body as {
        modelId?: string | null;
      } & Partial<Record<(typeof RESOLUTIONS)[number], ChannelDays>>;
      return setChannel(req, await scopeOf(t.db, req), modelId, change);
    },
  );
  app.delete(
    '/telemetry/retention/channels/:channel',
    {
      config: { permission: 'telemetry:retention' },
      schema: {
        tags: ['telemetry'],
        summary: "Remove a channel's retention rule: the tenant's retention applies again",
        params: Type.Object({ channel: ChannelName }),
        querystring: Strict({ modelId: Type.Optional(Type.String({ minLength: 1 })) }),
        response: { 200: ChannelResult },
      },
    },
    async (req) => {
      const { modelId } = req.query as { modelId?: string };
      const all = Object.fromEntries(RESOLUTIONS.map((r) => [r, 'tenant' as const]));
      return setChannel(req, await scopeOf(t.db, req), modelId ?? null, all);
    },
  );
}
