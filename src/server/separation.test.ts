// Issue 26, separated administrators (三权分立; GB/T 22239-2019 8.1.4.2 c, 8.1.5.1–8.1.5.3) over
// HTTP on each database, with the mlps3 floor (separation on): the system, security and audit
// administrators cannot do each other's work, the tenant admin no longer holds it all, no
// account takes a second duty (one after another included), every administrator action —
// audit reads too — is audited, and the platform's audit administrator sees every tenant while
// a tenant's sees its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { personalOf } from '../identity/users.ts';
import { emailIndex } from '../storage/index.ts';
import {
  adminProfiles,
  base32Decode,
  createPlatformAccount,
  createSession,
  createUser,
  listAudit,
  listAuditView,
  totp,
  type Role,
} from '../identity/index.ts';

const PW = 'correct horse battery';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describeEachDatabase('separated administrators over HTTP (mlps3)', (t) => {
  let w: World;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    w = await createWorld(t, { authenticator: { admin: adminProfiles.mlps3 } });
    const people: Array<[string, Role]> = [
      ['sys', 'system_admin'],
      ['sec', 'security_admin'],
      ['aud', 'audit_admin'],
    ];
    for (const [who, role] of people) {
      const u = await createUser(w.db, w.scopeA, 'tenant_admin', {
        email: `${who}@acme.test`,
        name: who,
        role,
        password: PW,
      });
      ids[who] = u.id;
      cookies[who] = `ronghe_session=${(await createSession(w.db, u.id)).token}`;
    }
    const paud = await createPlatformAccount(
      w.db,
      'test',
      { email: 'auditor@ronghe.test', name: 'Platform auditor', role: 'audit_admin', password: PW },
      false,
    );
    cookies.paud = `ronghe_session=${(await createSession(w.db, paud.id)).token}`;
    const psec = await createPlatformAccount(
      w.db,
      'test',
      {
        email: 'security@ronghe.test',
        name: 'Platform security',
        role: 'security_admin',
        password: PW,
      },
      false,
    );
    cookies.psec = `ronghe_session=${(await createSession(w.db, psec.id)).token}`;
    for (const who of ['tenant_admin', 'engineer'] as const)
      cookies[who] = `ronghe_session=${w.tokens[who]}`;
    const eng = await w.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email_hash', '=', emailIndex(personalOf(w.db), 'eng@acme.test'))
      .executeTakeFirstOrThrow();
    ids.engineer = eng.id;
    const admin = await w.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email_hash', '=', emailIndex(personalOf(w.db), 'admin@acme.test'))
      .executeTakeFirstOrThrow();
    ids.tenant_admin = admin.id;
  });
  afterAll(() => w.dispose());

  const call = (who: string, method: Method, url: string, payload?: unknown) =>
    w.app.inject({
      method,
      url: `/api/v1${url}`,
      remoteAddress: '10.4.4.4',
      headers: { cookie: cookies[who]!, 'accept-language': 'zh-CN' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  describe('each unable to do the others’ work', () => {
    // [who, method, url, body, expected status]
    const cases: Array<[string, Method, string, unknown, number]> = [
      // System administrator: configuration and business data; no accounts, no audit, no policy.
      ['sys', 'GET', '/assets', undefined, 200],
      ['sys', 'POST', '/customers', { name: 'Changzhou Works' }, 201],
      ['sys', 'GET', '/users', undefined, 403],
      [
        'sys',
        'POST',
        '/users',
        { email: 'x@acme.test', name: 'x', role: 'engineer', password: 'Harbour-Light-7' },
        403,
      ],
      ['sys', 'GET', '/audit', undefined, 403],
      ['sys', 'GET', '/audit/records', undefined, 403],
      ['sys', 'PUT', '/security/settings', { mfaForAdmins: true }, 403],
      ['sys', 'PUT', '/audit/retention', { days: 365 }, 403],
      ['sys', 'POST', '/tenants', { slug: 'new-co', name: 'New' }, 403],
      // Security administrator: accounts, roles, policies; no business data, no audit.
      ['sec', 'GET', '/users', undefined, 200],
      ['sec', 'GET', '/security/settings', undefined, 200],
      ['sec', 'GET', '/assets', undefined, 403],
      ['sec', 'GET', '/devices', undefined, 403],
      ['sec', 'POST', '/customers', { name: 'Nope' }, 403],
      ['sec', 'GET', '/audit', undefined, 403],
      ['sec', 'GET', '/audit/records', undefined, 403],
      ['sec', 'PUT', '/audit/retention', { days: 365 }, 403],
      // Audit administrator: the audit log and nothing else.
      ['aud', 'GET', '/audit', undefined, 200],
      ['aud', 'GET', '/audit/records', undefined, 200],
      ['aud', 'GET', '/audit/chain', undefined, 200],
      ['aud', 'PUT', '/audit/retention', { days: 365 }, 200],
      ['aud', 'PUT', '/audit/retention', { days: 90 }, 400],
      ['aud', 'GET', '/audit/retention', undefined, 200],
      ['aud', 'GET', '/assets', undefined, 403],
      ['aud', 'GET', '/users', undefined, 403],
      ['aud', 'GET', '/customers', undefined, 403],
      ['aud', 'PUT', '/security/settings', { mfaForAdmins: true }, 403],
      // The tenant admin, separated: no accounts, no audit; its configuration stays.
      ['tenant_admin', 'GET', '/users', undefined, 403],
      ['tenant_admin', 'GET', '/audit', undefined, 403],
      ['tenant_admin', 'PUT', '/security/settings', { separation: true }, 403],
      ['tenant_admin', 'PUT', '/audit/retention', { days: 400 }, 403],
      ['tenant_admin', 'GET', '/assets', undefined, 200],
    ];
    it.each(cases)('%s %s %s', async (who, method, url, body, status) => {
      const r = await call(who, method, url, body);
      expect(r.statusCode, r.body).toBe(status);
      if (status === 403) expect(r.json().code).toBe('RONGHE_FORBIDDEN');
    });
  });

  it('the audit administrator keeps the audit six months at least, and the change is audited', async () => {
    expect((await call('aud', 'GET', '/audit/retention')).json()).toEqual({
      scope: w.tenantA.id,
      days: 365,
    });
    const refused = await call('aud', 'PUT', '/audit/retention', { days: 179 });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json())).toContain('days');
    const set = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 5,
      action: 'audit.retention.update',
    });
    expect(set[0]).toMatchObject({ actor: `user:${ids.aud}`, details: { days: 365 } });
  });

  it('the security administrator manages accounts but cannot lower the profile or itself', async () => {
    const made = await call('sec', 'POST', '/users', {
      email: 'zhao@acme.test',
      name: 'Zhao',
      role: 'engineer',
      password: 'Harbour-Light-7',
    });
    expect(made.statusCode).toBe(201);
    const off = await call('sec', 'PUT', '/security/settings', { separation: false });
    expect(off.statusCode).toBe(400);
    expect(off.json().details[0].field).toBe('separation');
    const self = await call('sec', 'PATCH', `/users/${ids.sec}`, { role: 'system_admin' });
    expect(self.statusCode).toBe(403);
  });

  it('refuses a second duty on one account, also when granted one after another, naming the rule', async () => {
    // The tenant admin holds the system duty: it cannot be made the auditor.
    const r1 = await call('sec', 'PATCH', `/users/${ids.tenant_admin}`, { role: 'audit_admin' });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().details[0]).toMatchObject({ field: 'role', reason: 'separation.one-duty' });
    expect(r1.json().message).toContain('三权分立');
    // An engineer made security administrator, back to engineer, then auditor: refused.
    expect(
      (await call('sec', 'PATCH', `/users/${ids.engineer}`, { role: 'security_admin' })).statusCode,
    ).toBe(200);
    expect(
      (await call('sec', 'PATCH', `/users/${ids.engineer}`, { role: 'engineer' })).statusCode,
    ).toBe(200);
    const r2 = await call('sec', 'PATCH', `/users/${ids.engineer}`, { role: 'audit_admin' });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().details[0]).toMatchObject({
      reason: 'separation.one-duty',
      held: 'security',
      requested: 'audit',
    });
    // The same duty again is no second duty.
    expect(
      (await call('sec', 'PATCH', `/users/${ids.engineer}`, { role: 'security_admin' })).statusCode,
    ).toBe(200);
    // API keys never carry a duty.
    const key = await call('sys', 'POST', '/api-keys', { name: 'k', role: 'audit_admin' });
    expect(key.statusCode).toBe(403);
  });

  it('audits every administrator action, audit reads and refusals included', async () => {
    await call('aud', 'GET', '/audit?action=user.create');
    await call('sys', 'GET', '/users');
    const reads = await listAudit(w.db.kysely, w.tenantA.id, { limit: 50, action: 'audit.read' });
    const read = reads.find(
      (r) => (r.details as { query?: string }).query === 'action=user.create',
    );
    expect(read).toMatchObject({ actor: `user:${ids.aud}`, entityId: 'GET /api/v1/audit' });
    expect(read!.details).toMatchObject({ status: 200, address: '10.4.4.4' });
    const refused = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 10,
      action: 'admin.request.refused',
    });
    expect(
      refused.some((r) => r.actor === `user:${ids.sys}` && r.entityId === 'GET /api/v1/users'),
    ).toBe(true);
    const changes = await listAudit(w.db.kysely, w.tenantA.id, {
      limit: 50,
      action: 'admin.request',
    });
    expect(
      changes.some((r) => r.actor === `user:${ids.sec}` && r.entityId === 'POST /api/v1/users'),
    ).toBe(true);
    // An engineer is no administrator: its reads are not recorded as administrator actions.
    await call('engineer', 'GET', '/users');
    const all = await listAudit(w.db.kysely, w.tenantA.id, { limit: 500 });
    expect(all.some((r) => r.actor === `user:${ids.engineer}` && r.entityType === 'route')).toBe(
      false,
    );
  });

  it("the platform's audit administrator sees every tenant; a tenant's sees its own", async () => {
    const everything = await call('paud', 'GET', '/audit/records?limit=1000');
    expect(everything.statusCode).toBe(200);
    const tenants = new Set(
      everything.json<{ items: Array<{ tenantId: string | null }> }>().items.map((i) => i.tenantId),
    );
    expect(tenants).toContain(w.tenantA.id);
    expect(tenants).toContain(w.tenantB.id);
    const onlyB = await call('paud', 'GET', `/audit/records?tenantId=${w.tenantB.id}`);
    expect(onlyB.json().items.length).toBeGreaterThan(0);
    expect(onlyB.json().items.every((i: { tenantId: string }) => i.tenantId === w.tenantB.id)).toBe(
      true,
    );
    const failures = await call('paud', 'GET', '/audit/records?outcome=failure');
    const fItems = failures.json<{ items: Array<{ outcome: string; action: string }> }>().items;
    expect(fItems.length).toBeGreaterThan(0);
    expect(
      fItems.every((i) => i.outcome === 'failure' && /\.(failed|refused)$/.test(i.action)),
    ).toBe(true);
    const byActor = await call(
      'paud',
      'GET',
      '/audit/records?actor=user:sec@acme.test&action=admin.*',
    );
    // Typed as the e-mail, the filter finds the records labelled by id (actorAliases).
    expect(byActor.json().items.length).toBeGreaterThan(0);
    expect(byActor.json().items[0].actorName).toBe('sec');
    expect(
      byActor
        .json()
        .items.every(
          (i: { actor: string; action: string }) =>
            i.actor === `user:${ids.sec}` && i.action.startsWith('admin.'),
        ),
    ).toBe(true);
    // Cursor paging: two pages of two, no record twice.
    const p1 = await call('paud', 'GET', '/audit/records?limit=2');
    const p2 = await call('paud', 'GET', `/audit/records?limit=2&cursor=${p1.json().nextCursor}`);
    const seen = [...p1.json().items, ...p2.json().items].map((i: { id: string }) => i.id);
    expect(new Set(seen).size).toBe(4);
    const chain = await call('paud', 'GET', '/audit/chain');
    expect(chain.json()).toMatchObject({ ok: true });
    expect(chain.json().records).toBeGreaterThan(10);

    const own = await call('aud', 'GET', '/audit/records?limit=1000');
    expect(own.json().items.every((i: { tenantId: string }) => i.tenantId === w.tenantA.id)).toBe(
      true,
    );
    const other = await call('aud', 'GET', `/audit/records?tenantId=${w.tenantB.id}`);
    expect(other.statusCode).toBe(403);
  });

  it('platform administrators: made by the platform security administrator, not the platform admin', async () => {
    const body = {
      email: 'ops@ronghe.test',
      name: 'Ops',
      role: 'system_admin',
      password: 'Harbour-Light-7',
    };
    expect(
      (
        await w.as('platform_admin', {
          method: 'POST',
          url: '/api/v1/platform/administrators',
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const made = await call('psec', 'POST', '/platform/administrators', body);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      tenantId: null,
      role: 'system_admin',
      mustChangePassword: true,
    });
    // A tenant's security administrator manages its tenant only.
    expect((await call('sec', 'GET', '/platform/administrators')).statusCode).toBe(403);
    const list = await call('psec', 'GET', '/platform/administrators');
    expect(list.json().map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(['ops@ronghe.test', 'auditor@ronghe.test', 'root@ronghe.test']),
    );
  });

  it('platform administrators: edited, disabled and re-enabled, reset, over HTTP and audited', async () => {
    const list = await call('psec', 'GET', '/platform/administrators');
    const ops = (list.json() as Array<{ id: string; email: string }>).find(
      (u) => u.email === 'ops@ronghe.test',
    )!;
    const paud = (list.json() as Array<{ id: string; email: string }>).find(
      (u) => u.email === 'auditor@ronghe.test',
    )!;
    const url = (id: string) => `/platform/administrators/${id}`;
    const renamed = await call('psec', 'PATCH', url(ops.id), { name: 'Operations' });
    expect(renamed.json()).toMatchObject({ name: 'Operations', role: 'system_admin' });
    // Disabled: its session ends at once; it is listed as disabled; enabled again, it logs in.
    expect((await call('paud', 'GET', '/audit/chain')).statusCode).toBe(200);
    const off = await call('psec', 'PATCH', url(paud.id), { disabled: true });
    expect(off.json()).toMatchObject({ disabled: true });
    expect((await call('paud', 'GET', '/audit/chain')).statusCode).toBe(401);
    const relisted = await call('psec', 'GET', '/platform/administrators');
    expect(relisted.json()).toContainEqual(
      expect.objectContaining({ id: paud.id, disabled: true }),
    );
    expect((await call('psec', 'PATCH', url(paud.id), { disabled: false })).json()).toMatchObject({
      disabled: false,
    });
    // A reset password is temporary; a weak one is refused naming the rule.
    const reset = await call('psec', 'PATCH', url(paud.id), { password: 'Quiet-Harbour-88' });
    expect(reset.json()).toMatchObject({ mustChangePassword: true });
    const weak = await call('psec', 'PATCH', url(paud.id), { password: 'password' });
    expect(weak.statusCode).toBe(400);
    // No one disables themselves; a tenant's security administrator reaches no platform account;
    // nor does a system administrator; nor is a tenant account reached by its id.
    const self = { id: (await call('psec', 'GET', '/auth/me')).json().userId as string };
    expect((await call('psec', 'PATCH', url(self.id), { disabled: true })).statusCode).toBe(403);
    expect((await call('sec', 'PATCH', url(ops.id), { disabled: true })).statusCode).toBe(403);
    expect((await call('sys', 'PATCH', url(ops.id), { disabled: true })).statusCode).toBe(403);
    expect((await call('psec', 'PATCH', url(ids.sec!), { disabled: true })).statusCode).toBe(404);
    const records = await listAuditView(w.db.kysely, {
      tenantId: null,
      action: 'user.update',
      limit: 10,
    });
    expect(records.map((r) => r.details)).toContainEqual({
      platform: true,
      disabled: true,
      passwordChanged: false,
    });
    expect(JSON.stringify(records)).not.toContain('Operations');
  });

  it("a platform administrator's lost second factor: reset by another platform administrator only, audited", async () => {
    const list = await call('psec', 'GET', '/platform/administrators');
    const paud = (list.json() as Array<{ id: string; email: string }>).find(
      (u) => u.email === 'auditor@ronghe.test',
    )!;
    // The platform auditor enrols a factor (a fresh session: the earlier test ended its own).
    cookies.paud2 = `ronghe_session=${(await createSession(w.db, paud.id)).token}`;
    const start = await call('paud2', 'POST', '/auth/mfa/enrol');
    expect(start.statusCode).toBe(200);
    const secret = base32Decode(start.json<{ secret: string }>().secret)!;
    const done = await call('paud2', 'POST', '/auth/mfa/enrol/confirm', {
      code: totp(secret, Date.now()),
    });
    expect(done.statusCode).toBe(200);
    const factors = () =>
      w.db.kysely
        .selectFrom('user_totp')
        .select('user_id')
        .where('user_id', '=', paud.id)
        .execute();
    const codes = () =>
      w.db.kysely
        .selectFrom('recovery_codes')
        .select('user_id')
        .where('user_id', '=', paud.id)
        .execute();
    expect(await factors()).toHaveLength(1);
    expect((await codes()).length).toBeGreaterThan(0);
    const url = (id: string) => `/platform/administrators/${id}/mfa/reset`;
    // Not a tenant's security administrator, not the system administrator, not oneself, not a
    // tenant account by its id.
    expect((await call('sec', 'POST', url(paud.id))).statusCode).toBe(403);
    expect((await call('sys', 'POST', url(paud.id))).statusCode).toBe(403);
    const psecId = (await call('psec', 'GET', '/auth/me')).json().userId as string;
    const own = await call('psec', 'POST', url(psecId));
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('自己');
    expect((await call('psec', 'POST', url(ids.sec!))).statusCode).toBe(404);
    expect(await factors()).toHaveLength(1);
    const reset = await call('psec', 'POST', url(paud.id));
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ id: paud.id, tenantId: null });
    expect(await factors()).toEqual([]);
    expect(await codes()).toEqual([]);
    const records = await listAuditView(w.db.kysely, {
      tenantId: null,
      action: 'user.mfa.reset',
      limit: 5,
    });
    expect(records[0]).toMatchObject({
      actor: `user:${psecId}`,
      entityId: paud.id,
      details: { address: '10.4.4.4' },
    });
  });
});
