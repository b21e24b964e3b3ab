// Maintenance plans, checklists, photos and the product passport in a real browser, in both
// languages: the admin creates a calendar plan and sees it listed; on a phone (390 px) a work
// order in progress gets its checklist ticked, a photo uploaded (shown as a thumbnail), the
// customer's sign-off and is marked done; then the asset's passport opens with the work order on
// its timeline and the as-built components of the demo.
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

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const words = {
  'zh-CN': {
    plans: '保养计划',
    create: '创建计划',
    checklist: '检查表',
    done: '完成',
    doneState: '已完成',
    signOff: '确认签字',
    passport: '产品护照',
    timeline: '全生命周期',
  },
  en: {
    plans: 'Maintenance plans',
    create: 'Create plan',
    checklist: 'Checklist',
    done: 'Mark done',
    doneState: 'Done',
    signOff: 'Sign off',
    passport: 'Product passport',
    timeline: 'Whole life',
  },
} as const;

describe.skipIf(!hasChromium)('service plans, checklists and passport console', () => {
  let c: Console;
  let admin: Api;
  let asset: { id: string; name: string; modelId: string };
  const orders: Record<string, { id: string; title: string }> = {};

  beforeAll(async () => {
    c = await startConsole();
    admin = await apiAs(c);
    const page = await admin.call<{ items: Array<typeof asset & { customerId: string | null }> }>(
      'GET',
      '/api/v1/assets?pageSize=500',
    );
    const plans = await admin.call<{ items: Array<{ assetId: string | null }> }>(
      'GET',
      '/api/v1/service/plans',
    );
    // The demo's as-built record is on the asset of its running-hours plan.
    const withAsBuilt = plans.items.find((p) => p.assetId)!.assetId;
    asset = page.items.find((a) => a.id === withAsBuilt)!;
    const templates = await admin.call<{ items: Array<{ id: string; modelId: string | null }> }>(
      'GET',
      '/api/v1/service/checklist-templates',
    );
    const techs = await admin.call<{ items: Array<{ id: string }> }>(
      'GET',
      '/api/v1/service/technicians',
    );
    for (const lang of ['zh-CN', 'en']) {
      const title = `E2E ${lang} quarterly service`;
      const o = await admin.call<{ id: string }>('POST', '/api/v1/service/work-orders', {
        assetId: asset.id,
        title,
        priority: 'medium',
        kind: 'preventive',
      });
      await admin.call('POST', `/api/v1/service/work-orders/${o.id}/assign`, {
        technicianId: techs.items[0]!.id,
      });
      await admin.call('POST', `/api/v1/service/work-orders/${o.id}/transitions`, {
        to: 'in_progress',
      });
      await admin.call('POST', `/api/v1/service/work-orders/${o.id}/checklist`, {
        templateId: templates.items.find((x) => x.modelId === asset.modelId)!.id,
      });
      orders[lang] = { id: o.id, title };
    }
  }, 60_000);
  afterAll(async () => c?.close());

  const signIn = async (p: ConsolePage, next: string) => {
    await p.page.goto(`/login?next=${encodeURIComponent(next)}`);
    await login(p, ADMIN, c.adminPassword);
    await p.page.getByTestId('who').waitFor();
  };

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`creates a calendar plan (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await signIn(p, '/service/plans');
      await p.page.getByRole('heading', { name: w.plans, exact: true }).waitFor();
      await p.page.getByTestId('plans').waitFor();
      const form = p.page.locator('form.wo-form');
      const name = `E2E ${lang} semi-annual overhaul`;
      await form.locator('input[name=name]').fill(name);
      await form.locator('select').first().selectOption(`model:${asset.modelId}`);
      await form.locator('input[name=every]').fill('6');
      await form.locator('input[name=startDate]').fill('2027-03-01');
      await form.locator('select[name=priority]').selectOption('low');
      await expectAccessible(p, `plans ${lang}`);
      await form.getByRole('button', { name: w.create }).click();
      await p.page.getByRole('cell', { name }).waitFor();
      const listed = await admin.call<{ items: Array<{ name: string; trigger: unknown }> }>(
        'GET',
        '/api/v1/service/plans',
      );
      expect(listed.items.find((x) => x.name === name)?.trigger).toMatchObject({
        kind: 'calendar',
        every: 6,
        unit: 'month',
        startDate: '2027-03-01',
      });
      await screenshot(p, `service-plans-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });

    it(`ticks a checklist, uploads a photo, signs off and opens the passport on a phone (${lang})`, async () => {
      const w = words[lang];
      const o = orders[lang]!;
      const p = await openPage(c, lang, { width: 390, height: 844 });
      await signIn(p, `/service/work-orders/${o.id}`);
      await p.page.getByRole('heading', { name: o.title }).waitFor();
      const boxes = p.page.locator('[data-testid=checklist] input[type=checkbox]');
      await expect.poll(() => boxes.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        await boxes.nth(i).click();
        await expect.poll(() => boxes.nth(i).isChecked()).toBe(true);
      }
      await p.page
        .locator('[data-testid=attachments] input[type=file]')
        .setInputFiles({ name: 'nameplate.png', mimeType: 'image/png', buffer: PNG_1x1 });
      await p.page.locator('[data-testid=attachments] img[alt="nameplate.png"]').waitFor();
      await p.page.locator('[data-testid=sign-off] input[name=name]').fill('张三 Zhang San');
      await p.page.getByRole('button', { name: w.signOff }).click();
      await p.page.locator('[data-testid=sign-off] p', { hasText: 'Zhang San' }).waitFor();
      await expectAccessible(p, `work order field ${lang}`);
      await screenshot(p, `service-field-${lang}`);
      await p.page.getByRole('button', { name: w.done, exact: true }).click();
      await expect
        .poll(() => p.page.locator('[data-testid=work-order] header .badge').first().textContent())
        .toBe(w.doneState);
      // No horizontal scrolling at phone width.
      const overflow = await p.page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(1);

      await p.page.getByRole('link', { name: w.passport }).click();
      await p.page.getByRole('heading', { name: new RegExp(w.passport) }).waitFor();
      await p.page.getByRole('heading', { name: w.timeline }).waitFor();
      const timeline = p.page.getByTestId('timeline');
      await timeline.getByRole('link', { name: new RegExp(o.title) }).waitFor();
      expect(await p.page.getByTestId('passport').textContent()).toContain('CMP-2026-0417');
      await expectAccessible(p, `passport ${lang}`);
      await screenshot(p, `service-passport-phone-${lang}`);
      await p.page.setViewportSize({ width: 1280, height: 900 });
      await p.page.emulateMedia({ media: 'print' });
      await screenshot(p, `service-passport-print-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });
  }
});
