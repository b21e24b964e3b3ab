// The composition root: the one place that wires concrete pieces together — database,
// migrations, demo data, the HTTP app and its context plugins.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { seedDemo, type DemoSeed } from './demo.ts';
import { createAssetResolver } from './assets/index.ts';
import { createAuthenticator } from './identity/index.ts';
import { buildApp } from './server/index.ts';
import { telemetryRoutes } from './server/routes/telemetry.ts';
import { createDatabase, migrateToLatest, type Db } from './storage/index.ts';
import { createTelemetryService, type TelemetryService } from './telemetry/index.ts';

export interface Platform {
  app: FastifyInstance;
  db: Db;
  telemetry: TelemetryService;
  demo?: DemoSeed;
  /** Base URL once listening. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Listen on config.host:config.port; false for in-process tests with app.inject(). */
  listen?: boolean;
  log?: (line: string) => void;
}

export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const db = await createDatabase({ url: config.databaseUrl });
  try {
    const migrated = await migrateToLatest(db);
    if (migrated.applied.length)
      log(`database ${db.location}: applied ${migrated.applied.join(', ')}`);
    const demo = config.demo
      ? await seedDemo(
          db,
          process.env.RONGHE_ADMIN_PASSWORD
            ? { adminPassword: process.env.RONGHE_ADMIN_PASSWORD }
            : {},
        )
      : undefined;
    const authenticator = createAuthenticator(db);
    const telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
    const app = await buildApp({
      db,
      authenticator,
      bodyLimitBytes: config.bodyLimitBytes,
      cookieSecure: config.cookieSecure,
      logger: { level: config.logLevel },
      plugins: [{ plugin: (a) => telemetryRoutes(a, { telemetry }) }],
    });
    let url = '';
    if (opts.listen !== false) {
      url = await app.listen({ host: config.host, port: config.port });
      url = url.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    } else await app.ready();
    let closed = false;
    return {
      app,
      db,
      telemetry,
      ...(demo ? { demo } : {}),
      url,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await telemetry.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
