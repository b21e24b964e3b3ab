// Second-factor secrets under 国密 (issue 26; GB/T 39786-2021): with RONGHE_FIELD_CIPHER=
// sm4-ctr-hmac-sm3 the platform seals TOTP secrets with SM4 and HMAC-SM3, as it seals personal
// data, through the same wiring as main.ts (secondFactorSealing); enrolment, two-step login and
// a secret sealed with AES-256-GCM before the switch all work.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, testPersonalKey } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { defaultSecurity } from '../config-security.ts';
import { base32Decode, createMfa, createUser, totp } from '../identity/index.ts';
import { personalKeyOf, secondFactorSealing } from '../personal-key.ts';
import { emailIndex } from '../storage/index.ts';

const PW = 'correct horse battery';
const cookieOf = (r: { headers: Record<string, unknown> }, name: string): string => {
  const all = r.headers['set-cookie'];
  const list = (Array.isArray(all) ? all : [all]).map(String);
  return list.find((s) => s.startsWith(`${name}=`))!.split(';')[0]!;
};

describeEachDatabase('TOTP secrets sealed with SM4', (t) => {
  let w: World;
  const sealing = secondFactorSealing(
    personalKeyOf({
      dataDir: '/nonexistent',
      security: {
        ...defaultSecurity,
        fieldCipher: 'sm4-ctr-hmac-sm3',
        secretKey: Buffer.from(testPersonalKey.key),
      },
    }),
  );
  beforeAll(async () => {
    w = await createWorld(t, { authenticator: sealing });
    for (const [email, name] of [
      ['li@acme.test', 'Li'],
      ['old@acme.test', 'Old'],
    ] as const)
      await createUser(w.db, w.scopeA, 'tenant_admin', {
        email,
        name,
        role: 'engineer',
        password: PW,
      });
  });
  afterAll(() => w.dispose());

  const inject = (url: string, cookie?: string, payload?: Record<string, unknown>) =>
    w.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      remoteAddress: '10.9.8.6',
      headers: cookie ? { cookie } : {},
      ...(payload ? { payload } : {}),
    });
  const login = (email: string) => inject('/auth/login', undefined, { email, password: PW });
  const secretRow = (email: string) =>
    w.db.kysely
      .selectFrom('user_totp')
      .innerJoin('users', 'users.id', 'user_totp.user_id')
      .select(['user_totp.secret', 'users.id'])
      .where('users.email_hash', '=', emailIndex(w.db.personal!, email))
      .executeTakeFirstOrThrow();

  it('seals a new secret with SM4 + HMAC-SM3 and logs in with its codes', async () => {
    expect(sealing.fieldCipher).toBe('sm4-ctr-hmac-sm3');
    const session = cookieOf(await login('li@acme.test'), 'ronghe_session');
    const start = await inject('/auth/mfa/enrol', session);
    const secret = base32Decode(start.json<{ secret: string }>().secret)!;
    const row = await secretRow('li@acme.test');
    expect(row.secret.startsWith('v1.sm4-ctr-hmac-sm3.')).toBe(true);
    expect(row.secret).not.toContain(secret.toString('base64'));
    const now = Date.now();
    const done = await inject('/auth/mfa/enrol/confirm', session, { code: totp(secret, now) });
    expect(done.statusCode, done.body).toBe(200);
    const half = await login('li@acme.test');
    expect(half.json()).toMatchObject({ step: 'totp' });
    const ok = await inject('/auth/mfa/verify', cookieOf(half, 'ronghe_mfa'), {
      code: totp(secret, now + 30_000),
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('still opens a secret sealed with AES-256-GCM before the switch', async () => {
    const aes = createMfa(w.db, { key: sealing.secretKey, cipher: 'aes-256-gcm' });
    const user = await w.db.kysely
      .selectFrom('users')
      .select(['id', 'tenant_id'])
      .where('email_hash', '=', emailIndex(w.db.personal!, 'old@acme.test'))
      .executeTakeFirstOrThrow();
    const who = { id: user.id, email: 'old@acme.test', tenantId: user.tenant_id };
    const { secret: b32 } = await aes.startEnrolment(who);
    const secret = base32Decode(b32)!;
    const now = Date.now();
    await aes.confirmEnrolment(who, totp(secret, now - 30_000));
    expect((await secretRow('old@acme.test')).secret.startsWith('v1.aes-256-gcm.')).toBe(true);
    const half = await login('old@acme.test');
    const ok = await inject('/auth/mfa/verify', cookieOf(half, 'ronghe_mfa'), {
      code: totp(secret, now),
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
