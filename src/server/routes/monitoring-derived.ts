// Derived channels per asset model over HTTP (COP = cooling_load / power): the model's list is
// read and replaced as a whole. A list is checked against the model's channels before it is
// stored — names, expressions (line, column and offset of the error), cycles (with their path) —
// and saving rebuilds the tenant's rule engine, so rules can use the channels at once and their
// values are written back as telemetry where the model declares them or allows new channels.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getModel, type AssetModel } from '../../assets/index.ts';
import {
  modelChannelLayout,
  type ChannelLayout,
  type MonitoringRuntime,
  type TenantMonitor,
} from '../../monitoring/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { Id, Strict } from '../schemas.ts';

const DerivedChannel = Strict({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
  expression: Type.String({ minLength: 1, maxLength: 2000 }),
});
const DerivedList = Strict({ channels: Type.Array(DerivedChannel, { maxItems: 100 }) });

/** Properties differ per asset; model-level checks use 1 for each declared number property. */
export const modelProperties = (model: AssetModel): Record<string, number> =>
  Object.fromEntries(
    model.properties.filter((p) => p.dataType === 'number').map((p) => [p.key, 1]),
  );

/** The layout rules of a model (or of an asset of it) are checked against: raw and derived. */
export async function layoutOfModel(
  monitor: TenantMonitor,
  model: AssetModel | undefined,
  properties: Record<string, number>,
): Promise<ChannelLayout> {
  if (!model) return modelChannelLayout([], [], properties);
  const declared = model.channels.map((c) => c.key);
  return modelChannelLayout(declared, await monitor.derived.list(model.id), properties);
}

export async function derivedChannelRoutes(
  base: FastifyInstance,
  opts: { db: Db; monitoring: MonitoringRuntime },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, monitoring } = opts;
  const path = '/monitoring/derived-channels/models/:modelId';

  app.get(
    path,
    {
      config: { permission: 'alarm:read' },
      schema: { tags: ['monitoring'], params: Strict({ modelId: Id }) },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const model = await getModel(db, scope, req.params.modelId);
      const monitor = await monitoring.tenant(scope.tenantId);
      return { modelId: model.id, channels: await monitor.derived.list(model.id) };
    },
  );

  app.put(
    path,
    {
      config: { permission: 'rule:write' },
      schema: { tags: ['monitoring'], params: Strict({ modelId: Id }), body: DerivedList },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const model = await getModel(db, scope, req.params.modelId);
      const monitor = await monitoring.tenant(scope.tenantId);
      const channels = req.body.channels;
      // Throws RONGHE_VALIDATION (400) naming the channel and where its expression is wrong.
      const layout = modelChannelLayout(
        model.channels.map((c) => c.key),
        channels,
        modelProperties(model),
      );
      await monitor.derived.replace(model.id, channels, scope.actor, Date.now());
      return {
        modelId: model.id,
        channels,
        /** Evaluation order: inputs before the channels that read them. */
        order: layout.derived.map((d) => d.name),
        reload: await monitoring
          .reload(scope.tenantId)
          .then((r) => r.filter((x) => x.status !== 'ok')),
      };
    },
  );
}
