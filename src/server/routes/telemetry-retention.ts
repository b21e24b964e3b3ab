// GET/PUT /telemetry/retention: how long the caller's tenant keeps raw points and each rollup,
// in days (null: for ever). Shortening it deletes data for good, so it needs the tenant admin's
// telemetry:retention permission, is audited, and is applied before the answer.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { recordAudit } from '../../identity/index.ts';
import {
  RESOLUTIONS,
  toDays,
  writeRetention,
  type TelemetryService,
} from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { Strict } from '../schemas.ts';

const Days = Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()], {
  description: 'whole days to keep; null keeps for ever',
});
const Retention = Type.Object(Object.fromEntries(RESOLUTIONS.map((r) => [r, Days])));
const Change = Strict(Object.fromEntries(RESOLUTIONS.map((r) => [r, Type.Optional(Days)])));

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
}
