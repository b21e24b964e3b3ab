// The console's later screens in a real browser, in both languages (issue #14): the user's alarm
// subscriptions (create, edit, delete), the rule editor's preview over the last hour of an
// asset's data, the energy efficiency benchmark and heating screens, the fleet map's outline,
// and a customer's user who sees no Rules or Manufacturing menu entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, assetBySerial, createUserWithOwnPassword, type Api } from './api.ts';
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
    newSub: '新建订阅',
    minSeverity: '最低严重程度',
    save: '保存',
    edit: '编辑订阅',
    del: '删除',
    critical: '紧急',
    newRule: '新建规则',
    when: '触发条件',
    preview: '预览',
    fired: /条件会触发 \d+ 次/,
    rules: '规则',
    manufacturing: '制造',
    alarms: '告警',
    setCurve: '设置补偿曲线',
    own: /本换热站的曲线。\s*实际供水温度与曲线平均偏差/,
  },
  en: {
    newSub: 'New subscription',
    minSeverity: 'Minimum severity',
    save: 'Save',
    edit: 'Edit subscription',
    del: 'Delete',
    critical: 'Critical',
    newRule: 'New rule',
    when: 'Raise when',
    preview: 'Preview',
    fired: /would have fired \d+ times/,
    rules: 'Rules',
    manufacturing: 'Manufacturing',
    alarms: 'Alarms',
    setCurve: 'Set compensation curve',
    own: /The station's own curve\. Supply temperature deviates/,
  },
} satisfies Record<Lang, Record<string, string | RegExp>>;

// Polled from the test, not by a string predicate in the page: the console's CSP forbids eval,
// which a string waitForFunction needs as soon as its first check is false.
const drawn = (p: ConsolePage, testId: string) =>
  expect
    .poll(() => p.page.getByTestId(testId).getAttribute('data-drawn'), { timeout: 60_000 })
    .toMatch(/^[1-9]/);

describe.skipIf(!hasChromium)(
  'console: subscriptions, preview, energy, map, customer menus',
  { timeout: 240_000 },
  () => {
    let c: Console;
    let api: Api;
    let chillerModel: string;
    const viewer = { email: 'plant@demo.ronghe.local', password: 'plant-password-1' };
    beforeAll(async () => {
      c = await startConsole();
      api = await apiAs(c);
      const chiller = await assetBySerial(api, 'CHL-0001');
      chillerModel = (await api.call<{ modelId: string }>('GET', `/api/v1/assets/${chiller.id}`))
        .modelId;
      await createUserWithOwnPassword(c, api, {
        ...viewer,
        name: 'Plant manager',
        role: 'customer_viewer',
        customerId: chiller.customerId,
      });
    }, 180_000);
    afterAll(async () => c?.close());

    for (const lang of ['zh-CN', 'en'] as const) {
      it(`manages alarm subscriptions and previews a rule (${lang})`, async () => {
        const w = words[lang];
        const p = await openPage(c, lang);
        await p.page.goto('/login?next=%2Falarms%2Fsubscriptions');
        await login(p, ADMIN, c.adminPassword);
        await p.page.getByRole('button', { name: w.newSub }).click();
        const form = p.page.getByRole('form', { name: w.newSub });
        await form.getByLabel(w.minSeverity).selectOption('critical');
        await form.getByRole('button', { name: w.save }).click();
        const table = p.page.getByTestId('subscriptions');
        await table.getByRole('cell', { name: w.critical, exact: true }).first().waitFor();
        await expectAccessible(p, `subscriptions ${lang}`);
        await screenshot(p, `alarm-subscriptions-${lang}`);
        // The row it made is the newest, listed last (the demo's own come first, one of them a
        // webhook to an address the platform refuses, which cannot be saved unchanged).
        await table.getByRole('button', { name: w.edit }).last().click();
        const edit = p.page.getByRole('form', { name: w.edit });
        await edit.getByLabel(w.minSeverity).selectOption('minor');
        await edit.getByRole('button', { name: w.save }).click();
        await expect.poll(() => edit.count()).toBe(0);
        const subs = await api.call<Array<{ minSeverity: string }>>(
          'GET',
          '/api/v1/alarm-subscriptions',
        );
        expect(subs.map((s) => s.minSeverity)).toContain('minor');
        p.page.once('dialog', (d) => void d.accept());
        await table.getByRole('button', { name: w.del }).last().click();
        await expect
          .poll(
            async () => (await api.call<unknown[]>('GET', '/api/v1/alarm-subscriptions')).length,
          )
          .toBe(subs.length - 1);

        await p.page.goto(`/rules?modelId=${chillerModel}`);
        await p.page.getByRole('button', { name: w.newRule }).click();
        await p.page.locator('select[name=kind]').selectOption('expression');
        await p.page.getByLabel(w.when, { exact: true }).fill('chw_supply_temp > 6');
        await p.page.getByTestId('preview-run').click();
        const summary = p.page.getByTestId('preview-summary');
        await summary.waitFor();
        expect(await summary.textContent()).toMatch(w.fired);
        await drawn(p, 'preview-chart');
        await expectAccessible(p, `rule preview ${lang}`);
        await screenshot(p, `rules-preview-${lang}`);
        expectNoBrowserErrors(p);
        await p.close();
      });

      it(`shows the efficiency benchmark, heating and the map outline (${lang})`, async () => {
        const w = words[lang];
        const p = await openPage(c, lang);
        await p.page.goto('/login?next=%2Fenergy%2Fefficiency');
        await login(p, ADMIN, c.adminPassword);
        await p.page.getByTestId('eff-kpis').waitFor({ timeout: 60_000 });
        await drawn(p, 'eff-chart');
        await expectAccessible(p, `efficiency ${lang}`);
        await screenshot(p, `energy-efficiency-${lang}`);
        await p.page.goto('/energy/heating');
        await p.page.getByTestId('heat-kpis').waitFor({ timeout: 60_000 });
        await drawn(p, 'curve-chart');
        await p.page.getByTestId('imbalance-kpis').waitFor({ timeout: 60_000 });
        // An engineer sets the station's own compensation curve; the deviation is measured from it.
        await p.page.getByRole('button', { name: w.setCurve }).click();
        await p.page
          .getByRole('form', { name: w.setCurve })
          .getByRole('button', { name: w.save })
          .click();
        await expect.poll(() => p.page.getByTestId('curve-deviation').textContent()).toMatch(w.own);
        await expectAccessible(p, `heating ${lang}`);
        await screenshot(p, `energy-heating-${lang}`);
        await p.page.goto('/fleet');
        await drawn(p, 'fleet-map');
        // The outline arrives as its own chunk after the first draw.
        await expect
          .poll(() => p.page.locator('section[data-outline]').getAttribute('data-outline'))
          .toBe('china,jiangsu');
        await screenshot(p, `fleet-map-${lang}`);
        expectNoBrowserErrors(p);
        await p.close();
      });

      it(`shows a customer's user no Rules or Manufacturing menu (${lang})`, async () => {
        const w = words[lang];
        const v = await openPage(c, lang);
        await v.page.goto('/login?next=%2Ffleet');
        await login(v, viewer.email, viewer.password);
        const nav = v.page.getByRole('navigation', {
          name: lang === 'en' ? 'Main menu' : '主菜单',
        });
        await nav.getByRole('link', { name: w.alarms, exact: true }).waitFor();
        expect(await nav.getByRole('link', { name: w.rules, exact: true }).count()).toBe(0);
        expect(await nav.getByRole('link', { name: w.manufacturing, exact: true }).count()).toBe(0);
        await screenshot(v, `customer-menu-${lang}`);
        expectNoBrowserErrors(v);
        await v.close();
      });
    }
  },
);
