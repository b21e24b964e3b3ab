// Health, readiness, Prometheus metrics and OpenAPI (the console at / is routes/console.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Db } from '../../storage/index.ts';

/** Compares in constant time, so the token cannot be guessed byte by byte from timings. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const a = createHash('sha256')
    .update(given ?? '')
    .digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

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

/** A part the platform needs (MQTT broker, telemetry engine): null when it runs, else why not. */
export interface ReadinessCheck {
  part: string;
  notReady(): string | null;
}

async function notReady(db: Db, checks: readonly ReadinessCheck[]) {
  const down: Array<{ part: string; reason: string }> = [];
  try {
    await sql`select 1`.execute(db.kysely);
  } catch {
    down.push({ part: 'database', reason: 'does not answer' });
  }
  for (const c of checks) {
    const reason = c.notReady();
    if (reason !== null) down.push({ part: c.part, reason });
  }
  return down;
}

export async function systemRoutes(
  app: FastifyInstance,
  opts: {
    db: Db;
    metrics: ReturnType<typeof createMetrics>;
    readiness?: readonly ReadinessCheck[];
    metricsToken?: string;
  },
) {
  const { db, metrics } = opts;
  const pub = { config: { permission: 'public' as const }, schema: { hide: true } };
  app.get('/healthz', pub, async () => ({ status: 'ok' }));
  // Ready only when every configured part runs: a load balancer or operator must not send
  // devices to a node whose broker or telemetry engine is down.
  app.get('/readyz', pub, async (_req, reply) => {
    const down = await notReady(db, opts.readiness ?? []);
    if (down.length === 0) return { status: 'ready', database: db.dialect };
    return reply.status(503).send({
      code: 'RONGHE_UNAVAILABLE',
      message: `Not ready: ${down.map((d) => `${d.part} ${d.reason}`).join('; ')}.`,
      details: down,
    });
  });
  app.get('/metrics', pub, async (req, reply) => {
    if (opts.metricsToken && !sameSecret(req.headers.authorization, `Bearer ${opts.metricsToken}`))
      return reply.status(401).send({
        code: 'RONGHE_UNAUTHENTICATED',
        message: '/metrics needs Authorization: Bearer <RONGHE_METRICS_TOKEN>.',
      });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', pub, async () => app.swagger());
}
