// Regional pilot programme screens: the demo's pilot office (a region tenant of its own) sees the
// programme overview with the evaluation of Jiangsu's 13 cities, the map coloured by D, a city's
// radar and D trend after clicking it, and the printable report with a radar and trend per city.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_DEMO_ADMIN_EMAIL } from '../../src/region/index.ts';
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
} from './browser.ts';

const words = {
  'zh-CN': { suzhou: '苏州', radar: '苏州 指标雷达（归一化）', title: '两业融合发展水平评价报告' },
  en: {
    suzhou: '苏州',
    radar: '苏州: indicators (normalised)',
    title: 'Integration index evaluation report',
  },
} as const;

describe.skipIf(!hasChromium)('regional pilot programme', () => {
  let c: Console;
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows the evaluation, map, radar and trend, and the printable report (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await p.page.goto('/login?next=%2Fregion');
      await login(p, REGION_DEMO_ADMIN_EMAIL, c.adminPassword);
      const rows = p.page.getByTestId('region-evaluation').locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(13);
      expect(await rows.first().locator('td').first().textContent()).toBe('1');
      await expect
        .poll(() => p.page.getByTestId('region-map').getAttribute('data-drawn'))
        .toBeTruthy();
      await rows.filter({ hasText: w.suzhou }).click();
      await p.page.getByRole('heading', { name: w.radar }).waitFor();
      await expect
        .poll(() => p.page.getByTestId('region-radar').getAttribute('data-drawn'))
        .toBeTruthy();
      await expect
        .poll(() => p.page.getByTestId('region-trend').getAttribute('data-drawn'))
        .toBeTruthy();
      expect(await p.page.getByTestId('region-units').locator('tbody tr').count()).toBe(3);
      await expectAccessible(p, `region overview ${lang}`);
      await screenshot(p, `region-overview-${lang}`);

      await p.page.goto('/region/report');
      const report = p.page.getByTestId('region-report');
      await report.getByRole('heading', { name: w.title }).waitFor({ timeout: 20_000 });
      await expect.poll(() => report.getByTestId('region-radar').count()).toBe(13);
      await expect.poll(() => report.getByTestId('region-trend').count()).toBe(13);
      await screenshot(p, `region-report-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });
  }

  it('shows the demo enterprise its grant to the pilot office and revokes it', async () => {
    const p = await openPage(c, 'zh-CN');
    await p.page.goto('/login?next=%2Fregion');
    await login(p, ADMIN, c.adminPassword);
    const rows = p.page.getByTestId('region-grants').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('江苏省两业融合试点办公室');
    await expectAccessible(p, 'region grants');
    await screenshot(p, 'region-grants-zh-CN');
    await rows.first().getByRole('button', { name: '撤销授权' }).click();
    await expect.poll(() => rows.first().textContent()).toContain('已于');
    expect(await rows.first().getByRole('button').count()).toBe(0);
    expectNoBrowserErrors(p);
    await p.close();
  });
});
