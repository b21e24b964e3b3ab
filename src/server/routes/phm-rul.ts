// RUL models on assets over HTTP (issue 18): train from uploaded C-MAPSS-format files or from an
// asset model's recorded failures (a job in a worker thread, polled at GET /phm/jobs/{id}), and
// read an asset's latest stored RUL assessment. Assessing is POST /phm/assets/{id}/assess with
// "kind": "rul" or a schedule of kind rul (phm.ts). Training needs phm:write.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { latestRul, startRulTraining, type RulSource } from '../../phm/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { AssetParams, AssetRef, Id, Key, Strict } from '../schemas.ts';
import { TimeValue, bodyTimes } from '../time.ts';

const tags = ['phm'];
/** The whole of C-MAPSS FD004 (train and test) is some 12 MB of text. */
const TRAIN_BODY_LIMIT = 64 * 1024 * 1024;
const Text = Type.String({ minLength: 1 });

const Source = Type.Union([
  Strict({
    kind: Type.Literal('cmapss'),
    /** Run-to-failure units: unit, cycle, 3 settings, 21 sensors per line, space-separated. */
    train: Text,
    /** Truncated test units in the same format, with their true RUL (one line per unit). */
    test: Type.Optional(Text),
    rul: Type.Optional(Text),
  }),
  Strict({
    kind: Type.Literal('telemetry'),
    failures: Type.Array(
      Strict({ assetId: AssetRef, failedAt: TimeValue, from: Type.Optional(TimeValue) }),
      { minItems: 1, maxItems: 1000 },
    ),
  }),
]);

export const RulTrainBody = Strict({
  assetModelId: Id,
  source: Source,
  settingChannels: Type.Optional(Type.Array(Key, { minItems: 3, maxItems: 3 })),
  sensorChannels: Type.Optional(Type.Array(Key, { minItems: 1, maxItems: 14 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  trees: Type.Optional(Type.Integer({ minimum: 20, maximum: 2000 })),
  ensemble: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  window: Type.Optional(Type.Integer({ minimum: 2, maximum: 200 })),
  cap: Type.Optional(Type.Integer({ minimum: 10, maximum: 10_000 })),
  alpha: Type.Optional(Type.Number({ minimum: 0.01, maximum: 0.5 })),
});

export async function phmRulRoutes(
  base: FastifyInstance,
  opts: { db: Db; telemetry: TelemetryService },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, telemetry } = opts;
  const scope = (req: Parameters<typeof scopeOf>[1]) => scopeOf(db, req);

  app.post(
    '/phm/models/rul',
    {
      bodyLimit: TRAIN_BODY_LIMIT,
      config: { permission: 'phm:write' },
      schema: { tags, body: RulTrainBody },
    },
    async (req, reply) => {
      const s = await scope(req);
      const b = req.body;
      let source: RulSource;
      if (b.source.kind === 'telemetry') {
        const time = await bodyTimes(db, s.tenantId);
        source = {
          kind: 'telemetry',
          failures: b.source.failures.map((f, i) => ({
            assetId: f.assetId,
            failedAt: time(`source.failures[${i}].failedAt`, f.failedAt),
            ...(f.from !== undefined ? { from: time(`source.failures[${i}].from`, f.from) } : {}),
          })),
        };
      } else source = b.source;
      return reply.status(202).send(await startRulTraining(db, telemetry, s, { ...b, source }));
    },
  );
  app.get(
    '/phm/assets/:id/rul',
    { config: { permission: 'phm:read' }, schema: { tags, params: AssetParams } },
    async (req) => latestRul(db, await scope(req), req.params.id),
  );
}
