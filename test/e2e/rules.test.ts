// Rule editor in a real browser, in both languages: a monitoring rule whose expression has a
// syntax error on its second line is refused by the server, and the editor marks that line and
// column; corrected, it is saved and listed.
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
  type Lang,
} from './browser.ts';

const words: Record<Lang, { add: string; kind: string; when: string; save: string; at: RegExp }> = {
  'zh-CN': {
    add: '新建规则',
    kind: '表达式',
    when: '触发条件',
    save: '保存',
    at: /^第 2 行，第 21 列：运算符“\*”左侧缺少值$/,
  },
  en: {
    add: 'New rule',
    kind: 'Expression',
    when: 'Raise when',
    save: 'Save',
    at: /^Line 2, column 21: operator '\*' needs a value on its left$/,
  },
};

describe.skipIf(!hasChromium)('rule editor', () => {
  let c: Console;
  let api: Api;
  let model: { id: string; name: string };
  beforeAll(async () => {
    c = await startConsole();
    api = await apiAs(c);
    const models = await api.call<
      Array<{ id: string; name: string; channels: Array<{ key: string }> }>
    >('GET', '/api/v1/asset-models');
    model = models.find((m) => m.channels.some((ch) => ch.key === 'chw_supply_temp'))!;
  }, 60_000);
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`marks the server's error at its line and column, then saves (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await p.page.goto(`/login?next=${encodeURIComponent(`/rules?modelId=${model.id}`)}`);
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('button', { name: w.add }).click();
      const id = `e2e-expr-${lang}`;
      await p.page.locator('input[name=id]').fill(id);
      await p.page.locator('select[name=kind]').selectOption('expression');
      const when = p.page.getByLabel(w.when, { exact: true });
      //                          line 2, column 21 is the '*' ↓
      await when.fill('chw_supply_temp > 8 &&\n  chw_supply_temp < * 3');
      await p.page.getByRole('button', { name: w.save }).click();
      const err = p.page.getByTestId('expr-error');
      await err.waitFor();
      expect(await err.locator('p').textContent()).toMatch(w.at);
      expect(await err.locator('mark').textContent()).toBe('*');
      expect(await p.page.getByTestId('error-line').textContent()).toBe('2');
      expect(await when.getAttribute('aria-invalid')).toBe('true');
      // The caret is put at the error.
      expect(
        await when.evaluate((el) => {
          const a = el as unknown as { selectionStart: number; selectionEnd: number };
          return [a.selectionStart, a.selectionEnd];
        }),
      ).toEqual([43, 44]);
      expect(await p.page.locator(`[data-rule="${id}"]`).count()).toBe(0);
      await expectAccessible(p, `rule editor error ${lang}`);
      await screenshot(p, `rules-error-${lang}`);

      await when.fill('chw_supply_temp > 8 &&\n  chw_supply_temp < 30');
      expect(await err.count()).toBe(0);
      await p.page.getByRole('button', { name: w.save }).click();
      await p.page.locator(`[data-rule="${id}"]`).waitFor();
      await expect.poll(() => p.page.getByTestId('notice-success').count()).toBe(1);
      const saved = await api.call<{ own: Array<{ id: string; when?: string }> }>(
        'GET',
        `/api/v1/monitoring/rules?modelId=${model.id}`,
      );
      expect(saved.own.find((r) => r.id === id)?.when).toBe(
        'chw_supply_temp > 8 &&\n  chw_supply_temp < 30',
      );
      await screenshot(p, `rules-saved-${lang}`);
      // Chromium logs the refused save (the 400 this test provokes) as a console error: exactly
      // that one is expected, anything else fails the test.
      const refused = (e: string) =>
        e.includes('status of 400') && e.includes(`/api/v1/monitoring/rules/models/${model.id}`);
      expect(p.errors.filter(refused)).toHaveLength(1);
      p.errors.splice(0, p.errors.length, ...p.errors.filter((e) => !refused(e)));
      expectNoBrowserErrors(p);
      await p.close();
    });
  }
});
