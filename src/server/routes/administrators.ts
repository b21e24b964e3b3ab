// Separated administrators over HTTP (三权分立; GB/T 22239-2019 8.1.4.2 c, 8.1.5.1–8.1.5.3):
// the administrator settings of a tenant or the platform (second factor for administrators,
// separation of duties), the platform's own administrator accounts, and the audit view across
// tenants with the hash chain's status. A tenant's audit administrator sees its tenant only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as identity from '../../identity/index.ts';
import { RongheError, notFound, type TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import { Email, IdParams, Name, Password, Strict } from '../schemas.ts';
import { UserOut } from './identity-schemas.ts';

export interface AdministratorRouteOptions {
  db: Db;
  authenticator: identity.Authenticator;
  /** Ends the live streams of a disabled account (SSE, MQTT). */
  revocations?: identity.Revocations;
  /** Archived audit records, verified with the table's (identity/audit-archive). */
  auditArchiveDir?: string;
}

const PolicyOut = Type.Object({
  scope: Type.String({ description: "'platform', or the tenant's id" }),
  mfaForAdmins: Type.Boolean(),
  separation: Type.Boolean(),
  floor: Type.Object({ mfaForAdmins: Type.Boolean(), separation: Type.Boolean() }),
});
const AuditViewItem = Type.Object({
  id: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  actor: Type.String({ description: '`user:<id>`, `apikey:<id>`, `system`…' }),
  actorName: Type.Union([Type.String(), Type.Null()], {
    description: "the user's name now, read at request time; null for a deleted user or no user",
  }),
  action: Type.String(),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  entityType: Type.String(),
  entityId: Type.String(),
  details: Type.Unknown(),
  at: Type.Number(),
  seq: Type.Union([Type.Number(), Type.Null()]),
});
const ChainOut = Type.Object({
  ok: Type.Boolean(),
  records: Type.Integer(),
  unchained: Type.Integer(),
  archived: Type.Optional(
    Type.Integer({ description: 'records of the chain read from archive files' }),
  ),
  problem: Type.Optional(
    Type.Object({
      seq: Type.Number(),
      id: Type.Optional(Type.String()),
      kind: Type.Union([Type.Literal('edited'), Type.Literal('deleted'), Type.Literal('head')]),
      where: Type.Optional(
        Type.String({
          description: "'database', or an archive file and line: tn_…/2026-01-05.jsonl:17",
        }),
      ),
    }),
  ),
});

const platformOnly = () =>
  new RongheError('RONGHE_FORBIDDEN', {
    en: "Only the platform's own administrators (outside any tenant) manage platform accounts.",
    'zh-CN': '只有平台级管理员（不属于任何租户）才能管理平台账号。',
  });

export async function administratorRoutes(base: FastifyInstance, opts: AdministratorRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, authenticator } = opts;

  /** The settings' owner: the caller's tenant, a tenant a platform account names, or the platform. */
  async function settingsScope(req: FastifyRequest): Promise<TenantId | null> {
    const p = req.principal!;
    if (!p.tenantId && !req.headers['x-ronghe-tenant']) return null;
    return (await scopeOf(db, req)).tenantId;
  }
  const policyOut = (tenantId: string | null, p: identity.EffectivePolicy) => ({
    scope: tenantId ?? 'platform',
    mfaForAdmins: p.mfaForAdmins,
    separation: p.separation,
    floor: p.floor,
  });

  app.get(
    '/security/settings',
    {
      config: { permission: 'security:read' },
      schema: { tags: ['security'], response: { 200: PolicyOut } },
    },
    async (req) => {
      const t = await settingsScope(req);
      return policyOut(t, await authenticator.adminPolicy(t));
    },
  );
  app.put(
    '/security/settings',
    {
      config: { permission: 'security:write' },
      schema: {
        tags: ['security'],
        body: Strict({
          mfaForAdmins: Type.Optional(Type.Boolean()),
          separation: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PolicyOut },
      },
    },
    async (req) => {
      const t = await settingsScope(req);
      const p = await identity.setAdminPolicy(
        db,
        t,
        req.body,
        authenticator.adminFloor,
        req.principal!.label,
      );
      authenticator.clearCache(); // principals carry the separation setting
      return policyOut(t, p);
    },
  );

  app.get(
    '/platform/administrators',
    {
      config: { permission: 'user:read' },
      schema: { tags: ['security'], response: { 200: Type.Array(UserOut) } },
    },
    async (req) => {
      if (req.principal!.tenantId) throw platformOnly();
      return identity.listPlatformAccounts(db);
    },
  );
  app.post(
    '/platform/administrators',
    {
      config: { permission: 'user:write' },
      schema: {
        tags: ['security'],
        body: Strict({
          email: Email,
          name: Name,
          role: Type.Union(identity.platformDuties.map((r) => Type.Literal(r))),
          password: Password,
        }),
        response: { 201: UserOut },
      },
    },
    async (req, reply) => {
      if (req.principal!.tenantId) throw platformOnly();
      identity.checkPassword(authenticator.passwordPolicy, req.body.password, req.body);
      const user = await identity.createPlatformAccount(db, req.principal!.label, req.body);
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/platform/administrators/:id',
    {
      config: { permission: 'user:write' },
      schema: {
        tags: ['security'],
        params: IdParams,
        body: Strict({
          name: Type.Optional(Name),
          disabled: Type.Optional(Type.Boolean()),
          password: Type.Optional(Password),
        }),
        response: { 200: UserOut },
      },
    },
    async (req) => {
      const p = req.principal!;
      if (p.tenantId) throw platformOnly();
      if (req.body.password) {
        const current = (await identity.listPlatformAccounts(db)).find(
          (u) => u.id === req.params.id,
        );
        if (current)
          identity.checkPassword(authenticator.passwordPolicy, req.body.password, {
            email: current.email,
            name: req.body.name ?? current.name,
          });
      }
      const user = await identity.updatePlatformAccount(
        db,
        { label: p.label, userId: p.kind === 'user' ? p.userId : null },
        req.params.id,
        req.body,
      );
      authenticator.clearCache();
      if (req.body.disabled || req.body.password)
        opts.revocations?.revoked(identity.principalKey({ kind: 'user', userId: user.id }));
      return user;
    },
  );

  // A platform account that lost its authenticator: another platform administrator with
  // user:write (the security administrator under mlps3) removes the factor; the account enrols
  // anew at its next login. Never one's own: a stolen session must not remove the factor that
  // guards the account (GB/T 22239-2019 8.1.4.1 d, two factors for administrators).
  app.post(
    '/platform/administrators/:id/mfa/reset',
    {
      config: { permission: 'user:write' },
      schema: { tags: ['security'], params: IdParams, response: { 200: UserOut } },
    },
    async (req) => {
      const p = req.principal!;
      if (p.tenantId) throw platformOnly();
      if (p.kind === 'user' && p.userId === req.params.id)
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: 'id: you cannot reset your own second factor; another platform administrator does.',
          'zh-CN': 'id：不能重置自己的第二重验证，须由另一位平台管理员操作。',
        });
      const user = (await identity.listPlatformAccounts(db)).find((u) => u.id === req.params.id);
      if (!user) throw notFound('User', req.params.id);
      await authenticator.mfa.reset(user, p.label, req.ip);
      return user;
    },
  );

  /** The tenant whose records the caller may read: its own, or any (undefined) outside tenants. */
  function auditReach(req: FastifyRequest): TenantId | undefined {
    const p = req.principal!;
    if (p.customerIds)
      throw new RongheError('RONGHE_FORBIDDEN', {
        en: "A customer's users read their audit at GET /api/v1/audit.",
        'zh-CN': '客户用户请通过 GET /api/v1/audit 查看审计记录。',
      });
    return p.tenantId ?? undefined;
  }

  app.get(
    '/audit/records',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        querystring: Strict({
          tenantId: Type.Optional(
            Type.String({
              maxLength: 64,
              description: "a tenant's id, or 'none' for records outside tenants",
            }),
          ),
          actor: Type.Optional(Type.String({ maxLength: 300 })),
          action: Type.Optional(
            Type.String({ maxLength: 100, description: 'an action, or a prefix: auth.*' }),
          ),
          outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
          from: Type.Optional(Type.Integer({ minimum: 0, description: 'at or after, epoch ms' })),
          to: Type.Optional(Type.Integer({ minimum: 0, description: 'before, epoch ms' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(AuditViewItem),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      const own = auditReach(req);
      const { cursor, limit = 100, tenantId, actor, ...filters } = req.query;
      if (own && tenantId !== undefined && tenantId !== own)
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: 'tenantId: a tenant administrator reads its own tenant only.',
          'zh-CN': 'tenantId：租户管理员只能查看本租户的审计记录。',
        });
      const items = await identity.listAuditView(db.kysely, {
        ...filters,
        ...(actor ? { actor: await identity.actorAliases(db, actor) } : {}),
        tenantId: own ?? (tenantId === 'none' ? null : tenantId),
        limit: limit + 1,
        ...(cursor ? { after: decodeCursor(cursor) } : {}),
      });
      const page = await identity.withActorNames(db, items.slice(0, limit), ['actor']);
      return pageOf(page, items.length > limit, (e) => e.at);
    },
  );
  const RetentionOut = Type.Object({
    scope: Type.String({ description: "'platform', or the tenant's id" }),
    days: Type.Integer({ description: 'days records stay in the database before archiving' }),
  });
  app.get(
    '/audit/retention',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], response: { 200: RetentionOut } },
    },
    async (req) => {
      auditReach(req);
      const t = await settingsScope(req);
      return { scope: t ?? 'platform', days: await identity.auditRetentionOf(db, t) };
    },
  );
  app.put(
    '/audit/retention',
    {
      config: { permission: 'audit:retention' },
      schema: {
        tags: ['audit'],
        body: Strict({
          days: Type.Integer({
            minimum: identity.AUDIT_RETENTION_MIN_DAYS,
            maximum: 36_500,
            description: 'at least 180: six months (GB/T 22239-2019 8.1.4.3 c)',
          }),
        }),
        response: { 200: RetentionOut },
      },
    },
    async (req) => {
      auditReach(req);
      const t = await settingsScope(req);
      const days = await identity.setAuditRetention(db, t, req.body.days, req.principal!.label);
      return { scope: t ?? 'platform', days };
    },
  );
  app.get(
    '/audit/chain',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], response: { 200: ChainOut } },
    },
    async (req) => {
      auditReach(req);
      return identity.auditChainStatus(
        db.kysely,
        opts.auditArchiveDir ? { archiveDir: opts.auditArchiveDir } : {},
      );
    },
  );
}
