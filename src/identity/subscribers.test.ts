// A subscriber's delivery facts as notification delivery asks for them, on each database: the
// address and customer scope now, and nothing for whoever may no longer receive alarms.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import {
  createApiKey,
  createCustomer,
  createPlatformAdmin,
  createTenant,
  createUser,
  deleteUser,
  revokeApiKey,
  subscriberContact,
  updateUser,
  type Scope,
  type Tenant,
} from './index.ts';

describeEachDatabase('subscriberContact', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let acme: Tenant;
  let bolt: Tenant;
  let scope: Scope;
  beforeAll(async () => {
    const h = await t.open();
    db = h.db;
    dispose = h.dispose;
    acme = await createTenant(db, { slug: 'acme', name: 'Acme' }, 'test');
    bolt = await createTenant(db, { slug: 'bolt', name: 'Bolt' }, 'test');
    scope = { tenantId: acme.id, customerIds: null, actor: 'test' };
  });
  afterAll(() => dispose());

  const user = (role: 'engineer' | 'customer_viewer', email: string, customerId?: string) =>
    createUser(db, scope, 'tenant_admin', {
      email,
      name: email,
      role,
      password: 'correct horse battery',
      ...(customerId ? { customerId } : {}),
    });

  it('a staff user: their address, tenant-wide; nothing in another tenant', async () => {
    const u = await user('engineer', 'Eng@Acme.test');
    expect(await subscriberContact(db, acme.id, u.id)).toEqual({
      kind: 'user',
      email: 'eng@acme.test',
      customerIds: null,
    });
    expect(await subscriberContact(db, bolt.id, u.id)).toBeUndefined();
  });

  it('a customer viewer: their customer and the customers below it, as of now', async () => {
    const group = await createCustomer(db, scope, { name: 'Suzhou Group' });
    const plant = await createCustomer(db, scope, { name: 'Plant 2', parentId: group.id });
    const other = await createCustomer(db, scope, { name: 'Wuxi Hospital' });
    const u = await user('customer_viewer', 'viewer@suzhou.test', group.id);
    const got = await subscriberContact(db, acme.id, u.id);
    expect(got?.email).toBe('viewer@suzhou.test');
    expect([...(got?.customerIds ?? ['tenant-wide'])].sort()).toEqual([group.id, plant.id].sort());
    await updateUser(db, scope, 'tenant_admin', u.id, { customerId: other.id });
    expect((await subscriberContact(db, acme.id, u.id))?.customerIds).toEqual([other.id]);
  });

  it('a disabled or deleted user gets nothing; re-enabled, again', async () => {
    const u = await user('engineer', 'gone@acme.test');
    await updateUser(db, scope, 'tenant_admin', u.id, { disabled: true });
    expect(await subscriberContact(db, acme.id, u.id)).toBeUndefined();
    await updateUser(db, scope, 'tenant_admin', u.id, { disabled: false });
    expect((await subscriberContact(db, acme.id, u.id))?.email).toBe('gone@acme.test');
    await deleteUser(db, scope, 'tenant_admin', u.id);
    expect(await subscriberContact(db, acme.id, u.id)).toBeUndefined();
    expect(await subscriberContact(db, acme.id, 'us_nosuchuser0000')).toBeUndefined();
  });

  it('a platform admin acts tenant-wide in any tenant', async () => {
    const root = await createPlatformAdmin(db, {
      email: 'root@ronghe.test',
      name: 'Root',
      password: 'correct horse battery',
    });
    for (const tenant of [acme, bolt])
      expect(await subscriberContact(db, tenant.id, root.id)).toEqual({
        kind: 'user',
        email: 'root@ronghe.test',
        customerIds: null,
      });
  });

  it('an API key: tenant-wide and no address; nothing once revoked or in another tenant', async () => {
    const key = await createApiKey(db, scope, 'tenant_admin', { name: 'scada', role: 'engineer' });
    expect(await subscriberContact(db, acme.id, key.id)).toEqual({
      kind: 'apikey',
      email: null,
      customerIds: null,
    });
    expect(await subscriberContact(db, bolt.id, key.id)).toBeUndefined();
    await revokeApiKey(db, scope, key.id);
    expect(await subscriberContact(db, acme.id, key.id)).toBeUndefined();
  });
});
