// Administration (系统管理): users and roles, customers, devices with a token shown once and
// rotated, the CSV asset import with its per-row report (one bad row shows that row's error),
// the audit log and asset models; a customer viewer sees no administration menu and no
// user-create button.
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
  type ConsolePage,
  type Lang,
} from './browser.ts';

const words = {
  'zh-CN': {
    menu: '系统管理',
    newUser: '新建用户',
    newCustomer: '新建客户',
    newDevice: '新建设备',
    name: '名称',
    email: '邮箱',
    password: '初始密码（至少 8 位）',
    save: '保存',
    rotate: '轮换令牌',
    file: 'CSV 文件',
    import: '导入',
    failed: '失败',
    filter: '筛选',
    entity: '对象 ID',
  },
  en: {
    menu: 'Administration',
    newUser: 'New user',
    newCustomer: 'New customer',
    newDevice: 'New device',
    name: 'Name',
    email: 'Email',
    password: 'Initial password (8 or more characters)',
    save: 'Save',
    rotate: 'Rotate token',
    file: 'CSV file',
    import: 'Import',
    failed: 'Failed',
    filter: 'Filter',
    entity: 'Object id',
  },
} satisfies Record<Lang, Record<string, string>>;

async function check(p: ConsolePage, name: string): Promise<void> {
  await expectAccessible(p, name);
  await screenshot(p, name);
}

describe.skipIf(!hasChromium)('Administration screens', () => {
  let c: Console;
  const viewer = { email: 'reg-viewer@demo.ronghe.local', password: 'viewer-password-1' };
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
  });
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`lets an admin manage users, customers, devices, import and audit (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      const page = p.page;
      await page.goto('/login');
      await login(p, ADMIN, c.adminPassword);
      await page.getByRole('navigation').getByRole('link', { name: w.menu }).click();
      await page.waitForURL(/\/admin\/users$/);

      // Users and roles.
      await page.getByRole('button', { name: w.newUser }).click();
      const userForm = page.getByRole('form', { name: w.newUser });
      await userForm.getByLabel(w.name).fill(`E2E engineer ${lang}`);
      await userForm.getByLabel(w.email).fill(`e2e-${lang}@demo.ronghe.local`);
      await userForm.getByLabel(w.password).fill('engineer-password-1');
      await userForm.getByRole('button', { name: w.save }).click();
      await page.getByRole('cell', { name: `e2e-${lang}@demo.ronghe.local` }).waitFor();
      await check(p, `registry-users-${lang}`);

      // Customers.
      await page.goto('/admin/customers');
      await page.getByRole('button', { name: w.newCustomer }).click();
      const custForm = page.getByRole('form', { name: w.newCustomer });
      await custForm.getByLabel(w.name).fill(`E2E customer ${lang}`);
      await custForm.getByRole('button', { name: w.save }).click();
      await page.getByRole('cell', { name: `E2E customer ${lang}` }).waitFor();
      await check(p, `registry-customers-${lang}`);

      // Devices: the token is shown once, and rotation shows a different one.
      await page.goto('/admin/devices');
      await page.getByRole('button', { name: w.newDevice }).click();
      const devForm = page.getByRole('form', { name: w.newDevice });
      await devForm.getByLabel(w.name).fill(`gw-${lang}`);
      await devForm.getByRole('button', { name: w.save }).click();
      const token = page.getByTestId('new-token').locator('.secret');
      await expect.poll(() => token.textContent()).toMatch(/\S{16,}/);
      const first = await token.textContent();
      await page
        .getByRole('row', { name: new RegExp(`gw-${lang}`) })
        .getByRole('button', { name: w.rotate })
        .click();
      await expect.poll(() => token.textContent()).not.toBe(first);
      await check(p, `registry-devices-${lang}`);

      // CSV import: two good rows and one whose latitude is not a number.
      await page.goto('/admin/import');
      const csv = [
        'serial,name,latitude',
        `IMP-${lang}-1,Imported pump 1,31.2`,
        `IMP-${lang}-2,Imported pump 2,north`,
        `IMP-${lang}-3,Imported pump 3,32.0`,
      ].join('\n');
      await page.getByLabel(w.file).setInputFiles({
        name: 'assets.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByRole('button', { name: w.import, exact: true }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor();
      expect(await report.locator('tbody tr').count()).toBe(3);
      const bad = report.locator('tr[data-status=failed]');
      expect(await bad.count()).toBe(1);
      expect(await bad.locator('td').nth(0).textContent()).toBe('3');
      expect(await bad.locator('td').nth(1).textContent()).toBe(`IMP-${lang}-2`);
      expect(await bad.textContent()).toContain(w.failed);
      expect(await bad.locator('td').nth(3).textContent()).toMatch(/line 3: latitude: 'north'/);
      expect(await report.locator('tr[data-status=ok]').count()).toBe(2);
      await check(p, `registry-import-${lang}`);

      // Audit log: the import created assets; filter by one of them.
      await page.goto('/admin/audit');
      const audit = page.getByTestId('audit-table');
      await audit.waitFor();
      expect(await audit.locator('tbody tr').count()).toBeGreaterThan(3);
      const firstEntity = (await audit
        .locator('tbody tr')
        .first()
        .locator('td')
        .nth(4)
        .textContent())!;
      await page.getByLabel(w.entity).fill(firstEntity);
      await page.getByRole('button', { name: w.filter, exact: true }).click();
      await page.waitForURL(/entity=/);
      await expect
        .poll(
          async () => new Set(await audit.locator('tbody tr td:nth-child(5)').allTextContents()),
        )
        .toEqual(new Set([firstEntity]));
      await check(p, `registry-audit-${lang}`);

      // Asset models with their channels.
      await page.goto('/admin/asset-models');
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      expect(await page.locator('table code').count()).toBeGreaterThan(0);
      await check(p, `registry-models-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });

    it(`shows a viewer no administration menu and no user-create button (${lang})`, async () => {
      const w = words[lang];
      const v = await openPage(c, lang, { width: 768, height: 900 });
      await v.page.goto('/login?next=%2Fadmin%2Fusers');
      await login(v, viewer.email, viewer.password);
      await v.page.waitForURL(/\/admin\/users$/);
      await v.page.locator('h1').waitFor();
      expect(await v.page.getByRole('button', { name: w.newUser }).count()).toBe(0);
      expect(await v.page.getByRole('navigation').getByText(w.menu).count()).toBe(0);
      await screenshot(v, `registry-viewer-768-${lang}`);
      expectNoBrowserErrors(v);
      await v.close();
    });
  }
});
