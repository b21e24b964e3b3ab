// Service KPIs in a real browser, in both languages: the admin opens the KPI page, switches the
// dimension to technicians, and sees the ECharts bar chart drawn and one table row per group; the
// CSV download is offered. The data are the demo tenant's work orders, finished within the
// default period (the last 90 days) by the demo seed.
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
} from './browser.ts';

const words = {
  'zh-CN': { title: '服务指标', technician: '技术员', csv: '导出 CSV' },
  en: { title: 'Service KPIs', technician: 'Technician', csv: 'Download CSV' },
} as const;

describe.skipIf(!hasChromium)('service KPI console', () => {
  let c: Console;
  beforeAll(async () => {
    c = await startConsole();
  }, 60_000);
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const)
    it(`shows KPIs per technician with a chart (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await p.page.goto(`/login?next=${encodeURIComponent('/service/kpis')}`);
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('heading', { name: w.title, exact: true }).waitFor();
      await p.page.locator('[data-testid=service-kpis] select').selectOption('technician');
      await p.page.getByRole('columnheader', { name: w.technician }).waitFor();
      const rows = p.page.locator('[data-testid=kpi-table] tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      await expect
        .poll(() => p.page.getByTestId('kpi-chart').getAttribute('data-drawn'))
        .not.toBeNull();
      expect(await p.page.getByRole('link', { name: w.csv }).getAttribute('href')).toMatch(
        /groupBy=technician.*format=csv/,
      );
      await expectAccessible(p, `service KPIs ${lang}`);
      await screenshot(p, `service-kpis-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });
});
