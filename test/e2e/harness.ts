// The console harness without a test runner (used by the e2e tests and `npm run bench -- console`):
// the real platform in-process (temp data dir, demo fleet and its live feed, HTTP on a free
// port, no MQTT) and Debian's Chromium driven by playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startPlatform, type Platform } from '../../src/main.ts';

export const CHROMIUM = process.env.RONGHE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  const msg = `e2e: ${CHROMIUM} not found (apt-get install chromium); browser tests skipped`;
  if (process.env.RONGHE_E2E_REQUIRED === '1') throw new Error(msg.replace('skipped', 'required'));
  console.warn(msg);
}

const repo = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = join(repo, 'test', 'e2e', 'screenshots');
export const ADMIN = 'admin@demo.ronghe.local';
export type Lang = 'zh-CN' | 'en';

export interface Console {
  platform: Platform;
  url: string;
  adminPassword: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds web/dist if stale, starts the platform with the demo fleet, launches Chromium. */
export async function startConsole(): Promise<Console> {
  execFileSync(process.execPath, [join(repo, 'web/scripts/ensure-built.mjs')], {
    stdio: 'inherit',
  });
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-e2e-'));
  const config = loadConfig({
    RONGHE_DATA_DIR: dir,
    RONGHE_PORT: '0',
    RONGHE_HOST: '127.0.0.1',
    RONGHE_LOG_LEVEL: 'warn',
  });
  const platform = await startPlatform({ ...config, mqttPort: null }, { log: () => undefined });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    platform,
    url: platform.url.replace('localhost', '127.0.0.1'),
    adminPassword: platform.demo!.adminPassword!,
    browser,
    async close() {
      await browser.close();
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Errors the browser reported (console.error, uncaught exceptions). */
  errors: string[];
  close(): Promise<void>;
}

// A 401 from these is the answer, not a fault: "who am I" before login, and a wrong password.
const expected401 = ['/api/v1/auth/me', '/api/v1/auth/login'];

/** A fresh browser context in the given language and viewport, collecting browser errors. */
export async function openPage(
  c: Console,
  lang: Lang,
  viewport = { width: 1280, height: 860 },
): Promise<ConsolePage> {
  const context = await c.browser.newContext({
    viewport,
    locale: lang,
    timezoneId: 'UTC',
    baseURL: c.url,
  });
  await context.addInitScript(`localStorage.setItem('ronghe.language', ${JSON.stringify(lang)});`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location().url;
    if (m.text().includes('status of 401') && expected401.some((p) => at.includes(p))) return;
    errors.push(`console.error: ${m.text()} (${at})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, context, errors, close: () => context.close() };
}

export async function login(p: ConsolePage, email: string, password: string): Promise<void> {
  await p.page.locator('input[name=email]').fill(email);
  await p.page.locator('input[name=password]').fill(password);
  await p.page.locator('button[type=submit]').click();
}

export async function screenshot(p: ConsolePage, name: string): Promise<void> {
  await p.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
