// Cluster mode's HTTP edge (issue 24, src/cluster), registered only on clustered nodes:
// `GET /api/v1/cluster/status` (members and partition owners as the lease bucket says now)
// and `GET /api/v1/cluster/points` (one series' points from the shared PostgreSQL store — the
// same answer on every node, whichever node's partition wrote them).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readPoints, type ClusterNode } from '../../cluster/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';

export const ClusterStatusOut = Type.Object({
  nodeId: Type.String(),
  members: Type.Array(Type.String()),
  owners: Type.Array(Type.Union([Type.String(), Type.Null()])),
  mine: Type.Array(Type.Integer()),
  background: Type.Union([Type.String(), Type.Null()], {
    description: 'the node running retention, scheduled assessments, plans and SLA clocks',
  }),
  runsBackground: Type.Boolean(),
});

export const ClusterPointsOut = Type.Object({
  asset: Type.String(),
  channel: Type.String(),
  points: Type.Array(Type.Object({ ts: Type.Integer(), value: Type.Number() })),
});

export async function clusterRoutes(
  fastify: FastifyInstance,
  opts: { db: Db; telemetry: TelemetryService; node: ClusterNode },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/cluster/status',
    {
      config: { permission: 'telemetry:read' },
      schema: { tags: ['cluster'], response: { 200: ClusterStatusOut } },
    },
    () => opts.node.status(),
  );
  app.get(
    '/cluster/points',
    {
      config: { permission: 'telemetry:read' },
      schema: {
        tags: ['cluster'],
        querystring: Type.Object({
          asset: Type.String({ minLength: 1, maxLength: 200 }),
          channel: Type.String({ minLength: 1, maxLength: 200 }),
          from: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, inclusive' })),
          to: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, exclusive' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
        response: { 200: ClusterPointsOut },
      },
    },
    async (req) => {
      const s = await scopeOf(opts.db, req);
      const scope = { tenantId: s.tenantId, customerIds: s.customerIds };
      const a = await opts.telemetry.assetFor(scope, req.query.asset);
      const q = req.query;
      const points = await readPoints(opts.db, {
        tenantId: s.tenantId,
        assetId: a.assetId,
        channel: q.channel,
        from: q.from ?? 0,
        to: q.to ?? Number.MAX_SAFE_INTEGER,
        limit: q.limit ?? 10_000,
      });
      return { asset: q.asset, channel: q.channel, points };
    },
  );
}
