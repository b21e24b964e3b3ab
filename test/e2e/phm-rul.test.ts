// The RUL training screen (剩余寿命模型训练) in both languages: an engineer picks the turbofan
// asset model, uploads the committed C-MAPSS FD001 excerpt (training units, test units and their
// true RUL; test/fixtures/phm/README.md), watches the job's progress, reads the validation figures
// the registry stored, and activates the earlier version again from the version table.
import { fileURLToPath } from 'node:url';
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
} from './browser.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/phm/${name}`, import.meta.url));
const sensors = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21].map((n) => `sensor_${n}`);

const words = {
  'zh-CN': {
    tab: 'RUL 模型训练',
    title: '剩余使用寿命 (RUL) 模型训练',
    train: '开始训练 RUL 模型',
    trainFile: '训练文件（全寿命单元）',
    testFile: '测试文件（可选）',
    rulFile: '测试真实 RUL（可选）',
    trees: '每个成员最多树数',
    done: '已完成并注册',
    figures: /验证指标 · v\d.*在 4 个测试单元上验证.*RMSE（循环 = 小时）.*区间覆盖率（标称 90 %）/,
    activate: '启用 v1',
    active: '启用',
  },
  en: {
    tab: 'RUL training',
    title: 'Remaining useful life (RUL) model training',
    train: 'Train RUL model',
    trainFile: 'Training file (run-to-failure units)',
    testFile: 'Test file (optional)',
    rulFile: 'True RUL of the test units (optional)',
    trees: 'Most trees per member',
    done: 'Done and registered',
    figures:
      /Validation figures · v\d.*Validated on 4 test units.*RMSE \(cycles = hours\).*Interval coverage \(nominal 90 %\)/,
    activate: 'Activate v1',
    active: 'Active',
  },
} as const;

describe.skipIf(!hasChromium)('RUL model training screen', () => {
  let c: Console;
  let api: Api;
  let modelId: string;
  beforeAll(async () => {
    c = await startConsole();
    api = await apiAs(c);
    const ch = (key: string) => ({ key, name: key, dataType: 'float' });
    modelId = (
      await api.call<{ id: string }>('POST', '/api/v1/asset-models', {
        name: 'E2E turbofan',
        channels: ['setting_1', 'setting_2', 'setting_3', ...sensors, 'rul_hours'].map(ch),
      })
    ).id;
  });
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`uploads C-MAPSS files, shows progress and figures, and activates a version (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await p.page.goto(`/login?next=${encodeURIComponent('/phm/health')}`);
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('link', { name: w.tab }).click();
      await p.page.getByRole('heading', { name: w.title }).waitFor();
      const form = p.page.getByRole('form', { name: w.train });
      await form.getByRole('combobox').selectOption({ label: 'E2E turbofan' });
      await form.getByLabel(w.trainFile).setInputFiles(fixture('train_FD001_excerpt_8units.txt'));
      await form.getByLabel(w.testFile).setInputFiles(fixture('test_FD001_excerpt_4units.txt'));
      await form.getByLabel(w.rulFile).setInputFiles(fixture('RUL_FD001_excerpt_4units.txt'));
      await form.getByLabel(w.trees).fill('60');
      await form.getByRole('button', { name: w.train }).click();
      const job = p.page.getByTestId('rul-job');
      await job.waitFor();
      await expect.poll(() => job.getAttribute('data-status'), { timeout: 120_000 }).toBe('ok');
      expect(await job.textContent()).toContain(`${w.done} · 100 %`);
      const figures = p.page.getByTestId('rul-figures');
      await figures.waitFor({ timeout: 15_000 });
      expect(await figures.textContent()).toMatch(w.figures);
      // The figures shown are the registry's.
      const models = await api.call<{
        items: {
          id: string;
          kind: string;
          version: number;
          metrics: { validation: { rmse: number } };
        }[];
      }>('GET', `/api/v1/phm/models?kind=rul&assetModelId=${modelId}`);
      const newest = models.items.at(-1)!;
      const rmse = newest.metrics.validation.rmse;
      expect(await figures.locator('.kpi .value').first().textContent()).toBe(
        new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(rmse),
      );
      const rows = p.page.getByTestId('rul-versions').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(models.items.length);
      await expectAccessible(p, `phm rul ${lang}`);
      await screenshot(p, `phm-rul-${lang}`);
      if (models.items.length > 1) {
        // A second training made v2 the active one: roll back to v1 from the table.
        await p.page.getByRole('button', { name: w.activate }).click();
        await expect.poll(() => rows.first().textContent()).toMatch(new RegExp(`v1${w.active}`));
        const after = await api.call<{ items: { version: number; status: string }[] }>(
          'GET',
          `/api/v1/phm/models?kind=rul&assetModelId=${modelId}`,
        );
        expect(after.items.map((m) => `${m.version}:${m.status}`)).toEqual([
          '1:active',
          '2:retired',
        ]);
        await screenshot(p, `phm-rul-activated-${lang}`);
      }
      expectNoBrowserErrors(p);
      await p.close();
    }, 300_000);
  }
});
