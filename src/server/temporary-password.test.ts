// Two-party approval needs the customer's own credentials (issue 15, finding 13). A password set
// by someone other than the user is temporary: its sessions may only change it (any other route
// is 403 RONGHE_PASSWORD_CHANGE_REQUIRED, so no baseline approval), and a provider's reset of a
// customer user is in the audit log that customer reads.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver } from '../assets/index.ts';
import { createSession, createUser } from '../identity/index.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { energyRoutes } from './routes/energy.ts';

describeEachDatabase('temporary passwords and the customer party', (t) => {
  let w: World;
  let telemetry: TelemetryService;
  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
        return [{ plugin: (f) => energyRoutes(f, { db, telemetry }), prefix: '/api/v1' }];
      },
    });
  });
  afterAll(async () => {
    await telemetry.close();
    await w.dispose();
  });

  const login = async (email: string, password: string) => {
    const r = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    return { r, cookie: String(r.headers['set-cookie']).split(';')[0]! };
  };
  const withCookie = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    w.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('a provider reset of a customer user gives a temporary password that can do nothing else', async () => {
    const viewerId = (
      (await w.as('viewer', { method: 'GET', url: '/api/v1/auth/me' })).json() as {
        userId: string;
      }
    ).userId;
    const reset = await w.as('tenant_admin', {
      method: 'PATCH',
      url: `/api/v1/users/${viewerId}`,
      payload: { password: 'provider-chosen-1' },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ mustChangePassword: true });

    const { r, cookie } = await login('viewer@suzhou.test', 'provider-chosen-1');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ mustChangePassword: true });
    // The provider, holding the reset password, cannot approve as the customer.
    const approve = await withCookie(
      cookie,
      'POST',
      '/api/v1/energy/contracts/ec_any/baselines/1/approve',
    );
    expect(approve.statusCode).toBe(403);
    expect(approve.json()).toMatchObject({ code: 'RONGHE_PASSWORD_CHANGE_REQUIRED' });
    const read = await withCookie(cookie, 'GET', '/api/v1/assets');
    expect(read.statusCode).toBe(403);
    expect(read.json()).toMatchObject({ code: 'RONGHE_PASSWORD_CHANGE_REQUIRED' });
    expect((await withCookie(cookie, 'GET', '/api/v1/auth/me')).json()).toMatchObject({
      mustChangePassword: true,
    });

    // The customer sees the reset: another user of the same customer reads it in its audit log.
    const colleague = await createUser(w.db, w.scopeA, 'tenant_admin', {
      email: 'colleague@suzhou.test',
      name: 'Colleague',
      role: 'customer_viewer',
      password: 'colleague password',
      customerId: w.customers.A1,
    });
    const cs = (await createSession(w.db, colleague.id)).token;
    const audit = await w.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: { cookie: `ronghe_session=${cs}` },
    });
    expect(audit.statusCode).toBe(200);
    const entries = (
      audit.json() as { items: Array<{ action: string; entityId: string; actor: string }> }
    ).items;
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'user.password.reset',
        entityId: viewerId,
        actor: w.actors.tenant_admin,
      }),
    );
    // …and nothing of other customers or the provider's own users.
    expect(entries.every((e) => e.entityId === viewerId || e.entityId === colleague.id)).toBe(true);

    // Setting one's own password (knowing the current one) lifts the restriction.
    const wrong = await withCookie(cookie, 'POST', '/api/v1/auth/password', {
      currentPassword: 'not it',
      newPassword: 'customer-own-secret',
    });
    expect(wrong.statusCode).toBe(401);
    const changed = await withCookie(cookie, 'POST', '/api/v1/auth/password', {
      currentPassword: 'provider-chosen-1',
      newPassword: 'customer-own-secret',
    });
    expect(changed.statusCode).toBe(204);
    // Every session of the user ended with the old password (issue 26); the asker carries on in
    // the new session its answer set.
    expect((await withCookie(cookie, 'GET', '/api/v1/assets')).statusCode).toBe(401);
    const fresh = String(changed.headers['set-cookie']).split(';')[0]!;
    expect((await withCookie(fresh, 'GET', '/api/v1/assets')).statusCode).toBe(200);
    const again = await login('viewer@suzhou.test', 'customer-own-secret');
    expect(again.r.json()).toMatchObject({ mustChangePassword: false });
  });

  it('a user created by an administrator starts with a temporary password too', async () => {
    const created = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'new.customer@suzhou.test',
        name: 'New',
        role: 'customer_viewer',
        password: 'given by admin',
        customerId: w.customers.A1,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ mustChangePassword: true });
    const { cookie } = await login('new.customer@suzhou.test', 'given by admin');
    expect((await withCookie(cookie, 'GET', '/api/v1/assets')).statusCode).toBe(403);
  });
});
