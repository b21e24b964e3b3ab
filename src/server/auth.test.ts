import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';

describeEachDatabase('login, sessions, API keys and device tokens', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t);
  });
  afterAll(async () => w.dispose());

  it('logs in with a password, sets an HttpOnly SameSite cookie, logs out', async () => {
    const bad = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'eng@acme.test', password: 'wrong password' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'RONGHE_UNAUTHENTICATED' });
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ENG@acme.test', password: 'correct horse battery' },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/ronghe_session=rs_/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(';')[0]!;
    const me = await w.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ kind: 'user', role: 'engineer', tenantId: w.tenantA.id });
    expect(
      (await w.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await w.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } }))
        .statusCode,
    ).toBe(401);
    expect(me.body).not.toContain('password');
  });

  it('a disabled user can no longer log in or use a session', async () => {
    const create = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'temp@acme.test',
        name: 'Temp',
        role: 'technician',
        password: 'temporary1',
      },
    });
    const id = (create.json() as { id: string }).id;
    const login = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'temp@acme.test', password: 'temporary1' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(
      (
        await w.as('tenant_admin', {
          method: 'PATCH',
          url: `/api/v1/users/${id}`,
          payload: { disabled: true },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await w.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } }))
        .statusCode,
    ).toBe(401);
    const again = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'temp@acme.test', password: 'temporary1' },
    });
    expect(again.statusCode).toBe(401);
  });

  it('API keys authenticate as Bearer, X-API-Key and are dead after revocation', async () => {
    const created = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'scada', role: 'technician' },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json() as { id: string; key: string };
    expect(key).toMatch(/^rk_/);
    const list = await w.as('tenant_admin', { method: 'GET', url: '/api/v1/api-keys' });
    expect(list.body).not.toContain(key);
    const bearer = await w.app.inject({
      method: 'GET',
      url: '/api/v1/assets',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bearer.statusCode).toBe(200);
    const header = await w.app.inject({
      method: 'GET',
      url: '/api/v1/assets',
      headers: { 'x-api-key': key },
    });
    expect(header.statusCode).toBe(200);
    const forbidden = await w.app.inject({
      method: 'POST',
      url: '/api/v1/assets',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'n', serial: 's' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(
      (await w.as('tenant_admin', { method: 'DELETE', url: `/api/v1/api-keys/${id}` })).statusCode,
    ).toBe(204);
    const dead = await w.app.inject({
      method: 'GET',
      url: '/api/v1/assets',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(dead.statusCode).toBe(401);
  });

  it('a device token is accepted only for telemetry writes; rotation revokes the old token', async () => {
    const dev = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/devices',
      payload: { assetId: w.assets.A1, name: 'gateway-1' },
    });
    expect(dev.statusCode).toBe(201);
    const { id, token } = dev.json() as { id: string; token: string };
    expect(token).toMatch(/^rd_/);
    const read = await w.app.inject({
      method: 'GET',
      url: '/api/v1/assets',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.statusCode).toBe(403);
    const me = await w.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(403);
    const rotated = await w.as('engineer', {
      method: 'POST',
      url: `/api/v1/devices/${id}/rotate-token`,
    });
    const fresh = (rotated.json() as { token: string }).token;
    expect(fresh).not.toBe(token);
    const old = await w.app.inject({
      method: 'GET',
      url: '/api/v1/assets',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(old.statusCode).toBe(401);
  });

  it('records who changed what in the audit log', async () => {
    await w.as('engineer', {
      method: 'PATCH',
      url: `/api/v1/assets/${w.assets.A2}`,
      payload: { site: 'Wuxi campus' },
    });
    const audit = (
      await w.as('tenant_admin', { method: 'GET', url: `/api/v1/audit?entityId=${w.assets.A2}` })
    ).json().items as Array<{ actor: string; action: string; details: unknown }>;
    expect(audit[0]).toMatchObject({
      actor: w.actors.engineer,
      actorName: 'eng@acme.test', // the world names its users by their e-mail
      action: 'asset.update',
      details: { site: 'Wuxi campus' },
    });
    const other = (
      await w.as('other_admin', { method: 'GET', url: '/api/v1/audit?limit=1000' })
    ).json().items as Array<{ entityId: string }>;
    expect(other.some((a) => a.entityId === w.assets.A2)).toBe(false);
  });
});
