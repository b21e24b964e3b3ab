// The access matrix: each role × each resource route × own customer / other customer / other
// tenant. Expected statuses are written out by hand, not derived from the permission table.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type Who, type World } from '../../test/http.ts';

type Roles = 'platform_admin' | 'tenant_admin' | 'engineer' | 'technician' | 'viewer' | 'anonymous';
type Row = [
  method: string,
  url: (w: World) => string,
  body: ((w: World) => unknown) | undefined,
  expected: Record<Roles, number>,
];

let n = 0;
const uniq = () => `X-${++n}`;
const all = (s: number): Record<Roles, number> => ({
  platform_admin: s,
  tenant_admin: s,
  engineer: s,
  technician: s,
  viewer: s,
  anonymous: 401,
});
const newAsset = (w: World, customer: 'A1' | 'A2' | 'B1') => ({
  name: 'New',
  serial: uniq(),
  customerId: w.customers[customer],
});

const matrix: Row[] = [
  // asset models: readable by all roles of the tenant, writable by admins and engineers
  ['GET', () => '/api/v1/asset-models', undefined, all(200)],
  ['GET', (w) => `/api/v1/asset-models/${w.models.A}`, undefined, all(200)],
  ['GET', (w) => `/api/v1/asset-models/${w.models.B}`, undefined, all(404)],
  [
    'POST',
    () => '/api/v1/asset-models',
    () => ({ name: uniq() }),
    {
      platform_admin: 201,
      tenant_admin: 201,
      engineer: 201,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'PATCH',
    (w) => `/api/v1/asset-models/${w.models.B}`,
    () => ({ description: 'x' }),
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 404,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'DELETE',
    (w) => `/api/v1/asset-models/${w.models.B}`,
    undefined,
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 404,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  // assets: own customer, other customer, other tenant
  ['GET', (w) => `/api/v1/assets/${w.assets.A1}`, undefined, all(200)],
  ['GET', (w) => `/api/v1/assets/${w.assets.A1a}`, undefined, all(200)],
  ['GET', (w) => `/api/v1/assets/${w.assets.A2}`, undefined, { ...all(200), viewer: 404 }],
  ['GET', (w) => `/api/v1/assets/${w.assets.B1}`, undefined, all(404)],
  ['GET', (w) => `/api/v1/assets/${w.assets.B1}/lifecycle`, undefined, all(404)],
  ['GET', (w) => `/api/v1/assets/${w.assets.A2}/children`, undefined, { ...all(200), viewer: 404 }],
  [
    'POST',
    () => '/api/v1/assets',
    (w) => newAsset(w, 'A1'),
    {
      platform_admin: 201,
      tenant_admin: 201,
      engineer: 201,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'POST',
    () => '/api/v1/assets',
    (w) => newAsset(w, 'B1'),
    {
      platform_admin: 400,
      tenant_admin: 400,
      engineer: 400,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'PATCH',
    (w) => `/api/v1/assets/${w.assets.A2}`,
    () => ({ site: 'Wuxi' }),
    {
      platform_admin: 200,
      tenant_admin: 200,
      engineer: 200,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'PATCH',
    (w) => `/api/v1/assets/${w.assets.B1}`,
    () => ({ site: 'x' }),
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 404,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'DELETE',
    (w) => `/api/v1/assets/${w.assets.B1}`,
    undefined,
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 404,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'POST',
    (w) => `/api/v1/assets/${w.assets.B1}/lifecycle`,
    () => ({ to: 'delivered' }),
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 404,
      technician: 404,
      viewer: 403,
      anonymous: 401,
    },
  ],
  ['GET', () => '/api/v1/assets/export.csv', undefined, all(200)],
  // customers
  ['GET', () => '/api/v1/customers', undefined, all(200)],
  ['GET', (w) => `/api/v1/customers/${w.customers.A2}`, undefined, { ...all(200), viewer: 404 }],
  ['GET', (w) => `/api/v1/customers/${w.customers.B1}`, undefined, all(404)],
  [
    'POST',
    () => '/api/v1/customers',
    () => ({ name: uniq() }),
    {
      platform_admin: 201,
      tenant_admin: 201,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'PATCH',
    (w) => `/api/v1/customers/${w.customers.B1}`,
    () => ({ name: 'x' }),
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  // users, keys: administrators only; audit: administrators, and a customer its own users'
  [
    'GET',
    () => '/api/v1/users',
    undefined,
    {
      platform_admin: 200,
      tenant_admin: 200,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'POST',
    () => '/api/v1/users',
    () => ({ email: `${uniq()}@acme.test`, name: 'N', role: 'engineer', password: 'longenough' }),
    {
      platform_admin: 201,
      tenant_admin: 201,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'GET',
    () => '/api/v1/api-keys',
    undefined,
    {
      platform_admin: 200,
      tenant_admin: 200,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'POST',
    () => '/api/v1/api-keys',
    () => ({ name: uniq() }),
    {
      platform_admin: 201,
      tenant_admin: 201,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'GET',
    () => '/api/v1/audit',
    undefined,
    {
      platform_admin: 200,
      tenant_admin: 200,
      engineer: 403,
      technician: 403,
      viewer: 200, // only what was done to its customers' users (temporary-password.test.ts)
      anonymous: 401,
    },
  ],
  [
    'GET',
    () => '/api/v1/tenants',
    undefined,
    {
      platform_admin: 200,
      tenant_admin: 403,
      engineer: 403,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  // devices
  [
    'GET',
    () => '/api/v1/devices',
    undefined,
    {
      platform_admin: 200,
      tenant_admin: 200,
      engineer: 200,
      technician: 200,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'POST',
    () => '/api/v1/devices',
    (w) => ({ assetId: w.assets.B1, name: 'gw' }),
    {
      platform_admin: 404,
      tenant_admin: 404,
      engineer: 404,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
  [
    'POST',
    () => '/api/v1/devices',
    (w) => ({ assetId: w.assets.A1, name: 'gw' }),
    {
      platform_admin: 201,
      tenant_admin: 201,
      engineer: 201,
      technician: 403,
      viewer: 403,
      anonymous: 401,
    },
  ],
];

const roles: Roles[] = [
  'platform_admin',
  'tenant_admin',
  'engineer',
  'technician',
  'viewer',
  'anonymous',
];

describeEachDatabase('access matrix', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t);
  });
  afterAll(async () => w.dispose());

  it('every role × route × ownership answers as specified, and B never changes', async () => {
    const before = await w.db.kysely
      .selectFrom('assets')
      .selectAll()
      .where('tenant_id', '=', w.tenantB.id)
      .execute();
    const failures: string[] = [];
    for (const [method, url, body, expected] of matrix) {
      for (const who of roles) {
        const res = await w.as(who as Who, {
          method: method as 'GET',
          url: url(w),
          ...(body ? { payload: body(w) as object } : {}),
        });
        if (res.statusCode !== expected[who])
          failures.push(
            `${who} ${method} ${url(w)}: ${res.statusCode} (want ${expected[who]}) ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    const after = await w.db.kysely
      .selectFrom('assets')
      .selectAll()
      .where('tenant_id', '=', w.tenantB.id)
      .execute();
    expect(after).toEqual(before);
  });

  it('lists show only what the principal may see', async () => {
    const serials = async (who: Who) =>
      (
        (await w.as(who, { method: 'GET', url: '/api/v1/assets?pageSize=500' })).json() as {
          items: Array<{ serial: string }>;
        }
      ).items
        .map((a) => a.serial)
        .filter((s) => !s.startsWith('X-'))
        .sort();
    expect(await serials('viewer')).toEqual(['CH-1', 'CH-2']);
    expect(await serials('other_admin')).toEqual(['LOC-1']);
    expect(await serials('engineer')).toEqual(['CH-1', 'CH-2', 'CH-3']);
    const customers = (
      await w.as('viewer', { method: 'GET', url: '/api/v1/customers' })
    ).json() as Array<{ name: string }>;
    expect(customers.map((c) => c.name).sort()).toEqual(['Suzhou Group', 'Suzhou Plant 2']);
    const csv = (await w.as('viewer', { method: 'GET', url: '/api/v1/assets/export.csv' })).body;
    expect(csv).toContain('CH-1');
    expect(csv).not.toContain('CH-3');
    expect(csv).not.toContain('LOC-1');
  });

  it('no role can hand out a role above its own', async () => {
    const res = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'p@x.test', name: 'P', role: 'platform_admin', password: 'longenough' },
    });
    expect(res.statusCode).toBe(403);
    const key = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'k', role: 'platform_admin' },
    });
    expect(key.statusCode).toBe(403);
  });
});
