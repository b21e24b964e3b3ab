// Revocations: the signal every holder of live connections listens to, and the authenticator
// not caching a look-up that a revocation overtook.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  createApiKey,
  createAuthenticator,
  createRevocations,
  createTenant,
  principalKey,
  revokeApiKey,
} from './index.ts';

describe('createRevocations', () => {
  it('tells every listener, even when one throws, until it stops listening', () => {
    const logged: string[] = [];
    const r = createRevocations((m) => logged.push(m));
    const heard: string[] = [];
    r.onRevoked(() => {
      throw new Error('boom');
    });
    const stop = r.onRevoked((k) => heard.push(k));
    r.revoked('device:d1');
    stop();
    r.revoked('device:d2');
    expect(heard).toEqual(['device:d1']);
    expect(logged).toEqual([
      'revocation of device:d1: a listener failed: boom',
      'revocation of device:d2: a listener failed: boom',
    ]);
  });

  it('names each kind of principal by one key', () => {
    expect(principalKey({ kind: 'user', userId: 'u1' })).toBe('user:u1');
    expect(principalKey({ kind: 'apikey', keyId: 'k1' })).toBe('apikey:k1');
    expect(principalKey({ kind: 'device', deviceId: 'd1' })).toBe('device:d1');
  });
});

describeEachDatabase('authenticator cache and revocation', (t) => {
  it('does not cache a look-up that began before clearCache', async () => {
    const h = await t.open();
    try {
      const tenant = await createTenant(h.db, { slug: 'acme', name: 'Acme' }, 'test');
      const scope = { tenantId: tenant.id, customerIds: null, actor: 'test' };
      const key = await createApiKey(h.db, scope, 'tenant_admin', { name: 'k', role: 'engineer' });
      const auth = createAuthenticator(h.db);
      const inFlight = auth.authenticate(key.key);
      auth.clearCache(); // as a route does right after revoking
      expect(await inFlight).toMatchObject({ kind: 'apikey', keyId: key.id });
      await revokeApiKey(h.db, scope, key.id);
      expect(await auth.authenticate(key.key)).toBeUndefined();
    } finally {
      await h.dispose();
    }
  });
});
