// Builds the Fastify application: error mapping, authentication and permission checks,
// validation (bodies strictly typed, query strings coerced), OpenAPI, and one plugin per
// context. The composition root passes in the concrete pieces.
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import { createRevocations, type Authenticator, type Revocations } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { registerAuth } from './auth.ts';
import { registerCsvBodies } from './csv.ts';
import { registerDrain } from './drain.ts';
import { registerErrorHandling } from './errors.ts';
import { registerPlatformMetrics, type PlatformMetricsSources } from './platform-metrics.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerResponseChecks } from './response-checks.ts';
import { routeDocs } from './docs/index.ts';
import { documentRoutes, restoreExamples } from './docs/route-docs.ts';
import { assetRoutes } from './routes/assets.ts';
import { consoleRoutes } from './routes/console.ts';
import { identityRoutes } from './routes/identity.ts';
import { mfaRoutes } from './routes/mfa.ts';
import { administratorRoutes } from './routes/administrators.ts';
import { registerAdminAudit } from './admin-audit.ts';
import { timeZoneRoutes } from './routes/time-zone.ts';
import { DEFAULT_SSE_MAX_PER_PRINCIPAL, registerStreams } from './streams.ts';
import { redactUrl } from './url-credentials.ts';
import { createMetrics, systemRoutes, type ReadinessCheck } from './routes/system.ts';

export interface AppOptions {
  db: Db;
  authenticator: Authenticator;
  bodyLimitBytes?: number;
  cookieSecure?: boolean;
  logger?: boolean | { level: string };
  /** Revocation events shared with the MQTT broker; one of its own when absent. */
  revocations?: Revocations;
  /** Live SSE streams one user or API key may hold at once (RONGHE_SSE_MAX_PER_PRINCIPAL). */
  sseMaxPerPrincipal?: number;
  /** Platform figures for /metrics (ingest, compaction, broker, rules, alarms). */
  platformMetrics?: PlatformMetricsSources;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string | null;
  /** Parts besides the database that /readyz reports (broker, telemetry engine). */
  readiness?: readonly ReadinessCheck[];
  /**
   * HTTPS with this certificate chain and key (TLS 1.2 and up), and Strict-Transport-Security
   * on every answer; no plain HTTP listener then (GB/T 22239-2019 8.1.2.2, 8.1.4.8 a).
   */
  https?: { cert: Buffer; key: Buffer };
  /** Where the built web console is (default web/dist). */
  consoleDir?: string;
  /** The audit archive folder GET /audit/chain verifies with the table (identity/audit-archive). */
  auditArchiveDir?: string;
  /** Check each answer against its documented schema before sending it (contract test). */
  validateResponses?: boolean;
  /** Further route plugins from other contexts, each with its URL prefix. */
  plugins?: Array<{ plugin: FastifyPluginAsync; prefix?: string }>;
}

export const API_PREFIX = '/api/v1';

function validators(app: FastifyInstance): void {
  const common = {
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  } as const;
  // Bodies are JSON: types must match exactly ("12" is not a number). Query strings and path
  // parameters are text by nature, so they are coerced.
  const body = new Ajv({ ...common, coerceTypes: false });
  const query = new Ajv({ ...common, coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? body : query).compile(schema),
  );
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.https ? { https: { ...opts.https, minVersion: 'TLSv1.2' as const } } : {}),
    // A request logged anywhere (a plugin, a 5xx with its request) shows its URL with any
    // credential-bearing query parameter's value redacted (url-credentials.ts).
    logger:
      typeof opts.logger === 'object'
        ? {
            ...opts.logger,
            serializers: {
              req: (r: { method: string; url: string }) => ({
                method: r.method,
                url: redactUrl(r.url),
              }),
            },
          }
        : (opts.logger ?? false),
    bodyLimit: opts.bodyLimitBytes ?? 16 * 1024 * 1024,
    // Per-request logs would drown the log at telemetry rates; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200 },
  });
  validators(app);
  registerErrorHandling(app);
  registerSecurityHeaders(app, { hsts: Boolean(opts.https) });
  registerCsvBodies(app);
  await app.register(cookie);
  registerAuth(app, opts.authenticator);
  const revocations = opts.revocations ?? createRevocations();
  registerStreams(app, {
    authenticator: opts.authenticator,
    revocations,
    maxPerPrincipal: opts.sseMaxPerPrincipal ?? DEFAULT_SSE_MAX_PER_PRINCIPAL,
  });
  registerDrain(app);
  const metrics = createMetrics();
  if (opts.platformMetrics) registerPlatformMetrics(metrics.registry, opts.platformMetrics);
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  registerAdminAudit(app, opts.db);
  if (opts.validateResponses) registerResponseChecks(app, routeDocs);
  await app.register(swagger, {
    transform: documentRoutes(routeDocs),
    transformObject: restoreExamples(routeDocs),
    openapi: {
      info: {
        title: 'Ronghe API',
        version: '0.1.0',
        description:
          'Ronghe (融合) industrial service platform. Times: responses give instants as epoch ' +
          'milliseconds (UTC). Every time parameter accepts epoch ms, ISO 8601 (without an ' +
          "offset it is read in the tenant's time zone, GET /api/v1/settings/time-zone) or a " +
          'relative form: now, now-15m, now-7d, -1h (units s m h d w). Days, ISO weeks and ' +
          "months are cut at local midnight in the tenant's zone; `tz` picks another. Time " +
          'fields in request bodies (dueAt, at, start, from, to…) are read the same way. ' +
          'Assets: wherever a route names one asset (an `{id}` in an asset path, an `assetId` ' +
          "in a body or a filter), the asset's serial may stand for its id; the id is tried " +
          'first. An asset, or anything else, that does not exist or is not visible to the ' +
          'caller is a 404 (RONGHE_NOT_FOUND) naming what was not found. Lists that grow are ' +
          'paged by cursor: `limit` and `cursor`, answered with `{ items, nextCursor }`. ' +
          'Errors answer `{ code, message }` in Chinese or English by `Accept-Language`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'ronghe_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(systemRoutes, {
    db: opts.db,
    metrics,
    ...(opts.readiness ? { readiness: opts.readiness } : {}),
    ...(opts.metricsToken ? { metricsToken: opts.metricsToken } : {}),
  });
  await app.register(consoleRoutes, opts.consoleDir ? { dir: opts.consoleDir } : {});
  const ctx = {
    db: opts.db,
    authenticator: opts.authenticator,
    cookieSecure: opts.cookieSecure ?? false,
    revocations,
  };
  await app.register(identityRoutes, { prefix: API_PREFIX, ...ctx });
  await app.register(mfaRoutes, { prefix: API_PREFIX, ...ctx });
  await app.register(administratorRoutes, {
    prefix: API_PREFIX,
    ...ctx,
    ...(opts.auditArchiveDir ? { auditArchiveDir: opts.auditArchiveDir } : {}),
  });
  await app.register(assetRoutes, { prefix: API_PREFIX, ...ctx });
  await app.register(timeZoneRoutes, { prefix: API_PREFIX, db: opts.db });
  for (const p of opts.plugins ?? [])
    await app.register(p.plugin, p.prefix ? { prefix: p.prefix } : {});
  return app;
}
