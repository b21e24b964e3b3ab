// Service screens in a real browser, in both languages: the admin filters the work-order list by
// state, opens a new order, sees dispatch suggestions with their reasons, assigns the first
// technician and starts the work (处理中); a customer user requests service through the form and
// sees its order without assign or transition buttons and without internal notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Api } from './api.ts';
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
  type ConsolePage,
} from './browser.ts';

const words = {
  'zh-CN': {
    list: '工单',
    new: '新建',
    dispatch: '派工建议',
    assign: /^派工给/,
    assigned: '已派工',
    start: '开始处理',
    inProgress: '处理中',
    request: '申请服务',
    submit: '提交申请',
  },
  en: {
    list: 'Work orders',
    new: 'New',
    dispatch: 'Dispatch suggestions',
    assign: /^Assign /,
    assigned: 'Assigned',
    start: 'Start work',
    inProgress: 'In progress',
    request: 'Request service',
    submit: 'Send request',
  },
} as const;

describe.skipIf(!hasChromium)('service console', () => {
  let c: Console;
  let admin: Api;
  let asset: { id: string; name: string; customerId: string };
  const customer = {
    email: `service.${Date.now()}@customer.example`,
    password: 'Customer-Pass-2026!',
  };
  beforeAll(async () => {
    c = await startConsole();
    admin = await apiAs(c);
    const page = await admin.call<{ items: Array<typeof asset> }>('GET', '/api/v1/assets');
    asset = page.items.find((a) => a.customerId)!;
    for (const lang of ['zh-CN', 'en'])
      await admin.call('POST', '/api/v1/service/work-orders', {
        assetId: asset.id,
        title: `E2E ${lang} compressor noise`,
        priority: 'high',
      });
    await admin.call('POST', '/api/v1/users', {
      email: customer.email,
      name: 'Customer 客户',
      role: 'customer_viewer',
      password: customer.password,
      customerId: asset.customerId,
    });
    // A password set by an administrator must be replaced by the user before anything else.
    const first = await apiAs(c, customer.email, customer.password);
    customer.password = 'Customer-Own-Pass-2026!';
    await first.call('POST', '/api/v1/auth/password', {
      currentPassword: 'Customer-Pass-2026!',
      newPassword: customer.password,
    });
  }, 60_000);
  afterAll(async () => c?.close());

  const signIn = async (p: ConsolePage, email: string, password: string, next: string) => {
    await p.page.goto(`/login?next=${encodeURIComponent(next)}`);
    await login(p, email, password);
    await p.page.getByTestId('who').waitFor();
  };
  const stateBadge = (p: ConsolePage) =>
    p.page.locator('[data-testid=work-order] header .badge').first();

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`admin dispatches a new work order and starts it (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await signIn(p, ADMIN, c.adminPassword, '/service/work-orders?status=new');
      await p.page.getByRole('heading', { name: w.list, exact: true }).waitFor();
      const title = `E2E ${lang} compressor noise`;
      await p.page.getByRole('link', { name: title }).waitFor();
      // The URL's filter shows only new orders.
      const states = await p.page.locator('tbody .badge[class*="wo-"]').allTextContents();
      expect(new Set(states)).toEqual(new Set([w.new]));
      await expectAccessible(p, `work orders ${lang}`);
      await screenshot(p, `service-list-${lang}`);

      await p.page.getByRole('link', { name: title }).click();
      await p.page.getByRole('heading', { name: w.dispatch }).waitFor();
      const first = p.page.getByRole('button', { name: w.assign }).first();
      await first.waitFor();
      await expect.poll(() => p.page.locator('.reasons li').count()).toBeGreaterThan(0);
      // Dispatch reasons come as codes with parameters and are worded in the UI language.
      await expect
        .poll(() => p.page.locator('.reasons').first().textContent())
        .toMatch(lang === 'zh-CN' ? /张未完成工单/ : /open work orders?/);
      await expectAccessible(p, `work order ${lang}`);
      await screenshot(p, `service-order-${lang}`);
      const name = (await p.page
        .locator('[data-testid=dispatch] tbody tr td')
        .first()
        .textContent())!;
      await first.click();
      await expect.poll(() => stateBadge(p).textContent()).toBe(w.assigned);
      await expect.poll(() => p.page.getByTestId('technician').textContent()).toBe(name);
      await p.page.getByRole('button', { name: w.start }).click();
      await expect.poll(() => stateBadge(p).textContent()).toBe(w.inProgress);
      await screenshot(p, `service-started-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });

    it(`a customer requests service and cannot dispatch (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang, { width: 768, height: 1000 });
      await signIn(p, customer.email, customer.password, '/service/work-orders');
      await p.page.getByRole('heading', { name: w.list, exact: true }).waitFor();
      await p.page.getByRole('link', { name: w.request }).click();
      await p.page.getByRole('heading', { name: w.request }).waitFor();
      await p.page.locator('form select').first().selectOption(asset.id);
      await p.page.locator('form input').fill(`Leak ${lang}`);
      await p.page.locator('form textarea').fill('Water under the chiller');
      await expectAccessible(p, `request ${lang}`);
      await screenshot(p, `service-request-${lang}`);
      await p.page.getByRole('button', { name: w.submit }).click();
      await p.page.getByRole('heading', { name: `Leak ${lang}` }).waitFor();
      await expect.poll(() => stateBadge(p).textContent()).toBe(w.new);
      expect(await p.page.getByRole('button', { name: w.assign }).count()).toBe(0);
      expect(await p.page.getByRole('button', { name: w.start }).count()).toBe(0);
      expect(await p.page.getByTestId('internal-notes').count()).toBe(0);
      await expectAccessible(p, `customer order ${lang}`);
      await screenshot(p, `service-customer-${lang}`);
      // Its list holds only its customer's orders: the admin's other customers' are not there.
      await p.page
        .getByRole('link', {
          name: words[lang].list === '工单' ? '返回工单列表' : 'Back to work orders',
        })
        .click();
      await p.page.getByRole('link', { name: `Leak ${lang}` }).waitFor();
      const all = await admin.call<{ items: Array<{ customerId: string }> }>(
        'GET',
        '/api/v1/service/work-orders',
      );
      const mine = all.items.filter((o) => o.customerId === asset.customerId).length;
      expect(await p.page.locator('tbody tr').count()).toBe(mine);
      expect(mine).toBeLessThan(all.items.length);
      expectNoBrowserErrors(p);
      await p.close();
    });
  }
});
