// Issue 26, TOTP as a second factor (RFC 6238; GB/T 22239-2019 8.1.4.1 d) over HTTP on each
// database: enrolment confirmed by a first code, login in two steps whose half-login cannot call
// the API, one step either side, no replay, recovery codes once each, an audited administrator
// reset, and enrolment forced at the next login of an administrator when the policy says so.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { personalOf } from '../identity/users.ts';
import { emailIndex } from '../storage/index.ts';
import {
  LoginThrottle,
  adminProfiles,
  base32Decode,
  createSession,
  createUser,
  listAudit,
  totp,
} from '../identity/index.ts';

const PW = 'correct horse battery';
const cookieOf = (r: { headers: Record<string, unknown> }, name: string): string | undefined => {
  const all = r.headers['set-cookie'];
  const list = Array.isArray(all) ? all : [all];
  const c = list.map(String).find((s) => s.startsWith(`${name}=`));
  const pair = c?.split(';')[0];
  return pair && pair !== `${name}=` ? pair : undefined;
};

describeEachDatabase('TOTP second factor over HTTP', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t, {
      authenticator: {
        admin: adminProfiles.mlps3,
        throttle: new LoginThrottle({ freeFailures: 50, baseDelayMs: 1 }),
      },
    });
    await createUser(w.db, w.scopeA, 'tenant_admin', {
      email: 'wang@acme.test',
      name: 'Wang',
      role: 'engineer',
      password: PW,
    });
  });
  afterAll(() => w.dispose());

  const inject = (
    method: 'GET' | 'POST',
    url: string,
    cookie?: string,
    payload?: Record<string, unknown>,
  ) =>
    w.app.inject({
      method,
      url: `/api/v1${url}`,
      remoteAddress: '10.9.8.7',
      headers: cookie ? { cookie } : {},
      ...(payload ? { payload } : {}),
    });
  const login = (email: string) =>
    inject('POST', '/auth/login', undefined, { email, password: PW });
  let secret: Buffer;
  let recovery: string[];

  it('enrols from a session: secret shown once, confirmed only by a valid code', async () => {
    const l = await login('wang@acme.test');
    expect(l.statusCode).toBe(200); // an engineer without a factor: one step
    const session = cookieOf(l, 'ronghe_session')!;
    const start = await inject('POST', '/auth/mfa/enrol', session);
    expect(start.statusCode).toBe(200);
    const { secret: b32, uri } = start.json<{ secret: string; uri: string }>();
    expect(uri).toBe(
      `otpauth://totp/Ronghe:wang%40acme.test?secret=${b32}&issuer=Ronghe&algorithm=SHA1&digits=6&period=30`,
    );
    secret = base32Decode(b32)!;
    expect(secret).toHaveLength(20);
    // At rest the secret is sealed with the operator's key, not stored as given.
    const row = await w.db.kysely.selectFrom('user_totp').selectAll().executeTakeFirstOrThrow();
    expect(row.secret.startsWith('v1.aes-256-gcm.')).toBe(true);
    expect(row.secret).not.toContain(b32);
    expect(row.secret).not.toContain(secret.toString('base64'));
    expect(row.confirmed_at).toBeNull();

    const wrongCode = totp(secret, Date.now() - 5 * 60_000);
    const bad = await inject('POST', '/auth/mfa/enrol/confirm', session, { code: wrongCode });
    expect(bad.statusCode).toBe(401);
    expect((await inject('GET', '/auth/mfa', session)).json()).toMatchObject({ enrolled: false });

    const ok = await inject('POST', '/auth/mfa/enrol/confirm', session, {
      code: totp(secret, Date.now()),
    });
    expect(ok.statusCode).toBe(200);
    recovery = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(recovery[0]).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    const stored = await w.db.kysely.selectFrom('recovery_codes').select('code_hash').execute();
    expect(stored.map((s) => s.code_hash)).not.toContain(recovery[0]);
    expect((await inject('GET', '/auth/mfa', session)).json()).toEqual({
      enrolled: true,
      required: false,
      recoveryCodesLeft: 10,
    });
    // A second enrolment over a confirmed one is refused: an administrator resets first.
    expect((await inject('POST', '/auth/mfa/enrol', session)).statusCode).toBe(409);
  });

  it('logs in in two steps; the half-login calls nothing; a code works once', async () => {
    const l = await login('wang@acme.test');
    expect(l.statusCode).toBe(202);
    expect(l.json()).toMatchObject({ step: 'totp' });
    expect(cookieOf(l, 'ronghe_session')).toBeUndefined();
    const half = cookieOf(l, 'ronghe_mfa')!;
    const token = half.split('=')[1]!;
    // The half-login is no session: not as a cookie, not as a bearer token.
    expect((await inject('GET', '/auth/me', half)).statusCode).toBe(401);
    expect((await inject('GET', '/auth/me', `ronghe_session=${token}`)).statusCode).toBe(401);
    const bearer = await w.app.inject({
      method: 'GET',
      url: '/api/v1/assets',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.statusCode).toBe(401);

    const wrong = await inject('POST', '/auth/mfa/verify', half, { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().details).toEqual([{ field: 'code', reason: 'mfa.code' }]);
    // Two steps off is outside the window.
    const far = await inject('POST', '/auth/mfa/verify', half, {
      code: totp(secret, Date.now() + 2 * 30_000),
    });
    expect(far.statusCode).toBe(401);

    // The enrolment used this step's code; the next step's is inside the ±1 window.
    const code = totp(secret, Date.now() + 30_000);
    const ok = await inject('POST', '/auth/mfa/verify', half, { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ email: 'wang@acme.test' });
    const session = cookieOf(ok, 'ronghe_session')!;
    expect((await inject('GET', '/auth/me', session)).statusCode).toBe(200);
    // The half-login is spent.
    expect((await inject('POST', '/auth/mfa/verify', half, { code })).statusCode).toBe(401);

    // Replay: the same code at a fresh login is refused.
    const again = cookieOf(await login('wang@acme.test'), 'ronghe_mfa')!;
    const replay = await inject('POST', '/auth/mfa/verify', again, { code });
    expect(replay.statusCode).toBe(401);

    // A recovery code works once.
    const rec = await inject('POST', '/auth/mfa/verify', again, {
      code: recovery[0]!.toLowerCase(),
    });
    expect(rec.statusCode).toBe(200);
    const third = cookieOf(await login('wang@acme.test'), 'ronghe_mfa')!;
    const reuse = await inject('POST', '/auth/mfa/verify', third, { code: recovery[0] });
    expect(reuse.statusCode).toBe(401);

    const audit = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 50,
      action: 'auth.login.mfa',
    });
    expect(audit.map((a) => a.details)).toEqual([
      { outcome: 'recovery', address: '10.9.8.7', client: 'lightMyRequest' },
      { outcome: 'totp', address: '10.9.8.7', client: 'lightMyRequest' },
    ]);
    const failed = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 50,
      action: 'auth.login.mfa.failed',
    });
    expect(failed).toHaveLength(4);
    expect(failed[0]!.details).toEqual({
      outcome: 'wrong-code',
      address: '10.9.8.7',
      client: 'lightMyRequest',
    });
  });

  it('ends a half-login after five wrong codes, and at its expiry', async () => {
    const half = cookieOf(await login('wang@acme.test'), 'ronghe_mfa')!;
    for (let i = 0; i < 5; i++)
      expect((await inject('POST', '/auth/mfa/verify', half, { code: '000000' })).statusCode).toBe(
        401,
      );
    const late = await inject('POST', '/auth/mfa/verify', half, {
      code: totp(secret, Date.now() + 30_000),
    });
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toContain('log in with your password again');

    const next = cookieOf(await login('wang@acme.test'), 'ronghe_mfa')!;
    await w.db.kysely
      .updateTable('login_challenges')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    const expired = await inject('POST', '/auth/mfa/verify', next, {
      code: totp(secret, Date.now() + 30_000),
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toContain('expired');
  });

  it('an administrator resets a lost factor, audited; the user logs in with a password again', async () => {
    const wang = await w.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email_hash', '=', emailIndex(personalOf(w.db), 'wang@acme.test'))
      .executeTakeFirstOrThrow();
    // Separation is on (mlps3): the tenant admin no longer manages accounts.
    const refused = await w.as('tenant_admin', {
      method: 'POST',
      url: `/api/v1/users/${wang.id}/mfa/reset`,
    });
    expect(refused.statusCode).toBe(403);
    const sec = await createUser(w.db, w.scopeA, 'tenant_admin', {
      email: 'sec@acme.test',
      name: 'Security',
      role: 'security_admin',
      password: PW,
    });
    const secCookie = `ronghe_session=${(await createSession(w.db, sec.id)).token}`;
    const reset = await inject('POST', `/users/${wang.id}/mfa/reset`, secCookie);
    expect(reset.statusCode).toBe(200);
    const audit = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 5,
      action: 'user.mfa.reset',
    });
    expect(audit[0]).toMatchObject({ actor: `user:${sec.id}`, entityId: wang.id });
    expect(await w.db.kysely.selectFrom('recovery_codes').selectAll().execute()).toEqual([]);
    expect((await login('wang@acme.test')).statusCode).toBe(200);
  });

  it('forces an administrator to enrol at its next login when the policy requires it', async () => {
    const l = await login('admin@acme.test');
    expect(l.statusCode).toBe(202);
    expect(l.json()).toMatchObject({ step: 'enrol' });
    const half = cookieOf(l, 'ronghe_mfa')!;
    // Not a session: nothing else answers, and it cannot be used to verify (that is for codes).
    expect((await inject('GET', '/assets', half)).statusCode).toBe(401);
    const start = await inject('POST', '/auth/mfa/enrol', half);
    expect(start.statusCode).toBe(200);
    const s = base32Decode(start.json<{ secret: string }>().secret)!;
    const done = await inject('POST', '/auth/mfa/enrol/confirm', half, {
      code: totp(s, Date.now()),
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ user: { email: 'admin@acme.test' } });
    expect(done.json().recoveryCodes).toHaveLength(10);
    const session = cookieOf(done, 'ronghe_session')!;
    expect((await inject('GET', '/assets', session)).statusCode).toBe(200);
    expect((await inject('GET', '/auth/mfa', session)).json()).toMatchObject({
      enrolled: true,
      required: true,
    });
    // From now on the administrator's login asks for the code.
    expect((await login('admin@acme.test')).json()).toMatchObject({ step: 'totp' });
  });
});
