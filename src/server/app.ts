// Builds the Fastify application: error mapping, authentication and permission checks,
// validation (bodies strictly typed, query strings coerced), OpenAPI, and one plugin per
// context. The composition root passes in the concrete pieces.
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import type { Authenticator } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { registerAuth } from './auth.ts';
import { registerErrorHandling } from './errors.ts';
import { assetRoutes } from './routes/assets.ts';
import { consoleRoutes } from './routes/console.ts';
import { identityRoutes } from './routes/identity.ts';
import { createMetrics, systemRoutes } from './routes/system.ts';

export interface AppOptions {
  db: Db;
  authenticator: Authenticator;
  bodyLimitBytes?: number;
  cookieSecure?: boolean;
  logger?: boolean | { level: string };
  /** Where the built web console is (default web/dist). */
  consoleDir?: string;
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
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 16 * 1024 * 1024,
    // Per-request logs would drown the log at telemetry rates; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200 },
  });
  validators(app);
  registerErrorHandling(app);
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  await app.register(cookie);
  registerAuth(app, opts.authenticator);
  const metrics = createMetrics();
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
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Ronghe API',
        version: '0.1.0',
        description: 'Ronghe (融合) industrial service platform',
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
  await app.register(systemRoutes, { db: opts.db, metrics });
  await app.register(consoleRoutes, opts.consoleDir ? { dir: opts.consoleDir } : {});
  const ctx = {
    db: opts.db,
    authenticator: opts.authenticator,
    cookieSecure: opts.cookieSecure ?? false,
  };
  await app.register(identityRoutes, { prefix: API_PREFIX, ...ctx });
  await app.register(assetRoutes, { prefix: API_PREFIX, ...ctx });
  for (const p of opts.plugins ?? [])
    await app.register(p.plugin, p.prefix ? { prefix: p.prefix } : {});
  return app;
}
