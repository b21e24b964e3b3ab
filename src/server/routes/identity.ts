import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as identity from '../../identity/index.ts';
import {
  principalKey,
  roles,
  type Authenticator,
  type Revocations,
  type Role,
} from '../../identity/index.ts';
import { RongheError, type TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { SESSION_COOKIE, scopeOf, tokenOf } from '../auth.ts';
import { parseTimeParam, timeContext } from '../time.ts';
import { Email, Id, IdParams, Name, Password, Slug, Strict } from '../schemas.ts';
import { sessionKey } from '../streams.ts';
import { decodeCursor, pageOf, PageQuery } from '../paging.ts';
import { createSessionStarter } from '../session-cookie.ts';
import { SecondStepOut, UserOut } from './identity-schemas.ts';
import { clientOf, originOf } from '../request-client.ts';

const RoleSchema = Type.Unsafe<Role>(Type.Union(roles.map((r) => Type.Literal(r))));
const CustomerOut = Type.Object({
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  createdAt: Type.Number(),
});

export interface IdentityRouteOptions {
  db: Db;
  authenticator: Authenticator;
  cookieSecure: boolean;
  /** Told of every principal whose access ends or changes, to end its live connections. */
  revocations: Revocations;
}

export async function identityRoutes(base: FastifyInstance, opts: IdentityRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, authenticator, revocations } = opts;
  const granter = (r: { principal: identity.Principal | null }): Role => r.principal!.role;
  const sessions = createSessionStarter(db, authenticator, opts.cookieSecure);
  const startSession = (reply: FastifyReply, userId: string) => sessions.start(reply, userId);
  const checkPassword = (password: string, user: { email: string; name: string }) =>
    identity.checkPassword(authenticator.passwordPolicy, password, user);

  app.post(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        body: Strict({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: UserOut, 202: SecondStepOut },
      },
    },
    async (req, reply) => {
      const user = await authenticator.login(
        req.body.email,
        req.body.password,
        req.ip,
        clientOf(req),
      );
      // With a second factor owed, the answer is the step left, not a session (routes/mfa.ts).
      const second = await sessions.secondStep(reply, user);
      if (second) return reply.status(202).send(second);
      await startSession(reply, user.id);
      return user;
    },
  );
  app.post(
    '/auth/logout',
    { config: { permission: 'public' }, schema: { tags: ['auth'] } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const owner = await identity.deleteSession(db, token);
        revocations.revoked(sessionKey(token));
        // Logouts are security events too (GB/T 22239-2019 8.1.4.3 a, issue 26).
        if (owner)
          await identity.recordAudit(db.kysely, {
            tenantId: owner.tenantId as TenantId | null,
            actor: `user:${owner.userId}`,
            action: 'auth.logout',
            entityType: 'user',
            entityId: owner.userId,
            details: { outcome: 'ok', ...originOf(req) },
          });
      }
      authenticator.clearCache();
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
  app.get(
    '/auth/me',
    {
      config: { permission: 'authenticated', temporaryPassword: true },
      schema: { tags: ['auth'] },
    },
    async (req) => {
      const p = req.principal!;
      // The label names a user by id: the header shows who is signed in by e-mail and name.
      return p.kind === 'user' ? { ...p, ...(await identity.ownIdentity(db, p.userId)) } : p;
    },
  );
  app.post(
    '/auth/password',
    {
      config: { permission: 'authenticated', temporaryPassword: true },
      schema: {
        tags: ['auth'],
        body: Strict({
          currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
          newPassword: Password,
        }),
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      if (p.kind !== 'user')
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: 'Only a user signed in with a password has one.',
          'zh-CN': '只有用密码登录的用户才有密码。',
        });
      await authenticator.changePassword(
        p.userId,
        req.body.currentPassword,
        req.body.newPassword,
        req.ip,
      );
      // Every session of the user ends, the asking one too (GB/T 22239-2019 8.1.4.1): whoever
      // held one with the old password is out. The asker carries on in a new session.
      await identity.endSessions(db, p.userId);
      authenticator.clearCache();
      revocations.revoked(principalKey({ kind: 'user', userId: p.userId }));
      const token = tokenOf(req);
      if (token) revocations.revoked(sessionKey(token));
      await startSession(reply, p.userId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/tenants',
    { config: { permission: 'tenant:manage' }, schema: { tags: ['tenants'] } },
    async () => identity.listTenants(db),
  );
  app.post(
    '/tenants',
    {
      config: { permission: 'tenant:manage' },
      schema: { tags: ['tenants'], body: Strict({ slug: Slug, name: Name }) },
    },
    async (req, reply) =>
      reply.status(201).send(await identity.createTenant(db, req.body, req.principal!.label)),
  );

  app.get(
    '/customers',
    {
      config: { permission: 'customer:read' },
      schema: { tags: ['customers'], response: { 200: Type.Array(CustomerOut) } },
    },
    async (req) => identity.listCustomers(db, await scopeOf(db, req)),
  );
  app.post(
    '/customers',
    {
      config: { permission: 'customer:write' },
      schema: {
        tags: ['customers'],
        body: Strict({ name: Name, parentId: Type.Optional(Type.Union([Id, Type.Null()])) }),
        response: { 201: CustomerOut },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await identity.createCustomer(db, await scopeOf(db, req), req.body)),
  );
  app.get(
    '/customers/:id',
    {
      config: { permission: 'customer:read' },
      schema: { tags: ['customers'], params: IdParams, response: { 200: CustomerOut } },
    },
    async (req) => identity.getCustomer(db, await scopeOf(db, req), req.params.id),
  );
  app.patch(
    '/customers/:id',
    {
      config: { permission: 'customer:write' },
      schema: {
        tags: ['customers'],
        params: IdParams,
        body: Strict({
          name: Type.Optional(Name),
          parentId: Type.Optional(Type.Union([Id, Type.Null()])),
        }),
        response: { 200: CustomerOut },
      },
    },
    async (req) => identity.updateCustomer(db, await scopeOf(db, req), req.params.id, req.body),
  );
  app.delete(
    '/customers/:id',
    { config: { permission: 'customer:write' }, schema: { tags: ['customers'], params: IdParams } },
    async (req, reply) => {
      await identity.deleteCustomer(db, await scopeOf(db, req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/users',
    {
      config: { permission: 'user:read' },
      schema: { tags: ['users'], response: { 200: Type.Array(UserOut) } },
    },
    async (req) => identity.listUsers(db, await scopeOf(db, req)),
  );
  app.post(
    '/users',
    {
      config: { permission: 'user:write' },
      schema: {
        tags: ['users'],
        body: Strict({
          email: Email,
          name: Name,
          role: RoleSchema,
          password: Password,
          customerId: Type.Optional(Type.Union([Id, Type.Null()])),
        }),
        response: { 201: UserOut },
      },
    },
    async (req, reply) => {
      checkPassword(req.body.password, req.body);
      return reply.status(201).send(
        await identity.createUser(db, await scopeOf(db, req), granter(req), {
          ...req.body,
          temporaryPassword: true, // chosen by the administrator, not the user
        }),
      );
    },
  );
  app.get(
    '/users/:id',
    {
      config: { permission: 'user:read' },
      schema: { tags: ['users'], params: IdParams, response: { 200: UserOut } },
    },
    async (req) => identity.getUser(db, await scopeOf(db, req), req.params.id),
  );
  app.patch(
    '/users/:id',
    {
      config: { permission: 'user:write' },
      schema: {
        tags: ['users'],
        params: IdParams,
        response: { 200: UserOut },
        body: Strict({
          name: Type.Optional(Name),
          role: Type.Optional(RoleSchema),
          password: Type.Optional(Password),
          disabled: Type.Optional(Type.Boolean()),
          customerId: Type.Optional(Type.Union([Id, Type.Null()])),
        }),
      },
    },
    async (req) => {
      const self = req.principal?.kind === 'user' && req.principal.userId === req.params.id;
      // No one hands themselves another role, least of all another administrator duty.
      if (self && req.body.role !== undefined && req.body.role !== req.principal!.role)
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: 'role: you cannot change your own role.',
          'zh-CN': 'role：不能修改自己的角色。',
        });
      const scope = await scopeOf(db, req);
      if (req.body.password) {
        const current = await identity.getUser(db, scope, req.params.id);
        checkPassword(req.body.password, {
          email: current.email,
          name: req.body.name ?? current.name,
        });
      }
      const user = await identity.updateUser(
        db,
        scope,
        granter(req),
        req.params.id,
        req.body,
        self ? { keepSessionToken: tokenOf(req) } : undefined,
      );
      authenticator.clearCache();
      // Disabled, new password, other role or customer: streams opened before end now.
      const b = req.body;
      if (b.disabled || b.password || b.role !== undefined || b.customerId !== undefined)
        revocations.revoked(principalKey({ kind: 'user', userId: req.params.id }));
      return user;
    },
  );
  app.post(
    '/users/:id/unlock',
    {
      config: { permission: 'user:write' },
      schema: { tags: ['users'], params: IdParams, response: { 200: UserOut } },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const user = await identity.getUser(db, scope, req.params.id);
      authenticator.unlock(user.email);
      await identity.recordAudit(db.kysely, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'user.unlock',
        entityType: 'user',
        entityId: user.id,
        details: originOf(req),
      });
      return user;
    },
  );
  app.delete(
    '/users/:id',
    { config: { permission: 'user:write' }, schema: { tags: ['users'], params: IdParams } },
    async (req, reply) => {
      if (req.principal?.kind === 'user' && req.principal.userId === req.params.id)
        throw new RongheError('RONGHE_CONFLICT', {
          en: 'You cannot delete yourself.',
          'zh-CN': '不能删除自己。',
        });
      await identity.deleteUser(db, await scopeOf(db, req), granter(req), req.params.id);
      authenticator.clearCache();
      revocations.revoked(principalKey({ kind: 'user', userId: req.params.id }));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api-keys',
    { config: { permission: 'apikey:write' }, schema: { tags: ['api-keys'] } },
    async (req) => identity.listApiKeys(db, await scopeOf(db, req)),
  );
  app.post(
    '/api-keys',
    {
      config: { permission: 'apikey:write' },
      schema: {
        tags: ['api-keys'],
        body: Strict({
          name: Name,
          role: Type.Optional(RoleSchema),
          // InfluxDB line protocol written with this key (issue 25; README, "Works with").
          lineMapping: Type.Optional(
            Strict({
              assetTags: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
                  minItems: 1,
                  maxItems: 10,
                }),
              ),
              channels: Type.Optional(
                Type.Union([Type.Literal('field'), Type.Literal('measurement_field')]),
              ),
              strings: Type.Optional(Type.Union([Type.Literal('drop'), Type.Literal('reject')])),
              partial: Type.Optional(Type.Boolean()),
            }),
          ),
          // GB/T 22239-2019 8.1.4.2: credentials that end. Any time form (`now+90d`, ISO 8601).
          expiresAt: Type.Optional(
            Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Number(), Type.Null()]),
          ),
        }),
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, req);
      const e = req.body.expiresAt;
      const expiresAt =
        e === undefined || e === null
          ? null
          : parseTimeParam('expiresAt', e, await timeContext(db, scope.tenantId));
      return reply.status(201).send(
        await identity.createApiKey(db, scope, granter(req), {
          name: req.body.name,
          role: req.body.role ?? 'engineer',
          expiresAt,
          ...(req.body.lineMapping ? { lineMapping: req.body.lineMapping } : {}),
        }),
      );
    },
  );
  app.delete(
    '/api-keys/:id',
    { config: { permission: 'apikey:write' }, schema: { tags: ['api-keys'], params: IdParams } },
    async (req, reply) => {
      await identity.revokeApiKey(db, await scopeOf(db, req), req.params.id);
      authenticator.clearCache();
      revocations.revoked(`apikey:${req.params.id}`);
      return reply.status(204).send();
    },
  );

  app.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        querystring: Strict({
          entityId: Type.Optional(Type.String({ maxLength: 64 })),
          entityType: Type.Optional(Type.String({ maxLength: 64 })),
          actor: Type.Optional(
            Type.String({
              maxLength: 300,
              description:
                "e.g. user:us_8kq2m4x7d1ppd2n9; a user's records under their e-mail (before 037) match too",
            }),
          ),
          action: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. asset.update' })),
          from: Type.Optional(Type.Integer({ minimum: 0, description: 'at or after, epoch ms' })),
          to: Type.Optional(Type.Integer({ minimum: 0, description: 'before, epoch ms' })),
          ...PageQuery,
        }),
      },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const { cursor, limit = 100, actor, ...filters } = req.query;
      const items = await identity.listAudit(db.kysely, scope.tenantId, {
        ...filters,
        ...(actor ? { actor: await identity.actorAliases(db, actor) } : {}),
        limit: limit + 1,
        customerIds: scope.customerIds,
        ...(cursor ? { after: decodeCursor(cursor) } : {}),
      });
      const page = await identity.withActorNames(db, items.slice(0, limit), ['actor']);
      return pageOf(page, items.length > limit, (e) => e.at);
    },
  );
}
