// Issue 26, authentication and stored data (GB/T 22239-2019 8.1.4.1–8.1.4.3, 8.1.4.8, 8.1.4.10)
// over HTTP: the password policy names the rule it applies; a used password cannot come back;
// an aged one must be changed; an idle session ends; a password change ends every session;
// a locked account is released by an administrator; every login is audited with its outcome
// and address; API keys and device tokens expire.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createDevice } from '../assets/index.ts';
import {
  LoginThrottle,
  createAuthenticator,
  createUser,
  hashSecret,
  listAudit,
  passwordProfiles,
} from '../identity/index.ts';

describeEachDatabase('security policy over HTTP (mlps3)', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t, {
      authenticator: {
        password: passwordProfiles.mlps3,
        session: { idleMinutes: 15, lifetimeHours: 8 },
        throttle: new LoginThrottle({ freeFailures: 3, baseDelayMs: 60_000 }),
      },
    });
  });
  afterAll(() => w.dispose());

  const login = async (email: string, password: string) => {
    const r = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: '10.1.2.3',
    });
    return { r, cookie: String(r.headers['set-cookie']).split(';')[0]! };
  };
  const me = (cookie: string) =>
    w.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  const change = (cookie: string, currentPassword: string, newPassword: string) =>
    w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie, 'accept-language': 'zh-CN' },
      payload: { currentPassword, newPassword },
    });
  /** A user who set its own password (not a temporary one). */
  async function ownUser(email: string, password: string) {
    const u = await createUser(w.db, w.scopeA, 'tenant_admin', {
      email,
      name: email.split('@')[0]!,
      role: 'engineer',
      password,
    });
    return u;
  }

  it('refuses weak passwords when an administrator sets one, naming the rule in both languages', async () => {
    for (const [password, rule] of [
      ['12345678', 'password.common'],
      ['password', 'password.common'],
      ['longenough', 'password.classes'],
      ['Zhang.San.2026', 'password.personal'],
    ] as const) {
      const r = await w.as('tenant_admin', {
        method: 'POST',
        url: '/api/v1/users',
        headers: { 'accept-language': 'zh-CN' },
        payload: { email: 'zhang.san@acme.test', name: 'Zhang San', role: 'engineer', password },
      });
      expect(r.statusCode, password).toBe(400);
      expect(r.json().details[0]).toEqual({ field: 'password', reason: rule });
      expect(r.json().message).toMatch(/[\u4e00-\u9fff]/);
    }
    const ok = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'zhang.san@acme.test',
        name: 'Zhang San',
        role: 'engineer',
        password: 'Harbour-Light-7',
      },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('a changed password cannot come back while in the history, and the change ends every session', async () => {
    await ownUser('li.si@acme.test', 'First-Pass-2026');
    const a = await login('li.si@acme.test', 'First-Pass-2026');
    const b = await login('li.si@acme.test', 'First-Pass-2026');
    expect((await me(b.cookie)).statusCode).toBe(200);

    const weak = await change(a.cookie, 'First-Pass-2026', 'secondpass');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0]).toEqual({ field: 'newPassword', reason: 'password.classes' });
    const same = await change(a.cookie, 'First-Pass-2026', 'First-Pass-2026');
    expect(same.json().details[0]).toEqual({ field: 'newPassword', reason: 'password.history' });

    const done = await change(a.cookie, 'First-Pass-2026', 'Second-Pass-2026');
    expect(done.statusCode).toBe(204);
    const fresh = String(done.headers['set-cookie']).split(';')[0]!;
    // Both sessions that existed are over; the asker carries on in the new one.
    expect((await me(a.cookie)).statusCode).toBe(401);
    expect((await me(b.cookie)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);

    const third = await change(fresh, 'Second-Pass-2026', 'Third-Pass-2026');
    expect(third.statusCode).toBe(204);
    const next = String(third.headers['set-cookie']).split(';')[0]!;
    const back = await change(next, 'Third-Pass-2026', 'First-Pass-2026');
    expect(back.statusCode).toBe(400);
    expect(back.json().details[0]).toEqual({ field: 'newPassword', reason: 'password.history' });
    expect(back.json().message).toContain('最近 5 个密码不可重复使用');
  });

  it('a password past its maximum age must be changed before anything else', async () => {
    const u = await ownUser('wang.wu@acme.test', 'Aged-Pass-2026');
    await w.db.kysely
      .updateTable('users')
      .set({ password_changed_at: Date.now() - 91 * 86_400_000 })
      .where('id', '=', u.id)
      .execute();
    const { r, cookie } = await login('wang.wu@acme.test', 'Aged-Pass-2026');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ mustChangePassword: true });
    const read = await w.app.inject({ method: 'GET', url: '/api/v1/assets', headers: { cookie } });
    expect(read.json()).toMatchObject({ code: 'RONGHE_PASSWORD_CHANGE_REQUIRED' });
  });

  it('a session idle for longer than the timeout ends, an active one lives on, and the next login purges the idle', async () => {
    await ownUser('zhao.liu@acme.test', 'Idle-Pass-2026');
    const idle = await login('zhao.liu@acme.test', 'Idle-Pass-2026');
    const busy = await login('zhao.liu@acme.test', 'Idle-Pass-2026');
    const ago = (min: number) => Date.now() - min * 60_000;
    const hashOf = (cookie: string) => hashSecret(cookie.split('=')[1]!);
    const lastSeen = (cookie: string, min: number) =>
      w.db.kysely
        .updateTable('sessions')
        .set({ last_seen_at: ago(min) })
        .where('token_hash', '=', hashOf(cookie))
        .execute();
    await lastSeen(idle.cookie, 16);
    await lastSeen(busy.cookie, 14);
    expect((await me(idle.cookie)).statusCode).toBe(401);
    expect((await me(busy.cookie)).statusCode).toBe(200);
    // Its use moved its clock: it is again a full 15 minutes from ending.
    const row = await w.db.kysely
      .selectFrom('sessions')
      .select(['last_seen_at'])
      .where('token_hash', '=', hashOf(busy.cookie))
      .executeTakeFirstOrThrow();
    expect(Number(row.last_seen_at)).toBeGreaterThan(ago(1));
    // The next login purges what has expired or idled out: the idle row is gone, busy stays.
    expect(
      await w.db.kysely
        .selectFrom('sessions')
        .select('user_id')
        .where('token_hash', '=', hashOf(idle.cookie))
        .execute(),
    ).toHaveLength(1);
    await login('zhao.liu@acme.test', 'Idle-Pass-2026');
    expect(
      await w.db.kysely
        .selectFrom('sessions')
        .select('user_id')
        .where('token_hash', '=', hashOf(idle.cookie))
        .execute(),
    ).toHaveLength(0);
    expect((await me(busy.cookie)).statusCode).toBe(200);
  });

  it('locks an account after repeated failures, audits each attempt, and an administrator releases it', async () => {
    const u = await ownUser('sun.qi@acme.test', 'Locked-Pass-2026');
    for (let i = 0; i < 4; i++)
      expect((await login('sun.qi@acme.test', 'Wrong-Pass-0000')).r.statusCode).not.toBe(200);
    expect((await login('sun.qi@acme.test', 'Locked-Pass-2026')).r.statusCode).toBe(429);
    const unlock = await w.as('tenant_admin', {
      method: 'POST',
      url: `/api/v1/users/${u.id}/unlock`,
    });
    expect(unlock.statusCode).toBe(200);
    const back = await login('sun.qi@acme.test', 'Locked-Pass-2026');
    expect(back.r.statusCode).toBe(200);
    const out = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: back.cookie },
      remoteAddress: '10.1.2.4',
    });
    expect(out.statusCode).toBe(204);
    const audit = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 500,
      offset: 0,
      entityId: u.id,
    });
    const mine = audit.filter((a) => a.entityId === u.id);
    const failed = mine.filter((a) => a.action === 'auth.login.failed');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed[0]!.details).toMatchObject({ outcome: 'wrong-password', address: '10.1.2.3' });
    expect(mine.some((a) => a.action === 'user.unlock')).toBe(true);
    expect(
      mine.some(
        (a) => a.action === 'auth.login' && (a.details as { outcome: string }).outcome === 'ok',
      ),
    ).toBe(true);
    // The logout too, with its address.
    expect(mine.find((a) => a.action === 'auth.logout')).toMatchObject({
      actor: `user:${u.id}`,
      details: { outcome: 'ok', address: '10.1.2.4' },
    });
  });

  it('API keys and device tokens expire', async () => {
    const past = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'born expired', expiresAt: 'now-1h' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().details[0]).toMatchObject({ field: 'expiresAt' });
    const created = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: {
        name: 'quarterly',
        expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      },
    });
    expect(created.statusCode).toBe(201);
    const { id, key, expiresAt } = created.json() as { id: string; key: string; expiresAt: number };
    expect(expiresAt).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    const auth = createAuthenticator(w.db);
    expect(await auth.authenticate(key)).toBeDefined();
    await w.db.kysely
      .updateTable('api_keys')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', id)
      .execute();
    expect(await createAuthenticator(w.db).authenticate(key)).toBeUndefined();
    const listed = await w.as('tenant_admin', { method: 'GET', url: '/api/v1/api-keys' });
    expect(listed.json().find((k: { id: string }) => k.id === id)).toMatchObject({
      expiresAt: expect.any(Number),
    });

    const device = await createDevice(w.db, w.scopeA, { name: 'gw-1', assetId: w.assets.A1 });
    expect(await createAuthenticator(w.db).authenticate(device.token)).toBeDefined();
    await w.db.kysely
      .updateTable('device_credentials')
      .set({ expires_at: Date.now() - 1 })
      .where('device_id', '=', device.id)
      .execute();
    expect(await createAuthenticator(w.db).authenticate(device.token)).toBeUndefined();
  });
});
