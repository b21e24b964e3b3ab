// Login throttling (issue 15, finding 9): wrong passwords are refused with exponential back-off
// per account and per client address, before any scrypt work, and a throttled account logs in
// again once its delay has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, LoginThrottle } from '../identity/index.ts';
import { isRongheError } from '../kernel/index.ts';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';

const PW = 'correct horse battery';
const login = (w: World, email: string, password: string, remoteAddress = '10.0.0.1') =>
  w.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    payload: { email, password },
  });

async function refusal(p: Promise<unknown>): Promise<{ code: string; retryAfterS?: number }> {
  try {
    await p;
  } catch (e) {
    if (!isRongheError(e)) throw e;
    return { code: e.code, ...(e.details as { retryAfterS?: number }) };
  }
  return { code: 'ok' };
}

describeEachDatabase('login throttling', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t);
  });
  afterAll(async () => w.dispose());

  it('after 5 wrong passwords an account answers 429 with a catalogue code and Retry-After', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login(w, 'tech@acme.test', `wrong ${i}`)).statusCode).toBe(401);
    const sixth = await login(w, 'tech@acme.test', 'wrong 6');
    expect(sixth.statusCode).toBe(401); // the sixth failure is what starts the delay
    const locked = await login(w, 'tech@acme.test', PW, '10.0.0.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'RONGHE_LOGIN_THROTTLED' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another account from another address is unaffected.
    expect((await login(w, 'eng@acme.test', PW, '10.0.0.3')).statusCode).toBe(200);
  });

  it('throttles one address that tries many accounts', async () => {
    for (let i = 0; i < 11; i++)
      await login(w, `nobody${i}@acme.test`, 'guess', '10.9.9.9').then((r) =>
        expect(r.statusCode).toBe(401),
      );
    const next = await login(w, 'admin@acme.test', PW, '10.9.9.9');
    expect(next.statusCode).toBe(429);
    expect(next.json()).toMatchObject({ code: 'RONGHE_LOGIN_THROTTLED' });
    expect((await login(w, 'admin@acme.test', PW, '10.9.9.8')).statusCode).toBe(200);
  });

  it('refuses throttled attempts before hashing, doubles the delay, and lets the owner in after it', async () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ now: () => now });
    const auth = createAuthenticator(w.db, { throttle });
    const email = 'viewer@suzhou.test';
    for (let i = 0; i < 6; i++)
      expect((await refusal(auth.login(email, 'wrong', '10.1.1.1'))).code).toBe(
        'RONGHE_UNAUTHENTICATED',
      );
    const hashes = throttle.stats().hashes;
    const first = await refusal(auth.login(email, PW, '10.1.1.2'));
    expect(first).toMatchObject({ code: 'RONGHE_LOGIN_THROTTLED', retryAfterS: 1 });
    expect(throttle.stats().hashes).toBe(hashes); // no scrypt for a refused attempt
    now += 1_000;
    expect((await refusal(auth.login(email, 'wrong', '10.1.1.3'))).code).toBe(
      'RONGHE_UNAUTHENTICATED',
    );
    expect(await refusal(auth.login(email, PW, '10.1.1.2'))).toMatchObject({
      code: 'RONGHE_LOGIN_THROTTLED',
      retryAfterS: 2,
    });
    now += 2_000;
    const user = await auth.login(email, PW, '10.1.1.2');
    expect(user.email).toBe(email);
    // Success forgets the account's failures: one wrong password is not throttled again.
    expect((await refusal(auth.login(email, 'wrong', '10.1.1.4'))).code).toBe(
      'RONGHE_UNAUTHENTICATED',
    );
    expect((await auth.login(email, PW, '10.1.1.4')).email).toBe(email);
  });
});

describe('login throttle state', () => {
  it('caps the delay and keeps at most maxEntries keys', () => {
    let now = 0;
    const t = new LoginThrottle({ now: () => now, maxEntries: 3, maxDelayMs: 8_000 });
    for (let i = 0; i < 30; i++) t.fail([`account:a`]);
    expect(() => t.check(['account:a'])).toThrow(/Too many failed logins/);
    now += 8_000;
    expect(() => t.check(['account:a'])).not.toThrow();
    for (let i = 0; i < 10; i++) t.fail([`account:${i}`, 'address:x']);
    expect(t.stats().entries).toBeLessThanOrEqual(3);
  });

  it('refuses a login while the hashing slots and their queue are full', async () => {
    const t = new LoginThrottle({ maxConcurrentHashes: 1, maxQueuedHashes: 1 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = t.hashing(() => held);
    const b = t.hashing(() => Promise.resolve());
    await expect(t.hashing(() => Promise.resolve())).rejects.toMatchObject({
      code: 'RONGHE_LOGIN_THROTTLED',
    });
    release();
    await Promise.all([a, b]);
    await expect(t.hashing(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('counts attempts in flight: a burst cannot exceed the free failures, nor pass as clean', async () => {
    const t = new LoginThrottle({ freeFailures: 2, freeFailuresPerAddress: 100 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const keys = ['account:x', 'address:burst'];
    expect(t.isClean(keys)).toBe(true);
    const first = t.attempt(keys, async (clean) => {
      expect(clean).toBe(true);
      await held;
    });
    const second = t.attempt(keys, async (clean) => {
      expect(clean).toBe(false); // the first is still in flight
      await held;
    });
    expect(() => t.check(keys)).toThrow(/Too many failed logins/);
    release();
    await Promise.all([first, second]);
    expect(() => t.check(keys)).not.toThrow();
    expect(t.isClean(keys)).toBe(true);
  });

  it('serves attempts without failures on record before those with', async () => {
    const t = new LoginThrottle({ maxConcurrentHashes: 1, maxQueuedHashes: 8 });
    t.fail(['address:flood']);
    expect(t.isClean(['account:a', 'address:flood'])).toBe(false);
    expect(t.isClean(['account:a', 'address:ok'])).toBe(true);
    let release!: () => void;
    const held = t.hashing(() => new Promise<void>((r) => (release = r)));
    const order: string[] = [];
    const flood = [1, 2, 3].map((i) => t.hashing(async () => void order.push(`flood${i}`)));
    const valid = t.hashing(async () => void order.push('valid'), true);
    release();
    await Promise.all([held, ...flood, valid]);
    expect(order[0]).toBe('valid');
  });
});
