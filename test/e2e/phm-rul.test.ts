// The RUL training screen (剩余寿命模型训练) in both languages: an engineer picks the turbofan
// asset model, uploads the committed C-MAPSS FD001 excerpt (training units, test units and their
// true RUL; test/fixtures/phm/README.md), watches the job's progress, reads the validation figures
// the registry stored, and activates the earlier version again from the version table. Then it
// trains from the asset model's own recorded failures: four retired pumps offer their retirement
// time as end of life, three failed earlier and have their failure time typed in.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, assetBySerial, type Api } from './api.ts';
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
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A datetime-local value in the demo tenant's zone (Asia/Shanghai, UTC+8, no daylight saving). */
const shanghai = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16);
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
    failures: '用失效记录训练 RUL 模型',
    failedAt: '失效时间',
    cap: 'RUL 上限（小时）',
    count: '7 台资产有失效时间，已选 2 个通道。',
    heldBack: /在 1 个留出的全寿命单元上验证（每个单元截取 10 个时点，共 10 次预测）/,
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
    failures: 'Train on these failures',
    failedAt: 'Failed at',
    cap: 'RUL cap (hours)',
    count: '7 asset(s) with a failure time, 2 channel(s) chosen.',
    heldBack:
      /Validated on 1 held-back run-to-failure units \(each cut at 10 points, 10 predictions\)/,
  },
} as const;

describe.skipIf(!hasChromium)('RUL model training screen', () => {
  let c: Console;
  let api: Api;
  let modelId: string;
  let pumpModel: string;
  /** Serial and failure time of the pumps whose failure the engineer types in. */
  const typed: { serial: string; failedAt: number }[] = [];
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
    await pumpScene();
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

  /** Seven slurry pumps run to failure: bearing temperature climbing ever faster at the end. */
  async function pumpScene() {
    const ch = (key: string) => ({ key, name: key, dataType: 'float' });
    pumpModel = (
      await api.call<{ id: string }>('POST', '/api/v1/asset-models', {
        name: 'E2E slurry pump',
        channels: ['temp', 'flow', 'rul_hours'].map(ch),
      })
    ).id;
    const { customerId } = await assetBySerial(api, 'CHL-0001');
    let seed = 5;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
    const lastHour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    const points = [];
    for (let i = 0; i < 7; i++) {
      const serial = `E2E-SP-${i + 1}`;
      const a = await api.call<{ id: string }>('POST', '/api/v1/assets', {
        name: `E2E slurry pump ${i + 1}`,
        serial,
        modelId: pumpModel,
        customerId,
      });
      const life = 100 + 20 * i;
      // Pumps 1–4 failed in the last hour and were retired; 5–7 failed days ago.
      const failedAt = i < 4 ? lastHour : lastHour - (10 + i) * DAY;
      const start = failedAt - life * HOUR;
      for (let h = 0; h < life; h++) {
        const left = life - h;
        points.push({
          asset: a.id,
          ts: start + h * HOUR + 60_000,
          values: {
            temp: 60 + 0.3 * rnd() + (left < 80 ? ((80 - left) / 10) ** 2 : 0),
            flow: 120 + rnd(),
          },
        });
      }
      if (i < 4) await api.call('POST', `/api/v1/assets/${a.id}/lifecycle`, { to: 'retired' });
      else typed.push({ serial, failedAt });
    }
    await api.call('POST', '/api/v1/telemetry', { points });
    await c.platform.telemetry.flush();
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`trains from the asset model's recorded failures, retired pumps offered (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      await p.page.goto(`/login?next=${encodeURIComponent('/phm/rul')}`);
      await login(p, ADMIN, c.adminPassword);
      await p.page.getByRole('heading', { name: w.title }).waitFor();
      const form = p.page.getByRole('form', { name: w.failures });
      await form.getByRole('combobox').selectOption({ label: 'E2E slurry pump' });
      const rows = form.getByTestId('rul-failures').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(7);
      // Written-back outputs are not offered as inputs.
      expect(await form.getByRole('checkbox').count()).toBe(2);
      // The retired pumps offer their retirement time (within the last minutes); the others none.
      // (They come from each pump's lifecycle, read after the rows are drawn: wait for them.)
      const failedAt = (i: number) => form.getByLabel(`${w.failedAt} E2E-SP-${i}`).inputValue();
      for (let i = 1; i <= 4; i++) {
        await expect.poll(() => failedAt(i)).not.toBe('');
        expect(Date.now() - Date.parse(`${await failedAt(i)}:00+08:00`)).toBeLessThan(30 * 60_000);
      }
      for (let i = 5; i <= 7; i++) expect(await failedAt(i)).toBe('');
      for (const f of typed)
        await form.getByLabel(`${w.failedAt} ${f.serial}`).fill(shanghai(f.failedAt));
      await form.getByRole('checkbox', { name: 'temp' }).check();
      await form.getByRole('checkbox', { name: 'flow' }).check();
      await form.getByLabel(w.trees).fill('60');
      await form.getByLabel(w.cap).fill('80');
      await expect.poll(() => form.getByTestId('rul-failures-count').textContent()).toBe(w.count);
      await form.getByRole('button', { name: w.failures }).click();
      const job = p.page.getByTestId('rul-job');
      await job.waitFor();
      await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000 }).toBe('ok');
      const figures = p.page.getByTestId('rul-figures');
      await figures.waitFor({ timeout: 15_000 });
      expect(await figures.textContent()).toMatch(w.heldBack);
      const models = await api.call<{
        items: {
          kind: string;
          training: { assets: string[]; channels: string[] };
          metrics: { validation: { protocol: string; rmse: number } };
        }[];
      }>('GET', `/api/v1/phm/models?kind=rul&assetModelId=${pumpModel}`);
      const newest = models.items.at(-1)!;
      expect(newest.training.channels).toEqual(['temp', 'flow']);
      expect(newest.training.assets).toHaveLength(7);
      expect(newest.metrics.validation.protocol).toBe('held-back-units');
      expect(await figures.locator('.kpi .value').first().textContent()).toBe(
        new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(
          newest.metrics.validation.rmse,
        ),
      );
      await expectAccessible(p, `phm rul failures ${lang}`);
      await screenshot(p, `phm-rul-failures-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    }, 300_000);
  }
});
