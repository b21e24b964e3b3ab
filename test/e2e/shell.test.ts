// The console's shell in a real browser, in both languages: login (and back to the page that
// asked for it), the role's menu, language switch, logout; no browser error, no serious axe
// violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  expectAccessible,
  expectNoBrowserErrors,
  hasChromium,
  login,
  openPage,
  screenshot,
  startConsole,
  type Console,
  type Lang,
} from './browser.ts';

const words: Record<Lang, { title: string; fleet: string; failed: string; logout: string }> = {
  'zh-CN': {
    title: '登录融合控制台',
    fleet: '设备总览',
    failed: '邮箱或密码错误。',
    logout: '退出登录',
  },
  en: {
    title: 'Sign in to the Ronghe console',
    fleet: 'Fleet overview',
    failed: 'Wrong e-mail or password.',
    logout: 'Log out',
  },
};

// A browser on a shared 2-core machine: generous time per test and for start-up.
describe.skipIf(!hasChromium)('console shell', { timeout: 180_000 }, () => {
  let c: Console;
  beforeAll(async () => {
    c = await startConsole();
  }, 180_000);
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`logs in (${lang}), comes back to the asked page, logs out`, async () => {
      const p = await openPage(c, lang);
      const w = words[lang];
      await p.page.goto('/alarms?severity=critical');
      await p.page.waitForURL(/\/login\?next=/);
      await expect.poll(() => p.page.locator('h1').textContent()).toBe(w.title);
      expect(await p.page.evaluate('document.documentElement.lang')).toBe(lang);
      await expectAccessible(p, `login ${lang}`);
      await screenshot(p, `login-${lang}`);

      await login(p, ADMIN, 'wrong-password');
      await expect.poll(() => p.page.getByRole('alert').textContent()).toBe(w.failed);

      await login(p, ADMIN, c.adminPassword);
      await p.page.waitForURL(/\/alarms\?severity=critical$/);
      await expect.poll(() => p.page.getByRole('navigation').textContent()).toContain(w.fleet);
      // The session ends behind the page's back: the user is sent to login and, after it,
      // back to the page.
      await p.context.clearCookies();
      await p.page.goto('/fleet');
      await p.page.waitForURL(/\/login\?(expired=1&)?next=%2Ffleet/);
      await login(p, ADMIN, c.adminPassword);
      await p.page.waitForURL(/\/fleet$/);
      // Those 401s were the point of the step, not faults.
      p.errors.splice(0, p.errors.length, ...p.errors.filter((e) => !e.includes('status of 401')));
      await p.page.getByRole('button', { name: w.logout }).click();
      await p.page.waitForURL(/\/login/);
      expectNoBrowserErrors(p);
      await p.close();
    });
  }

  it('folds the menu behind a button on a phone and folds it again once a screen is chosen', async () => {
    const p = await openPage(c, 'zh-CN', { width: 390, height: 844 });
    await p.page.goto('/alarms');
    await login(p, ADMIN, c.adminPassword);
    await p.page.waitForURL(/\/alarms$/);
    const menu = p.page.getByRole('navigation', { name: '主菜单' });
    const toggle = p.page.getByRole('button', { name: '菜单' });
    await toggle.waitFor();
    expect(await menu.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await screenshot(p, 'shell-phone-folded-zh-CN');
    await toggle.click();
    await menu.waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await screenshot(p, 'shell-phone-open-zh-CN');
    await menu.getByRole('link', { name: words['zh-CN'].fleet }).click();
    await p.page.waitForURL(/\/fleet$/);
    await menu.waitFor({ state: 'hidden' });
    await expectAccessible(p, 'phone menu');
    expectNoBrowserErrors(p);
    await p.close();
  });
});
