// Administration → API keys: an admin creates a key and sees it once; a customer viewer sees
// neither the menu entry nor a create button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, assetBySerial, createUserWithOwnPassword } from './api.ts';
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

const words: Record<Lang, { create: string; name: string; submit: string; menu: string }> = {
  'zh-CN': { create: '新建 API 密钥', name: '名称', submit: '创建', menu: 'API 密钥' },
  en: { create: 'New API key', name: 'Name', submit: 'Create', menu: 'API keys' },
};

// A browser on a shared 2-core machine: generous time per test and for start-up.
describe.skipIf(!hasChromium)('API keys', { timeout: 180_000 }, () => {
  let c: Console;
  const viewer = { email: 'viewer@demo.ronghe.local', password: 'viewer-password-1' };
  beforeAll(async () => {
    c = await startConsole();
    const api = await apiAs(c);
    const chiller = await assetBySerial(api, 'CHL-0001');
    await createUserWithOwnPassword(c, api, {
      ...viewer,
      name: 'Plant manager',
      role: 'customer_viewer',
      customerId: chiller.customerId,
    });
  }, 180_000);
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`lets an admin create a key shown once, and a viewer not (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await p.page.goto('/login?next=%2Fadmin%2Fapi-keys');
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('button', { name: w.create }).click();
      await p.page.getByLabel(w.name).fill(`e2e ${lang}`);
      await p.page.getByRole('button', { name: w.submit, exact: true }).click();
      await expect.poll(() => p.page.getByTestId('new-key').textContent()).toMatch(/rk_\w+/);
      await expect.poll(() => p.page.getByRole('cell', { name: `e2e ${lang}` }).count()).toBe(1);
      await expectAccessible(p, `api keys ${lang}`);
      await screenshot(p, `api-keys-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();

      const v = await openPage(c, lang);
      await v.page.goto('/login?next=%2Fadmin%2Fapi-keys');
      await login(v, viewer.email, viewer.password);
      await v.page.waitForURL(/\/admin\/api-keys$/);
      await v.page.locator('h1').waitFor();
      expect(await v.page.getByRole('button', { name: w.create }).count()).toBe(0);
      expect(await v.page.getByRole('navigation').getByText(w.menu).count()).toBe(0);
      expectNoBrowserErrors(v);
      await v.close();
    });
  }
});
