// In-process HTTP tests (house style 8): the real app over a real database, driven with
// app.inject(). `World` builds two tenants with customers, users of every role and assets, and
// `as(who)` sends a request as one of them.
import type {
  FastifyInstance,
  FastifyPluginAsync,
  InjectOptions,
  LightMyRequestResponse,
} from 'fastify';
import * as identity from '../src/identity/index.ts';
import * as assets from '../src/assets/index.ts';
import { buildApp } from '../src/server/index.ts';
import type { Db } from '../src/storage/index.ts';
import type { TestDatabase } from './databases.ts';

export type Who =
  | 'platform_admin'
  | 'tenant_admin'
  | 'engineer'
  | 'technician'
  | 'viewer'
  | 'other_admin'
  | 'anonymous';

export interface World {
  app: FastifyInstance;
  db: Db;
  tenantA: identity.Tenant;
  tenantB: identity.Tenant;
  scopeA: identity.Scope;
  scopeB: identity.Scope;
  customers: { A1: string; A1a: string; A2: string; B1: string };
  models: { A: string; B: string };
  assets: { A1: string; A1a: string; A2: string; B1: string };
  tokens: Record<Exclude<Who, 'anonymous'>, string>;
  /** Each user's actor label, `user:<id>`, as records name them. */
  actors: Record<Exclude<Who, 'anonymous'>, string>;
  as(who: Who, opts: InjectOptions): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export interface WorldOptions {
  bodyLimitBytes?: number;
  /** Revocations the app announces (the broker fixture listens to the same). */
  revocations?: identity.Revocations;
  /** Route plugins of further contexts, built over the world's database. */
  plugins?: (db: Db) => Promise<Array<{ plugin: FastifyPluginAsync; prefix?: string }>>;
  /** Password and session policy, login throttle (identity's defaults when absent). */
  authenticator?: identity.AuthenticatorOptions;
}

export async function createWorld(
  t: TestDatabase,
  options: WorldOptions | number = {},
): Promise<World> {
  const { bodyLimitBytes, plugins, revocations, authenticator } =
    typeof options === 'number'
      ? { bodyLimitBytes: options, plugins: undefined, revocations: undefined, authenticator: {} }
      : options;
  const h = await t.open();
  const db = h.db;
  const sys = 'test:setup';
  const tenantA = await identity.createTenant(db, { slug: 'acme', name: 'Acme Chillers' }, sys);
  const tenantB = await identity.createTenant(db, { slug: 'bolt', name: 'Bolt Locomotives' }, sys);
  const scopeA: identity.Scope = { tenantId: tenantA.id, customerIds: null, actor: sys };
  const scopeB: identity.Scope = { tenantId: tenantB.id, customerIds: null, actor: sys };
  const A1 = await identity.createCustomer(db, scopeA, { name: 'Suzhou Group' });
  const A1a = await identity.createCustomer(db, scopeA, {
    name: 'Suzhou Plant 2',
    parentId: A1.id,
  });
  const A2 = await identity.createCustomer(db, scopeA, { name: 'Wuxi Hospital' });
  const B1 = await identity.createCustomer(db, scopeB, { name: 'Nanjing Metro' });
  const channels = [{ key: 'cop', name: 'COP', dataType: 'float' as const }];
  const properties = [
    {
      key: 'rated_kw',
      name: 'Rated power',
      unit: 'kW',
      dataType: 'number' as const,
      min: 0,
      max: 10000,
    },
  ];
  const mA = await assets.createModel(db, scopeA, {
    name: 'Centrifugal chiller',
    channels,
    properties,
  });
  const mB = await assets.createModel(db, scopeB, { name: 'Locomotive', channels });
  const aA1 = await assets.createAsset(db, scopeA, {
    name: 'Chiller 1',
    serial: 'CH-1',
    modelId: mA.id,
    customerId: A1.id,
    properties: { rated_kw: 500 },
  });
  const aA1a = await assets.createAsset(db, scopeA, {
    name: 'Chiller 2',
    serial: 'CH-2',
    modelId: mA.id,
    customerId: A1a.id,
  });
  const aA2 = await assets.createAsset(db, scopeA, {
    name: 'Chiller 3',
    serial: 'CH-3',
    modelId: mA.id,
    customerId: A2.id,
  });
  const aB1 = await assets.createAsset(db, scopeB, {
    name: 'HXD1-001',
    serial: 'LOC-1',
    modelId: mB.id,
    customerId: B1.id,
  });

  const pw = 'correct horse battery';
  const platform = await identity.createPlatformAdmin(db, {
    email: 'root@ronghe.test',
    name: 'Root',
    password: pw,
  });
  const mk = (scope: identity.Scope, role: identity.Role, email: string, customerId?: string) =>
    identity.createUser(db, scope, 'tenant_admin', {
      email,
      name: email,
      role,
      password: pw,
      ...(customerId ? { customerId } : {}),
    });
  const users = {
    tenant_admin: await mk(scopeA, 'tenant_admin', 'admin@acme.test'),
    engineer: await mk(scopeA, 'engineer', 'eng@acme.test'),
    technician: await mk(scopeA, 'technician', 'tech@acme.test'),
    viewer: await mk(scopeA, 'customer_viewer', 'viewer@suzhou.test', A1.id),
    other_admin: await mk(scopeB, 'tenant_admin', 'admin@bolt.test'),
  };
  const tokens = {
    platform_admin: (await identity.createSession(db, platform.id)).token,
  } as World['tokens'];
  for (const [k, u] of Object.entries(users))
    tokens[k as keyof typeof users] = (await identity.createSession(db, u.id)).token;
  const actors = { platform_admin: `user:${platform.id}` } as World['actors'];
  for (const [k, u] of Object.entries(users)) actors[k as keyof typeof users] = `user:${u.id}`;

  const app = await buildApp({
    db,
    authenticator: identity.createAuthenticator(db, authenticator ?? {}),
    ...(bodyLimitBytes ? { bodyLimitBytes } : {}),
    ...(plugins ? { plugins: await plugins(db) } : {}),
    ...(revocations ? { revocations } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    tenantA,
    tenantB,
    scopeA,
    scopeB,
    customers: { A1: A1.id, A1a: A1a.id, A2: A2.id, B1: B1.id },
    models: { A: mA.id, B: mB.id },
    assets: { A1: aA1.id, A1a: aA1a.id, A2: aA2.id, B1: aB1.id },
    tokens,
    actors,
    as(who, opts) {
      const headers: Record<string, string> = {
        ...(opts.headers as Record<string, string> | undefined),
      };
      if (who !== 'anonymous') headers.cookie = `ronghe_session=${tokens[who]}`;
      if (who === 'platform_admin') headers['x-ronghe-tenant'] = 'acme';
      return app.inject({ ...opts, headers });
    },
    async dispose() {
      await app.close();
      await h.dispose();
    },
  };
}
