// Energy screens in a real browser, in both languages: the provider opens the statements list
// and issues a statement; the customer opens it, accepts (zh-CN) or disputes (en) it, and prints
// it — print media hides the console around the statement and Chromium renders a PDF of it.
// The demo tenant has no energy data, so the scene is set up through the API (energy-scene.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Api } from './api.ts';
import { approveAndSettle, energyScene, type EnergyScene } from './energy-scene.ts';
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

const words: Record<
  Lang,
  {
    title: string;
    issue: string;
    issued: string;
    answer: string;
    answered: string;
    period: '2026-01' | '2026-02';
    invoiceNo: string;
    rule: RegExp;
    csv: RegExp;
  }
> = {
  'zh-CN': {
    title: '结算单',
    issue: '出具',
    issued: '已出具',
    answer: '确认',
    answered: '已确认',
    period: '2026-01',
    invoiceNo: '发票号',
    rule: /仅有日数据/,
    csv: /^\uFEFF项目,内容\r\n[\s\S]*合计,/,
  },
  en: {
    title: 'Settlement statements',
    issue: 'Issue',
    issued: 'Issued',
    answer: 'Dispute',
    answered: 'Disputed',
    period: '2026-02',
    invoiceNo: 'Invoice no.',
    rule: /Daily data only/,
    csv: /^\uFEFFField,Value\r\n[\s\S]*Total,/,
  },
};

describe.skipIf(!hasChromium)('energy console', () => {
  let c: Console;
  let admin: Api;
  let scene: EnergyScene;
  beforeAll(async () => {
    c = await startConsole();
    admin = await apiAs(c);
    scene = await energyScene(c, admin);
    const customer = await apiAs(c, scene.customer.email, scene.customer.password);
    await approveAndSettle(admin, customer, scene);
  }, 60_000);
  afterAll(async () => c?.close());

  const signIn = async (p: ConsolePage, email: string, password: string, next: string) => {
    await p.page.goto(`/login?next=${encodeURIComponent(next)}`);
    await login(p, email, password);
    await p.page.getByTestId('who').waitFor();
  };
  const badge = (p: ConsolePage) => p.page.locator('.statement-head .badge');

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`issues a statement, the customer answers it and prints it (${lang})`, async () => {
      const w = words[lang];
      const id = scene.statements[w.period];
      const provider = await openPage(c, lang);
      await signIn(provider, ADMIN, c.adminPassword, '/energy/statements');
      await provider.page.getByRole('heading', { name: w.title }).waitFor();
      // The scene's statement of that month (the demo's own contract has one of it too).
      const link = provider.page.locator(`a[href="/energy/statements/${id}"]`);
      await expect.poll(() => link.textContent()).toBe(w.period);
      await screenshot(provider, `energy-statements-${lang}`);
      await link.click();
      await provider.page.getByTestId('statement').waitFor();
      await expect.poll(() => provider.page.getByTestId('amount').textContent()).toMatch(/CNY/);
      // Amounts with and without VAT (6 %), and the flat-load rule named: the scene has daily data.
      const money = async (id: string) =>
        Number((await provider.page.getByTestId(id).textContent())!.replace(/[^\d.-]/g, ''));
      const [net, tax, gross] = [await money('net'), await money('tax'), await money('amount')];
      expect(Math.round((net + tax) * 100)).toBe(Math.round(gross * 100));
      expect(tax).toBeGreaterThan(0);
      expect(await provider.page.getByTestId('price-rule').textContent()).toMatch(w.rule);
      const invoiceNo = `E2E${lang === 'en' ? 'EN' : 'ZH'}${Date.now()}`;
      await provider.page.getByLabel(w.invoiceNo).fill(invoiceNo);
      await provider.page.getByRole('button', { name: w.issue, exact: true }).click();
      await expect.poll(() => provider.page.getByTestId('notice-success').count()).toBe(1);
      await expect.poll(() => badge(provider).textContent()).toBe(w.issued);
      expect(await provider.page.getByTestId('invoice-no').textContent()).toBe(invoiceNo);
      // The CSV download: UTF-8 with BOM, in the page's language, read with the page's session.
      const href = await provider.page.locator('a.csv-link').getAttribute('href');
      const csv = await provider.page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect((await csv.body()).toString('utf8')).toMatch(w.csv);
      // Issued: the provider has nothing more to do here.
      expect(await provider.page.getByRole('button', { name: w.issue, exact: true }).count()).toBe(
        0,
      );
      await expectAccessible(provider, `statement provider ${lang}`);
      await screenshot(provider, `energy-statement-provider-${lang}`);
      expectNoBrowserErrors(provider);
      await provider.close();

      const customer = await openPage(c, lang, { width: 768, height: 1024 });
      await signIn(
        customer,
        scene.customer.email,
        scene.customer.password,
        `/energy/statements/${id}`,
      );
      await customer.page.getByTestId('statement').waitFor();
      // The customer may not issue; it answers an issued statement.
      expect(await customer.page.getByRole('button', { name: w.issue, exact: true }).count()).toBe(
        0,
      );
      await customer.page.getByRole('textbox').fill(`e2e ${lang}`);
      await customer.page.getByRole('button', { name: w.answer, exact: true }).click();
      await expect.poll(() => badge(customer).textContent()).toBe(w.answered);
      await expect
        .poll(() => customer.page.locator('.trail tbody tr').count())
        .toBeGreaterThanOrEqual(3);
      await expectAccessible(customer, `statement customer ${lang}`);

      // Print: the statement alone, no shell or buttons, with signature lines.
      await customer.page.emulateMedia({ media: 'print' });
      expect(await customer.page.locator('.topbar').isVisible()).toBe(false);
      expect(await customer.page.locator('.statement .no-print').first().isVisible()).toBe(false);
      expect(await customer.page.locator('.signatures').isVisible()).toBe(true);
      await screenshot(customer, `energy-statement-print-${lang}`);
      const pdf = await customer.page.pdf({ format: 'A4', printBackground: false });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      expectNoBrowserErrors(customer);
      await customer.close();
    });
  }

  it('shows a contract: baseline approved by both parties, its model plot and the savings', async () => {
    // An amended baseline (v2), approved by the provider: the customer approves it in the page.
    await admin.call('POST', `/api/v1/energy/contracts/${scene.contractId}/baselines`, {
      meterId: scene.meterId,
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      method: 'daily',
      adjustments: [{ from: '2025-06-01', to: '2026-01-01', kwhPerDay: 5, reason: 'new lab' }],
    });
    await admin.call('POST', `/api/v1/energy/contracts/${scene.contractId}/baselines/2/approve`);
    for (const lang of ['zh-CN', 'en'] as const) {
      const p = await openPage(c, lang, { width: 768, height: 1024 });
      await signIn(
        p,
        scene.customer.email,
        scene.customer.password,
        `/energy/contracts/${scene.contractId}`,
      );
      await p.page.getByTestId('baseline').first().waitFor();
      if (lang === 'zh-CN') {
        await p.page.getByRole('button', { name: '批准', exact: true }).click();
        await expect.poll(() => p.page.getByTestId('notice-success').textContent()).toMatch(/v2/);
        await expect
          .poll(() => p.page.getByTestId('baseline').filter({ hasText: '已生效' }).textContent())
          .toMatch(/^v2/);
      }
      await expect
        .poll(() => p.page.getByTestId('baseline-plot').getAttribute('data-drawn'))
        .toBeTruthy();
      await expect
        .poll(() => p.page.getByTestId('savings-chart').getAttribute('data-drawn'))
        .toBeTruthy();
      expect(await p.page.locator('.balance-points li').count()).toBeGreaterThan(0);
      await expectAccessible(p, `contract ${lang}`);
      await screenshot(p, `energy-contract-${lang}`);
      await p.page.goto('/energy/meters');
      await p.page.getByTestId('meter').first().waitFor();
      await expectAccessible(p, `meters ${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    }
  });
});
