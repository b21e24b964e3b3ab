// Issue 26 in the console: an administrator whose tenant requires a second factor enrols at its
// next login (key and recovery codes shown once), logs in later with a code, sees the
// separation rule on the administrators screen, is refused a second duty for an account with
// the rule named, and reads the audit view with the hash chain's status. Chinese, then English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/identity/index.ts';
import { apiAs } from './api.ts';
import {
  ADMIN,
  expectAccessible,
  hasChromium,
  login,
  openPage,
  screenshot,
  startConsole,
  type Console,
  type ConsolePage,
} from './browser.ts';

describe.skipIf(!hasChromium)(
  'second factor, administrators, audit view',
  { timeout: 240_000 },
  () => {
    let c: Console;
    let secret: Buffer;
    let recovery: string[] = [];
    beforeAll(async () => {
      c = await startConsole();
      const api = await apiAs(c);
      // An account that holds the security duty: the tenant admin may not make it the auditor.
      await api.call('POST', '/api/v1/users', {
        email: 'sec@demo.ronghe.local',
        name: 'Security officer',
        role: 'security_admin',
        password: 'Harbour-Light-7',
      });
      // From now on the tenant's administrators log in with a second factor.
      await api.call('PUT', '/api/v1/security/settings', { mfaForAdmins: true });
    }, 240_000);
    afterAll(async () => c?.close());

    /** The browser logs the refusals this test provokes (a second duty, a wrong code): only those. */
    const unexpected = (p: ConsolePage, allowed: RegExp) =>
      p.errors.filter((e) => !allowed.test(e));

    async function goAdministrators(p: ConsolePage) {
      await p.page.goto('/admin/administrators');
      await p.page.getByTestId('separation-rule').waitFor();
      await p.page.getByTestId('security-settings').waitFor();
    }

    it('enrols at the next login, then works through administrators and audit (zh-CN)', async () => {
      const p = await openPage(c, 'zh-CN');
      await p.page.goto('/login?next=%2Fadmin%2Faudit-view');
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('heading', { name: '绑定动态口令' }).waitFor();
      const shown = (await p.page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
      secret = base32Decode(shown)!;
      expect(secret).toHaveLength(20);
      await p.page.getByLabel('首个动态口令').fill(totp(secret, Date.now()));
      await screenshot(p, 'mfa-enrol-zh-CN');
      await p.page.getByRole('button', { name: '完成绑定' }).click();
      await p.page.getByTestId('recovery-codes').waitFor();
      recovery = await p.page.getByTestId('recovery-codes').locator('code').allTextContents();
      expect(recovery).toHaveLength(10);
      await screenshot(p, 'mfa-recovery-zh-CN');
      await p.page.getByRole('button', { name: '已保存，继续' }).click();
      await p.page.waitForURL(/\/admin\/audit-view$/);

      await p.page.getByTestId('chain-status').waitFor();
      expect(await p.page.getByTestId('chain-status').textContent()).toMatch(/哈希链完整/);
      await expect
        .poll(() => p.page.getByRole('cell', { name: 'user.mfa.enrol' }).count())
        .toBeGreaterThan(0);
      await expectAccessible(p, 'audit view zh-CN');
      await screenshot(p, 'audit-view-zh-CN');

      await goAdministrators(p);
      const row = p.page.getByRole('row').filter({ hasText: 'sec@demo.ronghe.local' });
      await row.getByRole('combobox').selectOption('audit_admin');
      await row.getByRole('button', { name: '修改角色' }).click();
      await expect
        .poll(() => p.page.getByTestId('notice-error').textContent())
        .toMatch(/三权分立.*separation\.one-duty/);
      await expectAccessible(p, 'administrators zh-CN');
      await screenshot(p, 'administrators-zh-CN');
      expect(unexpected(p, /status of 400 .*\/api\/v1\/users\/us_/)).toEqual([]);
      await p.close();
    });

    it('asks for the code at the next login, and takes a recovery code (en)', async () => {
      const p = await openPage(c, 'en');
      await p.page.goto('/login?next=%2Fadmin%2Fadministrators');
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('heading', { name: 'One-time code' }).waitFor();
      await p.page.getByLabel('Code or recovery code').fill('000000');
      await p.page.getByRole('button', { name: 'Verify' }).click();
      await p.page.getByRole('alert').filter({ hasText: 'Wrong or already used code.' }).waitFor();
      await screenshot(p, 'mfa-code-en');
      await p.page.getByLabel('Code or recovery code').fill(recovery[0]!);
      await p.page.getByRole('button', { name: 'Verify' }).click();
      await p.page.waitForURL(/\/admin\/administrators$/);
      await p.page.getByTestId('separation-rule').waitFor();
      expect(await p.page.getByTestId('separation-rule').textContent()).toContain(
        'separation.one-duty',
      );
      await expectAccessible(p, 'administrators en');
      await screenshot(p, 'administrators-en');
      await p.page.goto('/admin/audit-view');
      await p.page.getByLabel('Outcome').selectOption('failure');
      await p.page.getByRole('button', { name: 'Filter' }).click();
      await expect
        .poll(() => p.page.getByRole('cell', { name: 'auth.login.mfa.failed' }).count())
        .toBeGreaterThan(0);
      expect(await p.page.getByRole('cell', { name: 'Success', exact: true }).count()).toBe(0);
      await screenshot(p, 'audit-view-en');
      expect(unexpected(p, /status of 401 .*\/api\/v1\/auth\/mfa\/verify/)).toEqual([]);
      await p.close();
    });
  },
);
