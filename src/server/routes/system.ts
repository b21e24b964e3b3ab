// Health, readiness, Prometheus metrics and OpenAPI (the console at / is routes/console.ts).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Db } from '../../storage/index.ts';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'ronghe_' });
  const httpDuration = new client.Histogram({
    name: 'ronghe_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10],
    registers: [registry],
  });
  return { registry, httpDuration };
}

export async function systemRoutes(
  app: FastifyInstance,
  opts: { db: Db; metrics: ReturnType<typeof createMetrics> },
) {
  const { db, metrics } = opts;
  const pub = { config: { permission: 'public' as const }, schema: { hide: true } };
  app.get('/healthz', pub, async () => ({ status: 'ok' }));
  app.get('/readyz', pub, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db.kysely);
      return { status: 'ready', database: db.dialect };
    } catch {
      return reply
        .status(503)
        .send({ code: 'RONGHE_UNAVAILABLE', message: 'The database does not answer.' });
    }
  });
  app.get('/metrics', pub, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get('/openapi.json', pub, async () => app.swagger());
}
