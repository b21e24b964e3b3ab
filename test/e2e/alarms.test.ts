// Alarms console in a real browser, in both languages: an alarm raised while the page is open
// appears live, is acknowledged, another is shelved; KPIs are drawn; phone-size screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, raiseAlarm, type Api } from './api.ts';
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

const words: Record<
  Lang,
  { ack: string; shelve: string; reason: string; submit: string; shelved: string }
> = {
  'zh-CN': { ack: '确认', shelve: '搁置', reason: '原因', submit: '提交', shelved: '已搁置' },
  en: {
    ack: 'Acknowledge',
    shelve: 'Shelve',
    reason: 'Reason',
    submit: 'Submit',
    shelved: 'Shelved',
  },
};

// A browser on a shared 2-core machine: generous time per test and for start-up.
describe.skipIf(!hasChromium)('alarms console', { timeout: 180_000 }, () => {
  let c: Console;
  let api: Api;
  beforeAll(async () => {
    c = await startConsole();
    api = await apiAs(c);
  }, 180_000);
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows a new alarm live, acknowledges one and shelves another (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang, lang === 'en' ? { width: 390, height: 844 } : undefined);
      await p.page.goto('/login?next=%2Falarms%3Fseverity%3Dcritical');
      await login(p, ADMIN, c.adminPassword);
      await expect
        .poll(() => p.page.getByTestId('alarms-live').getAttribute('class'))
        .toContain('status-running');
      const ackRule = `e2e-ack-${lang}`;
      const shelveRule = `e2e-shelve-${lang}`;
      await raiseAlarm(api, 'CHL-0001', ackRule);
      await raiseAlarm(api, 'CHL-0002', shelveRule);
      const ack = p.page.locator(`[data-testid=alarm][data-rule="${ackRule}"]`);
      const shelve = p.page.locator(`[data-testid=alarm][data-rule="${shelveRule}"]`);
      await ack.waitFor({ timeout: 10_000 });
      await shelve.waitFor({ timeout: 10_000 });

      await ack.getByRole('button', { name: w.ack, exact: true }).click();
      await expect.poll(() => p.page.getByTestId('notice-success').count()).toBeGreaterThan(0);
      await expect
        .poll(() => ack.getByRole('button', { name: w.ack, exact: true }).count())
        .toBe(0);

      await shelve.getByRole('button', { name: w.shelve, exact: true }).click();
      await shelve.getByLabel(w.reason).fill('e2e: sensor under calibration');
      await shelve.getByRole('button', { name: w.submit }).click();
      await expect.poll(() => shelve.getAttribute('data-state')).toBe('shelved');
      await expect.poll(() => shelve.getByTestId('alarm-state').textContent()).toBe(w.shelved);
      if (lang === 'zh-CN') await p.page.getByTestId('alarm-kpis').waitFor();
      await expectAccessible(p, `alarms ${lang}`);
      await screenshot(p, lang === 'en' ? 'alarms-phone-en' : 'alarms-zh-CN');
      expectNoBrowserErrors(p);
      await p.close();
    });
  }

  it('keeps an alarm raised while the list is being read (zh-CN)', async () => {
    const p = await openPage(c, 'zh-CN');
    await p.page.goto('/login?next=%2Ffleet');
    await login(p, ADMIN, c.adminPassword);
    await p.page.waitForURL(/\/fleet$/);
    // Every read of the alarm list takes its snapshot at once but answers only when released,
    // so the raise below happens after every snapshot and its change reaches the page first.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let requested = 0;
    let read = 0;
    await p.page.route(/\/api\/v1\/alarms\?/, async (route) => {
      requested++;
      const response = await route.fetch();
      read++;
      await released;
      await route.fulfill({ response });
    });
    // The live badge shows only with the list; the stream is asked for with the page, and its
    // opening re-reads the list: give both a moment, then wait until every read has its snapshot.
    const stream = p.page.waitForRequest((r) => r.url().includes('/api/v1/alarms/stream'));
    await p.page.goto('/alarms');
    await stream;
    await p.page.waitForTimeout(1_500);
    await expect.poll(() => requested > 0 && read === requested).toBe(true);
    const rule = 'e2e-while-reading';
    await raiseAlarm(api, 'CHL-0003', rule);
    await p.page.waitForTimeout(1_500);
    release();
    await p.page.locator(`[data-testid=alarm][data-rule="${rule}"]`).waitFor({ timeout: 10_000 });
    expectNoBrowserErrors(p);
    await p.close();
  });

  it('shows an alarm’s history in the journal and the webhook fields and dead letters (zh-CN)', async () => {
    const p = await openPage(c, 'zh-CN');
    await p.page.goto('/login?next=%2Falarms');
    await login(p, ADMIN, c.adminPassword);
    const rule = 'e2e-journal';
    await raiseAlarm(api, 'CHL-0001', rule);
    const item = p.page.locator(`[data-testid=alarm][data-rule="${rule}"]`);
    await item.waitFor({ timeout: 10_000 });
    await item.getByRole('button', { name: '确认', exact: true }).click();
    await expect
      .poll(() => item.getByRole('button', { name: '确认', exact: true }).count())
      .toBe(0);
    await item.getByRole('link', { name: '历史' }).click();
    await p.page.getByTestId('journal-alarm').waitFor();
    const actions = () =>
      p.page
        .getByTestId('journal-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    await expect.poll(actions).toEqual(['acknowledged', 'raised']);
    await expect.poll(() => p.page.getByTestId('journal').textContent()).toContain('确认');
    await expectAccessible(p, 'alarm journal zh-CN');
    await screenshot(p, 'alarm-journal-zh-CN');

    await p.page.goto('/alarms/subscriptions');
    await p.page.getByRole('button', { name: '新建订阅' }).click();
    await p.page.getByLabel('Webhook', { exact: true }).check();
    await p.page.getByLabel('Webhook 地址').waitFor();
    await p.page.getByLabel('签名密钥（可选）').waitFor();
    await p.page.getByRole('heading', { name: /Webhook 死信/ }).waitFor();
    await screenshot(p, 'alarm-subscriptions-webhook-zh-CN');
    expectNoBrowserErrors(p);
    await p.close();
  });
});
