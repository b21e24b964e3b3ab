// The second factor over HTTP (RFC 6238; GB/T 22239-2019 8.1.4.1 d). After a correct password
// the login answers 202 with the step left and a half-login cookie valid on these paths only;
// POST /auth/mfa/verify with a code (or a recovery code) then opens the session. Enrolment
// works from a session, or from the half-login when a second factor is required and none is
// enrolled yet (the administrator's first login under mlps3). An administrator resets a lost
// factor, audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as identity from '../../identity/index.ts';
import { RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Strict } from '../schemas.ts';
import { createSessionStarter, MFA_COOKIE } from '../session-cookie.ts';
import { UserOut } from './identity-schemas.ts';
import { originOf } from '../request-client.ts';

export interface MfaRouteOptions {
  db: Db;
  authenticator: identity.Authenticator;
  cookieSecure: boolean;
  revocations: identity.Revocations;
}

const Code = Type.String({
  minLength: 6,
  maxLength: 32,
  description:
    'A 6-digit code from the authenticator app, or a recovery code (XXXX-XXXX-XXXX-XXXX)',
});
const Enrolment = Type.Object({
  secret: Type.String({ description: 'base32 (RFC 4648), shown once' }),
  uri: Type.String({ description: 'otpauth://totp/… for a QR code' }),
});
const MfaStatusOut = Type.Object({
  enrolled: Type.Boolean(),
  required: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
});

const noHalfLogin = () =>
  RongheError.of('RONGHE_UNAUTHENTICATED', {
    reason: {
      en: 'The second login step has expired or was never begun: log in with your password again.',
      'zh-CN': '第二步验证已过期或未开始，请重新用密码登录。',
    },
  });

export async function mfaRoutes(base: FastifyInstance, opts: MfaRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, authenticator } = opts;
  const sessions = createSessionStarter(db, authenticator, opts.cookieSecure);
  const mfa = authenticator.mfa;

  /** The half-login of this request, of the given purpose. */
  async function halfLogin(req: FastifyRequest, purpose: identity.ChallengePurpose) {
    const token = req.cookies[MFA_COOKIE];
    const c = token ? await identity.challengeOf(db, token) : undefined;
    if (!token || !c || c.purpose !== purpose) throw noHalfLogin();
    return { token, user: c.user };
  }
  /** Who enrols: the session's user, else an `enrol` half-login. */
  async function enrolling(req: FastifyRequest) {
    const p = req.principal;
    if (p?.kind === 'user') {
      const r = await identity.getUserById(db, p.userId);
      if (r) return { user: r, token: undefined };
    }
    if (p) throw forbiddenNonUser();
    return halfLogin(req, 'enrol');
  }

  app.post(
    '/auth/mfa/verify',
    {
      config: { permission: 'public' },
      schema: { tags: ['auth'], body: Strict({ code: Code }), response: { 200: UserOut } },
    },
    async (req, reply) => {
      const { token, user } = await halfLogin(req, 'totp');
      authenticator.checkThrottle(user.email, req.ip);
      const factor = await mfa.verify(user, req.body.code);
      await identity.recordAudit(db.kysely, {
        tenantId: user.tenantId,
        actor: `user:${user.id}`,
        action: factor ? 'auth.login.mfa' : 'auth.login.mfa.failed',
        entityType: 'user',
        entityId: user.id,
        details: { outcome: factor ?? 'wrong-code', ...originOf(req) },
      });
      if (!factor) {
        await identity.challengeFailed(db, token);
        authenticator.secondFactorFailed(user.email, req.ip);
        throw identity.wrongCode();
      }
      await identity.endChallenge(db, token);
      sessions.endSecondStep(reply);
      await sessions.start(reply, user.id);
      return user;
    },
  );

  app.get(
    '/auth/mfa',
    {
      config: { permission: 'authenticated', temporaryPassword: true },
      schema: { tags: ['auth'], response: { 200: MfaStatusOut } },
    },
    async (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw forbiddenNonUser();
      const status = await mfa.status(p.userId);
      const required =
        identity.isAdminRole(p.role) && (await authenticator.adminPolicy(p.tenantId)).mfaForAdmins;
      return { ...status, required };
    },
  );

  app.post(
    '/auth/mfa/enrol',
    {
      config: { permission: 'public', temporaryPassword: true },
      schema: { tags: ['auth'], response: { 200: Enrolment } },
    },
    async (req) => mfa.startEnrolment((await enrolling(req)).user),
  );

  app.post(
    '/auth/mfa/enrol/confirm',
    {
      config: { permission: 'public', temporaryPassword: true },
      schema: {
        tags: ['auth'],
        body: Strict({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: {
          200: Type.Object({
            recoveryCodes: Type.Array(Type.String(), { description: 'shown once' }),
            user: Type.Optional(UserOut),
          }),
        },
      },
    },
    async (req, reply) => {
      const { user, token } = await enrolling(req);
      authenticator.checkThrottle(user.email, req.ip);
      let recoveryCodes: string[];
      try {
        recoveryCodes = await mfa.confirmEnrolment(user, req.body.code);
      } catch (e) {
        if (token) await identity.challengeFailed(db, token);
        authenticator.secondFactorFailed(user.email, req.ip);
        throw e;
      }
      if (!token) return { recoveryCodes };
      // Enrolled at the login's second step: the first code proves it, the session opens.
      await identity.endChallenge(db, token);
      sessions.endSecondStep(reply);
      await sessions.start(reply, user.id);
      return { recoveryCodes, user };
    },
  );

  app.post(
    '/users/:id/mfa/reset',
    {
      config: { permission: 'user:write' },
      schema: { tags: ['users'], params: IdParams, response: { 200: UserOut } },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const user = await identity.getUser(db, scope, req.params.id);
      await mfa.reset(user, scope.actor, req.ip);
      return user;
    },
  );
}

const forbiddenNonUser = () =>
  new RongheError('RONGHE_FORBIDDEN', {
    en: 'Only a user signed in with a password has a second factor.',
    'zh-CN': '只有用密码登录的用户才有第二重验证。',
  });
