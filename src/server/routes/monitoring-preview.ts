// POST /monitoring/preview: an expression (a rule condition or a derived channel, as typed in
// the rule editor) evaluated over one asset's recorded data — by default the last hour, at most
// a day — the way the ingest path would have evaluated it, so an engineer sees what a rule would
// have done before saving it. Errors name line and column like a save does; nothing is stored.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getAsset, getModel } from '../../assets/index.ts';
import { RongheError } from '../../kernel/index.ts';
import { planPreview, type MonitoringRuntime } from '../../monitoring/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { AssetRef, Strict } from '../schemas.ts';
import { layoutOfModel } from './monitoring-derived.ts';

const HOUR = 3_600_000;
const MAX_SPAN = 24 * HOUR;
/** Evaluations returned; a point a minute over a day is 1,440. */
const MAX_POINTS = 5_000;
/** Raw points read per channel. */
const MAX_RAW = 20_000;
const Epoch = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 });

const PreviewBody = Strict({
  assetId: AssetRef,
  expression: Type.String({ minLength: 1, maxLength: 2000 }),
  from: Type.Optional(Epoch),
  to: Type.Optional(Epoch),
});
const PreviewResponse = Type.Object({
  type: Type.Union([Type.Literal('number'), Type.Literal('boolean')]),
  from: Type.Number(),
  to: Type.Number(),
  channels: Type.Array(Type.String()),
  /** [time, value]: a number, a condition's true/false, or null where it is not a number. */
  points: Type.Array(
    Type.Array(Type.Union([Type.Number(), Type.Boolean(), Type.Null()]), {
      minItems: 2,
      maxItems: 2,
    }),
  ),
  rises: Type.Integer(),
  truncated: Type.Boolean(),
});

export async function monitoringPreviewRoutes(
  base: FastifyInstance,
  opts: { db: Db; monitoring: MonitoringRuntime; telemetry: TelemetryService },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, monitoring, telemetry } = opts;
  app.post(
    '/monitoring/preview',
    {
      config: { permission: 'telemetry:read' },
      schema: { tags: ['monitoring'], body: PreviewBody, response: { 200: PreviewResponse } },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const to = req.body.to ?? Date.now();
      const from = req.body.from ?? to - HOUR;
      if (from >= to || to - from > MAX_SPAN)
        throw new RongheError(
          'RONGHE_VALIDATION',
          {
            en: 'from: give from before to, at most one day apart.',
            'zh-CN': 'from：from 须早于 to，且相隔不超过一天。',
          },
          [{ field: 'from', reason: 'range' }],
        );
      const asset = await getAsset(db, scope, req.body.assetId);
      const model = asset.modelId ? await getModel(db, scope, asset.modelId) : undefined;
      const properties = Object.fromEntries(
        Object.entries(asset.properties).filter(
          (e): e is [string, number] => typeof e[1] === 'number',
        ),
      );
      const monitor = await monitoring.tenant(scope.tenantId);
      const layout = await layoutOfModel(monitor, model, properties);
      const plan = planPreview(req.body.expression, layout, properties, MAX_POINTS);
      const tscope = { tenantId: scope.tenantId, customerIds: scope.customerIds };
      let truncated = false;
      const series = new Map<string, Array<[number, number]>>();
      for (const channel of plan.rawChannels) {
        const page = await telemetry.queries.raw(tscope, {
          asset: asset.id,
          channel,
          from,
          to,
          limit: MAX_RAW,
        });
        if (page.next !== undefined) truncated = true;
        series.set(channel, page.points);
      }
      const { points, rises } = plan.evaluate(series);
      if (points.length === MAX_POINTS) truncated = true;
      return { type: plan.type, from, to, channels: plan.rawChannels, points, rises, truncated };
    },
  );
}
