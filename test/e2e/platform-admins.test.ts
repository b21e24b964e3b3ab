// Issue 26 in the console: the platform's security administrator keeps the platform's own
// administrators current (GB/T 22239-2019 8.1.4.2 d, 8.1.5) on the administrators screen —
// renames one, disables it (its login then refused), enables it again and gives it a temporary
// password it must change at its next login, or removes the second factor of one that lost its
// authenticator; its own account offers no disabling. Chinese, then English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, createPlatformAccount, totp } from '../../src/identity/index.ts';
import {
  expectAccessible,
  expectNoBrowserErrors,
  hasChromium,
  login,
  openPage,
  screenshot,
  startConsole,
  type Console,
  type ConsolePage,
} from './browser.ts';

const SEC = 'psec@platform.ronghe.test';
const SYS = 'psys@platform.ronghe.test';
const PW = 'Harbour-Light-7';

describe.skipIf(!hasChromium)('platform administrators kept current', { timeout: 240_000 }, () => {
  let c: Console;
  beforeAll(async () => {
    c = await startConsole();
    // Set up as an operator would with `ronghe user create`: passwords of their own.
    for (const [email, name, role] of [
      [SEC, '安全管理员 Security', 'security_admin'],
      [SYS, '系统管理员 System', 'system_admin'],
    ] as const)
      await createPlatformAccount(
        c.platform.db,
        'test:setup',
        { email, name, role, password: PW },
        false,
      );
  }, 240_000);
  afterAll(async () => c?.close());

  const loginStatus = async (email: string, password: string) =>
    (
      await fetch(`${c.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    ).status;

  async function open(lang: 'zh-CN' | 'en'): Promise<ConsolePage> {
    const p = await openPage(c, lang);
    await p.page.goto('/login?next=%2Fadmin%2Fadministrators');
    await login(p, SEC, PW);
    await p.page.waitForURL(/\/admin\/administrators$/);
    await p.page.getByRole('row').filter({ hasText: SYS }).waitFor();
    return p;
  }
  /** The last success notice's words (without its close button's ×). */
  const notice = async (p: ConsolePage) =>
    (await p.page.getByTestId('notice-success').last().textContent())?.replace(/×$/, '');

  it('renames, disables, enables and resets a platform administrator (zh-CN)', async () => {
    const p = await open('zh-CN');
    const row = () => p.page.getByRole('row').filter({ hasText: SYS });
    const mine = p.page.getByRole('row').filter({ hasText: SEC });
    // Its own account: renamed, never disabled nor reset from here.
    expect(await mine.getByRole('button', { name: '改名' }).count()).toBe(1);
    expect(await mine.getByRole('button', { name: '停用' }).count()).toBe(0);
    expect(await mine.getByRole('button', { name: '重置密码' }).count()).toBe(0);

    await row().getByRole('button', { name: '改名' }).click();
    const rename = p.page.getByRole('form', { name: `修改 ${SYS} 的姓名` });
    await rename.getByLabel('新姓名').fill('运维值班 On call');
    await screenshot(p, 'platform-admins-rename-zh-CN');
    await rename.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => notice(p)).toBe(`已修改 ${SYS} 的姓名。`);
    await expect.poll(() => row().textContent()).toContain('运维值班 On call');

    await row().getByRole('button', { name: '停用' }).click();
    await expect.poll(() => row().textContent()).toContain('已停用');
    expect(await notice(p)).toBe(`已停用 ${SYS}，其会话已全部结束。`);
    expect(await loginStatus(SYS, PW)).toBe(401);
    await expectAccessible(p, 'platform administrators zh-CN');
    await screenshot(p, 'platform-admins-disabled-zh-CN');

    await row().getByRole('button', { name: '启用' }).click();
    await expect.poll(() => row().textContent()).not.toContain('已停用');
    expect(await loginStatus(SYS, PW)).toBe(200);
    expectNoBrowserErrors(p);
    await p.close();
  });

  it('removes a lost second factor after a confirming click; that login then needs no code (zh-CN)', async () => {
    // The system administrator enrols an authenticator (over the API, as its phone would).
    const signIn = await fetch(`${c.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: SYS, password: PW }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((x) => x.split(';')[0])
      .join('; ');
    const post = (path: string, body?: unknown) =>
      fetch(`${c.url}/api/v1${path}`, {
        method: 'POST',
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const enrol = await post('/auth/mfa/enrol');
    expect(enrol.status).toBe(200);
    const secret = base32Decode(((await enrol.json()) as { secret: string }).secret)!;
    expect((await post('/auth/mfa/enrol/confirm', { code: totp(secret, Date.now()) })).status).toBe(
      200,
    );
    expect(await loginStatus(SYS, PW)).toBe(202); // a code is owed now

    const p = await open('zh-CN');
    const row = () => p.page.getByRole('row').filter({ hasText: SYS });
    const mine = p.page.getByRole('row').filter({ hasText: SEC });
    expect(await mine.getByRole('button', { name: '重置第二重验证' }).count()).toBe(0);
    await row().getByRole('button', { name: '重置第二重验证' }).click();
    const confirm = p.page.getByRole('group', { name: `重置 ${SYS} 的第二重验证` });
    await expect.poll(() => confirm.textContent()).toContain('其下次登录时须重新绑定');
    await screenshot(p, 'platform-admins-mfa-reset-zh-CN');
    expect(await loginStatus(SYS, PW)).toBe(202); // nothing happens before the second click
    await confirm.getByRole('button', { name: '确认重置' }).click();
    await expect
      .poll(() => notice(p))
      .toBe(`已重置 ${SYS} 的第二重验证，其下次登录时须重新绑定验证器。`);
    expect(await loginStatus(SYS, PW)).toBe(200);
    expectNoBrowserErrors(p);
    await p.close();
  });

  it('gives a temporary password that must be changed at the next login (en)', async () => {
    const p = await open('en');
    const row = () => p.page.getByRole('row').filter({ hasText: SYS });
    // The server's password policy answers a weak one, naming the rule; nothing changes.
    await row().getByRole('button', { name: 'Reset password' }).click();
    const form = p.page.getByRole('form', { name: `Temporary password for ${SYS}` });
    await form.getByLabel('Temporary password').fill('12345678');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => p.page.getByTestId('notice-error').last().textContent())
      .toMatch(/password/);
    await form.getByLabel('Temporary password').fill('Temporary-Tide-42');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => notice(p))
      .toBe(
        `${SYS} has a temporary password, to be changed at the next login; all its sessions ended.`,
      );
    await expect.poll(() => row().textContent()).toContain('must change password at next login');
    expect(await loginStatus(SYS, PW)).toBe(401);
    expect(await loginStatus(SYS, 'Temporary-Tide-42')).toBe(200);
    await expectAccessible(p, 'platform administrators en');
    await screenshot(p, 'platform-admins-en');
    expect(p.errors.filter((e) => !/status of 400 .*platform\/administrators/.test(e))).toEqual([]);
    await p.close();
  });
});
