// Fleet overview and asset page in a real browser, in both languages: KPIs, map and filters in
// the URL; a live chart that moves when a point is written over HTTP; a history chart whose
// bucket follows the zoom; a phone-size asset page. Screenshots, axe, no browser errors.
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
  type ConsolePage,
} from './browser.ts';

async function apiCookie(c: Console): Promise<string> {
  const r = await fetch(`${c.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: c.adminPassword }),
  });
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

async function signedIn(
  c: Console,
  lang: 'zh-CN' | 'en',
  path: string,
  viewport?: { width: number; height: number },
): Promise<ConsolePage> {
  const p = await openPage(c, lang, viewport);
  await p.page.goto(`/login?next=${encodeURIComponent(path)}`);
  await login(p, ADMIN, c.adminPassword);
  await p.page.waitForURL((u) => u.pathname === path.split('?')[0]);
  return p;
}

const drawn = (p: ConsolePage, id: string) =>
  p.page.locator(`[data-testid=${id}]`).getAttribute('data-drawn').then(Number);

// A browser on a shared 2-core machine: generous time per test and for start-up.
describe.skipIf(!hasChromium)('fleet overview and asset page', { timeout: 180_000 }, () => {
  let c: Console;
  let cookie: string;
  let chiller: string;
  beforeAll(async () => {
    c = await startConsole();
    cookie = await apiCookie(c);
    const page = (await (
      await fetch(`${c.url}/api/v1/assets?q=CHL-0001`, { headers: { cookie } })
    ).json()) as { items: Array<{ id: string }> };
    chiller = page.items[0]!.id;
  }, 180_000);
  afterAll(async () => c?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows the fleet with KPIs, a site map and URL filters (${lang})`, async () => {
      const p = await signedIn(c, lang, '/fleet');
      const kpis = p.page.getByTestId('fleet-kpis');
      // the simulator's 15 machines and the demo energy contract's heat meter
      await expect.poll(() => kpis.locator('.kpi-total .value').textContent()).toBe('16');
      await expect.poll(() => drawn(p, 'fleet-map')).toBeGreaterThan(0);
      await p.page.locator('input[type=search]').fill('CHL');
      await expect.poll(() => p.page.url()).toContain('q=CHL');
      await expect.poll(() => kpis.locator('.kpi-total .value').textContent()).toBe('3');
      // The filtered view is a bookmark: reload keeps it.
      await p.page.reload();
      await expect.poll(() => kpis.locator('.kpi-total .value').textContent()).toBe('3');
      await p.page.goto('/fleet');
      await expect.poll(() => kpis.locator('.kpi-total .value').textContent()).toBe('16');
      await expect.poll(() => drawn(p, 'fleet-map')).toBeGreaterThan(0);
      await expectAccessible(p, `fleet ${lang}`);
      await screenshot(p, `fleet-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });

    it(`moves the live chart on a written point and re-buckets history on zoom (${lang})`, async () => {
      const p = await signedIn(c, lang, `/assets/${chiller}`);
      const live = p.page.getByTestId('live-chart');
      await expect
        .poll(() => live.getAttribute('data-last-ts').then(Number), { timeout: 15_000 })
        .toBeGreaterThan(0);
      const ts = Date.now();
      const w = await fetch(`${c.url}/api/v1/telemetry`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          points: [{ asset: 'CHL-0001', ts, values: { chw_supply_temp: 9.87 } }],
        }),
      });
      expect(w.status).toBe(200);
      await expect
        .poll(() => live.getAttribute('data-last-ts').then(Number), { timeout: 5_000 })
        .toBeGreaterThanOrEqual(ts);

      const bucket = p.page.getByTestId('bucket');
      await expect.poll(() => bucket.getAttribute('data-bucket')).toBe('5m');
      const history = p.page.getByTestId('history-chart');
      await history.scrollIntoViewIfNeeded();
      const box = (await history.boundingBox())!;
      await p.page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.4);
      for (let i = 0; i < 24; i++) await p.page.mouse.wheel(0, -400);
      await expect
        .poll(() => bucket.getAttribute('data-bucket'), { timeout: 10_000 })
        .not.toBe('5m');
      await expectAccessible(p, `asset ${lang}`);
      await screenshot(p, `asset-${lang}`);
      expectNoBrowserErrors(p);
      await p.close();
    });
  }

  it('fits the asset page on a 390-px phone', async () => {
    const p = await signedIn(c, 'zh-CN', `/assets/${chiller}`, { width: 390, height: 844 });
    await expect.poll(() => drawn(p, 'history-chart')).toBeGreaterThan(0);
    const overflow = await p.page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(p, 'asset-phone-zh-CN');
    expectNoBrowserErrors(p);
    await p.close();
  });
});
