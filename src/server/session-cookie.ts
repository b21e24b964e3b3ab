// The session cookie set after a complete login, and the half-login cookie between the
// password and the second factor (identity/login-challenges.ts). Both are HttpOnly and
// SameSite=Lax, Secure when TLS is on; the half-login one lives only as long as its challenge
// and only on the second-factor paths.
import type { FastifyReply } from 'fastify';
import * as identity from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { SESSION_COOKIE } from './auth.ts';

export const MFA_COOKIE = 'ronghe_mfa';
export const MFA_COOKIE_PATH = '/api/v1/auth/mfa';

export function createSessionStarter(
  db: Db,
  authenticator: identity.Authenticator,
  cookieSecure: boolean,
) {
  const lifetimeMs = authenticator.sessionPolicy.lifetimeHours * 3_600_000;
  return {
    /** A new session and its cookie (a login, or a password change that ended the rest). */
    async start(reply: FastifyReply, userId: string): Promise<void> {
      const s = await identity.createSession(db, userId, lifetimeMs);
      void reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        path: '/',
        expires: new Date(s.expiresAt),
      });
    },
    /**
     * After a correct password: the second step, when one is owed (an enrolled factor, or
     * an administrator role where the tenant requires one), with its cookie; else undefined.
     */
    async secondStep(
      reply: FastifyReply,
      user: identity.User,
    ): Promise<{ step: identity.ChallengePurpose; expiresAt: number } | undefined> {
      const { enrolled } = await authenticator.mfa.status(user.id);
      const required =
        identity.isAdminRole(user.role) &&
        (await authenticator.adminPolicy(user.tenantId)).mfaForAdmins;
      if (!enrolled && !required) return undefined;
      const step = enrolled ? 'totp' : 'enrol';
      const c = await identity.createChallenge(db, user.id, step);
      void reply.setCookie(MFA_COOKIE, c.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        path: MFA_COOKIE_PATH,
        expires: new Date(c.expiresAt),
      });
      return { step, expiresAt: c.expiresAt };
    },
    endSecondStep(reply: FastifyReply): void {
      void reply.clearCookie(MFA_COOKIE, { path: MFA_COOKIE_PATH });
    },
  };
}
